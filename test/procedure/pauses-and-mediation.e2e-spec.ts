import request from 'supertest';
import { addDays } from '../../src/common/local-date';
import {
  type Actors,
  assignTwoHandlers,
  caseView,
  datesFor,
  decideBody,
  historyOf,
  makeActors,
  registerCase,
  step,
  toUnderReview,
} from '../support/lifecycle-steps';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 10, points 4, 5 and 13 through the HTTP API on PostgreSQL: periods not counted towards the decision period
 * (R07 30, 34 ¶3, 37; L17 26/27), mediation inside an L23 39(6) suspension, suspension before the copy is sent
 * (L23 39), the 60-day reminder (R07 42 ¶2; L23 41(5)), conversion to ordinary (L23 55), the statute's wording
 * 视为放弃 (R07 29; L23 31 ¶2), L23 53(3), and a decision's legal basis checked against the regime (L23 90).
 */
interface ClockBody {
  clock: string;
  dueOn: string | null;
  status: string;
  period: number | null;
  legalBasis: string;
  open: boolean;
  explanation: string[];
}

let t: TestApp;
let a: Actors;
const D17 = datesFor(2021);
const D23 = datesFor(2024);

beforeAll(async () => {
  t = await startTestApp();
  a = await makeActors(t);
});
afterAll(async () => {
  await t.close();
});

async function clocks(app: TestApp, key: string, id: string, asOf: string): Promise<Record<string, ClockBody>> {
  const res = await request(app.http)
    .get(`/v1/cases/${id}/deadlines?asOf=${asOf}`)
    .set('authorization', `Bearer ${key}`);
  expect(res.status).toBe(200);
  return Object.fromEntries((res.body.clocks as ClockBody[]).map((c) => [c.clock, c]));
}

async function reviewCase(regime: 'L2017' | 'L2023'): Promise<string> {
  const d = regime === 'L2017' ? D17 : D23;
  const id = await registerCase(a.clerk, d.received);
  await toUnderReview(a, id, regime, d);
  return id;
}

