import { DEFAULT_CLOCK_OPTIONS, legalAcceptanceDate } from './clocks';
import type { CaseAction, LegalRegime } from '../code-lists/code-lists';
import { type CaseFacts, currentSuspension, initialFacts } from './case-facts';
import {
  DEFAULT_REMAKE_DEADLINE_DAYS,
  type FoldableEvent,
  applyAction,
  effectiveEvents,
  isUndoable,
  lastUndoableEvent,
  replay,
} from './case-reducer';

/** CaseFacts for a case received on `receivedOn` under `regime`, with some facts overridden. */
function facts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  const regime = overrides.regime ?? 'L2023';
  const receivedOn = overrides.receivedOn ?? (regime === 'L2017' ? '2021-03-01' : '2024-03-01');
  return { ...initialFacts(regime, receivedOn), ...overrides };
}

/** A case under review, accepted on 2024-03-05 (L2023) or 2021-03-01 (L2017). */
function reviewFacts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  const regime = overrides.regime ?? 'L2023';
  const acceptedOn = regime === 'L2017' ? '2021-03-01' : '2024-03-05';
  return facts({
    state: 'UNDER_REVIEW',
    procedure: 'ORDINARY',
    acceptedOn,
    copySentOn: acceptedOn,
    lastActOn: acceptedOn,
    ...overrides,
  });
}

type Step = [CaseAction, string, Record<string, unknown>?];

/** Folds steps with applyAction. */
function run(start: CaseFacts, steps: Step[]): CaseFacts {
  return steps.reduce((f, [action, on, payload]) => applyAction(f, action, on, payload ?? {}), start);
}

/** Numbers steps as stored events, with REGISTER first. */
function events(regime: LegalRegime, receivedOn: string, steps: (Step | ['UNDO', string, number])[]): FoldableEvent[] {
  const out: FoldableEvent[] = [
    {
      seq: 1,
      action: 'REGISTER',
      occurredOn: receivedOn,
      payload: { legalRegime: regime, receivedOn },
      undoesSeq: null,
    },
  ];
  steps.forEach((s, i) => {
    const seq = i + 2;
    if (s[0] === 'UNDO') {
      out.push({ seq, action: 'UNDO', occurredOn: s[1], payload: { reason: '录入错误' }, undoesSeq: s[2] as number });
    } else {
      out.push({
        seq,
        action: s[0],
        occurredOn: s[1],
        payload: (s[2] as Record<string, unknown>) ?? {},
        undoesSeq: null,
      });
    }
  });
  return out;
}

const DECISION = { documentNumber: '台政复决字〔2024〕1号', reasons: '理由', legalBasis: 'L23 64' };

