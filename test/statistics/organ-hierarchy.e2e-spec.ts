import request from 'supertest';
import { DataSource } from 'typeorm';
import { changePercent, percent } from '../../src/statistics/tally';
import { CaseClient } from '../support/case-client';
import { assignTwoHandlers, decideBody, expectStatus, registrationOn, step } from '../support/lifecycle-steps';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Statistics over an organ and the organs below it (issue 11 pt 8: scope=SELF|DESCENDANTS, a breakdown by organ),
 * over a small hierarchy built through the API:
 *
 *   PUYANG_CITY (濮阳市)
 *   ├── FANXIAN (范县)
 *   │   └── FANXIAN_DEPT (范县某局: a grandchild, to show the walk goes down more than one level)
 *   └── NANLE (南乐县)
 *   TAIQIAN (the default organ, outside the tree: never counted)
 *
 * Cases in each organ over 2020 and 2021 (received, refused, decided, settled, pending, carried over), so that every
 * figure is non-trivial. DESCENDANTS must equal the sum of SELF over the subtree, figure by figure and code by code.
 */

// HTTP bodies are loosely typed (supertest's `any`); tests compare them with matchers.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const FULL_YEAR = 'from=2021-01-01&to=2021-12-31&asOf=2021-12-31';
const MISSING = '00000000-0000-4000-8000-000000000000';

/** The figures that are counts: DESCENDANTS adds them up over the organs. */
const COUNTS = [
  'received',
  'reopened',
  'carriedOver',
  'handled',
  'accepted',
  'concluded',
  'pending',
  'correctionCount',
  'meritsDecisions',
  'correctedTerminations',
  'settledBeforeAcceptance',
] as const;

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