describe('R07 30, 34 ¶3, 37: periods not counted towards the decision period', () => {
  it('R07 34 ¶3 + 37: overlapping inspection and appraisal add their union (19 days) to the L2017 decision period, each listed', async () => {
    const id = await reviewCase('L2017');
    const before = (await clocks(t, a.keys.officer, id, '2021-03-31')).DECISION!;
    await step(a.officer, id, 'START_NOT_COUNTED_PERIOD', { occurredOn: '2021-04-01', kind: 'ON_SITE_INSPECTION' });
    await step(a.officer, id, 'START_NOT_COUNTED_PERIOD', {
      occurredOn: '2021-04-05',
      kind: 'EXPERT_APPRAISAL',
      documentNumber: '台政复鉴委〔2021〕1号',
    });
    // While an interval is open the clock is paused.
    expect((await clocks(t, a.keys.officer, id, '2021-04-06')).DECISION).toMatchObject({
      status: 'PAUSED',
      open: false,
    });
    await step(a.officer, id, 'END_NOT_COUNTED_PERIOD', { occurredOn: '2021-04-10', kind: 'ON_SITE_INSPECTION' });
    const wrong = await a.officer.act(id, 'END_NOT_COUNTED_PERIOD', {
      occurredOn: '2021-04-11',
      kind: 'ON_SITE_INSPECTION',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('NOT_COUNTED_PERIOD_INVALID');
    const view = await step(a.officer, id, 'END_NOT_COUNTED_PERIOD', {
      occurredOn: '2021-04-20',
      kind: 'EXPERT_APPRAISAL',
    });
    expect(view.state).toBe('UNDER_REVIEW');
    expect(view.facts.notCountedPeriods).toEqual([
      { kind: 'ON_SITE_INSPECTION', from: '2021-04-01', to: '2021-04-10' },
      { kind: 'EXPERT_APPRAISAL', from: '2021-04-05', to: '2021-04-20' },
    ]);
    const decision = (await clocks(t, a.keys.officer, id, '2021-04-21')).DECISION!;
    expect(before.dueOn).toBe('2021-04-30');
    expect(decision.dueOn).toBe(addDays('2021-04-30', 19));
    const text = decision.explanation.join('\n');
    expect(text).toContain('现场勘验（R07 34 ¶3） 2021-04-01 至 2021-04-10，不计入 9 日');
    expect(text).toContain('鉴定（R07 37） 2021-04-05 至 2021-04-20，不计入 15 日');
    expect(text).toContain('重叠 5 日');
    const history = await historyOf(a.officer, id);
    expect(history.filter((e) => e.action.endsWith('NOT_COUNTED_PERIOD')).map((e) => e.legalBasis)).toEqual([
      'R07 30, 34 ¶3, 37',
      'R07 30, 34 ¶3, 37',
      'R07 30, 34 ¶3, 37',
      'R07 30, 34 ¶3, 37',
    ]);
  });

  it('R07 34 ¶3: an inspection cannot be recorded before acceptance; R07 30 (competent organ) can', async () => {
    const id = await registerCase(a.clerk, '2021-06-01');
    const res = await a.officer.act(id, 'START_NOT_COUNTED_PERIOD', {
      occurredOn: '2021-06-02',
      kind: 'ON_SITE_INSPECTION',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NOT_COUNTED_PERIOD_INVALID');
    expect((await caseView(a.officer, id)).version).toBe(1); // nothing written
    await step(a.officer, id, 'START_NOT_COUNTED_PERIOD', {
      occurredOn: '2021-06-02',
      kind: 'COMPETENT_ORGAN_DETERMINATION',
    });
    const actions = (await a.officer.actions(id)).body.actions as Array<{ action: string }>;
    expect(actions.map((x) => x.action)).toContain('END_NOT_COUNTED_PERIOD');
  });

  it('L17 26, 27: the review of a normative document suspends an L2017 case; the ground is not one of L2023', async () => {
    const id = await reviewCase('L2017');
    const view = await step(a.officer, id, 'SUSPEND', {
      occurredOn: '2021-04-01',
      ground: 'L17_26_27_NORMATIVE_DOCUMENT_REVIEW',
    });
    expect(view.state).toBe('SUSPENDED');
    const decision = (await clocks(t, a.keys.officer, id, '2021-04-05')).DECISION!;
    expect(decision.status).toBe('PAUSED');
    expect(decision.explanation.join('\n')).toContain('中止（L17 26, 27）');
    const l23 = await reviewCase('L2023');
    const refused = await a.officer.act(l23, 'SUSPEND', {
      occurredOn: '2024-04-01',
      ground: 'L17_26_27_NORMATIVE_DOCUMENT_REVIEW',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('CODE_NOT_IN_REGIME');
  });

  it('GET /v1/code-lists serves the kinds, the L17 26/27 ground and the new actions with labels and articles', async () => {
    const res = await request(t.http).get('/v1/code-lists').set('authorization', `Bearer ${a.keys.officer}`);
    expect(res.status).toBe(200);
    expect(
      res.body.NOT_COUNTED_PERIOD_KINDS.map((k: { code: string; legalBasis: string }) => [k.code, k.legalBasis]),
    ).toEqual([
      ['COMPETENT_ORGAN_DETERMINATION', 'R07 30'],
      ['ON_SITE_INSPECTION', 'R07 34 ¶3'],
      ['EXPERT_APPRAISAL', 'R07 37'],
    ]);
    expect(res.body.SUSPENSION_GROUNDS).toContainEqual(
      expect.objectContaining({
        code: 'L17_26_27_NORMATIVE_DOCUMENT_REVIEW',
        legalBasis: 'L17 26, 27',
        regimes: ['L2017'],
      }),
    );
    expect(res.body.ACTIONS.map((x: { code: string }) => x.code)).toEqual(
      expect.arrayContaining(['START_NOT_COUNTED_PERIOD', 'END_NOT_COUNTED_PERIOD']),
    );
    // R07 29 / L23 31 ¶2: 「视为申请人放弃行政复议申请」.
    const state = res.body.CASE_STATES.find((s: { code: string }) => s.code === 'DEEMED_WITHDRAWN');
    expect(state.labelZh).toBe('视为放弃行政复议申请');
    expect(res.body.SUSPENSION_GROUNDS.length).toBeGreaterThan(18);
  });
});

describe('R07_NOT_COUNTED_PERIODS_UNDER_L2023=false', () => {
  let t2: TestApp;
  let a2: Actors;
  beforeAll(async () => {
    t2 = await startTestApp({ R07_NOT_COUNTED_PERIODS_UNDER_L2023: 'false' });
    a2 = await makeActors(t2);
  });
  afterAll(async () => {
    await t2.close();
  });

  it('R07 34 ¶3 under L2023: the inspection is recorded but not deducted, and the explanation says why', async () => {
    const id = await registerCase(a2.clerk, D23.received);
    await toUnderReview(a2, id, 'L2023', D23);
    const before = (await clocks(t2, a2.keys.officer, id, '2024-03-31')).DECISION!;
    await step(a2.officer, id, 'START_NOT_COUNTED_PERIOD', { occurredOn: '2024-04-01', kind: 'ON_SITE_INSPECTION' });
    await step(a2.officer, id, 'END_NOT_COUNTED_PERIOD', { occurredOn: '2024-04-10', kind: 'ON_SITE_INSPECTION' });
    const after = (await clocks(t2, a2.keys.officer, id, '2024-04-11')).DECISION!;
    expect(after.dueOn).toBe(before.dueOn);
    expect(after.explanation.join('\n')).toContain('R07_NOT_COUNTED_PERIODS_UNDER_L2023=false');
  });
});

describe('L23 39(6), 73: mediation and suspension together', () => {
  it('L23 39(6): mediation inside a suspension agreed for it keeps the decision clock paused; a 调解书 concludes the case', async () => {
    const id = await reviewCase('L2023');
    await step(a.officer, id, 'SUSPEND', { occurredOn: D23.suspended, ground: 'L23_39_6_MEDIATION_OR_SETTLEMENT' });
    const actions = (await a.officer.actions(id)).body.actions as Array<{ action: string; to: string }>;
    expect(actions.find((x) => x.action === 'START_MEDIATION')).toMatchObject({ to: 'MEDIATION' });
    const mediating = await step(a.officer, id, 'START_MEDIATION', { occurredOn: '2024-04-02', kind: 'MEDIATION' });
    expect(mediating).toMatchObject({ state: 'MEDIATION' });
    expect(mediating.facts).toMatchObject({ mediationStartedFrom: 'SUSPENDED' });
    expect((await clocks(t, a.keys.officer, id, '2024-04-10')).DECISION).toMatchObject({ status: 'PAUSED' });
    const decided = await step(a.sup, id, 'DECIDE', decideBody('MEDIATED', '2024-04-20', 'L23 73'));
    expect(decided).toMatchObject({ state: 'DECIDED' });
    expect(decided.facts).toMatchObject({
      outcome: 'MEDIATED',
      suspensions: [expect.objectContaining({ from: D23.suspended, to: '2024-04-20' })],
    });
    expect((await clocks(t, a.keys.officer, id, '2024-04-21')).DECISION).toMatchObject({ status: 'MET' });
  });

  it('L23 73 ¶2, 39 ¶3: a failed mediation returns to the suspension; RESUME (its own written act) returns to review', async () => {
    const id = await reviewCase('L2023');
    await step(a.officer, id, 'SUSPEND', { occurredOn: D23.suspended, ground: 'L23_39_6_MEDIATION_OR_SETTLEMENT' });
    await step(a.officer, id, 'START_MEDIATION', { occurredOn: '2024-04-02', kind: 'MEDIATION' });
    expect(await step(a.officer, id, 'MEDIATION_FAILED', { occurredOn: '2024-04-09' })).toMatchObject({
      state: 'SUSPENDED',
    });
    expect(await step(a.officer, id, 'RESUME', { occurredOn: '2024-04-10' })).toMatchObject({ state: 'UNDER_REVIEW' });
  });

  it('L23 39(6): mediation cannot start in a case suspended on another ground (409 ACTION_NOT_AVAILABLE)', async () => {
    const id = await reviewCase('L2023');
    await step(a.officer, id, 'SUSPEND', { occurredOn: D23.suspended, ground: 'L23_39_5_FORCE_MAJEURE_OR_GOOD_CAUSE' });
    const res = await a.officer.act(id, 'START_MEDIATION', { occurredOn: '2024-04-02', kind: 'MEDIATION' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'ACTION_NOT_AVAILABLE', condition: 'suspendedForMediationIfSuspended' });
  });

  it('R07 50: under L2017 mediation does not pause the decision clock', async () => {
    const id = await reviewCase('L2017');
    await step(a.officer, id, 'START_MEDIATION', { occurredOn: D17.mediationStarted, kind: 'MEDIATION' });
    expect((await clocks(t, a.keys.officer, id, '2021-04-25')).DECISION).toMatchObject({
      status: 'RUNNING',
      dueOn: '2021-04-30',
      open: true,
    });
  });
});

describe('L23 39, R07 42 ¶2 / L23 41(5), L23 55, L23 53(3), L23 90', () => {
  it('L23 39: SUSPEND between acceptance and the copy; RESUME returns to ACCEPTED (as GET /actions says)', async () => {
    const id = await registerCase(a.clerk, D23.received);
    await step(a.officer, id, 'ACCEPT', { occurredOn: D23.accepted, procedure: 'ORDINARY' });
    const suspended = await step(a.officer, id, 'SUSPEND', {
      occurredOn: '2024-03-19',
      ground: 'L23_39_1_APPLICANT_DIED',
    });
    expect(suspended.state).toBe('SUSPENDED');
    const actions = (await a.officer.actions(id)).body.actions as Array<{ action: string; to: string }>;
    expect(actions.find((x) => x.action === 'RESUME')).toMatchObject({ to: 'ACCEPTED' });
    expect(await step(a.officer, id, 'RESUME', { occurredOn: '2024-03-25' })).toMatchObject({ state: 'ACCEPTED' });
    expect(await step(a.officer, id, 'SEND_COPY', { occurredOn: '2024-03-26' })).toMatchObject({
      state: 'UNDER_REVIEW',
    });
  });

  it('R07 42 ¶2 / L23 41(5): a suspension on L23 39(1) past 60 days is in the OVERDUE work queue until it ends', async () => {
    const id = await reviewCase('L2023');
    await step(a.officer, id, 'SUSPEND', { occurredOn: D23.suspended, ground: 'L23_39_1_APPLICANT_DIED' });
    const other = await reviewCase('L2023');
    await step(a.officer, other, 'SUSPEND', {
      occurredOn: D23.suspended,
      ground: 'L23_39_5_FORCE_MAJEURE_OR_GOOD_CAUSE',
    });
    const queue = async () =>
      (
        await request(t.http)
          .get('/v1/deadlines?status=OVERDUE&clock=SUSPENSION_60_DAYS&limit=200')
          .set('authorization', `Bearer ${a.keys.officer}`)
      ).body.items as Array<{ caseId: string; dueOn: string; legalBasis: string }>;
    const rows = await queue();
    expect(rows.find((r) => r.caseId === id)).toMatchObject({
      dueOn: addDays(D23.suspended, 60),
      legalBasis: 'L23 41(5)',
    });
    expect(rows.find((r) => r.caseId === other)).toBeUndefined();
    const c = (await clocks(t, a.keys.officer, id, addDays(D23.suspended, 30))).SUSPENSION_60_DAYS!;
    expect(c).toMatchObject({ status: 'RUNNING', dueOn: addDays(D23.suspended, 60), open: true });
    await step(a.sup, id, 'TERMINATE', {
      occurredOn: addDays(D23.suspended, 60),
      ground: 'SUSPENSION_EXCEEDED_60_DAYS',
      documentNumber: '台政复终字〔2024〕9号',
      reasons: '中止满60日，中止原因仍未消除。',
    });
    expect((await queue()).find((r) => r.caseId === id)).toBeUndefined();
  });

  it('L23 55: conversion keeps the copy clock met under the simplified 3 days, switches the reply clock to 10 working days', async () => {
    // Accepted within the review (L23 30), so that the acceptance counts from its own date; the copy within the
    // simplified 3 working days; the reply (5 working days, L23 54) still running at the conversion.
    const id = await registerCase(a.clerk, '2024-03-12');
    await step(a.officer, id, 'ACCEPT', {
      occurredOn: '2024-03-14',
      procedure: 'SIMPLIFIED',
      partiesConsentToSimplified: true,
    });
    await step(a.officer, id, 'SEND_COPY', { occurredOn: '2024-03-18' });
    await step(a.sup, id, 'CONVERT_TO_ORDINARY', { occurredOn: '2024-03-20', reasons: '案情复杂，不宜适用简易程序。' });
    const c = await clocks(t, a.keys.officer, id, '2024-03-21');
    expect(c.COPY_TO_RESPONDENT).toMatchObject({ period: 3, status: 'MET', legalBasis: 'L23 54, 88' });
    expect(c.COPY_TO_RESPONDENT!.explanation.join('\n')).toContain('仍按简易程序期间');
    expect(c.RESPONDENT_REPLY).toMatchObject({ period: 10, legalBasis: 'L23 48, 88' });
    expect(c.RESPONDENT_REPLY!.explanation.join('\n')).toContain('改按普通程序计算');
    expect(c.DECISION).toMatchObject({ period: 60, legalBasis: 'L23 62 ¶1' });
  });

  it('L23 53(3): SIMPLIFIED without an eligible ground is refused, the amount rule cited as 53(3)', async () => {
    const id = await registerCase(a.clerk, D23.received);
    const res = await a.officer.act(id, 'ACCEPT', { occurredOn: D23.accepted, procedure: 'SIMPLIFIED' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('SIMPLIFIED_PROCEDURE_NOT_ELIGIBLE');
    expect(res.body.detail).toContain('53(3)');
  });

  it('L23 90: DECIDE with a legal basis of the other regime is refused (422) and writes nothing', async () => {
    const l17 = await reviewCase('L2017');
    const before = (await caseView(a.sup, l17)).version;
    const refused = await a.sup.act(l17, 'DECIDE', decideBody('UPHELD', D17.decided, 'L23 68'));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'LEGAL_BASIS_NOT_IN_REGIME' });
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'legalBasis' })]);
    expect((await caseView(a.sup, l17)).version).toBe(before);
    const chinese = await a.sup.act(
      l17,
      'DECIDE',
      decideBody('UPHELD', D17.decided, '《中华人民共和国行政复议法》第六十八条'),
    );
    expect(chinese.status).toBe(422);
    await step(a.sup, l17, 'DECIDE', decideBody('UPHELD', D17.decided, 'L17 28(1)(1); R07 43'));

    const l23 = await reviewCase('L2023');
    for (const basis of ['L17 28(1)(1)', 'R07 43']) {
      const res = await a.sup.act(l23, 'DECIDE', decideBody('UPHELD', D23.decided, basis));
      expect({ basis, status: res.status, code: res.body.code }).toEqual({
        basis,
        status: 422,
        code: 'LEGAL_BASIS_NOT_IN_REGIME',
      });
    }
    await assignTwoHandlers(a.officer, l23);
    await step(a.sup, l23, 'DECIDE', decideBody('UPHELD', D23.decided, 'L23 68; R07 43'));
  });
});