describe('applyAction: concluding actions set outcome and concludedOn', () => {
  it('L23 30 / R07 28: NOT_ACCEPT → NOT_ACCEPTED, with its ground', () => {
    const f = applyAction(facts(), 'NOT_ACCEPT', '2024-03-05', {
      ground: 'L23_30_4_OUT_OF_TIME',
      documentNumber: '台政复不受字〔2024〕1号',
      reasons: '超过申请期限',
    });
    expect(f).toMatchObject({
      state: 'NOT_ACCEPTED',
      outcome: 'NOT_ACCEPTED',
      concludedOn: '2024-03-05',
      notAcceptGround: 'L23_30_4_OUT_OF_TIME',
      // The ground is the outcome's detail (OUTCOME_DETAILS), which the statistics count.
      outcomeDetail: 'L23_30_4_OUT_OF_TIME',
      lastActOn: '2024-03-05',
    });
  });

  it('L17 17 ¶1: INFORM (告知) → INFORMED, a conclusion of its own with no ground of refusal', () => {
    const f = applyAction(facts({ regime: 'L2017' }), 'INFORM', '2021-03-04', { competentOrgan: '濮阳市人民政府' });
    expect(f).toMatchObject({
      state: 'INFORMED',
      outcome: 'INFORMED',
      outcomeDetail: null,
      concludedOn: '2021-03-04',
      notAcceptGround: null,
    });
  });

  it('every concluding act sets the detail the law has (OUTCOME_DETAILS), and null where the outcome says it all', () => {
    const withdrawn = applyAction(facts(), 'WITHDRAW', '2024-03-03', { reason: 'VOLUNTARY' });
    expect(withdrawn.outcomeDetail).toBe('VOLUNTARY');
    const terminated = applyAction(reviewFacts(), 'TERMINATE', '2024-04-01', { ground: 'CRIMINAL_MEASURES' });
    expect(terminated).toMatchObject({ outcome: 'TERMINATED', outcomeDetail: 'CRIMINAL_MEASURES' });
    const transferred = applyAction(facts({ regime: 'L2017' }), 'TRANSFER', '2021-03-05', { receivingOrgan: 'x' });
    expect(transferred.outcomeDetail).toBeNull();
    const deemed = run(facts(), [
      ['REQUEST_CORRECTION', '2024-03-04', { items: ['身份证明'], correctionDueOn: '2024-03-18' }],
      ['DEEM_WITHDRAWN', '2024-03-25', { reasons: '逾期未补正' }],
    ]);
    expect(deemed.outcomeDetail).toBeNull();
    const upheld = applyAction(reviewFacts(), 'DECIDE', '2024-04-01', { ...DECISION, decisionType: 'UPHELD' });
    expect(upheld.outcomeDetail).toBeNull();
  });

  it('R07 29 / L23 31 ¶2: DEEM_WITHDRAWN → DEEMED_WITHDRAWN', () => {
    const f = run(facts(), [
      ['REQUEST_CORRECTION', '2024-03-04', { items: ['身份证明'], correctionDueOn: '2024-03-18' }],
      ['DEEM_WITHDRAWN', '2024-03-25', { reasons: '逾期未补正' }],
    ]);
    expect(f).toMatchObject({ state: 'DEEMED_WITHDRAWN', outcome: 'DEEMED_WITHDRAWN', concludedOn: '2024-03-25' });
  });

  it('L17 25 / L23 74: WITHDRAW before acceptance → WITHDRAWN, with its reason', () => {
    const f = applyAction(facts(), 'WITHDRAW', '2024-03-03', { reason: 'SETTLED_BEFORE_ACCEPTANCE' });
    expect(f).toMatchObject({
      state: 'WITHDRAWN',
      outcome: 'WITHDRAWN',
      concludedOn: '2024-03-03',
      withdrawalReason: 'SETTLED_BEFORE_ACCEPTANCE',
    });
  });

  it('L17 15 ¶2, 18: TRANSFER → TRANSFERRED (L2017)', () => {
    const f = applyAction(facts({ regime: 'L2017' }), 'TRANSFER', '2021-03-05', { receivingOrgan: '濮阳市公安局' });
    expect(f).toMatchObject({ state: 'TRANSFERRED', outcome: 'TRANSFERRED', concludedOn: '2021-03-05' });
  });

  it('R07 42 / L23 41: TERMINATE → TERMINATED, with its ground', () => {
    const f = applyAction(reviewFacts(), 'TERMINATE', '2024-04-01', {
      ground: 'WITHDRAWAL_APPROVED',
      documentNumber: '台政复终字〔2024〕1号',
      reasons: '申请人撤回',
    });
    expect(f).toMatchObject({
      state: 'TERMINATED',
      outcome: 'TERMINATED',
      concludedOn: '2024-04-01',
      terminationGround: 'WITHDRAWAL_APPROVED',
    });
  });

  it.each(['UPHELD', 'DISMISSED', 'REVOKED', 'VARIED', 'CONFIRMED_ILLEGAL', 'ORDERED_TO_PERFORM', 'CONFIRMED_VOID'])(
    'L17 28 / L23 61: DECIDE %s → DECIDED, outcome = decision type, concluded on the decision date',
    (decisionType) => {
      const f = applyAction(reviewFacts(), 'DECIDE', '2024-04-20', { ...DECISION, decisionType });
      expect(f).toMatchObject({
        state: 'DECIDED',
        decisionType,
        decidedOn: '2024-04-20',
        decisionDocumentNumber: DECISION.documentNumber,
        outcome: decisionType,
        concludedOn: '2024-04-20',
      });
    },
  );

  it('R07 50 / L23 73: a mediation statement concludes a mediation as MEDIATED', () => {
    const f = run(reviewFacts(), [
      ['START_MEDIATION', '2024-03-20', { kind: 'MEDIATION' }],
      ['DECIDE', '2024-04-10', { ...DECISION, decisionType: 'MEDIATED' }],
    ]);
    expect(f).toMatchObject({ state: 'DECIDED', outcome: 'MEDIATED', concludedOn: '2024-04-10' });
  });

  it('L17 31 ¶3 / L23 75: service and closure keep the outcome and the conclusion date of the decision', () => {
    const f = run(reviewFacts(), [
      ['DECIDE', '2024-04-20', { ...DECISION, decisionType: 'UPHELD' }],
      ['SERVE_DECISION', '2024-04-23', {}],
      ['CLOSE', '2024-05-10', {}],
    ]);
    expect(f).toMatchObject({
      state: 'CLOSED',
      outcome: 'UPHELD',
      concludedOn: '2024-04-20',
      servedOn: '2024-04-23',
      closedOn: '2024-05-10',
      lastActOn: '2024-05-10',
    });
  });

  it('non-concluding actions leave outcome and concludedOn empty', () => {
    const f = run(facts(), [
      ['ACCEPT', '2024-03-04', { procedure: 'ORDINARY' }],
      ['SEND_COPY', '2024-03-06', {}],
      ['RECEIVE_REPLY', '2024-03-15', {}],
    ]);
    expect(f).toMatchObject({ outcome: null, concludedOn: null, state: 'UNDER_REVIEW' });
  });
});