describe('statistics over an organ hierarchy: scope=SELF|DESCENDANTS, breakdown by organ (issue 11 pt 8)', () => {
  let t: TestApp;
  let sup: CaseClient;
  let reporter: string;
  const organs: Record<string, Json> = {};

  const stats = (query: string, key = reporter) =>
    request(t.http).get(`/v1/statistics/reconsideration?${query}`).set(auth(key));
  const of = (code: string, scope: 'SELF' | 'DESCENDANTS', key = reporter, query = FULL_YEAR) =>
    stats(`${query}&organId=${organs[code]!.id as string}&scope=${scope}`, key);

  async function organ(code: string, name: string, level: string, parent?: string): Promise<void> {
    const res = await request(t.http)
      .post('/v1/organs')
      .set(auth(t.adminKey))
      .send({
        code,
        name,
        officeName: `${name}行政复议办公室`,
        caseNumberTemplate: `${code}〔{year}〕{seq}号`,
        level,
        ...(parent ? { parentId: organs[parent]!.id as string } : {}),
      });
    expectStatus(res, 201, `POST /v1/organs ${code}`);
    organs[code] = res.body as Json;
  }

  async function register(code: string, receivedOn: string, overrides: Json = {}): Promise<string> {
    const base = registrationOn(receivedOn);
    const res = await sup.register({ ...base, organId: organs[code]!.id as string, ...overrides });
    expectStatus(res, 201, `REGISTER in ${code}`);
    return res.body.id as string;
  }

  async function decided(
    code: string,
    receivedOn: string,
    acceptedOn: string,
    decidedOn: string,
    decisionType: string,
    overrides: Json = {},
  ): Promise<void> {
    const id = await register(code, receivedOn, overrides);
    await step(sup, id, 'ACCEPT', { occurredOn: acceptedOn });
    await step(sup, id, 'SEND_COPY', { occurredOn: acceptedOn });
    await assignTwoHandlers(sup, id);
    await step(sup, id, 'DECIDE', decideBody(decisionType, decidedOn, 'L17 28'));
  }

  async function notAccepted(code: string, receivedOn: string, on: string): Promise<void> {
    const id = await register(code, receivedOn);
    await step(sup, id, 'NOT_ACCEPT', {
      occurredOn: on,
      ground: 'R07_28_4_OUT_OF_TIME',
      documentNumber: `不受字〔${on.slice(0, 4)}〕1号`,
      reasons: '超过法定申请期限。',
    });
  }

  async function settled(code: string, receivedOn: string, on: string): Promise<void> {
    const id = await register(code, receivedOn);
    await step(sup, id, 'WITHDRAW', { occurredOn: on, reason: 'SETTLED_BEFORE_ACCEPTANCE' });
  }

  const nonPerformance = (base: Json): Json => ({
    respondent: { name: '范县某镇人民政府', kind: 'TOWNSHIP_GOVERNMENT' },
    contestedAct: { ...(base.contestedAct as Json), category: 'FAILURE_TO_PERFORM', managementDomain: 'TOWNSHIP' },
  });

  beforeAll(async () => {
    t = await startTestApp();
    sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
    reporter = await t.createKey(['REPORTER']);
    organs.TAIQIAN = ((await request(t.http).get('/v1/organs').set(auth(t.adminKey))).body as Json[]).find(
      (o) => o.code === 'TAIQIAN',
    )!;
    await organ('PUYANG_CITY', '濮阳市人民政府', 'CITY');
    await organ('FANXIAN', '范县人民政府', 'COUNTY', 'PUYANG_CITY');
    await organ('NANLE', '南乐县人民政府', 'COUNTY', 'PUYANG_CITY');
    await organ('FANXIAN_DEPT', '范县某局', 'DEPARTMENT', 'FANXIAN');

    // 濮阳市: carried over from 2020 and revoked, upheld, one pending.
    await decided('PUYANG_CITY', '2020-12-01', '2020-12-03', '2021-01-20', 'REVOKED');
    await decided('PUYANG_CITY', '2021-03-05', '2021-03-08', '2021-05-10', 'UPHELD');
    await register('PUYANG_CITY', '2021-06-01');
    // 范县: refused, revoked, and one upheld in 2020 (the 同比 year).
    await notAccepted('FANXIAN', '2021-03-01', '2021-03-03');
    await decided('FANXIAN', '2021-04-01', '2021-04-06', '2021-06-15', 'REVOKED');
    await decided('FANXIAN', '2020-05-11', '2020-05-12', '2020-07-01', 'UPHELD');
    // 南乐县: settled before acceptance, pending.
    await settled('NANLE', '2021-07-01', '2021-07-05');
    await register('NANLE', '2021-08-02');
    // 范县某局 (the grandchild): ordered to perform, and a case carried over from 2020.
    const base = registrationOn('2021-04-12');
    await decided('FANXIAN_DEPT', '2021-04-12', '2021-04-15', '2021-09-10', 'ORDERED_TO_PERFORM', nonPerformance(base));
    await decided('FANXIAN_DEPT', '2020-12-21', '2020-12-22', '2021-02-05', 'REVOKED');
    // 台前县, outside the tree: counted by no scope of these organs.
    await decided('TAIQIAN', '2021-03-02', '2021-03-04', '2021-05-20', 'REVOKED');
  });

  afterAll(async () => {
    await t?.close();
  });

  /** figure by figure, code by code: the sum of the organs' SELF figures. */
  async function sumOfSelf(codes: string[], query = FULL_YEAR): Promise<Json> {
    const bodies = await Promise.all(codes.map(async (c) => (await of(c, 'SELF', reporter, query)).body as Json));
    const figures: Json = Object.fromEntries(COUNTS.map((k) => [k, 0]));
    figures.byOutcome = {};
    figures.byOutcomeDetail = {};
    const breakdowns: Record<string, Record<string, number>> = {};
    const previous: Record<string, number> = {};
    for (const b of bodies) {
      for (const k of COUNTS) {
        figures[k] += b.figures[k] as number;
      }
      for (const list of ['byOutcome', 'byOutcomeDetail']) {
        for (const [code, n] of Object.entries(b.figures[list] as Record<string, number>)) {
          figures[list][code] = (figures[list][code] ?? 0) + n;
        }
      }
      for (const [dimension, entries] of Object.entries(b.breakdowns as Record<string, Json[]>)) {
        breakdowns[dimension] ??= {};
        for (const e of entries) {
          breakdowns[dimension][e.code] = (breakdowns[dimension][e.code] ?? 0) + (e.count as number);
        }
      }
      for (const [k, n] of Object.entries(b.comparison.previous as Record<string, number>)) {
        previous[k] = (previous[k] ?? 0) + n;
      }
    }
    return { figures, breakdowns, previous };
  }

  const countsOf = (entries: Json[]) => Object.fromEntries(entries.map((e) => [e.code, e.count]));

  it('SELF (the default) counts the organ’s own cases only, and says so', async () => {
    const city = organs.PUYANG_CITY!;
    const implicit = await stats(`${FULL_YEAR}&organId=${city.id as string}`);
    const self = await of('PUYANG_CITY', 'SELF');
    expect(implicit.status).toBe(200);
    expect(implicit.body).toEqual(self.body);
    expect(self.body.figures).toMatchObject({
      organ: { id: city.id, code: 'PUYANG_CITY', name: '濮阳市人民政府' },
      scope: 'SELF',
      organIds: [city.id],
      received: 2,
      carriedOver: 1,
      handled: 3,
      concluded: 2,
      pending: 1,
    });
    expect(self.body.breakdowns.organ).toBeUndefined();
  });

  it('DESCENDANTS of the city = the sum of SELF over the city, its two counties and the grandchild, figure by figure', async () => {
    const res = await of('PUYANG_CITY', 'DESCENDANTS');
    expect(res.status).toBe(200);
    const f = res.body.figures as Json;
    const sum = await sumOfSelf(['PUYANG_CITY', 'FANXIAN', 'NANLE', 'FANXIAN_DEPT']);
    for (const k of COUNTS) {
      expect({ figure: k, value: f[k] }).toEqual({ figure: k, value: sum.figures[k] });
    }
    expect(f.byOutcome).toEqual(expect.objectContaining(sum.figures.byOutcome));
    expect(f.byOutcomeDetail).toEqual(expect.objectContaining(sum.figures.byOutcomeDetail));
    // The data as built (TAIQIAN's case is not among them).
    expect(f).toMatchObject({ received: 7, carriedOver: 2, handled: 9, concluded: 7, pending: 2, correctionCount: 4 });
    expect(f.correctionRate).toBe(percent(f.correctionCount as number, f.meritsDecisions as number, 'ROUND_HALF_UP'));
    expect(f.scope).toBe('DESCENDANTS');
    expect(f.organ).toMatchObject({ id: organs.PUYANG_CITY!.id, code: 'PUYANG_CITY' });
    expect([...(f.organIds as string[])].sort()).toEqual(
      ['PUYANG_CITY', 'FANXIAN', 'NANLE', 'FANXIAN_DEPT'].map((c) => organs[c]!.id as string).sort(),
    );
    expect(f.organIds[0]).toBe(organs.PUYANG_CITY!.id);
    // Breakdowns by code are the sums of the organs' breakdowns; the 同比 year too.
    for (const d of ['respondentKind', 'actCategory', 'managementDomain', 'outcome', 'outcomeDetail']) {
      expect({ dimension: d, counts: countsOf(res.body.breakdowns[d] as Json[]) }).toEqual({
        dimension: d,
        counts: sum.breakdowns[d],
      });
    }
    expect(res.body.comparison.previous).toEqual(sum.previous);
  });

  it('breakdowns.organ: each organ’s own handled cases, naming it, summing to handled, with its 同比', async () => {
    const res = await of('PUYANG_CITY', 'DESCENDANTS');
    const entries = res.body.breakdowns.organ as Json[];
    expect(entries.map((e) => e.code).sort()).toEqual(['FANXIAN', 'FANXIAN_DEPT', 'NANLE', 'PUYANG_CITY']);
    expect(entries.reduce((n, e) => n + (e.count as number), 0)).toBe(res.body.figures.handled);
    for (const e of entries) {
      const self = (await of(e.code as string, 'SELF')).body as Json;
      expect(e).toEqual({
        code: e.code,
        labelZh: organs[e.code as string]!.name,
        count: self.figures.handled,
        percent: percent(self.figures.handled as number, res.body.figures.handled as number, 'ROUND_HALF_UP'),
        previousCount: self.comparison.previous.handled,
        changePercent: changePercent(
          self.figures.handled as number,
          self.comparison.previous.handled as number,
          'ROUND_HALF_UP',
        ),
      });
    }
    // Largest first, then by code.
    expect(entries.map((e) => [e.code, e.count])).toEqual([
      ['PUYANG_CITY', 3],
      ['FANXIAN', 2],
      ['FANXIAN_DEPT', 2],
      ['NANLE', 2],
    ]);
  });

  it('DESCENDANTS of a county counts it and its grandchild; of a leaf, the leaf alone; as of mid-year too', async () => {
    for (const query of [FULL_YEAR, 'from=2021-01-01&to=2021-12-31&asOf=2021-06-30', 'from=2021-04-01&to=2021-09-15']) {
      const county = (await of('FANXIAN', 'DESCENDANTS', reporter, query)).body as Json;
      const sum = await sumOfSelf(['FANXIAN', 'FANXIAN_DEPT'], query);
      for (const k of COUNTS) {
        expect({ query, figure: k, value: county.figures[k] }).toEqual({ query, figure: k, value: sum.figures[k] });
      }
      const leaf = (await of('NANLE', 'DESCENDANTS', reporter, query)).body as Json;
      const self = (await of('NANLE', 'SELF', reporter, query)).body as Json;
      expect({ ...leaf.figures, scope: 'SELF' }).toEqual(self.figures);
      expect(leaf.breakdowns.organ).toEqual([expect.objectContaining({ code: 'NANLE', count: self.figures.handled })]);
    }
  });

  it('a bad scope is 400 naming the parameter; scope is not a parameter of the case list export', async () => {
    const bad = await stats(`${FULL_YEAR}&scope=ALL`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'scope', code: 'IS_IN' })]);
    const lower = await stats(`${FULL_YEAR}&scope=descendants`);
    expect(lower.status).toBe(400);
    const report = await request(t.http)
      .get('/v1/statistics/reconsideration/report?year=2021&scope=EVERYTHING')
      .set(auth(reporter));
    expect(report.status).toBe(400);
    expect(report.body.errors).toEqual([expect.objectContaining({ path: 'scope' })]);
    // Case numbers are per organ, and the case list walks one organ's numbers: no scope there.
    const cases = await request(t.http)
      .get(`/v1/statistics/cases/export?${FULL_YEAR}&format=csv&scope=DESCENDANTS`)
      .set(auth(reporter));
    expect(cases.status).toBe(400);
    expect(cases.body.errors).toEqual([expect.objectContaining({ path: 'scope', code: 'UNKNOWN_FIELD' })]);
  });

  it('a key limited to organs: DESCENDANTS counts only the organs below that it sees; an organ it does not see is 404', async () => {
    const city = organs.PUYANG_CITY!.id as string;
    const grandchild = organs.FANXIAN_DEPT!.id as string;
    // The city and the grandchild, but neither county: the grandchild is still below the city.
    const key = await t.createKey(['REPORTER'], { organIds: [city, grandchild] });
    const res = await of('PUYANG_CITY', 'DESCENDANTS', key);
    expect(res.status).toBe(200);
    expect(res.body.figures.organIds).toEqual([city, grandchild]);
    const sum = await sumOfSelf(['PUYANG_CITY', 'FANXIAN_DEPT']);
    for (const k of COUNTS) {
      expect({ figure: k, value: res.body.figures[k] }).toEqual({ figure: k, value: sum.figures[k] });
    }
    expect((res.body.breakdowns.organ as Json[]).map((e) => e.code).sort()).toEqual(['FANXIAN_DEPT', 'PUYANG_CITY']);
    // Asked by an unscoped key, the same figures count more: the scoped key's answer left the counties out.
    expect((await of('PUYANG_CITY', 'DESCENDANTS')).body.figures.handled).toBeGreaterThan(res.body.figures.handled);

    // A county's key cannot ask for the city (not in its scope) — 404, as for an organ that does not exist.
    const countyKey = await t.createKey(['REPORTER'], { organIds: [organs.FANXIAN!.id as string] });
    const other = await of('PUYANG_CITY', 'DESCENDANTS', countyKey);
    const missing = await stats(`${FULL_YEAR}&organId=${MISSING}&scope=DESCENDANTS`, countyKey);
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'ORGAN_NOT_FOUND' });
    expect(missing.status).toBe(404);
    // Its own DESCENDANTS: the county alone (the grandchild is not its to see).
    const own = await stats(`${FULL_YEAR}&scope=DESCENDANTS`, countyKey);
    expect(own.status).toBe(200);
    expect(own.body.figures.organIds).toEqual([organs.FANXIAN!.id]);
    expect(own.body.figures.handled).toBe((await of('FANXIAN', 'SELF')).body.figures.handled);
  });

  it('the report and the export take the scope: the same figures, and a sheet by organ', async () => {
    const city = organs.PUYANG_CITY!.id as string;
    const figures = (await of('PUYANG_CITY', 'DESCENDANTS')).body.figures as Json;
    const report = await request(t.http)
      .get(`/v1/statistics/reconsideration/report?year=2021&asOf=2021-12-31&organId=${city}&scope=DESCENDANTS`)
      .set(auth(reporter));
    expect(report.status).toBe(200);
    expect(report.body.figures).toMatchObject({ scope: 'DESCENDANTS', handled: figures.handled, received: 7 });
    expect(report.body.sentence).toContain(`共办理行政复议案件${figures.handled as number}起`);
    const csv = await request(t.http)
      .get(`/v1/statistics/reconsideration/export?${FULL_YEAR}&organId=${city}&scope=DESCENDANTS&format=csv`)
      .set(auth(reporter))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(csv.status).toBe(200);
    const text = csv.body as string;
    expect(text).toContain('统计范围,本机关及下级机关（共4个机关）');
    expect(text).toContain('PUYANG_CITY,濮阳市人民政府,3,');
    const self = await request(t.http)
      .get(`/v1/statistics/reconsideration/export?${FULL_YEAR}&organId=${city}&format=csv`)
      .set(auth(reporter))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(self.body as string).toContain('统计范围,本机关');
    expect(self.body as string).not.toContain('PUYANG_CITY,濮阳市人民政府,3,');
  });

  it('a report frozen before organs had a hierarchy (no scope in its figures) is not restated by it', async () => {
    const organId = organs.FANXIAN!.id as string;
    const supervisor = await t.createKey(['SUPERVISOR']);
    const frozen = await request(t.http)
      .post('/v1/statistics/reports')
      .set(auth(supervisor))
      .send({ year: 2021, asOf: '2021-12-31', organId });
    expectStatus(frozen, 201, 'POST /v1/statistics/reports');
    expect(frozen.body.figures).toMatchObject({ scope: 'SELF', organIds: [organId] });
    // The same report as an older service froze it: its figures without the two fields.
    const [old] = await t.app.get(DataSource).query<Array<{ id: string }>>(
      `INSERT INTO frozen_report (organ_id, title, parameters, figures, sentence, template, definitions_version,
                                  created_by_key_id, created_by_name)
       SELECT organ_id, title, parameters, figures - 'scope' - 'organIds', sentence, template, definitions_version,
              created_by_key_id, created_by_name
         FROM frozen_report WHERE id = $1
       RETURNING id`,
      [frozen.body.id],
    );
    for (const id of [frozen.body.id as string, old!.id]) {
      const compared = await request(t.http).get(`/v1/statistics/reports/${id}?compare=true`).set(auth(reporter));
      expect(compared.status).toBe(200);
      expect({ id, differences: compared.body.comparison.differences }).toEqual({ id, differences: [] });
    }
  });
});
