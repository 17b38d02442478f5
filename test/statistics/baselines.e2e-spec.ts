import request from 'supertest';
import { DataSource } from 'typeorm';
import { CaseClient } from '../support/case-client';
import { expectStatus, registrationOn, step } from '../support/lifecycle-steps';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 11 pt 5 on real PostgreSQL: declared baselines and incomplete comparison data (src/statistics/baseline.ts).
 * Organ NEWCO's case data is complete from 2021-01-01 (caseDataFrom): its first case is of 2021, so 2021's 同比 has
 * no cases of 2020 to compare with. 2021: 3 received (2 county departments, 1 township), 1 accepted, 1 refused.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe('declared baselines and incomplete comparison data (issue 11 pt 5)', () => {
  let t: TestApp;
  let sup: CaseClient;
  let reporter: string;
  let officer: string;
  let organ: Json;
  let other: Json;

  const as = (key: string) => ({
    get: (url: string) => request(t.http).get(url).set('authorization', `Bearer ${key}`),
    post: (url: string, body: object) => request(t.http).post(url).set('authorization', `Bearer ${key}`).send(body),
  });
  const stats = (query = '', organId = organ.id as string) =>
    as(reporter).get(
      `/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31&asOf=2021-12-31&organId=${organId}&${query}`,
    );
  const count = async () =>
    Number((await t.app.get(DataSource).query<Json[]>('SELECT count(*) AS n FROM statistics_baseline'))[0]!.n);
  const declaration = (over: Json = {}): Json => ({
    organId: organ.id,
    from: '2020-01-01',
    to: '2020-12-31',
    figures: { received: 20, handled: 22, concluded: 18 },
    rates: { correctionRate: 12.5 },
    breakdowns: {
      respondentKind: { population: 'HANDLED', counts: { COUNTY_DEPARTMENT: 15, TOWNSHIP_GOVERNMENT: 7 } },
    },
    source: '新区管委会2020年度行政复议工作报告',
    sourceUrl: 'https://example.gov.cn/2020.html',
    ...over,
  });

  async function register(organId: string, receivedOn: string, overrides: Json = {}): Promise<string> {
    const res = await sup.register(registrationOn(receivedOn, { organId, ...overrides }));
    expectStatus(res, 201, `REGISTER ${receivedOn}`);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
    reporter = await t.createKey(['REPORTER'], { name: 'report-writer' });
    officer = await t.createKey(['OFFICER']);
    const created = await as(t.adminKey).post('/v1/organs', {
      code: 'NEWCO',
      name: '新区管理委员会',
      officeName: '新区管理委员会法制办',
      caseNumberTemplate: '新复〔{year}〕{seq}号',
      caseDataFrom: '2021-01-01',
    });
    expectStatus(created, 201, 'organ');
    organ = created.body as Json;
    expect(organ.caseDataFrom).toBe('2021-01-01');
    const otherRes = await as(t.adminKey).post('/v1/organs', {
      code: 'OLDCO',
      name: '老区人民政府',
      officeName: '老区人民政府行政复议办公室',
      caseNumberTemplate: '老复〔{year}〕{seq}号',
    });
    other = otherRes.body as Json;
    const a = await register(organ.id as string, '2021-02-01');
    await step(sup, a, 'ACCEPT', { occurredOn: '2021-02-03' });
    const n = await register(organ.id as string, '2021-03-01');
    await step(sup, n, 'NOT_ACCEPT', {
      occurredOn: '2021-03-05',
      ground: 'R07_28_4_OUT_OF_TIME',
      documentNumber: '新复不受字〔2021〕1号',
      reasons: '超过法定申请期限。',
    });
    await register(organ.id as string, '2021-04-01', {
      respondent: { name: '新区城关镇人民政府', kind: 'TOWNSHIP_GOVERNMENT' },
    });
    // OLDCO: complete data (caseDataFrom null), one case in each year.
    await register(other.id as string, '2020-05-01');
    await register(other.id as string, '2021-05-01');
  });

  afterAll(async () => {
    await t.close();
  });

  it('(a) without a baseline, data starting after the comparison period starts is INCOMPLETE: every previous value and change null', async () => {
    const res = await stats();
    expectStatus(res, 200, 'stats');
    const c = res.body.comparison as Json;
    expect(c.source).toBe('INCOMPLETE');
    expect(c.baseline).toBeNull();
    expect(c.incompleteReason).toContain('2021-01-01');
    expect(Object.values(c.previous as Json).every((v) => v === null)).toBe(true);
    expect(Object.values(c.changePercent as Json).every((v) => v === null)).toBe(true);
    expect(Object.values(c.previousRates as Json).every((v) => v === null)).toBe(true);
    expect(Object.values(c.rateChangePoints as Json).every((v) => v === null)).toBe(true);
    for (const entries of Object.values(res.body.breakdowns as Record<string, Json[]>)) {
      expect(entries.every((e) => e.previousCount === null && e.changePercent === null)).toBe(true);
    }
    expect(res.body.figures.received).toBe(3);
  });

  it('(b) a declared baseline of exactly the comparison period is used: DECLARED, with changes at the request’s decimals and mode', async () => {
    const declared = await as(reporter).post('/v1/statistics/baselines', declaration());
    expectStatus(declared, 201, 'declare');
    expect(declared.body).toMatchObject({
      organId: organ.id,
      from: '2020-01-01',
      to: '2020-12-31',
      createdByName: 'report-writer',
      supersedes: null,
      supersededBy: null,
    });
    const res = await stats('decimals=1&percent=TRUNCATE');
    const c = res.body.comparison as Json;
    const f = res.body.figures as Json;
    expect(c.source).toBe('DECLARED');
    expect(c.baseline).toEqual({
      id: declared.body.id,
      source: '新区管委会2020年度行政复议工作报告',
      sourceUrl: 'https://example.gov.cn/2020.html',
    });
    expect(c.previous).toMatchObject({ received: 20, handled: 22, concluded: 18, accepted: null });
    // (3 − 20) ÷ 20 = −85 %; (handled − 22) ÷ 22 and (concluded − 18) ÷ 18, truncated to 1 decimal.
    const trunc = (x: number) => Math.floor(x * 10) / 10;
    expect(c.changePercent.received).toBe(-85);
    expect(c.changePercent.handled).toBe(-trunc((Math.abs(f.handled - 22) * 100) / 22));
    expect(c.changePercent.concluded).toBe(-trunc((Math.abs(f.concluded - 18) * 100) / 18));
    expect(c.changePercent.accepted).toBeNull();
    expect(c.previousRates).toEqual({
      correctionRate: 12.5,
      overallCorrectionRate: null,
      acceptanceRate: null,
      conclusionRate: null,
    });
    expect(c.unavailable).toEqual(
      expect.arrayContaining([
        { path: 'previous.accepted', reason: 'NOT_DECLARED' },
        { path: 'previousRates.acceptanceRate', reason: 'NOT_DECLARED' },
        { path: 'breakdowns.actCategory', reason: 'NOT_DECLARED' },
      ]),
    );
    const kinds = Object.fromEntries((res.body.breakdowns.respondentKind as Json[]).map((e) => [e.code, e]));
    expect(kinds.COUNTY_DEPARTMENT).toMatchObject({ count: 2, previousCount: 15, changePercent: -86.6 });
    expect(kinds.TOWNSHIP_GOVERNMENT).toMatchObject({ count: 1, previousCount: 7, changePercent: -85.7 });
    // The published 12.5 % at 0 decimals half-up is 13 %; another population's breakdown is not compared.
    const whole = await stats('decimals=0&population=RECEIVED');
    expect(whole.body.comparison.previousRates.correctionRate).toBe(13);
    expect(whole.body.breakdowns.respondentKind.every((e: Json) => e.previousCount === null)).toBe(true);
    expect(whole.body.comparison.unavailable).toContainEqual({
      path: 'breakdowns.respondentKind',
      reason: 'POPULATION_DIFFERS',
    });
    // Mid-year the comparison period is 2020-01-01…2020-06-30: no baseline for exactly it.
    const mid = await as(reporter).get(
      `/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31&asOf=2021-06-30&organId=${organ.id as string}`,
    );
    expect(mid.body.comparison.source).toBe('INCOMPLETE');
  });

  it('(c) an organ whose data is complete compares with its cases, as before', async () => {
    const res = await stats('', other.id as string);
    expect(res.body.comparison).toMatchObject({
      source: 'CASES',
      baseline: null,
      incompleteReason: null,
      unavailable: [],
    });
    expect(res.body.comparison.previous.received).toBe(1);
    expect(res.body.comparison.changePercent.received).toBe(0);
  });

  it('(d) a new baseline supersedes the active one, which stays readable; the database refuses UPDATE and DELETE', async () => {
    const first = (await as(reporter).get(`/v1/statistics/baselines?organId=${organ.id as string}`)).body as Json[];
    expect(first).toHaveLength(1);
    const second = await as(reporter).post('/v1/statistics/baselines', declaration({ figures: { received: 30 } }));
    expectStatus(second, 201, 'supersede');
    expect(second.body.supersedes).toBe(first[0]!.id);
    const res = await stats();
    expect(res.body.comparison.baseline.id).toBe(second.body.id);
    expect(res.body.comparison.previous.received).toBe(30);
    expect(res.body.comparison.previous.handled).toBeNull();
    const old = await as(officer).get(`/v1/statistics/baselines/${first[0]!.id as string}`);
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ supersededBy: second.body.id, figures: { received: 20 } });
    const list = (await as(officer).get(`/v1/statistics/baselines?organId=${organ.id as string}`)).body as Json[];
    expect(list.map((b) => b.id)).toEqual([second.body.id, first[0]!.id]);
    const db = t.app.get(DataSource);
    await expect(db.query(`UPDATE statistics_baseline SET source = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM statistics_baseline')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE statistics_baseline')).rejects.toThrow(/append-only/);
  });

  it.each([
    ['an unknown figure', { figures: { receivd: 1 } }, 400, 'figures.receivd'],
    ['a negative count', { figures: { received: -1 } }, 400, 'figures.received'],
    ['a fractional count', { figures: { received: 1.5 } }, 400, 'figures.received'],
    ['a rate with 5 decimals', { rates: { correctionRate: 12.12345 } }, 400, 'rates.correctionRate'],
    ['an unknown rate', { rates: { correctionRatio: 1 } }, 400, 'rates.correctionRatio'],
    [
      'an unknown code',
      { breakdowns: { respondentKind: { population: 'HANDLED', counts: { NO_SUCH_KIND: 1 } } } },
      400,
      'breakdowns.respondentKind.counts.NO_SUCH_KIND',
    ],
    [
      'an unknown outcome',
      { breakdowns: { outcome: { population: 'CONCLUDED', counts: { NO_SUCH: 1 } } } },
      400,
      'breakdowns.outcome.counts.NO_SUCH',
    ],
    [
      'an unknown population',
      { breakdowns: { actCategory: { population: 'X', counts: {} } } },
      400,
      'breakdowns.actCategory.population',
    ],
    ['from after to', { from: '2020-12-31', to: '2020-01-01' }, 400, 'from'],
    ['nothing declared', { figures: {}, rates: undefined, breakdowns: undefined }, 400, 'figures'],
    ['no source', { source: undefined }, 400, 'source'],
  ])('(e) %s is refused naming the path, and nothing is stored', async (_what, over, status, path) => {
    const before = await count();
    const res = await as(reporter).post('/v1/statistics/baselines', declaration(over));
    expect({ status: res.status, paths: ((res.body.errors ?? []) as Json[]).map((e) => e.path) }).toEqual({
      status,
      paths: expect.arrayContaining([path]),
    });
    expect(await count()).toBe(before);
  });

  it('(e) an organ outside the caller’s scope is 404, and nothing is stored', async () => {
    const scoped = await t.createKey(['REPORTER'], { organIds: [other.id as string] });
    const before = await count();
    const res = await as(scoped).post('/v1/statistics/baselines', declaration());
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'ORGAN_NOT_FOUND' });
    expect(await count()).toBe(before);
  });

  it('(f) roles: REPORTER and ADMIN declare; readers of statistics read; others are 403', async () => {
    const before = await count();
    for (const role of ['OFFICER', 'SUPERVISOR', 'CLERK', 'AUDITOR'] as const) {
      const key = await t.createKey([role]);
      const res = await as(key).post('/v1/statistics/baselines', declaration({ from: '2019-01-01', to: '2019-12-31' }));
      expect({ role, status: res.status }).toEqual({ role, status: 403 });
    }
    expect(await count()).toBe(before);
    const admin = await as(t.adminKey).post(
      '/v1/statistics/baselines',
      declaration({ from: '2019-01-01', to: '2019-12-31' }),
    );
    expect(admin.status).toBe(201);
    const clerk = await t.createKey(['CLERK']);
    expect((await as(clerk).get('/v1/statistics/baselines')).status).toBe(403);
    expect((await as(reporter).get(`/v1/statistics/baselines/${admin.body.id as string}`)).status).toBe(200);
  });
});