describe('applyAction: the recorded facts', () => {
  it('R07 41 / L23 39: SUSPEND opens an interval; RESUME closes it; a second suspension opens a new one', () => {
    const f = run(reviewFacts(), [
      ['SUSPEND', '2024-03-10', { ground: 'L23_39_8_AWAITING_OTHER_CASE' }],
      ['RESUME', '2024-04-10', {}],
      ['SUSPEND', '2024-04-15', { ground: 'L23_39_1_APPLICANT_DIED' }],
    ]);
    expect(f.state).toBe('SUSPENDED');
    expect(f.suspensions).toEqual([
      { from: '2024-03-10', to: '2024-04-10', ground: 'L23_39_8_AWAITING_OTHER_CASE', fromState: 'UNDER_REVIEW' },
      { from: '2024-04-15', to: null, ground: 'L23_39_1_APPLICANT_DIED', fromState: 'UNDER_REVIEW' },
    ]);
    expect(currentSuspension(f)).toEqual({
      from: '2024-04-15',
      to: null,
      ground: 'L23_39_1_APPLICANT_DIED',
      fromState: 'UNDER_REVIEW',
    });
    const resumed = applyAction(f, 'RESUME', '2024-05-01', {});
    expect(resumed.state).toBe('UNDER_REVIEW');
    expect(resumed.suspensions[1]).toEqual({
      from: '2024-04-15',
      to: '2024-05-01',
      ground: 'L23_39_1_APPLICANT_DIED',
      fromState: 'UNDER_REVIEW',
    });
    expect(currentSuspension(resumed)).toBeUndefined();
  });

  it('R07 42 ¶2 / L23 41(5): TERMINATE closes an open suspension on the termination date', () => {
    const f = run(reviewFacts(), [
      ['SUSPEND', '2024-03-10', { ground: 'L23_39_1_APPLICANT_DIED' }],
      [
        'TERMINATE',
        '2024-05-09',
        { ground: 'SUSPENSION_EXCEEDED_60_DAYS', documentNumber: '台政复终字〔2024〕2号', reasons: '中止满60日' },
      ],
    ]);
    expect(f.suspensions).toEqual([
      { from: '2024-03-10', to: '2024-05-09', ground: 'L23_39_1_APPLICANT_DIED', fromState: 'UNDER_REVIEW' },
    ]);
    expect(currentSuspension(f)).toBeUndefined();
    expect(f).toMatchObject({ state: 'TERMINATED', terminationGround: 'SUSPENSION_EXCEEDED_60_DAYS' });
  });

  it('R07 42 / L23 41: TERMINATE leaves closed suspensions as they were', () => {
    const f = run(reviewFacts(), [
      ['SUSPEND', '2024-03-10', { ground: 'L23_39_8_AWAITING_OTHER_CASE' }],
      ['RESUME', '2024-03-20', {}],
      ['TERMINATE', '2024-04-01', { ground: 'WITHDRAWAL_APPROVED', documentNumber: 'x', reasons: 'y' }],
    ]);
    expect(f.suspensions).toEqual([
      { from: '2024-03-10', to: '2024-03-20', ground: 'L23_39_8_AWAITING_OTHER_CASE', fromState: 'UNDER_REVIEW' },
    ]);
  });

  it('L17 31 / L23 62: EXTEND records the days and the date, without changing the state', () => {
    const f = applyAction(reviewFacts(), 'EXTEND', '2024-04-25', { days: 20, reasons: '案情复杂' });
    expect(f).toMatchObject({
      state: 'UNDER_REVIEW',
      extensionDays: 20,
      extendedOn: '2024-04-25',
      lastActOn: '2024-04-25',
    });
  });

  it('L17 17: ACCEPT without a procedure records ORDINARY (L2017 knows one procedure)', () => {
    const f = applyAction(facts({ regime: 'L2017' }), 'ACCEPT', '2021-03-01', {});
    expect(f).toMatchObject({ state: 'ACCEPTED', procedure: 'ORDINARY' });
  });

  it('L23 36: ACCEPT records the chosen procedure and the acceptance date', () => {
    const f = applyAction(facts(), 'ACCEPT', '2024-03-06', { procedure: 'SIMPLIFIED' });
    expect(f).toMatchObject({ state: 'ACCEPTED', procedure: 'SIMPLIFIED', acceptedOn: '2024-03-06' });
  });

  it('L17 17 ¶2: under L2017 the application counts as accepted from the day it was received (即为受理); the ACCEPT act date stays on record', () => {
    const f = applyAction(facts({ regime: 'L2017', receivedOn: '2021-03-01' }), 'ACCEPT', '2021-03-04', {});
    expect(f.acceptedOn).toBe('2021-03-04');
    expect(legalAcceptanceDate(f, DEFAULT_CLOCK_OPTIONS)).toBe('2021-03-01');
    expect(legalAcceptanceDate(f, { l2017AcceptanceFromReceipt: false })).toBe('2021-03-04');
    const l23 = applyAction(facts({ regime: 'L2023', receivedOn: '2024-03-01' }), 'ACCEPT', '2024-03-04', {
      procedure: 'ORDINARY',
    });
    expect(legalAcceptanceDate(l23, DEFAULT_CLOCK_OPTIONS)).toBe('2024-03-04');
  });

  it('L23 55: CONVERT_TO_ORDINARY switches the procedure and records the date', () => {
    const f = applyAction(reviewFacts({ procedure: 'SIMPLIFIED' }), 'CONVERT_TO_ORDINARY', '2024-03-15', {
      reasons: '案情复杂',
    });
    expect(f).toMatchObject({ state: 'UNDER_REVIEW', procedure: 'ORDINARY', convertedToOrdinaryOn: '2024-03-15' });
  });

  it('R07 49: a remake order without a deadline gets the default of 60 days', () => {
    expect(DEFAULT_REMAKE_DEADLINE_DAYS).toBe(60);
    const f = applyAction(reviewFacts(), 'DECIDE', '2024-04-20', {
      ...DECISION,
      decisionType: 'REVOKED',
      remakeOrdered: true,
    });
    expect(f.remakeDeadlineDays).toBe(60);
  });

  it('R07 49: a remake order with its own deadline keeps it; no remake order → no deadline', () => {
    const withDeadline = applyAction(reviewFacts(), 'DECIDE', '2024-04-20', {
      ...DECISION,
      decisionType: 'REVOKED',
      remakeOrdered: true,
      remakeDeadlineDays: 30,
    });
    expect(withDeadline.remakeDeadlineDays).toBe(30);
    const noRemake = applyAction(reviewFacts(), 'DECIDE', '2024-04-20', { ...DECISION, decisionType: 'REVOKED' });
    expect(noRemake.remakeDeadlineDays).toBeNull();
  });

  it('R07 29 / L23 31: the correction request and its receipt are recorded; a new review starts in RECEIVED', () => {
    const f = run(facts({ regime: 'L2017' }), [
      ['REQUEST_CORRECTION', '2021-03-02', { items: ['身份证明'], correctionDueOn: '2021-03-12' }],
      ['RECEIVE_CORRECTION', '2021-03-10', {}],
    ]);
    expect(f).toMatchObject({
      state: 'RECEIVED',
      correctionRequestCount: 1,
      correctionRequestedOn: '2021-03-02',
      correctionDueOn: '2021-03-12',
      correctionReceivedOn: '2021-03-10',
    });
    const again = applyAction(f, 'REQUEST_CORRECTION', '2021-03-11', { items: ['委托书'] });
    expect(again).toMatchObject({
      state: 'CORRECTION_REQUESTED',
      correctionRequestCount: 2,
      correctionDueOn: null,
      correctionReceivedOn: null,
    });
  });

  it('L17 23 / L23 48–51: SEND_COPY, RECEIVE_REPLY, HEAR_OPINIONS, SCHEDULE_HEARING and HOLD_HEARING record their dates', () => {
    const f = run(facts(), [
      ['ACCEPT', '2024-03-04', { procedure: 'ORDINARY' }],
      ['SEND_COPY', '2024-03-06', {}],
      ['RECEIVE_REPLY', '2024-03-15', {}],
      ['HEAR_OPINIONS', '2024-03-18', { result: 'HEARD', method: 'TELEPHONE' }],
      ['SCHEDULE_HEARING', '2024-03-20', { hearingOn: '2024-03-27', place: '听证室', matters: '事实' }],
    ]);
    expect(f).toMatchObject({
      copySentOn: '2024-03-06',
      replyReceivedOn: '2024-03-15',
      opinionsHeardOn: '2024-03-18',
      opinionsResult: 'HEARD',
      hearingNoticeOn: '2024-03-20',
      hearingScheduledFor: '2024-03-27',
      hearingPending: true,
      hearingCount: 0,
    });
    const held = applyAction(f, 'HOLD_HEARING', '2024-03-27', {});
    expect(held).toMatchObject({ hearingCount: 1, lastHearingOn: '2024-03-27', hearingPending: false });
  });

  it('L23 49: a HOLD_HEARING recorded before the split with kind OPINIONS_HEARD is read as hearing opinions', () => {
    const f = run(facts(), [
      ['ACCEPT', '2024-03-04', { procedure: 'ORDINARY' }],
      ['SEND_COPY', '2024-03-06', {}],
      ['HOLD_HEARING', '2024-03-20', { kind: 'OPINIONS_HEARD' }],
      ['HOLD_HEARING', '2024-03-27', { kind: 'HEARING' }],
    ]);
    expect(f).toMatchObject({ opinionsHeardOn: '2024-03-20', hearingCount: 1, lastHearingOn: '2024-03-27' });
  });

  it('L17 28, 31 / L23 61, 62: DECIDE and EXTEND keep the approval; EXTEND the date the parties were told', () => {
    const approval = { kind: 'OFFICE_HEAD_APPROVAL', approverName: '李主任', approvedOn: '2024-04-28' };
    const f = run(reviewFacts(), [
      ['EXTEND', '2024-04-28', { days: 15, reasons: '复杂', approval, partiesNotifiedOn: '2024-04-29' }],
    ]);
    expect(f.extensionRecords).toEqual([{ on: '2024-04-28', approval, partiesNotifiedOn: '2024-04-29' }]);
    const d = applyAction(f, 'DECIDE', '2024-05-20', {
      ...DECISION,
      decisionType: 'ORDERED_TO_PERFORM',
      performanceDeadlineDays: 30,
      approval: { kind: 'COLLECTIVE_DISCUSSION', approverName: '县政府常务会议', approvedOn: '2024-05-18' },
    });
    expect(d).toMatchObject({
      performanceDeadlineDays: 30,
      decisionApproval: { kind: 'COLLECTIVE_DISCUSSION', approverName: '县政府常务会议', approvedOn: '2024-05-18' },
    });
  });

  it('R07 49; L23 66, 77: follow-up acts record the remade act, the performance and compliance measures', () => {
    const f = run(reviewFacts(), [
      ['DECIDE', '2024-05-20', { ...DECISION, decisionType: 'REVOKED', remakeOrdered: true }],
      ['SERVE_DECISION', '2024-05-22', {}],
      ['CLOSE', '2024-05-30', {}],
      ['SUPERVISE_COMPLIANCE', '2024-07-25', { measure: 'ORDER_TO_PERFORM_WITHIN_LIMIT', dueOn: '2024-08-10' }],
      ['SUPERVISE_COMPLIANCE', '2024-07-26', { measure: 'ADMONITORY_TALK' }],
      ['RECORD_REMADE_ACT', '2024-08-05', { documentNumber: '台市监罚〔2024〕9号' }],
    ]);
    expect(f).toMatchObject({
      state: 'CLOSED',
      remadeActOn: '2024-08-05',
      remadeActDocumentNumber: '台市监罚〔2024〕9号',
      complianceOrderedOn: '2024-07-25',
      complianceDueOn: '2024-08-10',
      compliedOn: '2024-08-05',
      outcome: 'REVOKED',
      concludedOn: '2024-05-20',
    });
    expect(f.complianceMeasures.map((m) => m.measure)).toEqual(['ORDER_TO_PERFORM_WITHIN_LIMIT', 'ADMONITORY_TALK']);
  });

  it('R07 50 ¶3 / L23 73 ¶2: MEDIATION_FAILED returns to review and clears the mediation kind', () => {
    const f = run(reviewFacts(), [
      ['START_MEDIATION', '2024-03-20', { kind: 'SETTLEMENT' }],
      ['MEDIATION_FAILED', '2024-03-30', {}],
    ]);
    expect(f).toMatchObject({ state: 'UNDER_REVIEW', mediationKind: null });
  });

  it('R07 32: ASSIGN_HANDLERS records the number of handlers in any state, without being a procedural act', () => {
    const f = applyAction(facts({ lastActOn: '2024-03-01' }), 'ASSIGN_HANDLERS', '2024-03-09', {
      handlers: ['张三', '李四'],
    });
    expect(f).toMatchObject({ handlerCount: 2, state: 'RECEIVED', lastActOn: '2024-03-01' });
    expect(applyAction(f, 'ASSIGN_HANDLERS', '2024-03-09', {}).handlerCount).toBe(0);
  });

  it('REGISTER, EDIT and UNDO leave the facts unchanged', () => {
    const f = reviewFacts();
    for (const action of ['REGISTER', 'EDIT', 'UNDO'] as const) {
      expect(applyAction(f, action, '2024-04-01', {})).toBe(f);
    }
  });

  it('applyAction is pure: it does not change the facts it is given', () => {
    const f = reviewFacts({ suspensions: [{ from: '2024-03-10', to: null, ground: 'L23_39_1_APPLICANT_DIED' }] });
    f.state = 'SUSPENDED';
    const before = structuredClone(f);
    applyAction(f, 'RESUME', '2024-03-20', {});
    applyAction(f, 'TERMINATE', '2024-05-20', {
      ground: 'SUSPENSION_EXCEEDED_60_DAYS',
      documentNumber: 'x',
      reasons: 'y',
    });
    expect(f).toEqual(before);
  });
});

