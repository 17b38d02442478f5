import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { CaseClient } from '../support/case-client';
import { assignTwoHandlers, decideBody, expectStatus, registrationOn, step } from '../support/lifecycle-steps';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 11 point 6: the report template language (src/statistics/report-language.ts), on real PostgreSQL, with the
 * two examples of the README — a county report over accepted cases with truncation, and a city report over received
 * cases with one decimal — each rendered from cases loaded through the API, every figure of the paragraph derived
 * from them (the same figures GET /v1/statistics/reconsideration gives). Both years are under L2017.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/**
 * The README's two examples of the language ("The report template language"), read from it, so that the README
 * cannot drift from what the service renders: the first JSON block after each heading sentence.
 */
function readmeTemplate(heading: string): Json {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const at = readme.indexOf(heading);
  const block = /```json\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (at < 0 || !block?.[1]) {
    throw new Error(`README: no JSON block after "${heading}"`);
  }
  return JSON.parse(block[1]) as Json;
}
const COUNTY_TEMPLATE = readmeTemplate('A county report over accepted cases');
const CITY_TEMPLATE = readmeTemplate('A city report over received cases');

const respondent = (kind: string, name: string) => ({ respondent: { name, kind } });

describe('the report template language (issue 11 point 6)', () => {
  let t: TestApp;
  let sup: CaseClient;
  let reporter: string;
  const admin = () => ({ authorization: `Bearer ${t.adminKey}` });
  const organs: Record<string, string> = {};

  async function organ(code: string, name: string, level: string, parentId?: string): Promise<string> {
    const res = await request(t.http)
      .post('/v1/organs')
      .set(admin())
      .send({
        code,
        name,
        officeName: `${name}行政复议办公室`,
        caseNumberTemplate: `${code}〔{year}〕{seq}号`,
        level,
        ...(parentId ? { parentId } : {}),
      });
    expectStatus(res, 201, `POST /v1/organs ${code}`);
    organs[code] = res.body.id as string;
    return organs[code];
  }

  async function register(receivedOn: string, overrides: Json = {}): Promise<string> {
    const res = await sup.register({ ...registrationOn(receivedOn), ...overrides });
    expectStatus(res, 201, `REGISTER ${receivedOn}`);
    return res.body.id as string;
  }

  async function decided(receivedOn: string, [accept, copy, decide]: string[], type: string, overrides: Json = {}) {
    const id = await register(receivedOn, overrides);
    await step(sup, id, 'ACCEPT', { occurredOn: accept });
    await step(sup, id, 'SEND_COPY', { occurredOn: copy });
    await assignTwoHandlers(sup, id);
    await step(sup, id, 'DECIDE', decideBody(type, decide!, 'L17 28'));
  }

  const report = (query: string) =>
    request(t.http)
      .get(`/v1/statistics/reconsideration/report?year=2021&asOf=2021-12-31${query}`)
      .set('authorization', `Bearer ${reporter}`);
  const stats = (query: string) =>
    request(t.http)
      .get(`/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31&asOf=2021-12-31${query}`)
      .set('authorization', `Bearer ${reporter}`);
  const saveTemplate = (body: unknown, organId?: string) =>
    request(t.http)
      .put(`/v1/statistics/report-template${organId ? `?organId=${organId}` : ''}`)
      .set(admin())
      .send(body as object);

  beforeAll(async () => {
    t = await startTestApp();
    sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
    reporter = await t.createKey(['REPORTER']);

    // The county (TAIQIAN, the default organ): as in populations.e2e-spec.ts.
    const township = respondent('TOWNSHIP_GOVERNMENT', '台前县城关镇人民政府');
    await decided('2020-12-10', ['2020-12-15', '2020-12-16', '2021-03-01'], 'REVOKED', township);
    await decided('2020-12-28', ['2021-01-04', '2021-01-05', '2021-04-01'], 'UPHELD');
    const refused = await register('2021-02-01');
    await step(sup, refused, 'NOT_ACCEPT', {
      occurredOn: '2021-02-05',
      ground: 'R07_28_4_OUT_OF_TIME',
      documentNumber: '台政复不受字〔2021〕1号',
      reasons: '超过法定申请期限。',
    });
    await decided('2021-03-01', ['2021-03-03', '2021-03-04', '2021-06-01'], 'UPHELD', township);
    const open = await register('2021-05-01');
    await step(sup, open, 'ACCEPT', { occurredOn: '2021-05-05' });
    await register('2021-07-01');

    // A city with two counties of its own (issue 11 point 8), each with cases.
    const city = await organ('PUYANG', '濮阳市人民政府', 'CITY');
    const hualong = await organ('HUALONG', '华龙区人民政府', 'COUNTY', city);
    const qingfeng = await organ('QINGFENG', '清丰县人民政府', 'COUNTY', city);
    const inCity = { organId: city, ...respondent('CITY_DEPARTMENT', '濮阳市市场监督管理局') };
    await register('2020-05-01', inCity);
    await decided('2020-03-01', ['2020-03-03', '2020-03-04', '2020-06-01'], 'UPHELD', {
      organId: qingfeng,
      ...respondent('COUNTY_DEPARTMENT', '清丰县市场监督管理局'),
    });
    await register('2021-02-01', inCity);
    await register('2021-04-01', inCity);
    const countyGovernment = { organId: hualong, ...respondent('COUNTY_GOVERNMENT', '华龙区某街道上级政府') };
    await decided('2021-03-10', ['2021-03-12', '2021-03-13', '2021-06-01'], 'REVOKED', countyGovernment);
    await decided('2021-04-10', ['2021-04-12', '2021-04-13', '2021-07-01'], 'UPHELD', countyGovernment);
    await register('2021-05-10', { organId: hualong, ...respondent('TOWNSHIP_GOVERNMENT', '华龙区某街道办事处') });
    await register('2021-06-10', { organId: qingfeng, ...respondent('COUNTY_DEPARTMENT', '清丰县自然资源局') });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('the county report: accepted cases, a list by outcome of 审结 cases, truncated rates, a conditional part', async () => {
    expectStatus(await saveTemplate(COUNTY_TEMPLATE), 200, 'PUT county template');
    const res = await report('');
    expectStatus(res, 200, 'county report');
    expect(res.body.sentence).toBe(
      '2021年，县政府共收到行政复议申请4件，同比增长100%；依法受理2件，受理率50%；审结3件，其中维持2件、撤销1件，纠错率33%，结案率66%。受理案件中，县政府工作部门1件（占50%），乡镇人民政府(街道办事处)1件（占50%）。尚有2件正在办理。',
    );
    // Every figure of the paragraph is the service's own figure for the year.
    const s = (await stats('&decimals=0&percent=TRUNCATE')).body as Json;
    expect(s.figures).toMatchObject({
      received: 4,
      accepted: 2,
      concludedAfterAcceptance: 3,
      pending: 2,
      acceptanceRate: 50,
      correctionRate: 33,
      conclusionRate: 66, // 4 ÷ 6 = 66.67 %: 66 truncated, where rounding would print 67
      byOutcomeAfterAcceptance: { UPHELD: 2, REVOKED: 1 },
    });
    expect(s.comparison.previous.received).toBe(2);
  });

  it('the city report: received cases by organ (scope=DESCENDANTS), codes grouped into 其他, one decimal, changes in words', async () => {
    expectStatus(await saveTemplate(CITY_TEMPLATE, organs.PUYANG), 200, 'PUT city template');
    const res = await report(`&organId=${organs.PUYANG}&scope=DESCENDANTS`);
    expectStatus(res, 200, 'city report');
    expect(res.body.sentence).toBe(
      '2021年，全市共收到行政复议申请6件，同比增长200.0%，其中华龙区人民政府3件（占50.0%），濮阳市人民政府2件（占33.3%），清丰县人民政府1件（占16.7%）。按被申请人类型分，区县政府2件，市政府部门2件，其他2件。全年纠错1件，综合纠错率50.0%，同比上升50.0个百分点。',
    );
    const s = (await stats(`&organId=${organs.PUYANG}&scope=DESCENDANTS&decimals=1&population=RECEIVED`)).body as Json;
    expect(s.figures).toMatchObject({ received: 6, overallCorrectionCount: 1, overallCorrectionRate: 50 });
    expect(s.comparison).toMatchObject({ previous: { received: 2 }, changePercent: { received: 200 } });
    expect(s.comparison.previousRates.overallCorrectionRate).toBe(0);
    const kinds = Object.fromEntries((s.breakdowns.respondentKind as Json[]).map((e) => [e.code, e.count]));
    expect(kinds).toMatchObject({
      COUNTY_GOVERNMENT: 2,
      CITY_DEPARTMENT: 2,
      TOWNSHIP_GOVERNMENT: 1,
      COUNTY_DEPARTMENT: 1,
    });
    // Over the city's own cases only, the organ list has the city alone.
    const own = await report(`&organId=${organs.PUYANG}`);
    expect(own.body.sentence).toContain('其中濮阳市人民政府2件（占100.0%）。');
  });

  it('zero counts: an item prints whenZero, an empty list its whenEmpty, an unmet part its otherwise text', async () => {
    const template = {
      ...COUNTY_TEMPLATE,
      sentence: '{list:outcomes}；{list:none}；{part:pending}',
      lists: [
        {
          name: 'outcomes',
          dimension: 'outcome',
          items: [
            { label: '变更{n}件', codes: ['VARIED'], whenZero: '无变更案件' },
            { label: '维持{n}件', codes: ['UPHELD'] },
          ],
        },
        {
          name: 'none',
          dimension: 'outcome',
          items: [{ label: '调解{n}件', codes: ['MEDIATED'] }],
          whenEmpty: '无调解',
        },
      ],
      parts: [
        {
          name: 'pending',
          when: { figure: 'pending', is: 'ZERO' },
          text: '全部办结',
          otherwise: '尚有{pending}件在办',
        },
      ],
    };
    expectStatus(await saveTemplate(template), 200, 'PUT');
    expect((await report('')).body.sentence).toBe('无变更案件，维持2件；无调解；尚有2件在办');
  });

  it.each([
    [{ sentence: '{bogus}' }, 'sentence'],
    [{ sentence: '{change:acceptanceRate}' }, 'sentence'],
    [{ sentence: '{acceptanceRate:7}' }, 'sentence'],
    [{ sentence: '{list:missing}' }, 'sentence'],
    [
      { lists: [{ name: 'a', dimension: 'outcome', items: [{ label: '{n}', codes: ['NOPE'] }] }] },
      'lists[0].items[0].codes[0]',
    ],
    [{ lists: [{ name: 'a', dimension: 'outcome', population: 'RECEIVED', itemLabel: '{n}' }] }, 'lists[0].population'],
    [{ lists: [{ name: 'a', dimension: 'actCategory' }] }, 'lists[0].itemLabel'],
    [{ lists: [{ name: 'a', dimension: 'outcome', itemLabel: '{eval}' }] }, 'lists[0].itemLabel'],
    [
      {
        lists: [
          {
            name: 'a',
            dimension: 'outcome',
            items: [
              { label: '{n}', codes: ['UPHELD'] },
              { label: '{n}', codes: ['UPHELD'] },
            ],
          },
        ],
      },
      'lists[0].items[1].codes[0]',
    ],
    [{ parts: [{ name: 'p', when: { figure: 'pending', is: 'ZERO' }, text: '{part:p}' }] }, 'parts[0].text'],
  ])('refuses an invalid template %j with 422 naming %s, and keeps the saved one', async (change, path) => {
    const before = (await report('')).body.sentence as string;
    const res = await saveTemplate({ ...COUNTY_TEMPLATE, ...change });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('REPORT_TEMPLATE_INVALID');
    expect((res.body.errors as Json[]).map((e) => e.path)).toContain(path);
    expect((await report('')).body.sentence).toBe(before);
  });

  it('refuses what the schema does not allow with 400: an unknown dimension, figure or field', async () => {
    for (const change of [
      { lists: [{ name: 'a', dimension: 'applicantName', itemLabel: '{n}' }] },
      { parts: [{ name: 'p', when: { figure: 'secret', is: 'ZERO' }, text: '' }] },
      { script: 'process.exit(1)' },
      { lists: [{ name: 'bad name', dimension: 'outcome', itemLabel: '{n}' }] },
    ]) {
      const res = await saveTemplate({ ...COUNTY_TEMPLATE, ...change });
      expect([JSON.stringify(change), res.status]).toEqual([JSON.stringify(change), 400]);
    }
  });
});
