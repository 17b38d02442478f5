import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEFINITIONS_VERSION } from '../../src/statistics/statistics.service';
import { CaseClient } from '../support/case-client';
import {
  assignTwoHandlers,
  decideBody,
  expectStatus,
  registrationOn,
  step,
  tomorrowInChina,
} from '../support/lifecycle-steps';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Frozen reports (POST /v1/statistics/reports): a published report never changes, whatever happens to the cases
 * later; compare=true recomputes it and names what a restatement would change.
 *
 * Dataset (L2017, organ TAIQIAN):
 *   C    received 2020-12-20, REVOKED 2021-02-01 (carried over into 2021)
 *   N    received 2021-03-01, NOT_ACCEPTED 2021-03-03
 *   R    received 2021-03-05, REVOKED 2021-05-10
 *   U    received 2021-04-10, UPHELD 2021-08-20
 *   PEND received 2021-11-01, open
 */

// HTTP bodies are loosely typed (supertest's `any`); tests compare them with matchers.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
type Difference = { field: string; frozen: unknown; current: unknown };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const SENTENCE_2021 =
  '截至2021年12月31日,县政府共办理行政复议案件5起,其中1起为2020年度结转案件,1起不予受理,2起予以撤销具体行政行为,1件予以维持,现余1起行政复议案件正在办理中。';
const SENTENCE_MID_2021 =
  '截至2021年6月30日,县政府共办理行政复议案件4起,其中1起为2020年度结转案件,1起不予受理,2起予以撤销具体行政行为,现余1起行政复议案件正在办理中。';

const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const byField = (a: Difference, b: Difference) => a.field.localeCompare(b.field);