describe('applyAction: an inconsistent history throws', () => {
  it.each([
    ['L2023', 'RECEIVED', 'DECIDE'],
    ['L2023', 'RECEIVED', 'TRANSFER'],
    ['L2017', 'UNDER_REVIEW', 'CONVERT_TO_ORDINARY'],
    ['L2023', 'CLOSED', 'CLOSE'],
    ['L2023', 'NOT_ACCEPTED', 'ACCEPT'],
    ['L2017', 'SUSPENDED', 'DECIDE'],
  ] as [LegalRegime, CaseFacts['state'], CaseAction][])('%s: %s from %s is refused', (regime, state, action) => {
    expect(() => applyAction(facts({ regime, state }), action, '2024-06-01', {})).toThrow(/History is inconsistent/);
  });

  it('replay() throws on a history that skips a step', () => {
    const history = events('L2023', '2024-03-01', [['SEND_COPY', '2024-03-04', {}]]);
    expect(() => replay({ legalRegime: 'L2023', receivedOn: '2024-03-01' }, history)).toThrow(/inconsistent/);
  });
});

describe('replay, effectiveEvents and UNDO', () => {
  const registration = { legalRegime: 'L2023' as const, receivedOn: '2024-03-01' };
  const fullPath: Step[] = [
    ['ASSIGN_HANDLERS', '2024-03-01', { handlers: ['张三', '李四'] }],
    ['REQUEST_CORRECTION', '2024-03-04', { items: ['身份证明'], correctionDueOn: '2024-03-18' }],
    ['RECEIVE_CORRECTION', '2024-03-11', {}],
    ['ACCEPT', '2024-03-13', { procedure: 'SIMPLIFIED' }],
    ['CONVERT_TO_ORDINARY', '2024-03-14', { reasons: '案情复杂' }],
    ['SEND_COPY', '2024-03-15', {}],
    ['RECEIVE_REPLY', '2024-03-25', {}],
    ['HEAR_OPINIONS', '2024-03-28', { result: 'HEARD' }],
    ['SUSPEND', '2024-04-01', { ground: 'L23_39_8_AWAITING_OTHER_CASE' }],
    ['RESUME', '2024-04-20', {}],
    ['START_MEDIATION', '2024-04-22', { kind: 'MEDIATION' }],
    ['MEDIATION_FAILED', '2024-04-30', {}],
    ['EXTEND', '2024-05-10', { days: 30, reasons: '案情复杂' }],
    ['DECIDE', '2024-06-01', { ...DECISION, decisionType: 'REVOKED', remakeOrdered: true }],
    ['SERVE_DECISION', '2024-06-03', {}],
    ['CLOSE', '2024-06-20', {}],
  ];

  it('replay() of a list of events equals folding applyAction over them', () => {
    const history = events('L2023', '2024-03-01', fullPath);
    const folded = run(initialFacts('L2023', '2024-03-01'), fullPath);
    expect(replay(registration, history)).toEqual(folded);
    expect(folded).toMatchObject({
      state: 'CLOSED',
      outcome: 'REVOKED',
      procedure: 'ORDINARY',
      extensionDays: 30,
      remakeDeadlineDays: 60,
      handlerCount: 2,
    });
  });

  it('replay() equals the fold at every prefix of the history', () => {
    for (let n = 0; n <= fullPath.length; n++) {
      const steps = fullPath.slice(0, n);
      expect(replay(registration, events('L2023', '2024-03-01', steps))).toEqual(
        run(initialFacts('L2023', '2024-03-01'), steps),
      );
    }
  });

  it('replay() of REGISTER alone gives the initial facts', () => {
    expect(replay(registration, events('L2023', '2024-03-01', []))).toEqual(initialFacts('L2023', '2024-03-01'));
  });

  it('effectiveEvents drops every UNDO and the event it reverts', () => {
    const history = events('L2023', '2024-03-01', [
      ['ACCEPT', '2024-03-04', { procedure: 'ORDINARY' }], // seq 2
      ['SEND_COPY', '2024-03-05', {}], // seq 3
      ['UNDO', '2024-03-05', 3], // seq 4
    ]);
    expect(effectiveEvents(history).map((e) => e.seq)).toEqual([1, 2]);
    expect(replay(registration, history)).toMatchObject({
      state: 'ACCEPTED',
      copySentOn: null,
      lastActOn: '2024-03-04',
    });
  });

  it('undo twice walks back two actions', () => {
    const base: (Step | ['UNDO', string, number])[] = [
      ['ACCEPT', '2024-03-04', { procedure: 'ORDINARY' }], // seq 2
      ['SEND_COPY', '2024-03-05', {}], // seq 3
      ['RECEIVE_REPLY', '2024-03-12', {}], // seq 4
    ];
    const once = events('L2023', '2024-03-01', base);
    expect(lastUndoableEvent(once)?.seq).toBe(4);

    const afterOne = events('L2023', '2024-03-01', [...base, ['UNDO', '2024-03-13', 4]]);
    expect(lastUndoableEvent(afterOne)?.seq).toBe(3);
    expect(replay(registration, afterOne)).toMatchObject({ state: 'UNDER_REVIEW', replyReceivedOn: null });

    const afterTwo = events('L2023', '2024-03-01', [...base, ['UNDO', '2024-03-13', 4], ['UNDO', '2024-03-13', 3]]);
    expect(lastUndoableEvent(afterTwo)?.seq).toBe(2);
    expect(effectiveEvents(afterTwo).map((e) => e.seq)).toEqual([1, 2]);
    expect(replay(registration, afterTwo)).toMatchObject({
      state: 'ACCEPTED',
      copySentOn: null,
      lastActOn: '2024-03-04',
    });
  });

  it('after undoing a terminal action the case is open again', () => {
    const history = events('L2023', '2024-03-01', [
      ['NOT_ACCEPT', '2024-03-04', { ground: 'L23_30_4_OUT_OF_TIME', documentNumber: 'x', reasons: 'y' }], // seq 2
      ['UNDO', '2024-03-05', 2],
    ]);
    expect(replay(registration, history)).toEqual(initialFacts('L2023', '2024-03-01'));
  });

  it('REGISTER, EDIT and ASSIGN_HANDLERS are never undone: UNDO reverts the latest procedural action', () => {
    const history = events('L2023', '2024-03-01', [
      ['ACCEPT', '2024-03-04', { procedure: 'ORDINARY' }], // seq 2
      ['ASSIGN_HANDLERS', '2024-03-05', { handlers: ['张三', '李四'] }], // seq 3
      ['EDIT', '2024-03-05', {}], // seq 4
    ]);
    expect(lastUndoableEvent(history)?.seq).toBe(2);
    const undone = [
      ...history,
      { seq: 5, action: 'UNDO' as const, occurredOn: '2024-03-06', payload: {}, undoesSeq: 2 },
    ];
    // The handlers stay assigned after the acceptance is undone.
    expect(replay(registration, undone)).toMatchObject({ state: 'RECEIVED', acceptedOn: null, handlerCount: 2 });
    expect(lastUndoableEvent(undone)).toBeUndefined();
  });

  it('nothing to undo on a case with only registration, edits and handler assignments', () => {
    const history = events('L2023', '2024-03-01', [
      ['EDIT', '2024-03-02', {}],
      ['ASSIGN_HANDLERS', '2024-03-02', { handlers: ['张三'] }],
    ]);
    expect(lastUndoableEvent(history)).toBeUndefined();
  });

  it('isUndoable: procedural actions only', () => {
    for (const action of ['REGISTER', 'EDIT', 'ASSIGN_HANDLERS', 'UNDO'] as const) {
      expect(isUndoable(action)).toBe(false);
    }
    for (const action of ['ACCEPT', 'DECIDE', 'CLOSE', 'TERMINATE', 'EXTEND'] as const) {
      expect(isUndoable(action)).toBe(true);
    }
  });
});

