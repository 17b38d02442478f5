import { startTestApp, TestApp } from '../support/test-app';
import {
  Actors,
  assignTwoHandlers,
  availableActions,
  caseView,
  datesFor,
  decideBody,
  expectStatus,
  historyActions,
  historyOf,
  makeActors,
  Regime,
  RegimeDates,
  registerCase,
  REVIEW_PATH,
  legalAcceptanceDate,
  extendBody,
  step,
  toUnderReview,
} from '../support/lifecycle-steps';

/**
 * Every terminal outcome of the procedure (DOMAIN.md §1), reached through the HTTP API for both legal regimes:
 * L2017 (L17 + R07, applications received before 2024-01-01) and L2023 (L23, in force 2024-01-01, L23 90).
 */

interface RegimeSpec {
  regime: Regime;
  year: number;
  /** Ground, article and event legal basis of NOT_ACCEPT. */
  notAccept: { ground: string; cite: string; eventBasis: string };
  jurisdiction: { ground: string; cite: string };
  foreignNotAcceptGround: string;
  deemedWithdrawn: string;
  withdraw: string;
  accept: string;
  terminate: { withdrawal: string; corrected: string; sixtyDays: string };
  suspension: { cite: string; resume: string; qualifying: string; notQualifying: string; foreign: string };
  extend: string;
  mediation: { cite: string; failed: string };
  serve: string;
  close: string;
  decideEventBasis: string;
  decisions: Array<{ type: string; cite: string }>;
}

const L2017: RegimeSpec = {
  regime: 'L2017',
  year: 2021,
  notAccept: { ground: 'R07_28_5_OUTSIDE_SCOPE', cite: 'L17 17; R07 28(5)', eventBasis: 'L17 17; R07 28' },
  jurisdiction: { ground: 'R07_28_6_OUTSIDE_JURISDICTION', cite: 'R07 28(6); L17 17' },
  foreignNotAcceptGround: 'L23_30_5_OUTSIDE_SCOPE',
  deemedWithdrawn: 'R07 29',
  withdraw: 'L17 25',
  accept: 'L17 17',
  terminate: { withdrawal: 'R07 38, 42(1)', corrected: 'R07 39, 42(1)', sixtyDays: 'R07 42 ¶2' },
  suspension: {
    cite: 'R07 41',
    resume: 'R07 41 ¶2',
    qualifying: 'R07_41_1_APPLICANT_DIED',
    notQualifying: 'R07_41_5_FORCE_MAJEURE',
    foreign: 'L23_39_1_APPLICANT_DIED',
  },
  extend: 'L17 31 ¶1',
  mediation: { cite: 'R07 50', failed: 'R07 50 ¶3' },
  serve: 'L17 31 ¶3',
  close: 'L17 32',
  decideEventBasis: 'L17 28; R07 43–50',
  decisions: [
    { type: 'UPHELD', cite: 'L17 28(1)(1); R07 43' },
    { type: 'DISMISSED', cite: 'R07 48' },
    { type: 'REVOKED', cite: 'L17 28(1)(3); R07 45' },
    { type: 'VARIED', cite: 'L17 28(1)(3); R07 47' },
    { type: 'CONFIRMED_ILLEGAL', cite: 'L17 28(1)(3)' },
    { type: 'ORDERED_TO_PERFORM', cite: 'L17 28(1)(2); R07 44' },
  ],
};

const l2023 = (year: number): RegimeSpec => ({
  regime: 'L2023',
  year,
  notAccept: { ground: 'L23_30_5_OUTSIDE_SCOPE', cite: 'L23 30(5)', eventBasis: 'L23 30' },
  jurisdiction: { ground: 'L23_30_6_OUTSIDE_JURISDICTION', cite: 'L23 30 ¶2' },
  foreignNotAcceptGround: 'R07_28_5_OUTSIDE_SCOPE',
  deemedWithdrawn: 'L23 31 ¶2',
  withdraw: 'L23 74',
  accept: 'L23 30, 36',
  terminate: { withdrawal: 'L23 41(1)', corrected: 'L23 41(1), 74', sixtyDays: 'L23 41(5)' },
  suspension: {
    cite: 'L23 39',
    resume: 'L23 40',
    qualifying: 'L23_39_1_APPLICANT_DIED',
    notQualifying: 'L23_39_5_FORCE_MAJEURE_OR_GOOD_CAUSE',
    foreign: 'R07_41_1_APPLICANT_DIED',
  },
  extend: 'L23 62 ¶1',
  mediation: { cite: 'L23 73', failed: 'L23 73 ¶2' },
  serve: 'L23 75',
  close: 'L23 77',
  decideEventBasis: 'L23 61–73',
  decisions: [
    { type: 'UPHELD', cite: 'L23 68' },
    { type: 'DISMISSED', cite: 'L23 69' },
    { type: 'REVOKED', cite: 'L23 64' },
    { type: 'VARIED', cite: 'L23 63' },
    { type: 'CONFIRMED_ILLEGAL', cite: 'L23 65' },
    { type: 'ORDERED_TO_PERFORM', cite: 'L23 66' },
    { type: 'CONFIRMED_VOID', cite: 'L23 67' },
  ],
});

const REGIMES: RegimeSpec[] = [L2017, l2023(2024), l2023(2025)];

let t: TestApp;
let a: Actors;

beforeAll(async () => {
  t = await startTestApp();
  a = await makeActors(t);
});

afterAll(async () => {
  await t.close();
});

describe('legal regime', () => {
  it.each([
    ['2021-03-01', 'L2017'],
    ['2023-12-31', 'L2017'],
    ['2024-01-01', 'L2023'],
    ['2025-06-30', 'L2023'],
  ])('L23 90: a case received on %s defaults to %s', async (receivedOn, regime) => {
    const id = await registerCase(a.clerk, receivedOn);
    const view = await caseView(a.clerk, id);
    expect(view).toMatchObject({ legalRegime: regime, state: 'RECEIVED', receivedOn, outcome: null });
  });

  it('L23 90: the regime can be overridden at registration', async () => {
    const id = await registerCase(a.clerk, '2024-02-01', { legalRegime: 'L2017' });
    expect((await caseView(a.clerk, id)).legalRegime).toBe('L2017');
    // …and the override drives the rules: TRANSFER (L17 15 ¶2) is offered, which L2023 does not know.
    expect(await availableActions(a.officer, id)).toContain('TRANSFER');
  });
});