describe('frozen reports', () => {
  let t: TestApp;
  let sup: CaseClient;
  const keys = { reporter: '', supervisor: '', officer: '', clerk: '', integration: '' };
  const ids: Record<string, string> = {};
  /** The year 2021 as of 2021-12-31, frozen by the reporter. */
  let yearReport: Json;
  /** The year 2021 as of 2021-06-30, frozen by the supervisor. */
  let midYearReport: Json;

  const freeze = (body: unknown, key = keys.reporter) =>
    request(t.http)
      .post('/v1/statistics/reports')
      .set(auth(key))
      .send(body as object);
  const getReport = (id: string, query = '', key = keys.reporter) =>
    request(t.http).get(`/v1/statistics/reports/${id}${query}`).set(auth(key));
  const compare = async (id: string) => {
    const res = await getReport(id, '?compare=true');
    expectStatus(res, 200, 'GET /reports/{id}?compare=true');
    return res.body as Json;
  };
  /** The frozen fields a later GET must return unchanged. */
  const published = (r: Json) => ({
    id: r.id,
    title: r.title,
    sentence: r.sentence,
    figures: r.figures,
    parameters: r.parameters,
    definitionsVersion: r.definitionsVersion,
    createdByName: r.createdByName,
    createdAt: r.createdAt,
  });

  async function register(name: string, receivedOn: string): Promise<string> {
    const res = await sup.register(registrationOn(receivedOn));
    expectStatus(res, 201, `REGISTER ${name}`);
    ids[name] = res.body.id as string;
    return ids[name];
  }

  async function decided(name: string, receivedOn: string, dates: [string, string, string], type: string) {
    const id = await register(name, receivedOn);
    await step(sup, id, 'ACCEPT', { occurredOn: dates[0] });
    await step(sup, id, 'SEND_COPY', { occurredOn: dates[1] });
    await assignTwoHandlers(sup, id);
    await step(sup, id, 'DECIDE', decideBody(type, dates[2], 'L17 28'));
  }

  function notAcceptBody(on: string): Json {
    return {
      occurredOn: on,
      ground: 'R07_28_4_OUT_OF_TIME',
      documentNumber: `台政复不受字〔2021〕${on}号`,
      reasons: '超过法定申请期限。',
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    keys.reporter = await t.createKey(['REPORTER'], { name: '统计员甲' });
    keys.supervisor = await t.createKey(['SUPERVISOR'], { name: '复议科长' });
    keys.officer = await t.createKey(['OFFICER']);
    keys.clerk = await t.createKey(['CLERK']);
    keys.integration = await t.createKey(['INTEGRATION'], { scopes: ['statistics:read'] });
    sup = new CaseClient(t.http, keys.supervisor);

    await decided('C', '2020-12-20', ['2020-12-21', '2020-12-22', '2021-02-01'], 'REVOKED');
    const n = await register('N', '2021-03-01');
    await step(sup, n, 'NOT_ACCEPT', notAcceptBody('2021-03-03'));
    await decided('R', '2021-03-05', ['2021-03-08', '2021-03-09', '2021-05-10'], 'REVOKED');
    await decided('U', '2021-04-10', ['2021-04-15', '2021-04-16', '2021-08-20'], 'UPHELD');
    await register('PEND', '2021-11-01');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('freezing', () => {
    it('POST /reports {year: 2021, asOf: 2021-12-31} by a REPORTER is 201 with figures, sentence, parameters, who and which definitions', async () => {
      const res = await freeze({ year: 2021, asOf: '2021-12-31' });
      expect(res.status).toBe(201);
      yearReport = res.body as Json;
      expect(yearReport.id).toMatch(UUID);
      expect(yearReport.title).toBe('台前县人民政府2021年行政复议工作统计');
      expect(yearReport.sentence).toBe(SENTENCE_2021);
      expect(yearReport.figures).toMatchObject({
        organ: { code: 'TAIQIAN', name: '台前县人民政府' },
        period: { from: '2021-01-01', to: '2021-12-31', asOf: '2021-12-31', effectiveEnd: '2021-12-31' },
        received: 4,
        carriedOver: 1,
        handled: 5,
        accepted: 2,
        concluded: 4,
        pending: 1,
        correctionCount: 2,
        meritsDecisions: 3,
        rateBase: 'DECIDED',
        percentMode: 'ROUND_HALF_UP',
        correctionRate: 66.67,
        overallCorrectionRate: 66.67,
      });
      expect(yearReport.figures.byOutcome).toMatchObject({ REVOKED: 2, NOT_ACCEPTED: 1, UPHELD: 1, DISMISSED: 0 });
      expect(yearReport.parameters).toEqual({
        year: 2021,
        asOf: '2021-12-31',
        organId: yearReport.figures.organ.id,
      });
      expect(yearReport.createdByName).toBe('统计员甲');
      expect(yearReport.definitionsVersion).toBe(DEFINITIONS_VERSION);
      expect(new Date(yearReport.createdAt as string).toISOString()).toBe(yearReport.createdAt);
      expect(yearReport.comparison).toBeUndefined();
      // What was frozen is what the live report said at that moment.
      const live = await request(t.http)
        .get('/v1/statistics/reconsideration/report?year=2021&asOf=2021-12-31')
        .set(auth(keys.reporter));
      expect(live.body.sentence).toBe(yearReport.sentence);
      expect(live.body.figures).toEqual(yearReport.figures);
    });

    it('a SUPERVISOR may freeze too, with a title of its own', async () => {
      const res = await freeze(
        { year: 2021, asOf: '2021-06-30', title: '台前县人民政府2021年上半年行政复议工作统计' },
        keys.supervisor,
      );
      expect(res.status).toBe(201);
      midYearReport = res.body as Json;
      expect(midYearReport.title).toBe('台前县人民政府2021年上半年行政复议工作统计');
      expect(midYearReport.createdByName).toBe('复议科长');
      expect(midYearReport.sentence).toBe(SENTENCE_MID_2021);
      expect(midYearReport.figures).toMatchObject({ handled: 4, received: 3, concluded: 3, pending: 1 });
      expect(midYearReport.parameters).toMatchObject({ year: 2021, asOf: '2021-06-30' });
    });

    it('OFFICER and CLERK may not freeze (403); nothing is stored', async () => {
      for (const key of [keys.officer, keys.clerk]) {
        const res = await freeze({ year: 2021, asOf: '2021-12-31' }, key);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      const list = await request(t.http).get('/v1/statistics/reports').set(auth(keys.reporter));
      expect(list.body).toHaveLength(2);
    });

    it('a bad body is 400; asOf before the year is 422', async () => {
      for (const body of [
        {},
        { year: '2021' },
        { year: 2021.5 },
        { year: 2021, asOf: '2021-02-29' },
        { year: 2021, title: '' },
        { year: 2021, colour: 'red' },
      ]) {
        const res = await freeze(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      const early = await freeze({ year: 2021, asOf: '2020-12-31' });
      expect(early.status).toBe(422);
      const list = await request(t.http).get('/v1/statistics/reports').set(auth(keys.reporter));
      expect(list.body).toHaveLength(2);
    });
  });

  describe('reading', () => {
    it('GET /reports lists them, newest first; limit applies', async () => {
      const res = await request(t.http).get('/v1/statistics/reports').set(auth(keys.reporter));
      expect(res.status).toBe(200);
      expect((res.body as Json[]).map((r) => r.id)).toEqual([midYearReport.id, yearReport.id]);
      expect((res.body as Json[])[1]).toEqual(yearReport);
      const one = await request(t.http).get('/v1/statistics/reports?limit=1').set(auth(keys.reporter));
      expect((one.body as Json[]).map((r) => r.id)).toEqual([midYearReport.id]);
      const byOrgan = await request(t.http)
        .get(`/v1/statistics/reports?organId=${yearReport.figures.organ.id as string}`)
        .set(auth(keys.reporter));
      expect(byOrgan.body).toHaveLength(2);
      expect((await request(t.http).get('/v1/statistics/reports?limit=0').set(auth(keys.reporter))).status).toBe(400);
    });

    it('GET /reports/{id} returns exactly what POST returned', async () => {
      const res = await getReport(yearReport.id as string);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(yearReport);
      expect((await getReport(midYearReport.id as string)).body).toEqual(midYearReport);
    });

    it('readers: OFFICER and INTEGRATION with statistics:read may read; CLERK may not', async () => {
      expect((await getReport(yearReport.id as string, '', keys.officer)).status).toBe(200);
      expect((await getReport(yearReport.id as string, '', keys.integration)).status).toBe(200);
      expect((await getReport(yearReport.id as string, '', keys.clerk)).status).toBe(403);
      expect((await request(t.http).get('/v1/statistics/reports').set(auth(keys.clerk))).status).toBe(403);
    });

    it('an unknown id is 404 REPORT_NOT_FOUND; a non-UUID is 400; a bad compare flag is 400', async () => {
      const unknown = await getReport('00000000-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('REPORT_NOT_FOUND');
      const notUuid = await getReport('2021');
      expect(notUuid.status).toBe(400);
      expect(notUuid.body.code).toBe('VALIDATION_FAILED');
      expect(notUuid.body.errors).toEqual([expect.objectContaining({ path: 'id' })]);
      const badFlag = await getReport(yearReport.id as string, '?compare=yes');
      expect(badFlag.status).toBe(400);
    });
  });

  describe('restatement', () => {
    it('without changes, compare=true shows restated false and no differences', async () => {
      for (const r of [yearReport, midYearReport]) {
        const body = await compare(r.id as string);
        expect(published(body)).toEqual(published(r));
        expect(body.comparison).toEqual({
          figures: r.figures,
          sentence: r.sentence,
          differences: [],
          restated: false,
        });
      }
      expect((await getReport(yearReport.id as string, '?compare=false')).body).toEqual(yearReport);
    });

    it('a report frozen "截至目前" (no asOf) is not restated merely because the calendar moved on', async () => {
      const res = await freeze({ year: 2021 });
      expect(res.status).toBe(201);
      expect(res.body.parameters).toMatchObject({ year: 2021, asOf: null });
      expect(res.body.sentence).toBe(SENTENCE_2021.replace('截至2021年12月31日', '截至目前'));
      const body = await compare(res.body.id as string);
      expect(body.comparison).toMatchObject({ differences: [], restated: false });
    });

    it('the database refuses UPDATE and DELETE on frozen_report', async () => {
      const db = t.app.get(DataSource);
      await expect(
        db.query('UPDATE frozen_report SET sentence = $1 WHERE id = $2', ['改过的', yearReport.id]),
      ).rejects.toThrow(/immutable/);
      await expect(
        db.query(`UPDATE frozen_report SET figures = jsonb_set(figures, '{handled}', '99') WHERE id = $1`, [
          yearReport.id,
        ]),
      ).rejects.toThrow(/immutable/);
      await expect(db.query('DELETE FROM frozen_report WHERE id = $1', [yearReport.id])).rejects.toThrow(/immutable/);
      await expect(db.query('DELETE FROM frozen_report')).rejects.toThrow(/immutable/);
      expect((await getReport(yearReport.id as string)).body).toEqual(yearReport);
    });

    it('the database refuses TRUNCATE of frozen_report too (a statement trigger; row triggers do not fire)', async () => {
      const runner = t.app.get(DataSource).createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await expect(runner.query('TRUNCATE frozen_report')).rejects.toThrow(/immutable/);
      } finally {
        // Whatever happened, the reports stay for the following tests.
        await runner.rollbackTransaction();
        await runner.release();
      }
      expect((await getReport(yearReport.id as string)).body).toEqual(yearReport);
    });

    it('a late act (recorded now, dated 2021-11-05) never changes the frozen report; compare shows the restatement', async () => {
      await step(sup, ids.PEND as string, 'NOT_ACCEPT', notAcceptBody('2021-11-05'));
      const res = await getReport(yearReport.id as string);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(yearReport);

      const body = await compare(yearReport.id as string);
      expect(published(body)).toEqual(published(yearReport));
      const current = SENTENCE_2021.replace('1起不予受理', '2起不予受理').replace('现余1起', '现余0起');
      expect(body.comparison.restated).toBe(true);
      expect(body.comparison.sentence).toBe(current);
      expect(body.comparison.figures).toMatchObject({ concluded: 5, pending: 0 });
      expect([...(body.comparison.differences as Difference[])].sort(byField)).toEqual(
        [
          { field: 'figures.byOutcome.NOT_ACCEPTED', frozen: 1, current: 2 },
          // The late refusal's ground (R07 28(4)) is its outcome detail.
          { field: 'figures.byOutcomeDetail.R07_28_4_OUT_OF_TIME', frozen: 1, current: 2 },
          { field: 'figures.concluded', frozen: 4, current: 5 },
          { field: 'figures.concludedBeforeAcceptance', frozen: 1, current: 2 },
          { field: 'figures.conclusionRate', frozen: 80, current: 100 },
          { field: 'figures.pending', frozen: 1, current: 0 },
          { field: 'sentence', frozen: SENTENCE_2021, current },
        ].sort(byField),
      );
      // The act is dated after the mid-year report's asOf: that report stands.
      expect((await compare(midYearReport.id as string)).comparison).toMatchObject({
        differences: [],
        restated: false,
      });
    });

    it('UNDO of a 2021 decision never changes the frozen reports; compare names figures.byOutcome.REVOKED and the sentence', async () => {
      const rId = ids.R as string;
      const etag = (await sup.get(rId)).headers.etag as string;
      const undo = await request(t.http)
        .post(`/v1/cases/${rId}/actions/UNDO`)
        .set(auth(keys.supervisor))
        .set('if-match', etag)
        .send({ reason: '决定录入错误，撤销该记录。' });
      expectStatus(undo, 200, 'UNDO');
      expect(undo.body.state).toBe('UNDER_REVIEW');

      expect((await getReport(yearReport.id as string)).body).toEqual(yearReport);
      expect((await getReport(midYearReport.id as string)).body).toEqual(midYearReport);
      const list = await request(t.http).get('/v1/statistics/reports').set(auth(keys.reporter));
      expect(list.body as Json[]).toContainEqual(yearReport);

      // The year: the late NOT_ACCEPT and the undone REVOKED leave concluded and pending as they were.
      const year = await compare(yearReport.id as string);
      const yearNow = SENTENCE_2021.replace('1起不予受理', '2起不予受理').replace(
        '2起予以撤销具体行政行为',
        '1起予以撤销具体行政行为',
      );
      expect(year.comparison.restated).toBe(true);
      expect(year.comparison.sentence).toBe(yearNow);
      expect([...(year.comparison.differences as Difference[])].sort(byField)).toEqual(
        [
          { field: 'figures.byOutcome.NOT_ACCEPTED', frozen: 1, current: 2 },
          { field: 'figures.byOutcomeDetail.R07_28_4_OUT_OF_TIME', frozen: 1, current: 2 },
          { field: 'figures.byOutcome.REVOKED', frozen: 2, current: 1 },
          { field: 'figures.byOutcomeAfterAcceptance.REVOKED', frozen: 2, current: 1 },
          { field: 'figures.concludedAfterAcceptance', frozen: 3, current: 2 },
          { field: 'figures.concludedBeforeAcceptance', frozen: 1, current: 2 },
          { field: 'figures.correctionCount', frozen: 2, current: 1 },
          { field: 'figures.overallCorrectionCount', frozen: 2, current: 1 },
          { field: 'figures.meritsDecisions', frozen: 3, current: 2 },
          { field: 'figures.correctionRate', frozen: 66.67, current: 50 },
          { field: 'figures.overallCorrectionRate', frozen: 66.67, current: 50 },
          { field: 'sentence', frozen: SENTENCE_2021, current: yearNow },
        ].sort(byField),
      );

      // Mid-year: R was decided on 2021-05-10, before that report's asOf.
      const mid = await compare(midYearReport.id as string);
      const midNow = SENTENCE_MID_2021.replace('2起予以撤销具体行政行为', '1起予以撤销具体行政行为').replace(
        '现余1起',
        '现余2起',
      );
      expect(mid.comparison.restated).toBe(true);
      const differences = mid.comparison.differences as Difference[];
      expect(differences).toContainEqual({ field: 'figures.byOutcome.REVOKED', frozen: 2, current: 1 });
      expect(differences).toContainEqual({ field: 'figures.concluded', frozen: 3, current: 2 });
      expect(differences).toContainEqual({ field: 'figures.pending', frozen: 1, current: 2 });
      expect(differences).toContainEqual({ field: 'sentence', frozen: SENTENCE_MID_2021, current: midNow });
      expect(published(mid)).toEqual(published(midYearReport));
    });
  });

  describe('what cannot be frozen', () => {
    it('a report as of a future date is 422 and is not stored (it would publish 截至<tomorrow>)', async () => {
      const before = (await request(t.http).get('/v1/statistics/reports').set(auth(keys.reporter))).body as Json[];
      const res = await freeze({ year: 2021, asOf: tomorrowInChina() });
      expect(res.status).toBe(422);
      const after = (await request(t.http).get('/v1/statistics/reports').set(auth(keys.reporter))).body as Json[];
      expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    });
  });
});