describe('applyAction: acceptance, service and extensions (issue 10)', () => {
  it('L23 30 ¶3: an ACCEPT carries the legal acceptance date the service stored; the recorded date is kept apart', () => {
    const f = run(facts({ receivedOn: '2025-03-03', lastActOn: '2025-03-03' }), [
      [
        'ACCEPT',
        '2025-03-20',
        { procedure: 'ORDINARY', legalAcceptedOn: '2025-03-10', acceptanceDeemed: true, noticeSentOn: '2025-03-21' },
      ],
    ]);
    expect(f).toMatchObject({
      state: 'ACCEPTED',
      acceptedOn: '2025-03-10',
      acceptanceRecordedOn: '2025-03-20',
      acceptanceDeemed: true,
      acceptanceNoticeSentOn: '2025-03-21',
      lastActOn: '2025-03-20',
    });
    // A stored legal date is never later than the recorded one.
    const odd = run(facts(), [['ACCEPT', '2024-03-04', { procedure: 'ORDINARY', legalAcceptedOn: '2024-03-09' }]]);
    expect(odd.acceptedOn).toBe('2024-03-04');
  });

  it('L23 30 ¶3 / L17 17 ¶2: DEEM_ACCEPTED accepts from its date, in the ordinary procedure (L23 36)', () => {
    const f = run(facts({ receivedOn: '2025-03-03', lastActOn: '2025-03-03' }), [
      ['DEEM_ACCEPTED', '2025-03-10', { reviewEndedOn: '2025-03-10' }],
      ['SEND_ACCEPTANCE_NOTICE', '2025-03-12'],
    ]);
    expect(f).toMatchObject({
      state: 'ACCEPTED',
      acceptedOn: '2025-03-10',
      acceptanceDeemed: true,
      procedure: 'ORDINARY',
      acceptanceRecordedOn: null,
      acceptanceNoticeSentOn: '2025-03-12',
    });
  });

  it('L23 31 ¶2: the notice’s service and each extension of the correction period are facts', () => {
    const f = run(facts(), [
      ['REQUEST_CORRECTION', '2024-03-04', { items: ['身份证明'] }],
      ['RECORD_CORRECTION_SERVICE', '2024-03-08', { servedOn: '2024-03-06' }],
      ['EXTEND_CORRECTION_PERIOD', '2024-03-15', { correctionDueOn: '2024-03-29', reasons: '住院' }],
    ]);
    expect(f).toMatchObject({
      state: 'CORRECTION_REQUESTED',
      correctionServedOn: '2024-03-06',
      correctionDueOn: '2024-03-29',
      correctionExtensions: [{ on: '2024-03-15', dueOn: '2024-03-29' }],
    });
  });

  it('L17 23 / L23 48: the respondent’s receipt of the copy, at once or recorded later', () => {
    const accepted = facts({ state: 'ACCEPTED', acceptedOn: '2024-03-05', lastActOn: '2024-03-05' });
    expect(run(accepted, [['SEND_COPY', '2024-03-06', { receivedOn: '2024-03-06' }]]).copyReceivedOn).toBe(
      '2024-03-06',
    );
    const later = run(accepted, [
      ['SEND_COPY', '2024-03-06'],
      ['RECORD_COPY_RECEIPT', '2024-03-12', { receivedOn: '2024-03-08' }],
    ]);
    expect(later).toMatchObject({ copySentOn: '2024-03-06', copyReceivedOn: '2024-03-08' });
  });

  it('L17 31 / L23 62: extensions add up, each one kept', () => {
    const f = run(reviewFacts(), [
      ['EXTEND', '2024-04-20', { days: 15, reasons: '复杂' }],
      ['EXTEND', '2024-05-10', { days: 15, reasons: '仍复杂' }],
    ]);
    expect(f).toMatchObject({
      extensionDays: 30,
      extendedOn: '2024-05-10',
      extensions: [
        { on: '2024-04-20', days: 15 },
        { on: '2024-05-10', days: 15 },
      ],
    });
  });
});

