import request from 'supertest';
import { CaseClient } from '../support/case-client';
import { assignTwoHandlers, decideBody, expectStatus, registrationOn, step } from '../support/lifecycle-steps';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 11 points 1–3 on real PostgreSQL: populations, the figures 审结 / 受理前结案 / acceptedCarriedOver, the
 * acceptance and conclusion rates with their bases, decimals, and the refusals of bad parameters.
 *
 * Dataset (L2017, organ TAIQIAN), the year 2021 as of 2021-12-31:
 *   C1 received 2020-12-10, accepted 2020-12-15, REVOKED 2021-03-01   carried over, already accepted (township)
 *   C2 received 2020-12-28, accepted 2021-01-04, UPHELD 2021-04-01    carried over, accepted (department): the
 *                                                                      acceptance takes effect on receipt (L17 17 ¶2)
 *   N1 received 2021-02-01, NOT_ACCEPTED 2021-02-05                   concluded before acceptance (department)
 *   A1 received 2021-03-01, accepted 2021-03-03, UPHELD 2021-06-01    (township)
 *   A2 received 2021-05-01, accepted 2021-05-05, open                  (department)
 *   R1 received 2021-07-01, open, not accepted                         (department)
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const TOWNSHIP = { respondent: { name: '台前县城关镇人民政府', kind: 'TOWNSHIP_GOVERNMENT' } };