describe.each(REGIMES)('$regime (received in $year)', (R) => {
  const d: RegimeDates = datesFor(R.year);

  async function newCase(overrides: Record<string, unknown> = {}): Promise<string> {
    const id = await registerCase(a.clerk, d.received, overrides);
    expect((await caseView(a.clerk, id)).legalRegime).toBe(R.regime);
    return id;
  }

  async function reviewedCase(overrides: Record<string, unknown> = {}): Promise<string> {
    const id = await newCase(overrides);
    await toUnderReview(a, id, R.regime, d);
    // L17 17 ¶2 / L23 30 ¶3: the ACCEPT recorded after the review ran out counts from the legal acceptance date.
    expect(await caseView(a.clerk, id)).toMatchObject({
      state: 'UNDER_REVIEW',
      acceptedOn: legalAcceptanceDate(R.regime, d),
    });
    return id;
  }

  async function expectConcluded(id: string, state: string, outcome: string, concludedOn: string) {
    const view = await caseView(a.clerk, id);
    expect(view).toMatchObject({ state, outcome, concludedOn });
    return view;
  }

  // ── Before acceptance ─────────────────────────────────────────────────────────────────────────────────────────

  it(`${R.notAccept.cite}: NOT_ACCEPTED by a SUPERVISOR on a ${R.regime} ground`, async () => {
    const id = await newCase();
    const res = await a.sup.act(id, 'NOT_ACCEPT', {
      occurredOn: d.refused,
      ground: R.notAccept.ground,
      documentNumber: `台政复不受字〔${R.year}〕1号`,
      reasons: '不属于行政复议范围',
    });
    expectStatus(res, 200, 'NOT_ACCEPT');
    const view = await expectConcluded(id, 'NOT_ACCEPTED', 'NOT_ACCEPTED', d.refused);
    expect(view.facts).toMatchObject({ notAcceptGround: R.notAccept.ground, acceptedOn: null });
    const events = await historyOf(a.clerk, id);
    expect(events.map((e) => e.action)).toEqual(['REGISTER', 'NOT_ACCEPT']);
    expect(events[1]).toMatchObject({
      stateBefore: 'RECEIVED',
      stateAfter: 'NOT_ACCEPTED',
      legalBasis: R.notAccept.eventBasis,
    });
    // Only the superior organ can reopen it (L17 20; R07 31 / L23 35); the office records that order.
    expect(await availableActions(a.officer, id)).toEqual(['ORDER_TO_ACCEPT']);
  });

  it(`${R.notAccept.cite}: a NOT_ACCEPT ground of the other regime is 422 CODE_NOT_IN_REGIME`, async () => {
    const id = await newCase();
    const res = await a.sup.act(id, 'NOT_ACCEPT', {
      occurredOn: d.refused,
      ground: R.foreignNotAcceptGround,
      documentNumber: `台政复不受字〔${R.year}〕2号`,
      reasons: '理由',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CODE_NOT_IN_REGIME');
    expect((await caseView(a.clerk, id)).state).toBe('RECEIVED');
  });

  it(`${R.jurisdiction.cite}: refusing for lack of jurisdiction names the competent organ`, async () => {
    const id = await newCase();
    const body = {
      occurredOn: d.refused,
      ground: R.jurisdiction.ground,
      documentNumber: `台政复不受字〔${R.year}〕3号`,
      reasons: '不属于本机关管辖',
    };
    const without = await a.sup.act(id, 'NOT_ACCEPT', body);
    expect(without.status).toBe(422);
    expect(without.body.code).toBe('FIELD_REQUIRED_BY_LAW');
    expect(without.body.errors).toEqual([expect.objectContaining({ path: 'competentOrgan' })]);
    const withOrgan = await a.sup.act(id, 'NOT_ACCEPT', { ...body, competentOrgan: '濮阳市人民政府' });
    expectStatus(withOrgan, 200, 'NOT_ACCEPT with competentOrgan');
    await expectConcluded(id, 'NOT_ACCEPTED', 'NOT_ACCEPTED', d.refused);
    expect(await historyActions(a.clerk, id)).toEqual(['REGISTER', 'NOT_ACCEPT']);
  });

  it(`${R.deemedWithdrawn}: correction not supplied → deemed withdrawn, only after the due date`, async () => {
    const id = await newCase();
    const requested = await step(a.officer, id, 'REQUEST_CORRECTION', {
      occurredOn: d.correctionRequested,
      items: ['申请人身份证明', '行政处罚决定书复印件'],
      correctionDueOn: d.correctionDue,
      // L23 31 ¶2: the period runs from the applicant's receipt of the notice (served in person the same day).
      servedOn: d.correctionRequested,
    });
    expect(requested).toMatchObject({ state: 'CORRECTION_REQUESTED' });
    expect(requested.facts).toMatchObject({ correctionDueOn: d.correctionDue, correctionRequestCount: 1 });

    const early = await a.officer.act(id, 'DEEM_WITHDRAWN', { occurredOn: d.correctionDue, reasons: '逾期未补正' });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('CORRECTION_PERIOD_NOT_OVER');

    await step(a.officer, id, 'DEEM_WITHDRAWN', { occurredOn: d.accepted, reasons: '无正当理由逾期未补正' });
    await expectConcluded(id, 'DEEMED_WITHDRAWN', 'DEEMED_WITHDRAWN', d.accepted);
    expect(await historyActions(a.clerk, id)).toEqual(['REGISTER', 'REQUEST_CORRECTION', 'DEEM_WITHDRAWN']);
  });

  it.each(['VOLUNTARY', 'SETTLED_BEFORE_ACCEPTANCE'])(
    `${R.withdraw}: WITHDRAWN before acceptance with reason %s`,
    async (reason) => {
      const id = await newCase();
      await step(a.clerk, id, 'WITHDRAW', { occurredOn: d.correctionRequested, reason, reasons: '申请人书面撤回' });
      const view = await expectConcluded(id, 'WITHDRAWN', 'WITHDRAWN', d.correctionRequested);
      expect(view.facts.withdrawalReason).toBe(reason);
      expect(await historyActions(a.clerk, id)).toEqual(['REGISTER', 'WITHDRAW']);
    },
  );

  it(`${R.withdraw}: WITHDRAWN while a correction is pending`, async () => {
    const id = await newCase();
    await step(a.officer, id, 'REQUEST_CORRECTION', {
      occurredOn: d.correctionRequested,
      items: ['身份证明'],
      correctionDueOn: d.correctionDue,
    });
    await step(a.clerk, id, 'WITHDRAW', { occurredOn: d.correctionReceived, reason: 'SETTLED_BEFORE_ACCEPTANCE' });
    await expectConcluded(id, 'WITHDRAWN', 'WITHDRAWN', d.correctionReceived);
    expect(await historyActions(a.clerk, id)).toEqual(['REGISTER', 'REQUEST_CORRECTION', 'WITHDRAW']);
  });

  // ── Decisions ─────────────────────────────────────────────────────────────────────────────────────────────────

  it.each(R.decisions)(
    `$cite: DECIDE $type → DECIDED, then SERVE_DECISION → CLOSE keeps the outcome (${R.serve}, ${R.close})`,
    async ({ type, cite }) => {
      // L23 67: voidness is confirmed on the applicant's request, so that case asks for it.
      const id = await reviewedCase(
        type === 'CONFIRMED_VOID' ? { request: { codes: ['CONFIRM_VOID'], text: '请求确认该行政处罚决定无效。' } } : {},
      );
      const decided = await step(a.sup, id, 'DECIDE', decideBody(type, d.decided, cite));
      expect(decided).toMatchObject({
        state: 'DECIDED',
        outcome: type,
        decidedOn: d.decided,
        concludedOn: d.decided,
      });
      expect(decided.facts).toMatchObject({ decisionType: type, remakeDeadlineDays: null });

      const served = await step(a.clerk, id, 'SERVE_DECISION', { occurredOn: d.served, method: '直接送达' });
      expect(served).toMatchObject({ state: 'SERVED', outcome: type, concludedOn: d.decided });

      await step(a.officer, id, 'CLOSE', { occurredOn: d.closed });
      const closed = await expectConcluded(id, 'CLOSED', type, d.decided);
      expect(closed.facts).toMatchObject({ servedOn: d.served, closedOn: d.closed, decidedOn: d.decided });

      const events = await historyOf(a.clerk, id);
      expect(events.map((e) => e.action)).toEqual([...REVIEW_PATH, 'DECIDE', 'SERVE_DECISION', 'CLOSE']);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const decide = events.find((e) => e.action === 'DECIDE');
      expect(decide).toMatchObject({
        stateBefore: 'UNDER_REVIEW',
        stateAfter: 'DECIDED',
        legalBasis: R.decideEventBasis,
        undone: false,
      });
      expect(decide?.payload).toMatchObject({ decisionType: type, legalBasis: cite });
      // R07 48 ¶2 / L23 35: a dismissal (驳回申请 by default in decideBody) can be reopened by the superior organ;
      // L17 32 / L23 77: otherwise the closed file records only the follow-up (performance, supervision).
      expect(await availableActions(a.sup, id)).toEqual([
        ...(type === 'DISMISSED' ? ['ORDER_TO_RESUME'] : []),
        ...(type === 'ORDERED_TO_PERFORM' ? ['RECORD_PERFORMANCE'] : []),
        'SUPERVISE_COMPLIANCE',
        'UNDO',
      ]);
    },
  );

  it(`R07 49: REVOKED with remakeOrdered records the default 60-day remake deadline (${R.regime})`, async () => {
    const id = await reviewedCase();
    const decided = await step(
      a.sup,
      id,
      'DECIDE',
      decideBody('REVOKED', d.decided, R.decisions[2]!.cite, { remakeOrdered: true }),
    );
    expect(decided).toMatchObject({ state: 'DECIDED', outcome: 'REVOKED', concludedOn: d.decided });
    expect(decided.facts.remakeDeadlineDays).toBe(60);
  });

  it(`R07 49: REVOKED with remakeOrdered keeps an explicit remake deadline (${R.regime})`, async () => {
    const id = await reviewedCase();
    const decided = await step(
      a.sup,
      id,
      'DECIDE',
      decideBody('REVOKED', d.decided, R.decisions[2]!.cite, { remakeOrdered: true, remakeDeadlineDays: 30 }),
    );
    expect(decided.facts.remakeDeadlineDays).toBe(30);
  });

  it(`R07 49: a remake order does not go with an uphold (${R.decisions[0]!.cite})`, async () => {
    const id = await reviewedCase();
    const res = await a.sup.act(
      id,
      'DECIDE',
      decideBody('UPHELD', d.decided, R.decisions[0]!.cite, { remakeOrdered: true }),
    );
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'REMAKE_ORDER_NOT_ALLOWED' });
    expect((await caseView(a.clerk, id)).state).toBe('UNDER_REVIEW');
  });

  it(`R07 49: remakeDeadlineDays without remakeOrdered is refused (${R.decisions[2]!.cite})`, async () => {
    const id = await reviewedCase();
    const res = await a.sup.act(
      id,
      'DECIDE',
      decideBody('REVOKED', d.decided, R.decisions[2]!.cite, { remakeDeadlineDays: 30 }),
    );
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'REMAKE_ORDER_NOT_ALLOWED' });
  });

  if (R.regime === 'L2017') {
    it('L17 28(1)(3): under L2017 confirming illegality may also order the act remade (R07 49: 60 days)', async () => {
      const id = await reviewedCase();
      const decided = await step(
        a.sup,
        id,
        'DECIDE',
        decideBody('CONFIRMED_ILLEGAL', d.decided, 'L17 28(1)(3)', { remakeOrdered: true }),
      );
      expect(decided).toMatchObject({ outcome: 'CONFIRMED_ILLEGAL' });
      expect(decided.facts.remakeDeadlineDays).toBe(60);
    });
  } else {
    it('L23 64, 65: under L2023 only revocation orders the act remade; CONFIRMED_ILLEGAL with a remake order is 422', async () => {
      const id = await reviewedCase();
      const res = await a.sup.act(
        id,
        'DECIDE',
        decideBody('CONFIRMED_ILLEGAL', d.decided, 'L23 65', { remakeOrdered: true }),
      );
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'REMAKE_ORDER_NOT_ALLOWED' });
    });
  }

  it(`R07 32: DECIDE needs at least two handlers (${R.regime})`, async () => {
    const id = await newCase();
    await step(a.officer, id, 'ACCEPT', {
      occurredOn: d.accepted,
      ...(R.regime === 'L2023' ? { procedure: 'ORDINARY' } : {}),
    });
    await step(a.officer, id, 'SEND_COPY', { occurredOn: d.copySent });
    await step(a.officer, id, 'HEAR_OPINIONS', { occurredOn: d.copySent, result: 'HEARD' }); // L23 49
    const body = decideBody('UPHELD', d.decided, R.decisions[0]!.cite);
    const refused = await a.sup.act(id, 'DECIDE', body);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('HANDLERS_REQUIRED');
    await assignTwoHandlers(a.officer, id);
    await step(a.sup, id, 'DECIDE', body);
    await expectConcluded(id, 'DECIDED', 'UPHELD', d.decided);
    expect(await historyActions(a.clerk, id)).toEqual([
      'REGISTER',
      'ACCEPT',
      'SEND_COPY',
      'HEAR_OPINIONS',
      'ASSIGN_HANDLERS',
      'DECIDE',
    ]);
  });

  // ── Mediation ─────────────────────────────────────────────────────────────────────────────────────────────────

  it(`${R.mediation.cite}: START_MEDIATION then DECIDE MEDIATED → MEDIATED, served and closed`, async () => {
    const id = await reviewedCase();
    const started = await step(a.officer, id, 'START_MEDIATION', { occurredOn: d.mediationStarted, kind: 'MEDIATION' });
    expect(started).toMatchObject({ state: 'MEDIATION' });
    expect(started.facts.mediationKind).toBe('MEDIATION');

    // A merits decision cannot be made while mediating (R07 50 ¶3 / L23 73 ¶2).
    const merits = await a.sup.act(id, 'DECIDE', decideBody('UPHELD', d.decided, R.decisions[0]!.cite));
    expect(merits.body.code).toBe('DECISION_TYPE_NOT_ALLOWED_NOW');
    expect((await caseView(a.clerk, id)).state).toBe('MEDIATION');

    await step(a.sup, id, 'DECIDE', decideBody('MEDIATED', d.decided, R.mediation.cite));
    await expectConcluded(id, 'DECIDED', 'MEDIATED', d.decided);
    await step(a.clerk, id, 'SERVE_DECISION', { occurredOn: d.served });
    await step(a.officer, id, 'CLOSE', { occurredOn: d.closed });
    await expectConcluded(id, 'CLOSED', 'MEDIATED', d.decided);
    expect(await historyActions(a.clerk, id)).toEqual([
      ...REVIEW_PATH,
      'START_MEDIATION',
      'DECIDE',
      'SERVE_DECISION',
      'CLOSE',
    ]);
  });

  it(`${R.mediation.failed}: MEDIATION_FAILED returns to UNDER_REVIEW and the merits are decided`, async () => {
    const id = await reviewedCase();
    await step(a.officer, id, 'START_MEDIATION', { occurredOn: d.mediationStarted, kind: 'SETTLEMENT' });
    const failed = await step(a.officer, id, 'MEDIATION_FAILED', { occurredOn: d.extended });
    expect(failed).toMatchObject({ state: 'UNDER_REVIEW', outcome: null });
    expect(failed.facts.mediationKind).toBeNull();

    // A mediation statement can only conclude a mediation.
    const mediated = await a.sup.act(id, 'DECIDE', decideBody('MEDIATED', d.decided, R.mediation.cite));
    expect(mediated.body.code).toBe('DECISION_TYPE_NOT_ALLOWED_NOW');

    await step(a.sup, id, 'DECIDE', decideBody('UPHELD', d.decided, R.decisions[0]!.cite));
    await expectConcluded(id, 'DECIDED', 'UPHELD', d.decided);
    expect(await historyActions(a.clerk, id)).toEqual([
      ...REVIEW_PATH,
      'START_MEDIATION',
      'MEDIATION_FAILED',
      'DECIDE',
    ]);
  });

  it(`${R.mediation.cite}: a settlement (和解) ends with TERMINATE ground SETTLEMENT, not a mediation statement`, async () => {
    const id = await reviewedCase();
    await step(a.officer, id, 'START_MEDIATION', { occurredOn: d.mediationStarted, kind: 'SETTLEMENT' });
    const mediated = await a.sup.act(id, 'DECIDE', decideBody('MEDIATED', d.decided, R.mediation.cite));
    expect(mediated.body.code).toBe('DECISION_TYPE_NOT_ALLOWED_NOW');
    await step(a.sup, id, 'TERMINATE', {
      occurredOn: d.decided,
      ground: 'SETTLEMENT',
      documentNumber: `台政复终字〔${R.year}〕5号`,
      reasons: '当事人达成和解，申请人撤回申请',
    });
    const view = await expectConcluded(id, 'TERMINATED', 'TERMINATED', d.decided);
    expect(view.facts.terminationGround).toBe('SETTLEMENT');
    expect(await historyActions(a.clerk, id)).toEqual([...REVIEW_PATH, 'START_MEDIATION', 'TERMINATE']);
  });

  // ── Termination ───────────────────────────────────────────────────────────────────────────────────────────────

  it.each([
    [R.terminate.withdrawal, 'WITHDRAWAL_APPROVED'],
    [R.terminate.corrected, 'WITHDRAWN_AFTER_RESPONDENT_CORRECTED'],
  ])('%s: TERMINATED with ground %s', async (_cite, ground) => {
    const id = await reviewedCase();
    await step(a.sup, id, 'TERMINATE', {
      occurredOn: d.decided,
      ground,
      documentNumber: `台政复终字〔${R.year}〕1号`,
      reasons: '申请人撤回行政复议申请，准予撤回',
    });
    const view = await expectConcluded(id, 'TERMINATED', 'TERMINATED', d.decided);
    expect(view.facts.terminationGround).toBe(ground);
    expect(await historyActions(a.clerk, id)).toEqual([...REVIEW_PATH, 'TERMINATE']);
    expect(await availableActions(a.sup, id)).toEqual(['UNDO']);
  });

  it(`${R.terminate.sixtyDays}: SUSPEND on ${R.suspension.qualifying}; TERMINATE is 422 before 60 days, allowed at 60`, async () => {
    const id = await reviewedCase();
    const suspended = await step(a.officer, id, 'SUSPEND', {
      occurredOn: d.suspended,
      ground: R.suspension.qualifying,
      documentNumber: `台政复中字〔${R.year}〕1号`,
    });
    expect(suspended.state).toBe('SUSPENDED');
    const body = {
      ground: 'SUSPENSION_EXCEEDED_60_DAYS',
      documentNumber: `台政复终字〔${R.year}〕2号`,
      reasons: '中止满60日，中止原因仍未消除',
    };
    const day59 = `${R.year}-05-30`; // 59 days after 04-01
    const day60 = `${R.year}-05-31`;
    const early = await a.sup.act(id, 'TERMINATE', { ...body, occurredOn: day59 });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('SUSPENSION_NOT_YET_60_DAYS');
    expect((await caseView(a.clerk, id)).state).toBe('SUSPENDED');

    await step(a.sup, id, 'TERMINATE', { ...body, occurredOn: day60 });
    const view = await expectConcluded(id, 'TERMINATED', 'TERMINATED', day60);
    expect(view.facts.terminationGround).toBe('SUSPENSION_EXCEEDED_60_DAYS');
    // The open suspension is closed on the termination date.
    expect(view.facts.suspensions).toEqual([
      { from: d.suspended, to: day60, ground: R.suspension.qualifying, fromState: 'UNDER_REVIEW' },
    ]);
    expect(await historyActions(a.clerk, id)).toEqual([...REVIEW_PATH, 'SUSPEND', 'TERMINATE']);
  });

  it(`${R.terminate.sixtyDays}: a suspension on a non-qualifying ground never allows SUSPENSION_EXCEEDED_60_DAYS`, async () => {
    const id = await reviewedCase();
    await step(a.officer, id, 'SUSPEND', { occurredOn: d.suspended, ground: R.suspension.notQualifying });
    const res = await a.sup.act(id, 'TERMINATE', {
      occurredOn: `${R.year}-08-01`,
      ground: 'SUSPENSION_EXCEEDED_60_DAYS',
      documentNumber: `台政复终字〔${R.year}〕3号`,
      reasons: '中止满60日',
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('SUSPENSION_NOT_YET_60_DAYS');
    expect((await caseView(a.clerk, id)).state).toBe('SUSPENDED');
  });

  // ── Suspension, extension ─────────────────────────────────────────────────────────────────────────────────────

  it(`${R.suspension.cite}, ${R.suspension.resume}: SUSPEND/RESUME keeps every suspension interval in facts.suspensions`, async () => {
    const id = await reviewedCase();
    await step(a.officer, id, 'SUSPEND', { occurredOn: d.suspended, ground: R.suspension.notQualifying });
    const resumed = await step(a.officer, id, 'RESUME', { occurredOn: d.resumed });
    expect(resumed.state).toBe('UNDER_REVIEW');
    await step(a.officer, id, 'SUSPEND', { occurredOn: d.mediationStarted, ground: R.suspension.qualifying });
    const open = await caseView(a.clerk, id);
    expect(open.state).toBe('SUSPENDED');
    expect(open.facts.suspensions).toEqual([
      { from: d.suspended, to: d.resumed, ground: R.suspension.notQualifying, fromState: 'UNDER_REVIEW' },
      { from: d.mediationStarted, to: null, ground: R.suspension.qualifying, fromState: 'UNDER_REVIEW' },
    ]);
    await step(a.officer, id, 'RESUME', { occurredOn: d.extended });
    const view = await caseView(a.clerk, id);
    expect(view).toMatchObject({ state: 'UNDER_REVIEW', outcome: null });
    expect(view.facts.suspensions).toEqual([
      { from: d.suspended, to: d.resumed, ground: R.suspension.notQualifying, fromState: 'UNDER_REVIEW' },
      { from: d.mediationStarted, to: d.extended, ground: R.suspension.qualifying, fromState: 'UNDER_REVIEW' },
    ]);
    expect(await historyActions(a.clerk, id)).toEqual([...REVIEW_PATH, 'SUSPEND', 'RESUME', 'SUSPEND', 'RESUME']);
  });

  it(`${R.suspension.cite}: a suspension ground of the other regime is 422 CODE_NOT_IN_REGIME`, async () => {
    const id = await reviewedCase();
    const res = await a.officer.act(id, 'SUSPEND', { occurredOn: d.suspended, ground: R.suspension.foreign });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CODE_NOT_IN_REGIME');
    expect((await caseView(a.clerk, id)).state).toBe('UNDER_REVIEW');
  });

  it(`${R.extend}: EXTEND by a SUPERVISOR, 15 + 15 days: the law caps the total at 30, not the number`, async () => {
    const id = await reviewedCase();
    const officer = await a.officer.act(id, 'EXTEND', { occurredOn: d.extended, days: 30, reasons: '案情复杂' });
    expect(officer.status).toBe(403);
    const tooLong = await a.sup.act(id, 'EXTEND', { occurredOn: d.extended, days: 31, reasons: '案情复杂' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'days' })]));
    expect(await availableActions(a.sup, id)).toContain('EXTEND');

    const first = await step(a.sup, id, 'EXTEND', extendBody(R.regime, d.extended, 15));
    expect(first.facts).toMatchObject({ extensionDays: 15, extendedOn: d.extended });
    expect(await availableActions(a.sup, id)).toContain('EXTEND');
    // 15 + 16 would pass the cap: refused, naming the 30 days in all, and nothing is written.
    const over = await a.sup.act(id, 'EXTEND', extendBody(R.regime, d.decided, 16));
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('EXTENSION_CAP_EXCEEDED');
    expect(over.body.detail).toMatch(/30 days in all/);
    const second = await step(a.sup, id, 'EXTEND', extendBody(R.regime, d.decided, 15));
    expect(second.facts).toMatchObject({
      extensionDays: 30,
      extendedOn: d.decided,
      extensions: [
        { on: d.extended, days: 15 },
        { on: d.decided, days: 15 },
      ],
    });
    const third = await a.sup.act(id, 'EXTEND', extendBody(R.regime, d.decided, 1));
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({ code: 'ACTION_NOT_AVAILABLE', condition: 'extensionCapNotReached' });
    expect(await availableActions(a.sup, id)).not.toContain('EXTEND');
    expect(await historyActions(a.clerk, id)).toEqual([...REVIEW_PATH, 'EXTEND', 'EXTEND']);
    // The decision clock adds both extensions and lists each one.
    const clocks = await a.clerk.clocks(id);
    const decision = (
      clocks.body as { clocks: Array<{ clock: string; period: number; explanation: string[] }> }
    ).clocks.find((c) => c.clock === 'DECISION');
    expect(decision?.period).toBe(90);
    expect(decision?.explanation.filter((line) => line.includes('经批准延长 15 日'))).toHaveLength(2);
  });

  // ── UNDO ──────────────────────────────────────────────────────────────────────────────────────────────────────

  it(`${R.accept}: UNDO of ACCEPT by a SUPERVISOR returns the case to RECEIVED; history keeps both events`, async () => {
    const id = await newCase();
    await step(a.officer, id, 'ACCEPT', {
      occurredOn: d.accepted,
      ...(R.regime === 'L2023' ? { procedure: 'ORDINARY' } : {}),
    });
    expect(await availableActions(a.sup, id)).toContain('UNDO');
    const before = await caseView(a.clerk, id);

    const undone = await step(a.sup, id, 'UNDO', { reason: '受理日期录入错误' });
    expect(undone).toMatchObject({ state: 'RECEIVED', acceptedOn: null, procedure: null });
    expect(undone.version).toBe((before.version as number) + 1);
    expect(undone.facts).toMatchObject({ lastActOn: d.received, acceptedOn: null });

    const events = await historyOf(a.clerk, id);
    expect(events.map((e) => [e.action, e.undone])).toEqual([
      ['REGISTER', false],
      ['ACCEPT', true],
      ['UNDO', false],
    ]);
    expect(events[2]).toMatchObject({
      undoesSeq: 2,
      stateBefore: 'ACCEPTED',
      stateAfter: 'RECEIVED',
      payload: expect.objectContaining({ reason: '受理日期录入错误', undoneAction: 'ACCEPT' }),
    });

    const actions = await availableActions(a.sup, id);
    expect(actions).toEqual(expect.arrayContaining(['ACCEPT', 'NOT_ACCEPT', 'REQUEST_CORRECTION', 'WITHDRAW']));
    expect(actions).not.toContain('SEND_COPY');
    expect(actions).not.toContain('UNDO');

    // The restored state accepts a fresh act, even dated before the undone one.
    await step(a.officer, id, 'ACCEPT', {
      occurredOn: d.correctionRequested,
      ...(R.regime === 'L2023' ? { procedure: 'ORDINARY' } : {}),
    });
    // L17 17 ¶2: under L2017 accepted in law from receipt; under L2023 an ACCEPT within the review from its date.
    expect((await caseView(a.clerk, id)).acceptedOn).toBe(R.regime === 'L2017' ? d.received : d.correctionRequested);
  });

  it(`${R.decideEventBasis}: UNDO of DECIDE reopens the review and clears the outcome`, async () => {
    const id = await reviewedCase();
    await step(a.sup, id, 'DECIDE', decideBody('UPHELD', d.decided, R.decisions[0]!.cite));
    const undone = await step(a.sup, id, 'UNDO', { reason: '决定书编号错误' });
    expect(undone).toMatchObject({ state: 'UNDER_REVIEW', outcome: null, concludedOn: null, decidedOn: null });
    expect(undone.facts).toMatchObject({ decisionType: null, handlerCount: 2, replyReceivedOn: d.replyReceived });
    expect(await availableActions(a.sup, id)).toEqual(expect.arrayContaining(['DECIDE', 'UNDO']));
    const events = await historyOf(a.clerk, id);
    expect(events.map((e) => e.action)).toEqual([...REVIEW_PATH, 'DECIDE', 'UNDO']);
    expect(events.filter((e) => e.undone).map((e) => e.action)).toEqual(['DECIDE']);
  });

  it(`${R.notAccept.cite}: UNDO of a NOT_ACCEPT reopens a terminal case; repeated UNDO walks further back`, async () => {
    const id = await newCase();
    await step(a.officer, id, 'REQUEST_CORRECTION', {
      occurredOn: d.correctionRequested,
      items: ['身份证明'],
      correctionDueOn: d.correctionDue,
    });
    await step(a.clerk, id, 'RECEIVE_CORRECTION', { occurredOn: d.correctionReceived });
    await step(a.sup, id, 'NOT_ACCEPT', {
      occurredOn: d.refusedAfterCorrection,
      ground: R.notAccept.ground,
      documentNumber: `台政复不受字〔${R.year}〕9号`,
      reasons: '不属于行政复议范围',
    });
    expect((await step(a.sup, id, 'UNDO', { reason: '误操作' })).state).toBe('RECEIVED');
    const second = await step(a.sup, id, 'UNDO', { reason: '补正材料尚未收到' });
    expect(second).toMatchObject({ state: 'CORRECTION_REQUESTED', outcome: null });
    expect(second.facts.correctionReceivedOn).toBeNull();
    const events = await historyOf(a.clerk, id);
    expect(events.map((e) => [e.action, e.undone, e.undoesSeq])).toEqual([
      ['REGISTER', false, null],
      ['REQUEST_CORRECTION', false, null],
      ['RECEIVE_CORRECTION', true, null],
      ['NOT_ACCEPT', true, null],
      ['UNDO', false, 4],
      ['UNDO', false, 3],
    ]);
  });

  it(`${R.accept}: UNDO by an OFFICER is 403 and changes nothing`, async () => {
    const id = await newCase();
    await step(a.officer, id, 'ACCEPT', {
      occurredOn: d.accepted,
      ...(R.regime === 'L2023' ? { procedure: 'ORDINARY' } : {}),
    });
    expect(await availableActions(a.officer, id)).not.toContain('UNDO');
    const res = await a.officer.act(id, 'UNDO', { reason: '想撤销' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect((await caseView(a.clerk, id)).state).toBe('ACCEPTED');
    expect(await historyActions(a.clerk, id)).toEqual(['REGISTER', 'ACCEPT']);
  });

  it(`R07 32: UNDO with nothing to undo is 409 NOTHING_TO_UNDO (registration and handler assignment are not undoable)`, async () => {
    const id = await newCase();
    const fresh = await a.sup.act(id, 'UNDO', { reason: '测试' });
    expect(fresh.status).toBe(409);
    expect(fresh.body.code).toBe('NOTHING_TO_UNDO');
    await assignTwoHandlers(a.officer, id);
    const afterHandlers = await a.sup.act(id, 'UNDO', { reason: '测试' });
    expect(afterHandlers.status).toBe(409);
    expect(afterHandlers.body.code).toBe('NOTHING_TO_UNDO');
    expect(await availableActions(a.sup, id)).not.toContain('UNDO');
    expect(await historyActions(a.clerk, id)).toEqual(['REGISTER', 'ASSIGN_HANDLERS']);
  });

  // ── Roles ─────────────────────────────────────────────────────────────────────────────────────────────────────

  it(`${R.decideEventBasis}: CLERK registers, OFFICER accepts and sends the copy, only a SUPERVISOR decides`, async () => {
    const id = await newCase();
    await toUnderReview(a, id, R.regime, d);

    const officerActions = await availableActions(a.officer, id);
    expect(officerActions).toEqual(expect.arrayContaining(['HOLD_HEARING', 'SUSPEND', 'START_MEDIATION']));
    for (const signing of ['DECIDE', 'EXTEND', 'TERMINATE', 'UNDO']) {
      expect(officerActions).not.toContain(signing);
    }
    const clerkActions = await availableActions(a.clerk, id);
    expect(clerkActions).not.toContain('DECIDE');
    const supActions = await availableActions(a.sup, id);
    expect(supActions).toEqual(expect.arrayContaining(['DECIDE', 'EXTEND', 'TERMINATE', 'UNDO', 'SUSPEND']));
    expect(supActions).not.toContain('RECEIVE_REPLY'); // guard replyNotYetReceived

    const decideAction = (await a.sup.actions(id)).body.actions.find((x: { action: string }) => x.action === 'DECIDE');
    expect(decideAction.requiredFields).toEqual(
      expect.arrayContaining(['occurredOn', 'decisionType', 'documentNumber', 'legalBasis', 'reasons']),
    );

    const body = decideBody('UPHELD', d.decided, R.decisions[0]!.cite);
    const byOfficer = await a.officer.act(id, 'DECIDE', body);
    expect(byOfficer.status).toBe(403);
    await step(a.sup, id, 'DECIDE', body);

    const events = await historyOf(a.clerk, id);
    const actorOf = (action: string) =>
      (events.find((e) => e.action === action) as unknown as { actorName: string }).actorName;
    expect(actorOf('REGISTER')).toMatch(/CLERK/);
    expect(actorOf('ACCEPT')).toMatch(/OFFICER/);
    expect(actorOf('SEND_COPY')).toMatch(/OFFICER/);
    expect(actorOf('RECEIVE_REPLY')).toMatch(/CLERK/);
    expect(actorOf('DECIDE')).toMatch(/SUPERVISOR/);
  });
});