describe('applyAction: issue 10 (suspension before the copy, mediation in a suspension, not-counted periods)', () => {
  const accepted = (): CaseFacts =>
    facts({ state: 'ACCEPTED', procedure: 'ORDINARY', acceptedOn: '2024-03-05', lastActOn: '2024-03-05' });

  it('L23 39: SUSPEND between acceptance and the copy; RESUME returns to ACCEPTED, then SEND_COPY as usual', () => {
    const f = run(accepted(), [['SUSPEND', '2024-03-06', { ground: 'L23_39_5_FORCE_MAJEURE_OR_GOOD_CAUSE' }]]);
    expect(f.state).toBe('SUSPENDED');
    expect(f.suspensions[0]).toMatchObject({ from: '2024-03-06', to: null, fromState: 'ACCEPTED' });
    const resumed = run(f, [['RESUME', '2024-03-20', {}]]);
    expect(resumed.state).toBe('ACCEPTED');
    expect(run(resumed, [['SEND_COPY', '2024-03-21', {}]]).state).toBe('UNDER_REVIEW');
  });

  it('L23 39: RESUME from a suspension begun in review returns to UNDER_REVIEW', () => {
    const f = run(reviewFacts(), [
      ['SUSPEND', '2024-03-10', { ground: 'L23_39_8_AWAITING_OTHER_CASE' }],
      ['RESUME', '2024-03-20', {}],
    ]);
    expect(f.state).toBe('UNDER_REVIEW');
  });

  it('L23 39(6), 73: mediation inside a suspension keeps the suspension open; a 调解书 concludes and closes it', () => {
    const f = run(reviewFacts(), [
      ['SUSPEND', '2024-03-10', { ground: 'L23_39_6_MEDIATION_OR_SETTLEMENT' }],
      ['START_MEDIATION', '2024-03-11', { kind: 'MEDIATION' }],
    ]);
    expect(f).toMatchObject({ state: 'MEDIATION', mediationKind: 'MEDIATION', mediationStartedFrom: 'SUSPENDED' });
    expect(currentSuspension(f)).toMatchObject({ from: '2024-03-10', to: null });
    const decided = run(f, [['DECIDE', '2024-04-01', { ...DECISION, decisionType: 'MEDIATED' }]]);
    expect(decided).toMatchObject({ state: 'DECIDED', outcome: 'MEDIATED', concludedOn: '2024-04-01' });
    expect(decided.suspensions[0]).toMatchObject({ from: '2024-03-10', to: '2024-04-01' });
  });

  it('L23 73 ¶2 / 39 ¶3: a failed mediation begun in a suspension returns to SUSPENDED; RESUME is its own act', () => {
    const f = run(reviewFacts(), [
      ['SUSPEND', '2024-03-10', { ground: 'L23_39_6_MEDIATION_OR_SETTLEMENT' }],
      ['START_MEDIATION', '2024-03-11', { kind: 'MEDIATION' }],
      ['MEDIATION_FAILED', '2024-03-25', {}],
    ]);
    expect(f.state).toBe('SUSPENDED');
    expect(currentSuspension(f)).toBeDefined();
    expect(run(f, [['RESUME', '2024-03-26', {}]]).state).toBe('UNDER_REVIEW');
  });

  it('R07 50 ¶3: under L2017 mediation starts from review and a failure returns there', () => {
    const f = run(reviewFacts({ regime: 'L2017' }), [
      ['START_MEDIATION', '2021-03-10', { kind: 'MEDIATION' }],
      ['MEDIATION_FAILED', '2021-03-20', {}],
    ]);
    expect(f).toMatchObject({ state: 'UNDER_REVIEW', suspensions: [] });
  });

  it('R07 30, 34 ¶3, 37: START/END_NOT_COUNTED_PERIOD record intervals by kind; overlapping kinds are kept apart', () => {
    const f = run(reviewFacts({ regime: 'L2017' }), [
      ['START_NOT_COUNTED_PERIOD', '2021-03-10', { kind: 'ON_SITE_INSPECTION' }],
      ['START_NOT_COUNTED_PERIOD', '2021-03-12', { kind: 'EXPERT_APPRAISAL' }],
      ['END_NOT_COUNTED_PERIOD', '2021-03-15', { kind: 'ON_SITE_INSPECTION' }],
    ]);
    expect(f.state).toBe('UNDER_REVIEW');
    expect(f.notCountedPeriods).toEqual([
      { kind: 'ON_SITE_INSPECTION', from: '2021-03-10', to: '2021-03-15' },
      { kind: 'EXPERT_APPRAISAL', from: '2021-03-12', to: null },
    ]);
    // A decision ends what is still open on its date.
    const decided = run(f, [['DECIDE', '2021-04-01', { ...DECISION, decisionType: 'UPHELD' }]]);
    expect(decided.notCountedPeriods?.[1]).toEqual({ kind: 'EXPERT_APPRAISAL', from: '2021-03-12', to: '2021-04-01' });
  });

  it('R07 30: the competent organ may be determined before acceptance (the interval starts in RECEIVED)', () => {
    const f = run(facts({ regime: 'L2017' }), [
      ['START_NOT_COUNTED_PERIOD', '2021-03-02', { kind: 'COMPETENT_ORGAN_DETERMINATION' }],
      ['END_NOT_COUNTED_PERIOD', '2021-03-08', { kind: 'COMPETENT_ORGAN_DETERMINATION' }],
      ['ACCEPT', '2021-03-08', {}],
    ]);
    expect(f.state).toBe('ACCEPTED');
    expect(f.notCountedPeriods).toEqual([
      { kind: 'COMPETENT_ORGAN_DETERMINATION', from: '2021-03-02', to: '2021-03-08' },
    ]);
  });
});