describe('statistics populations, rates and decimals (issue 11 points 1–3)', () => {
  let t: TestApp;
  let sup: CaseClient;
  let reporter: string;

  const stats = (query: string) =>
    request(t.http)
      .get(`/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31&asOf=2021-12-31&${query}`)
      .set('authorization', `Bearer ${reporter}`);

  async function register(receivedOn: string, overrides: Json = {}): Promise<string> {
    const res = await sup.register(registrationOn(receivedOn, overrides));
    expectStatus(res, 201, `REGISTER ${receivedOn}`);
    return res.body.id as string;
  }

  async function accepted(receivedOn: string, acceptedOn: string, overrides: Json = {}): Promise<string> {
    const id = await register(receivedOn, overrides);
    await step(sup, id, 'ACCEPT', { occurredOn: acceptedOn });
    return id;
  }

  async function decide(id: string, copyOn: string, decidedOn: string, type: string): Promise<void> {
    await step(sup, id, 'SEND_COPY', { occurredOn: copyOn });
    await assignTwoHandlers(sup, id);
    await step(sup, id, 'DECIDE', decideBody(type, decidedOn, 'L17 28'));
  }

  beforeAll(async () => {
    t = await startTestApp();
    sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
    reporter = await t.createKey(['REPORTER']);
    await decide(await accepted('2020-12-10', '2020-12-15', TOWNSHIP), '2020-12-16', '2021-03-01', 'REVOKED');
    await decide(await accepted('2020-12-28', '2021-01-04'), '2021-01-05', '2021-04-01', 'UPHELD');
    const n1 = await register('2021-02-01');
    await step(sup, n1, 'NOT_ACCEPT', {
      occurredOn: '2021-02-05',
      ground: 'R07_28_4_OUT_OF_TIME',
      documentNumber: '台政复不受字〔2021〕1号',
      reasons: '超过法定申请期限。',
    });
    await decide(await accepted('2021-03-01', '2021-03-03', TOWNSHIP), '2021-03-04', '2021-06-01', 'UPHELD');
    await accepted('2021-05-01', '2021-05-05');
    await register('2021-07-01');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('the figures: 办结 4 = 审结 3 + 受理前结案 1; 2 carried over, both accepted before the year (L17 17 ¶2)', async () => {
    const res = await stats('');
    expectStatus(res, 200, 'GET statistics');
    expect(res.body.figures).toMatchObject({
      received: 4,
      carriedOver: 2,
      acceptedCarriedOver: 2,
      handled: 6,
      accepted: 2,
      concluded: 4,
      concludedAfterAcceptance: 3,
      concludedBeforeAcceptance: 1,
      pending: 2,
      correctionCount: 1,
      overallCorrectionCount: 1,
      byOutcomeAfterAcceptance: { REVOKED: 1, UPHELD: 2, NOT_ACCEPTED: 0 },
      decimals: 2,
      acceptanceRateBase: 'RECEIVED',
      conclusionRateBase: 'HANDLED',
      acceptanceRate: 50, // 2 accepted ÷ 4 received
      conclusionRate: 66.67, // 4 concluded ÷ 6 handled
    });
  });

  it('rate bases: 受理率 of handled 33.33 %, of the admissibility outcomes 66.67 %; 审结率 3 ÷ (2 + 2) = 75 %', async () => {
    const handled = await stats('acceptanceRateBase=HANDLED&conclusionRateBase=ACCEPTED');
    expect(handled.body.figures).toMatchObject({ acceptanceRate: 33.33, conclusionRate: 75 });
    const examined = await stats('acceptanceRateBase=EXAMINED');
    expect(examined.body.figures.acceptanceRate).toBe(66.67); // 2 ÷ (2 accepted + 1 refused)
  });

  it('decimals and rounding: 4 ÷ 6 is 67 half-up and 66 truncated at 0 decimals, 66.6 truncated at 1, 66.6667 at 4', async () => {
    expect((await stats('decimals=0')).body.figures.conclusionRate).toBe(67);
    expect((await stats('decimals=0&percent=TRUNCATE')).body.figures.conclusionRate).toBe(66);
    expect((await stats('decimals=1&percent=TRUNCATE')).body.figures.conclusionRate).toBe(66.6);
    const four = await stats('decimals=4');
    expect(four.body.figures).toMatchObject({ conclusionRate: 66.6667, correctionRate: 33.3333, decimals: 4 });
  });

  it('breakdowns count the population asked for, and their percentages are of it unless percentOf names another', async () => {
    const byKind = async (query: string) => {
      const res = await stats(query);
      expectStatus(res, 200, query);
      return {
        populations: res.body.breakdownPopulations as Json,
        kinds: Object.fromEntries(
          (res.body.breakdowns.respondentKind as Json[]).map((e) => [e.code, [e.count, e.percent]]),
        ),
        outcomes: Object.fromEntries((res.body.breakdowns.outcome as Json[]).map((e) => [e.code, e.count])),
      };
    };
    // HANDLED (the default, as before): 2 township, 4 department of 6.
    expect((await byKind('')).kinds).toEqual({ TOWNSHIP_GOVERNMENT: [2, 33.33], COUNTY_DEPARTMENT: [4, 66.67] });
    // RECEIVED in 2021: A1 (township); N1, A2, R1 (department).
    expect((await byKind('population=RECEIVED&decimals=0')).kinds).toEqual({
      COUNTY_DEPARTMENT: [3, 75],
      TOWNSHIP_GOVERNMENT: [1, 25],
    });
    // ACCEPTED in 2021: A2 (department), A1 (township); as a share of the 6 handled.
    const accepted = await byKind('population=ACCEPTED&percentOf=HANDLED&decimals=1');
    expect(accepted.kinds).toEqual({ COUNTY_DEPARTMENT: [1, 16.7], TOWNSHIP_GOVERNMENT: [1, 16.7] });
    expect(accepted.populations).toMatchObject({ respondentKind: 'ACCEPTED', outcome: 'CONCLUDED' });
    // 审结: C1, A1 (township), C2 (department); their outcomes leave out the refusal.
    const afterAcceptance = await byKind('population=CONCLUDED_AFTER_ACCEPTANCE');
    expect(afterAcceptance.kinds).toEqual({ TOWNSHIP_GOVERNMENT: [2, 66.67], COUNTY_DEPARTMENT: [1, 33.33] });
    expect(afterAcceptance.outcomes).toEqual({ UPHELD: 2, REVOKED: 1 });
    expect(afterAcceptance.populations).toMatchObject({ outcome: 'CONCLUDED_AFTER_ACCEPTANCE' });
    // PENDING at the end: A2, R1 (department); the township's C1 was pending a year before, so it is listed with 0.
    expect((await byKind('population=PENDING')).kinds).toEqual({
      COUNTY_DEPARTMENT: [2, 100],
      TOWNSHIP_GOVERNMENT: [0, 0],
    });
    // CONCLUDED: all four closings, the refusal included.
    expect((await byKind('population=CONCLUDED')).outcomes).toEqual({ UPHELD: 2, REVOKED: 1, NOT_ACCEPTED: 1 });
  });

  it('同比 covers every figure and every rate (in percentage points)', async () => {
    const res = await stats('');
    expect(res.body.comparison.previous).toMatchObject({ received: 2, accepted: 2, concludedAfterAcceptance: 0 });
    expect(res.body.comparison.changePercent).toMatchObject({
      received: 100,
      accepted: 0,
      acceptedCarriedOver: null,
    });
    expect(Object.keys(res.body.comparison.rateChangePoints as Json).sort()).toEqual([
      'acceptanceRate',
      'conclusionRate',
      'correctionRate',
      'overallCorrectionRate',
    ]);
    // 2020: 2 received, both accepted, none concluded: 受理率 100 % then and 50 % now (−50 points); 结案率 0 % then.
    expect(res.body.comparison.previousRates).toMatchObject({ acceptanceRate: 100, conclusionRate: 0 });
    expect(res.body.comparison.rateChangePoints).toMatchObject({ acceptanceRate: -50, conclusionRate: 66.67 });
  });

  it.each([
    ['population=RECEIVED_LAST_YEAR', 'population'],
    ['percentOf=EVERYTHING', 'percentOf'],
    ['decimals=5', 'decimals'],
    ['decimals=-1', 'decimals'],
    ['decimals=1.5', 'decimals'],
    ['decimals=two', 'decimals'],
    ['acceptanceRateBase=APPLIED', 'acceptanceRateBase'],
    ['conclusionRateBase=DECIDED', 'conclusionRateBase'],
  ])('refuses %s with 400 problem+json naming the parameter', async (query, path) => {
    const res = await stats(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect((res.body.errors as Json[]).map((e) => e.path)).toContain(path);
  });

  it('a report template prints its rates to its own decimals; an item may set its own; bad decimals are refused', async () => {
    const admin = { authorization: `Bearer ${t.adminKey}` };
    const template = {
      sentence:
        '{year}年共收到{received}件,受理{accepted}件,受理率{acceptanceRate},审结{concludedAfterAcceptance}件,其中{items}。',
      items: [
        { label: '维持{n}件(占{percent})', outcomes: ['UPHELD'] },
        { label: '撤销{n}件(占{percent})', outcomes: ['REVOKED'], decimals: 1, percentMode: 'TRUNCATE' },
      ],
      itemSeparator: ',',
      omitZeroItems: true,
      percentMode: 'ROUND_HALF_UP',
      rateBase: 'DECIDED',
      decimals: 0,
    };
    const saved = await request(t.http).put('/v1/statistics/report-template').set(admin).send(template);
    expectStatus(saved, 200, 'PUT template');
    const report = await request(t.http)
      .get('/v1/statistics/reconsideration/report?year=2021&asOf=2021-12-31')
      .set('authorization', `Bearer ${reporter}`);
    expectStatus(report, 200, 'report');
    // Items are of the 4 concluded: 2 ÷ 4 = 50 %, 1 ÷ 4 = 25.0 %.
    expect(report.body.sentence).toBe(
      '2021年共收到4件,受理2件,受理率50%,审结3件,其中维持2件(占50%),撤销1件(占25.0%)。',
    );
    for (const bad of [{ decimals: 5 }, { decimals: -1 }]) {
      const refused = await request(t.http)
        .put('/v1/statistics/report-template')
        .set(admin)
        .send({ ...template, ...bad });
      expect(refused.status).toBe(400);
    }
    const badItem = await request(t.http)
      .put('/v1/statistics/report-template')
      .set(admin)
      .send({ ...template, items: [{ label: '{n}件', outcomes: ['UPHELD'], decimals: 9 }] });
    expect(badItem.status).toBe(400);
    // Nothing refused was stored: the saved template still renders.
    const again = await request(t.http)
      .get('/v1/statistics/reconsideration/report?year=2021&asOf=2021-12-31')
      .set('authorization', `Bearer ${reporter}`);
    expect(again.body.sentence).toBe(report.body.sentence);
  });
});