// ── Rules that exist under one regime only ────────────────────────────────────────────────────────────────────

describe('regime-specific rules', () => {
  const d17 = datesFor(2021);
  const d23 = datesFor(2024);

  it('L17 15 ¶2, 18: TRANSFER under L2017 → TRANSFERRED', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await step(a.officer, id, 'TRANSFER', {
      occurredOn: d17.correctionRequested,
      receivingOrgan: '台前县市场监督管理局上级主管部门',
      applicantNotifiedOn: d17.correctionRequested,
    });
    expect(await caseView(a.clerk, id)).toMatchObject({
      state: 'TRANSFERRED',
      outcome: 'TRANSFERRED',
      concludedOn: d17.correctionRequested,
    });
    const events = await historyOf(a.clerk, id);
    expect(events.map((e) => e.action)).toEqual(['REGISTER', 'TRANSFER']);
    expect(events[1]?.legalBasis).toBe('L17 15 ¶2, 18');
  });

  it('L17 15 ¶2: TRANSFER under L2023 is 409 (L23 has no transfer channel)', async () => {
    const id = await registerCase(a.clerk, d23.received);
    const res = await a.officer.act(id, 'TRANSFER', { occurredOn: d23.correctionRequested, receivingOrgan: '某机关' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ILLEGAL_TRANSITION');
    expect(res.body.allowedActions).not.toContain('TRANSFER');
    expect(res.body.allowedActions).toContain('ACCEPT');
    expect(await availableActions(a.officer, id)).not.toContain('TRANSFER');
    expect((await caseView(a.clerk, id)).state).toBe('RECEIVED');
  });

  it('L23 67: CONFIRMED_VOID only under L2023; under L2017 → 422 CODE_NOT_IN_REGIME', async () => {
    const id = await registerCase(a.clerk, d17.received);
    await toUnderReview(a, id, 'L2017', d17);
    const res = await a.sup.act(id, 'DECIDE', decideBody('CONFIRMED_VOID', d17.decided, 'L23 67'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CODE_NOT_IN_REGIME');
    expect(await caseView(a.clerk, id)).toMatchObject({ state: 'UNDER_REVIEW', outcome: null });
    expect(await historyActions(a.clerk, id)).toEqual(REVIEW_PATH);
  });

  it('L23 36: under L2023 ACCEPT must name the procedure (422 FIELD_REQUIRED_BY_LAW without it)', async () => {
    const id = await registerCase(a.clerk, d23.received);
    const res = await a.officer.act(id, 'ACCEPT', { occurredOn: d23.accepted });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('FIELD_REQUIRED_BY_LAW');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'procedure' })]);
    const accepted = await step(a.officer, id, 'ACCEPT', { occurredOn: d23.accepted, procedure: 'ORDINARY' });
    // L23 30 ¶3: recorded after the review ran out, the acceptance counts from the review's last day.
    expect(accepted).toMatchObject({ state: 'ACCEPTED', procedure: 'ORDINARY', acceptedOn: d23.reviewEnds });
  });

  it('L23 53: the simplified procedure does not exist under L2017 (422); L2017 acceptance is ORDINARY (L17 17)', async () => {
    const id = await registerCase(a.clerk, d17.received, {
      contestedAct: {
        title: '警告',
        category: 'ADMINISTRATIVE_PENALTY',
        managementDomain: 'PUBLIC_SECURITY',
        onTheSpot: true,
      },
    });
    const res = await a.officer.act(id, 'ACCEPT', { occurredOn: d17.accepted, procedure: 'SIMPLIFIED' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CODE_NOT_IN_REGIME');
    const accepted = await step(a.officer, id, 'ACCEPT', { occurredOn: d17.accepted });
    expect(accepted).toMatchObject({ state: 'ACCEPTED', procedure: 'ORDINARY' });
  });

  it('L23 53: SIMPLIFIED without eligibility (fine > 3000, not on the spot, no disclosure, no consent) is 422', async () => {
    const id = await registerCase(a.clerk, d23.received); // factory: ADMINISTRATIVE_PENALTY, fine 5000
    const res = await a.officer.act(id, 'ACCEPT', { occurredOn: d23.accepted, procedure: 'SIMPLIFIED' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('SIMPLIFIED_PROCEDURE_NOT_ELIGIBLE');
    expect((await caseView(a.clerk, id)).state).toBe('RECEIVED');
    expect(await historyActions(a.clerk, id)).toEqual(['REGISTER']);
  });

  const penalty = { title: '行政处罚决定书', category: 'ADMINISTRATIVE_PENALTY', managementDomain: 'PUBLIC_SECURITY' };
  it.each([
    ['L23 53(1): an act made on the spot', { ...penalty, amountInvolvedYuan: 5000, onTheSpot: true }, {}],
    ['L23 53(3): an amount of at most 3,000 yuan', { ...penalty, amountInvolvedYuan: 3000 }, {}],
    ['L23 53(2): a warning or reprimand', { ...penalty, warningOrReprimand: true }, {}],
    [
      'L23 53(4): an information-disclosure case',
      { title: '政府信息公开答复', category: 'INFORMATION_DISCLOSURE', managementDomain: 'OTHER' },
      {},
    ],
    ['L23 53 ¶2: the parties consent', { ...penalty, amountInvolvedYuan: 5000 }, { partiesConsentToSimplified: true }],
  ])('%s makes the SIMPLIFIED procedure available', async (_label, contestedAct, extra) => {
    const id = await registerCase(a.clerk, d23.received, { contestedAct });
    const accepted = await step(a.officer, id, 'ACCEPT', {
      occurredOn: d23.accepted,
      procedure: 'SIMPLIFIED',
      ...extra,
    });
    expect(accepted).toMatchObject({ state: 'ACCEPTED', procedure: 'SIMPLIFIED' });
  });

  it('L23 62 ¶2, 55: a SIMPLIFIED case cannot EXTEND (409) until CONVERT_TO_ORDINARY', async () => {
    const id = await registerCase(a.clerk, d23.received, {
      contestedAct: { ...penalty, amountInvolvedYuan: 200 },
    });
    await toUnderReview(a, id, 'L2023', d23, { procedure: 'SIMPLIFIED' });
    const extend = extendBody('L2023', d23.extended, 30);
    const refused = await a.sup.act(id, 'EXTEND', extend);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'ACTION_NOT_AVAILABLE', condition: 'ordinaryProcedure' });
    const offered = await availableActions(a.sup, id);
    expect(offered).not.toContain('EXTEND');
    expect(offered).toContain('CONVERT_TO_ORDINARY');
    // L23 55: conversion needs the approval of the office head, like an extension (L23 62 ¶1).
    expect(await availableActions(a.officer, id)).not.toContain('CONVERT_TO_ORDINARY');
    const byOfficer = await a.officer.act(id, 'CONVERT_TO_ORDINARY', { occurredOn: d23.extended, reasons: 'x' });
    expect({ status: byOfficer.status, code: byOfficer.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });

    const converted = await step(a.sup, id, 'CONVERT_TO_ORDINARY', {
      occurredOn: d23.mediationStarted,
      reasons: '案情复杂，不宜适用简易程序',
    });
    expect(converted).toMatchObject({ state: 'UNDER_REVIEW', procedure: 'ORDINARY' });
    expect(converted.facts.convertedToOrdinaryOn).toBe(d23.mediationStarted);
    expect(await availableActions(a.sup, id)).not.toContain('CONVERT_TO_ORDINARY');

    await step(a.sup, id, 'EXTEND', extend);
    expect((await caseView(a.clerk, id)).facts.extensionDays).toBe(30);
    expect(await historyActions(a.clerk, id)).toEqual([...REVIEW_PATH, 'CONVERT_TO_ORDINARY', 'EXTEND']);
  });

  it('L23 55: CONVERT_TO_ORDINARY is 409 for an ORDINARY case, and does not exist under L2017', async () => {
    const id23 = await registerCase(a.clerk, d23.received);
    await toUnderReview(a, id23, 'L2023', d23);
    const ordinary = await a.sup.act(id23, 'CONVERT_TO_ORDINARY', { occurredOn: d23.extended, reasons: 'x' });
    expect(ordinary.status).toBe(409);
    expect(ordinary.body).toMatchObject({ code: 'ACTION_NOT_AVAILABLE', condition: 'simplifiedProcedure' });

    const id17 = await registerCase(a.clerk, d17.received);
    await toUnderReview(a, id17, 'L2017', d17);
    const l17 = await a.sup.act(id17, 'CONVERT_TO_ORDINARY', { occurredOn: d17.extended, reasons: 'x' });
    expect(l17.status).toBe(409);
    expect(l17.body.code).toBe('ILLEGAL_TRANSITION');
  });

  it('L23 31 ¶1: under L2023 correction is requested only once (second REQUEST_CORRECTION is 409 ACTION_NOT_AVAILABLE)', async () => {
    const id = await registerCase(a.clerk, d23.received);
    await step(a.officer, id, 'REQUEST_CORRECTION', {
      occurredOn: d23.correctionRequested,
      items: ['身份证明', '行政行为材料'],
      correctionDueOn: d23.correctionDue,
    });
    const received = await step(a.clerk, id, 'RECEIVE_CORRECTION', { occurredOn: d23.correctionReceived });
    expect(received.state).toBe('RECEIVED'); // L23 31 ¶3: a fresh acceptance review
    expect(await availableActions(a.officer, id)).not.toContain('REQUEST_CORRECTION');
    const again = await a.officer.act(id, 'REQUEST_CORRECTION', {
      occurredOn: d23.correctionDue,
      items: ['补充材料'],
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'ACTION_NOT_AVAILABLE',
      condition: 'correctionNotYetRequestedUnderL2023',
    });
    await step(a.officer, id, 'ACCEPT', { occurredOn: d23.accepted, procedure: 'ORDINARY' });
    expect(await historyActions(a.clerk, id)).toEqual([
      'REGISTER',
      'REQUEST_CORRECTION',
      'RECEIVE_CORRECTION',
      'ACCEPT',
    ]);
  });

  it('L23 31 ¶2, 88: without a correctionDueOn, DEEM_WITHDRAWN within the 10 working days is 422 CORRECTION_PERIOD_NOT_OVER', async () => {
    // L23 31 ¶2: the applicant has 10 days (working days, L23 88) from receiving the notice; only failing to supply
    // the materials in that period without good reason lets the application be deemed withdrawn.
    const id = await registerCase(a.clerk, '2024-03-01');
    await step(a.officer, id, 'REQUEST_CORRECTION', {
      occurredOn: '2024-03-04',
      items: ['身份证明'],
      servedOn: '2024-03-04',
    });
    const res = await a.officer.act(id, 'DEEM_WITHDRAWN', { occurredOn: '2024-03-05', reasons: '未补正' });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'CORRECTION_PERIOD_NOT_OVER' });
    expect(await caseView(a.clerk, id)).toMatchObject({ state: 'CORRECTION_REQUESTED', outcome: null });
  });

  it('L23 31 ¶2, 88: a notice cannot shorten the statutory 10 working days: no DEEM_WITHDRAWN 3 days after the notice', async () => {
    // L23 31 ¶2 gives the applicant 10 working days from receiving the notice; the organ may extend that period for
    // good cause, never shorten it. Either the short deadline is refused with the notice, or DEEM_WITHDRAWN is.
    const id = await registerCase(a.clerk, '2024-03-01');
    const notice = await a.officer.act(id, 'REQUEST_CORRECTION', {
      occurredOn: '2024-03-04',
      items: ['身份证明'],
      correctionDueOn: '2024-03-06',
    });
    expect([200, 422]).toContain(notice.status);
    const deem = await a.officer.act(id, 'DEEM_WITHDRAWN', { occurredOn: '2024-03-07', reasons: '逾期未补正' });
    expect(deem.status).not.toBe(200);
    expect((await caseView(a.clerk, id)).state).not.toBe('DEEMED_WITHDRAWN');
  });

  it('R07 29: an L2017 notice must state a period; RECEIVE_CORRECTION then a second REQUEST_CORRECTION is allowed', async () => {
    const id = await registerCase(a.clerk, d17.received);
    const noPeriod = await a.officer.act(id, 'REQUEST_CORRECTION', {
      occurredOn: d17.correctionRequested,
      items: ['身份证明'],
    });
    expect({ status: noPeriod.status, code: noPeriod.body.code }).toEqual({
      status: 422,
      code: 'FIELD_REQUIRED_BY_LAW',
    });
    expect(noPeriod.body.errors).toEqual([expect.objectContaining({ path: 'correctionDueOn' })]);
    await step(a.officer, id, 'REQUEST_CORRECTION', {
      occurredOn: d17.correctionRequested,
      items: ['身份证明'],
      correctionDueOn: d17.correctionDue,
    });
    await step(a.clerk, id, 'RECEIVE_CORRECTION', { occurredOn: d17.correctionReceived });
    expect(await availableActions(a.officer, id)).toContain('REQUEST_CORRECTION');
    const second = await step(a.officer, id, 'REQUEST_CORRECTION', {
      occurredOn: d17.correctionDue,
      items: ['行政处罚决定书原件'],
      correctionDueOn: '2021-03-30',
    });
    expect(second).toMatchObject({ state: 'CORRECTION_REQUESTED' });
    expect(second.facts).toMatchObject({ correctionRequestCount: 2, correctionDueOn: '2021-03-30' });
    await step(a.officer, id, 'DEEM_WITHDRAWN', { occurredOn: '2021-03-31', reasons: '逾期未补正' });
    expect(await caseView(a.clerk, id)).toMatchObject({
      state: 'DEEMED_WITHDRAWN',
      outcome: 'DEEMED_WITHDRAWN',
      concludedOn: '2021-03-31',
    });
    expect(await historyActions(a.clerk, id)).toEqual([
      'REGISTER',
      'REQUEST_CORRECTION',
      'RECEIVE_CORRECTION',
      'REQUEST_CORRECTION',
      'DEEM_WITHDRAWN',
    ]);
  });
});
