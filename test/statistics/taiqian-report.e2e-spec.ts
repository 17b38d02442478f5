import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { CaseLoaderService, RecordedCasesFile } from '../../src/cases/case-loader.service';
import { startTestApp, TestApp } from '../support/test-app';

/** DOMAIN §4: the published Taiqian 2021 sentence, reproduced from the cases' histories (loaded through the loader). */
const PUBLISHED =
  '截至目前,县政府共办理行政复议案件26起,其中2起为2020年度结转案件,5起不予受理,3起予以撤销具体行政行为,7起驳回复议申请,2件予以维持,3件责令重新履行,2件视为撤回行政复议申请,现余4起行政复议案件正在办理中。';

describe('the Taiqian 2021 report, from the dataset', () => {
  let t: TestApp;
  let reporter: string;
  beforeAll(async () => {
    t = await startTestApp();
    const file = JSON.parse(
      readFileSync(path.join(__dirname, '../fixtures/taiqian-2021.json'), 'utf8'),
    ) as RecordedCasesFile;
    const result = await t.app.get(CaseLoaderService).load(file, { source: 'taiqian-2021.json' });
    expect(result.failed).toBe(0);
    reporter = await t.createKey(['REPORTER']);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string) => request(t.http).get(url).set('authorization', `Bearer ${reporter}`);

  it('DOMAIN §4: with no asOf the sentence equals the published one exactly (起/件 included)', async () => {
    const res = await get('/v1/statistics/reconsideration/report?year=2021');
    expect(res.status).toBe(200);
    expect(res.body.sentence).toBe(PUBLISHED);
    expect(res.body.unmappedOutcomes).toEqual({});
    expect(res.body.figures).toMatchObject({ handled: 26, carriedOver: 2, received: 24, pending: 4, concluded: 22 });
    expect(res.body.figures.byOutcome).toMatchObject({
      NOT_ACCEPTED: 5,
      REVOKED: 3,
      DISMISSED: 7,
      UPHELD: 2,
      ORDERED_TO_PERFORM: 3,
      DEEMED_WITHDRAWN: 2,
    });
    // 6 corrections ÷ 13 decisions on the merits: 2 of the 7 dismissals are procedural (驳回申请, R07 48 ¶1(2)) and
    // leave the DECIDED base (DOMAIN §4's 40 % counted them, 6 ÷ 15).
    expect(res.body.figures).toMatchObject({ meritsDecisions: 13, correctionRate: 46.15 });
    // The two dismissals, and the ground of each of the five refusals (R07 28; OUTCOME_DETAILS).
    const details = Object.fromEntries(
      Object.entries(res.body.figures.byOutcomeDetail as Record<string, number>).filter(([, n]) => n > 0),
    );
    expect(details).toEqual({
      DISMISSED_APPLICATION: 2,
      DISMISSED_CLAIM: 5,
      R07_28_2_NO_LEGAL_INTEREST: 1,
      R07_28_4_OUT_OF_TIME: 1,
      R07_28_5_OUTSIDE_SCOPE: 1,
      R07_28_6_OUTSIDE_JURISDICTION: 1,
      R07_28_7_ALREADY_ACCEPTED: 1,
    });
  });

  it('DOMAIN §4: as of 2021-12-31 the sentence begins 截至2021年12月31日 with the same figures; text format', async () => {
    const res = await get('/v1/statistics/reconsideration/report?year=2021&asOf=2021-12-31');
    expect(res.body.sentence).toBe(PUBLISHED.replace('截至目前', '截至2021年12月31日'));
    const text = await get('/v1/statistics/reconsideration/report?year=2021&format=text');
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text.trim()).toBe(PUBLISHED);
  });

  it('as of 2021-06-30 the figures are what the histories said then', async () => {
    const res = await get('/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31&asOf=2021-06-30');
    expect(res.body.figures).toMatchObject({ handled: 13, carriedOver: 2, received: 11, concluded: 10, pending: 3 });
    expect(res.body.figures.handled).toBe(res.body.figures.concluded + res.body.figures.pending);
  });

  it('for 2022 the 4 open cases appear as carried over', async () => {
    const res = await get('/v1/statistics/reconsideration/report?year=2022&asOf=2022-12-31');
    expect(res.body.figures).toMatchObject({ carriedOver: 4, received: 0, handled: 4 });
    expect(res.body.sentence).toContain('其中4起为2021年度结转案件');
  });
});
