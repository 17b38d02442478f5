import { addDays } from '../calendar/local-date';
import type { LegalRegime, SuspensionGround } from '../code-lists/code-lists';
import type {
  AcceptPayload,
  ActionPayload,
  DecidePayload,
  NotAcceptPayload,
  RequestCorrectionPayload,
} from './action-payloads';
import { type RuleContext, type RuleViolation, type SimplifiedEligibility, checkActionRules } from './action-rules';
import { type CaseFacts, initialFacts } from './case-facts';
import type { ProceduralAction } from './transition-table';

const TODAY = '2024-12-31';

/** CaseFacts for a case received on `receivedOn` under `regime`, with some facts overridden. */
function facts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  const regime = overrides.regime ?? 'L2023';
  const receivedOn = overrides.receivedOn ?? (regime === 'L2017' ? '2021-03-01' : '2024-03-01');
  return { ...initialFacts(regime, receivedOn), ...overrides };
}

/** A case under review: accepted on `acceptedOn` (the last act), ordinary procedure, two handlers. */
function reviewFacts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  const regime = overrides.regime ?? 'L2023';
  const acceptedOn = regime === 'L2017' ? '2021-03-05' : '2024-03-05';
  return facts({
    state: 'UNDER_REVIEW',
    procedure: 'ORDINARY',
    acceptedOn,
    copySentOn: acceptedOn,
    lastActOn: acceptedOn,
    handlerCount: 2,
    // L23 49: the parties' opinions were heard (the rules for DECIDE without them are tested below).
    opinionsHeardOn: acceptedOn,
    opinionsResult: 'HEARD',
    ...overrides,
  });
}

const NO_FLAGS: SimplifiedEligibility = {
  onTheSpot: false,
  amountAtMost3000: false,
  informationDisclosure: false,
  warningOrReprimand: false,
};

function ctx(overrides: Partial<RuleContext> = {}): RuleContext {
  return {
    today: TODAY,
    requireTwoHandlersToDecide: false,
    eligibility: NO_FLAGS,
    correctionPeriodEndsOn: null,
    ...overrides,
  };
}

function check(
  f: CaseFacts,
  action: ProceduralAction,
  payload: object,
  c: RuleContext = ctx(),
): RuleViolation | undefined {
  return checkActionRules(f, action, payload as ActionPayload, c);
}

const codeOf = (v: RuleViolation | undefined) => v?.code;

function decide(p: Partial<DecidePayload> & { occurredOn: string }): Partial<DecidePayload> {
  return {
    decisionType: 'UPHELD',
    documentNumber: '台政复决字〔2024〕1号',
    reasons: '理由',
    legalBasis: 'L23 68',
    approval: { kind: 'ORGAN_HEAD_APPROVAL', approverName: '张县长', approvedOn: p.occurredOn },
    ...p,
  };
}

describe('checkActionRules: dates', () => {
  it('DATE_IN_FUTURE: an act cannot be dated after today (China time)', () => {
    const v = check(facts(), 'ACCEPT', { occurredOn: addDays(TODAY, 1), procedure: 'ORDINARY' });
    expect(v).toMatchObject({ code: 'DATE_IN_FUTURE', path: 'occurredOn' });
    expect(check(facts(), 'ACCEPT', { occurredOn: TODAY, procedure: 'ORDINARY' })).toBeUndefined();
  });

  it('DATE_OUT_OF_ORDER: an act cannot be dated before the previous act', () => {
    const f = facts({ lastActOn: '2024-03-10' });
    expect(check(f, 'ACCEPT', { occurredOn: '2024-03-09', procedure: 'ORDINARY' })).toMatchObject({
      code: 'DATE_OUT_OF_ORDER',
      path: 'occurredOn',
    });
  });

  it('DATE_OUT_OF_ORDER: an act on the same day as the previous act is allowed', () => {
    const f = facts({ lastActOn: '2024-03-10' });
    expect(check(f, 'ACCEPT', { occurredOn: '2024-03-10', procedure: 'ORDINARY' })).toBeUndefined();
  });

  it('DATE_IN_FUTURE is checked for every action, before the action’s own rules', () => {
    const v = check(reviewFacts(), 'HOLD_HEARING', { occurredOn: '2025-01-01', kind: 'HEARING' });
    expect(codeOf(v)).toBe('DATE_IN_FUTURE');
  });

  it('R07 29 / L23 31: the correction deadline must fall after the notice date', () => {
    const f = facts();
    const notice = (due: string): Partial<RequestCorrectionPayload> => ({
      occurredOn: '2024-03-04',
      items: ['身份证明'],
      correctionDueOn: due,
    });
    expect(check(f, 'REQUEST_CORRECTION', notice('2024-03-04'))).toMatchObject({
      code: 'DATE_OUT_OF_ORDER',
      path: 'correctionDueOn',
    });
    expect(codeOf(check(f, 'REQUEST_CORRECTION', notice('2024-03-03')))).toBe('DATE_OUT_OF_ORDER');
    expect(check(f, 'REQUEST_CORRECTION', notice('2024-03-18'))).toBeUndefined();
  });

  it('L23 31 ¶2: under L2023 the notice may leave the deadline to the statutory 10 working days', () => {
    expect(check(facts(), 'REQUEST_CORRECTION', { occurredOn: '2024-03-04', items: ['身份证明'] })).toBeUndefined();
  });

  it('R07 29: under L2017 the correction notice must state a reasonable deadline (补正通知应当载明…合理的补正期限)', () => {
    const v = check(facts({ regime: 'L2017' }), 'REQUEST_CORRECTION', {
      occurredOn: '2021-03-02',
      items: ['身份证明'],
    });
    expect(v).toMatchObject({ code: 'FIELD_REQUIRED_BY_LAW', path: 'correctionDueOn' });
  });

  it('DECISION_BEFORE_ACCEPTANCE: a decision cannot be dated before the acceptance', () => {
    // Only reachable with facts whose last act predates the acceptance (e.g. projections written by older code).
    const f = reviewFacts({ acceptedOn: '2024-03-10', lastActOn: '2024-03-01' });
    expect(check(f, 'DECIDE', decide({ occurredOn: '2024-03-09' }))).toMatchObject({
      code: 'DECISION_BEFORE_ACCEPTANCE',
      path: 'occurredOn',
    });
    expect(check(f, 'DECIDE', decide({ occurredOn: '2024-03-10' }))).toBeUndefined();
  });
});

describe('checkActionRules: codes of the right regime', () => {
  const notAccept = (ground: string, extra: Partial<NotAcceptPayload> = {}) => ({
    occurredOn: '2024-03-04',
    documentNumber: '台政复不受字〔2024〕1号',
    reasons: '理由',
    ground,
    ...extra,
  });

  it('R07 28: an L23 30 not-accept ground is refused on an L2017 case (CODE_NOT_IN_REGIME)', () => {
    const v = check(
      facts({ regime: 'L2017' }),
      'NOT_ACCEPT',
      notAccept('L23_30_4_OUT_OF_TIME', { occurredOn: '2021-03-04' }),
    );
    expect(v).toMatchObject({ code: 'CODE_NOT_IN_REGIME', path: 'ground' });
  });

  it('L23 30: an R07 28 not-accept ground is refused on an L2023 case (CODE_NOT_IN_REGIME)', () => {
    expect(check(facts(), 'NOT_ACCEPT', notAccept('R07_28_4_OUT_OF_TIME'))).toMatchObject({
      code: 'CODE_NOT_IN_REGIME',
      path: 'ground',
    });
  });

  it('R07 28 / L23 30: a ground of the case’s own regime is accepted', () => {
    expect(
      check(facts({ regime: 'L2017' }), 'NOT_ACCEPT', notAccept('R07_28_4_OUT_OF_TIME', { occurredOn: '2021-03-04' })),
    ).toBeUndefined();
    expect(check(facts(), 'NOT_ACCEPT', notAccept('L23_30_4_OUT_OF_TIME'))).toBeUndefined();
  });

  it('L23 30 ¶2: a refusal for lack of jurisdiction must name the competent organ (FIELD_REQUIRED_BY_LAW)', () => {
    expect(check(facts(), 'NOT_ACCEPT', notAccept('L23_30_6_OUTSIDE_JURISDICTION'))).toMatchObject({
      code: 'FIELD_REQUIRED_BY_LAW',
      path: 'competentOrgan',
    });
    expect(
      check(facts(), 'NOT_ACCEPT', notAccept('L23_30_6_OUTSIDE_JURISDICTION', { competentOrgan: '濮阳市人民政府' })),
    ).toBeUndefined();
  });

  it('L17 17 ¶1: under L2017 too, the applicant is told which organ to apply to (R07 28(6) needs competentOrgan)', () => {
    const f = facts({ regime: 'L2017' });
    expect(
      codeOf(check(f, 'NOT_ACCEPT', notAccept('R07_28_6_OUTSIDE_JURISDICTION', { occurredOn: '2021-03-04' }))),
    ).toBe('FIELD_REQUIRED_BY_LAW');
    expect(
      check(
        f,
        'NOT_ACCEPT',
        notAccept('R07_28_6_OUTSIDE_JURISDICTION', { occurredOn: '2021-03-04', competentOrgan: '濮阳市人民政府' }),
      ),
    ).toBeUndefined();
  });

  it('L23 30: other refusal grounds do not need a competent organ', () => {
    expect(check(facts(), 'NOT_ACCEPT', notAccept('L23_30_5_OUTSIDE_SCOPE'))).toBeUndefined();
  });

  const suspend = (ground: string, occurredOn: string): object => ({
    occurredOn,
    ground,
  });

  it('R07 41: an L23 39 suspension ground is refused on an L2017 case (CODE_NOT_IN_REGIME)', () => {
    const v = check(reviewFacts({ regime: 'L2017' }), 'SUSPEND', suspend('L23_39_1_APPLICANT_DIED', '2021-04-01'));
    expect(v).toMatchObject({ code: 'CODE_NOT_IN_REGIME', path: 'ground' });
    expect(
      check(reviewFacts({ regime: 'L2017' }), 'SUSPEND', suspend('R07_41_1_APPLICANT_DIED', '2021-04-01')),
    ).toBeUndefined();
  });

  it('L23 39: an R07 41 suspension ground is refused on an L2023 case (CODE_NOT_IN_REGIME)', () => {
    const v = check(reviewFacts(), 'SUSPEND', suspend('R07_41_5_FORCE_MAJEURE', '2024-04-01'));
    expect(v).toMatchObject({ code: 'CODE_NOT_IN_REGIME', path: 'ground' });
    expect(
      check(reviewFacts(), 'SUSPEND', suspend('L23_39_5_FORCE_MAJEURE_OR_GOOD_CAUSE', '2024-04-01')),
    ).toBeUndefined();
  });

  it('L23 67: CONFIRMED_VOID is refused on an L2017 case (CODE_NOT_IN_REGIME) and allowed under L2023', () => {
    const l17 = reviewFacts({ regime: 'L2017' });
    expect(check(l17, 'DECIDE', decide({ occurredOn: '2021-04-01', decisionType: 'CONFIRMED_VOID' }))).toMatchObject({
      code: 'CODE_NOT_IN_REGIME',
      path: 'decisionType',
    });
    expect(
      check(reviewFacts(), 'DECIDE', decide({ occurredOn: '2024-04-01', decisionType: 'CONFIRMED_VOID' })),
    ).toBeUndefined();
  });
});

describe('checkActionRules: acceptance and the simplified procedure', () => {
  const accept = (p: Partial<AcceptPayload>) => ({ occurredOn: '2024-03-04', ...p });

  it('L23 36: under L2023 acceptance must name the procedure (FIELD_REQUIRED_BY_LAW)', () => {
    expect(check(facts(), 'ACCEPT', accept({}))).toMatchObject({ code: 'FIELD_REQUIRED_BY_LAW', path: 'procedure' });
    expect(check(facts(), 'ACCEPT', accept({ procedure: 'ORDINARY' }))).toBeUndefined();
  });

  it('L17 17: under L2017 acceptance needs no procedure (there is only one)', () => {
    expect(check(facts({ regime: 'L2017' }), 'ACCEPT', accept({ occurredOn: '2021-03-04' }))).toBeUndefined();
    expect(
      check(facts({ regime: 'L2017' }), 'ACCEPT', accept({ occurredOn: '2021-03-04', procedure: 'ORDINARY' })),
    ).toBeUndefined();
  });

  it('L23 53: the simplified procedure does not exist under L2017 (CODE_NOT_IN_REGIME)', () => {
    const v = check(
      facts({ regime: 'L2017' }),
      'ACCEPT',
      accept({ occurredOn: '2021-03-04', procedure: 'SIMPLIFIED', partiesConsentToSimplified: true }),
      ctx({ eligibility: { ...NO_FLAGS, onTheSpot: true } }),
    );
    expect(v).toMatchObject({ code: 'CODE_NOT_IN_REGIME', path: 'procedure' });
  });

  it('L23 53: SIMPLIFIED without any eligibility flag or consent → SIMPLIFIED_PROCEDURE_NOT_ELIGIBLE', () => {
    expect(check(facts(), 'ACCEPT', accept({ procedure: 'SIMPLIFIED' }))).toMatchObject({
      code: 'SIMPLIFIED_PROCEDURE_NOT_ELIGIBLE',
      path: 'procedure',
    });
    expect(
      codeOf(check(facts(), 'ACCEPT', accept({ procedure: 'SIMPLIFIED', partiesConsentToSimplified: false }))),
    ).toBe('SIMPLIFIED_PROCEDURE_NOT_ELIGIBLE');
  });

  it.each([
    ['L23 53 ¶1(1): an act made on the spot', 'onTheSpot'],
    ['L23 53 ¶1(2): a warning or a circulated criticism', 'warningOrReprimand'],
    ['L23 53 ¶1(3): an amount of at most 3,000 yuan', 'amountAtMost3000'],
    ['L23 53 ¶1(4): an information-disclosure case', 'informationDisclosure'],
  ] as [string, keyof SimplifiedEligibility][])('%s makes the simplified procedure available', (_name, flag) => {
    const c = ctx({ eligibility: { ...NO_FLAGS, [flag]: true } });
    expect(check(facts(), 'ACCEPT', accept({ procedure: 'SIMPLIFIED' }), c)).toBeUndefined();
  });

  it('L23 53 ¶2: the consent of all parties makes the simplified procedure available for any case', () => {
    expect(
      check(facts(), 'ACCEPT', accept({ procedure: 'SIMPLIFIED', partiesConsentToSimplified: true })),
    ).toBeUndefined();
  });
});

describe('checkActionRules: deeming the application withdrawn', () => {
  const correcting = (regime: LegalRegime, overrides: Partial<CaseFacts> = {}) =>
    facts({
      regime,
      state: 'CORRECTION_REQUESTED',
      correctionRequestCount: 1,
      correctionRequestedOn: regime === 'L2017' ? '2021-03-02' : '2024-03-04',
      lastActOn: regime === 'L2017' ? '2021-03-02' : '2024-03-04',
      ...overrides,
    });
  const deem = (occurredOn: string) => ({ occurredOn, reasons: '逾期未补正，无正当理由' });

  it.each([
    ['L2017', '2021-03-20'],
    ['L2023', '2024-03-20'],
  ] as [LegalRegime, string][])(
    'R07 29 / L23 31 ¶2: not before the correction deadline has passed (%s): refused up to and on it, allowed the day after',
    (regime, due) => {
      const f = correcting(regime, { correctionDueOn: due });
      expect(check(f, 'DEEM_WITHDRAWN', deem(addDays(due, -1)))).toMatchObject({
        code: 'CORRECTION_PERIOD_NOT_OVER',
        path: 'occurredOn',
      });
      expect(codeOf(check(f, 'DEEM_WITHDRAWN', deem(due)))).toBe('CORRECTION_PERIOD_NOT_OVER');
      expect(check(f, 'DEEM_WITHDRAWN', deem(addDays(due, 1)))).toBeUndefined();
    },
  );

  it('L23 31 ¶2: with no deadline in the notice, not before the statutory 10 working days end (computed by the caller)', () => {
    const f = correcting('L2023', { correctionDueOn: null });
    const withStatutory = ctx({ correctionPeriodEndsOn: '2024-03-18' });
    expect(codeOf(checkActionRules(f, 'DEEM_WITHDRAWN', deem('2024-03-04') as never, withStatutory))).toBe(
      'CORRECTION_PERIOD_NOT_OVER',
    );
    expect(checkActionRules(f, 'DEEM_WITHDRAWN', deem('2024-03-19') as never, withStatutory)).toBeUndefined();
  });
});

describe('checkActionRules: termination after a 60-day suspension', () => {
  const terminate = (occurredOn: string, ground = 'SUSPENSION_EXCEEDED_60_DAYS'): object => ({
    occurredOn,
    ground,
    documentNumber: '台政复终字〔2024〕1号',
    reasons: '理由',
  });
  const suspendedOn = (regime: LegalRegime) => (regime === 'L2017' ? '2021-04-01' : '2024-04-01');
  const suspended = (regime: LegalRegime, ground: SuspensionGround, to: string | null = null) =>
    reviewFacts({
      regime,
      state: to === null ? 'SUSPENDED' : 'UNDER_REVIEW',
      suspensions: [{ from: suspendedOn(regime), to, ground }],
      lastActOn: to ?? suspendedOn(regime),
    });

  it.each([
    ['L2017', 'R07_41_1_APPLICANT_DIED'],
    ['L2017', 'R07_41_2_APPLICANT_INCAPACITATED'],
    ['L2017', 'R07_41_3_ORGANISATION_TERMINATED'],
    ['L2023', 'L23_39_1_APPLICANT_DIED'],
    ['L2023', 'L23_39_2_APPLICANT_INCAPACITATED'],
    ['L2023', 'L23_39_4_ORGANISATION_TERMINATED'],
  ] as [LegalRegime, SuspensionGround][])(
    'R07 42 ¶2 / L23 41(5): %s %s: refused on day 59 of the suspension, allowed on day 60',
    (regime, ground) => {
      const f = suspended(regime, ground);
      const from = suspendedOn(regime);
      expect(check(f, 'TERMINATE', terminate(addDays(from, 59)))).toMatchObject({
        code: 'SUSPENSION_NOT_YET_60_DAYS',
        path: 'occurredOn',
      });
      expect(check(f, 'TERMINATE', terminate(addDays(from, 60)))).toBeUndefined();
    },
  );

  it.each([
    ['L2017', 'R07_41_4_APPLICANT_MISSING'],
    ['L2017', 'R07_41_5_FORCE_MAJEURE'],
    ['L2017', 'R07_41_8_OTHER'],
    ['L2023', 'L23_39_3_APPLICANT_MISSING'],
    ['L2023', 'L23_39_5_FORCE_MAJEURE_OR_GOOD_CAUSE'],
    ['L2023', 'L23_39_10_OTHER'],
  ] as [LegalRegime, SuspensionGround][])(
    'R07 42 ¶2 / L23 41(5): %s %s is not a qualifying ground: refused however long the suspension',
    (regime, ground) => {
      const f = suspended(regime, ground);
      expect(check(f, 'TERMINATE', terminate(addDays(suspendedOn(regime), 200)))).toMatchObject({
        code: 'SUSPENSION_NOT_YET_60_DAYS',
        path: 'ground',
      });
    },
  );

  it('R07 42 ¶2 / L23 41(5): refused when there is no current suspension (never suspended, or resumed)', () => {
    expect(codeOf(check(reviewFacts(), 'TERMINATE', terminate('2024-12-01')))).toBe('SUSPENSION_NOT_YET_60_DAYS');
    const resumed = suspended('L2023', 'L23_39_1_APPLICANT_DIED', '2024-05-01');
    expect(codeOf(check(resumed, 'TERMINATE', terminate('2024-12-01')))).toBe('SUSPENSION_NOT_YET_60_DAYS');
  });

  it('R07 42 / L23 41: other termination grounds need no suspension', () => {
    expect(check(reviewFacts(), 'TERMINATE', terminate('2024-04-01', 'WITHDRAWAL_APPROVED'))).toBeUndefined();
    expect(check(reviewFacts(), 'TERMINATE', terminate('2024-04-01', 'CRIMINAL_MEASURES'))).toBeUndefined();
  });
});

describe('checkActionRules: the decision', () => {
  const mediation = (kind: 'MEDIATION' | 'SETTLEMENT' = 'MEDIATION', regime: LegalRegime = 'L2023') =>
    reviewFacts({ regime, state: 'MEDIATION', mediationKind: kind });

  it('R07 50 / L23 73: a mediation statement (MEDIATED) only concludes a mediation (DECISION_TYPE_NOT_ALLOWED_NOW)', () => {
    expect(
      check(reviewFacts(), 'DECIDE', decide({ occurredOn: '2024-04-01', decisionType: 'MEDIATED' })),
    ).toMatchObject({
      code: 'DECISION_TYPE_NOT_ALLOWED_NOW',
      path: 'decisionType',
    });
    expect(
      check(mediation(), 'DECIDE', decide({ occurredOn: '2024-04-01', decisionType: 'MEDIATED' })),
    ).toBeUndefined();
  });

  it('R07 50 ¶3 / L23 73 ¶2: no decision on the merits while in mediation (DECISION_TYPE_NOT_ALLOWED_NOW)', () => {
    for (const decisionType of ['UPHELD', 'REVOKED', 'DISMISSED'] as const) {
      expect(codeOf(check(mediation(), 'DECIDE', decide({ occurredOn: '2024-04-01', decisionType })))).toBe(
        'DECISION_TYPE_NOT_ALLOWED_NOW',
      );
    }
  });

  it('R07 40, 42(4) / L23 74 ¶2: a settlement (和解) ends in withdrawal and termination, not in a mediation statement', () => {
    expect(
      codeOf(check(mediation('SETTLEMENT'), 'DECIDE', decide({ occurredOn: '2024-04-01', decisionType: 'MEDIATED' }))),
    ).toBe('DECISION_TYPE_NOT_ALLOWED_NOW');
  });

  it('L23 64 / R07 45: a remake order (责令重新作出) goes with a revocation', () => {
    expect(
      check(
        reviewFacts(),
        'DECIDE',
        decide({ occurredOn: '2024-04-01', decisionType: 'REVOKED', remakeOrdered: true, remakeDeadlineDays: 30 }),
      ),
    ).toBeUndefined();
    expect(
      check(
        reviewFacts(),
        'DECIDE',
        decide({ occurredOn: '2024-04-01', decisionType: 'REVOKED', remakeOrdered: true }),
      ),
    ).toBeUndefined();
  });

  it.each(['UPHELD', 'DISMISSED', 'VARIED', 'ORDERED_TO_PERFORM', 'CONFIRMED_ILLEGAL', 'CONFIRMED_VOID'] as const)(
    'L23 64–68: under L2023 a remake order cannot go with %s',
    (decisionType) => {
      const v = check(reviewFacts(), 'DECIDE', decide({ occurredOn: '2024-04-01', decisionType, remakeOrdered: true }));
      expect(v).toMatchObject({ path: 'remakeOrdered' });
    },
  );

  it('R07 49: a remake deadline without a revocation is refused too', () => {
    const v = check(
      reviewFacts(),
      'DECIDE',
      decide({ occurredOn: '2024-04-01', decisionType: 'DISMISSED', remakeDeadlineDays: 60 }),
    );
    expect(v).toMatchObject({ path: 'remakeOrdered' });
  });

  it('L17 28(1)(3) / R07 45: under L2017 a remake order may also go with CONFIRMED_ILLEGAL (决定撤销或者确认…违法的，可以责令…重新作出)', () => {
    const v = check(
      reviewFacts({ regime: 'L2017' }),
      'DECIDE',
      decide({ occurredOn: '2021-04-01', decisionType: 'CONFIRMED_ILLEGAL', remakeOrdered: true }),
    );
    expect(v).toBeUndefined();
  });

  it('L17 28(1)(3): under L2017 a remake order still cannot go with UPHELD or VARIED', () => {
    for (const decisionType of ['UPHELD', 'VARIED'] as const) {
      const v = check(
        reviewFacts({ regime: 'L2017' }),
        'DECIDE',
        decide({ occurredOn: '2021-04-01', decisionType, remakeOrdered: true }),
      );
      expect(v).toMatchObject({ path: 'remakeOrdered' });
    }
  });

  it('R07 32: with requireTwoHandlersToDecide, a decision needs at least two handlers (HANDLERS_REQUIRED)', () => {
    const c = ctx({ requireTwoHandlersToDecide: true });
    for (const handlerCount of [0, 1]) {
      expect(check(reviewFacts({ handlerCount }), 'DECIDE', decide({ occurredOn: '2024-04-01' }), c)).toMatchObject({
        code: 'HANDLERS_REQUIRED',
        path: 'handlers',
      });
    }
    expect(check(reviewFacts({ handlerCount: 2 }), 'DECIDE', decide({ occurredOn: '2024-04-01' }), c)).toBeUndefined();
    expect(check(reviewFacts({ handlerCount: 3 }), 'DECIDE', decide({ occurredOn: '2024-04-01' }), c)).toBeUndefined();
  });

  it('R07 32: with requireTwoHandlersToDecide off, a decision with fewer than two handlers is allowed', () => {
    const c = ctx({ requireTwoHandlersToDecide: false });
    expect(check(reviewFacts({ handlerCount: 0 }), 'DECIDE', decide({ occurredOn: '2024-04-01' }), c)).toBeUndefined();
  });

  it('actions without case rules pass when the date is in order', () => {
    const f = reviewFacts();
    expect(check(f, 'RECEIVE_REPLY', { occurredOn: '2024-03-15' })).toBeUndefined();
    expect(check(f, 'HEAR_OPINIONS', { occurredOn: '2024-04-20', result: 'HEARD' })).toBeUndefined();
  });
});

describe('checkActionRules: approvals (L17 28, 31; L23 61, 62)', () => {
  const approval = (kind: string, approvedOn = '2024-04-20') => ({ kind, approverName: '张三', approvedOn });
  const extend = (a: object | undefined, extra: object = {}) => ({
    occurredOn: '2024-04-20',
    days: 30,
    reasons: '案情复杂',
    ...(a ? { approval: a } : {}),
    partiesNotifiedOn: '2024-04-20',
    ...extra,
  });
  const l17 = () => reviewFacts({ regime: 'L2017' });

  it('L23 62 ¶1: an L2023 extension needs the office head (OFFICE_HEAD_APPROVAL); the organ head is 422 citing it', () => {
    expect(check(reviewFacts(), 'EXTEND', extend(approval('OFFICE_HEAD_APPROVAL')))).toBeUndefined();
    const v = check(reviewFacts(), 'EXTEND', extend(approval('ORGAN_HEAD_APPROVAL')));
    expect(v).toMatchObject({ code: 'APPROVAL_KIND_NOT_ALLOWED', path: 'approval.kind' });
    expect(v?.detail).toMatch(/^L23 62/);
  });

  it('L17 31: an L2017 extension needs the organ head (ORGAN_HEAD_APPROVAL); the office head is 422 citing it', () => {
    expect(
      check(
        l17(),
        'EXTEND',
        extend(approval('ORGAN_HEAD_APPROVAL', '2021-04-20'), {
          occurredOn: '2021-04-20',
          partiesNotifiedOn: '2021-04-21',
        }),
      ),
    ).toBeUndefined();
    const v = check(
      l17(),
      'EXTEND',
      extend(approval('OFFICE_HEAD_APPROVAL', '2021-04-20'), {
        occurredOn: '2021-04-20',
        partiesNotifiedOn: '2021-04-21',
      }),
    );
    expect(v).toMatchObject({ code: 'APPROVAL_KIND_NOT_ALLOWED' });
    expect(v?.detail).toMatch(/^L17 31/);
    expect(
      codeOf(
        check(
          l17(),
          'EXTEND',
          extend(approval('COLLECTIVE_DISCUSSION', '2021-04-20'), {
            occurredOn: '2021-04-20',
            partiesNotifiedOn: '2021-04-21',
          }),
        ),
      ),
    ).toBe('APPROVAL_KIND_NOT_ALLOWED');
  });

  it('L17 31 / L23 62: an extension without approval, or without the date the parties were told, is 422', () => {
    expect(check(reviewFacts(), 'EXTEND', extend(undefined))).toMatchObject({
      code: 'FIELD_REQUIRED_BY_LAW',
      path: 'approval',
    });
    const noNotice = { occurredOn: '2024-04-20', days: 30, reasons: 'x', approval: approval('OFFICE_HEAD_APPROVAL') };
    expect(check(reviewFacts(), 'EXTEND', noNotice)).toMatchObject({
      code: 'FIELD_REQUIRED_BY_LAW',
      path: 'partiesNotifiedOn',
    });
    expect(
      check(reviewFacts(), 'EXTEND', extend(approval('OFFICE_HEAD_APPROVAL'), { partiesNotifiedOn: '2024-04-19' })),
    ).toMatchObject({
      code: 'DATE_OUT_OF_ORDER',
      path: 'partiesNotifiedOn',
    });
  });

  it('L17 28 / L23 61: a decision records the organ head’s approval or the collective discussion; the office head is 422', () => {
    for (const kind of ['ORGAN_HEAD_APPROVAL', 'COLLECTIVE_DISCUSSION']) {
      expect(
        check(reviewFacts(), 'DECIDE', decide({ occurredOn: '2024-04-20', approval: approval(kind) as never })),
      ).toBeUndefined();
    }
    const v = check(
      reviewFacts(),
      'DECIDE',
      decide({ occurredOn: '2024-04-20', approval: approval('OFFICE_HEAD_APPROVAL') as never }),
    );
    expect(v).toMatchObject({ code: 'APPROVAL_KIND_NOT_ALLOWED' });
    expect(v?.detail).toMatch(/^L23 61/);
    expect(check(reviewFacts(), 'DECIDE', decide({ occurredOn: '2024-04-20', approval: undefined }))).toMatchObject({
      code: 'FIELD_REQUIRED_BY_LAW',
      path: 'approval',
    });
  });

  it('L17 28 / L23 61: the approval cannot be dated after the act it approves', () => {
    const v = check(
      reviewFacts(),
      'DECIDE',
      decide({ occurredOn: '2024-04-20', approval: approval('ORGAN_HEAD_APPROVAL', '2024-04-21') as never }),
    );
    expect(v).toMatchObject({ code: 'DATE_OUT_OF_ORDER', path: 'approval.approvedOn' });
  });

  it('NOT_RECORDED (a paper file without the approval) is accepted only from the loader (recordedHistory)', () => {
    const body = decide({ occurredOn: '2024-04-20', approval: { kind: 'NOT_RECORDED' } as never });
    expect(codeOf(check(reviewFacts(), 'DECIDE', body))).toBe('APPROVAL_KIND_NOT_ALLOWED');
    expect(check(reviewFacts(), 'DECIDE', body, ctx({ recordedHistory: true }))).toBeUndefined();
    const noNotice = { occurredOn: '2024-04-20', days: 30, reasons: 'x', approval: { kind: 'NOT_RECORDED' } };
    expect(check(reviewFacts(), 'EXTEND', noNotice, ctx({ recordedHistory: true }))).toBeUndefined();
  });

  it('R07 50 / L23 73: a mediation statement needs no approval', () => {
    const f = reviewFacts({ state: 'MEDIATION', mediationKind: 'MEDIATION' });
    expect(
      check(f, 'DECIDE', decide({ occurredOn: '2024-04-20', decisionType: 'MEDIATED', approval: undefined })),
    ).toBeUndefined();
  });
});

describe('checkActionRules: opinions and hearings (L23 49–51)', () => {
  const unheard = (o: Partial<CaseFacts> = {}) => reviewFacts({ opinionsHeardOn: null, opinionsResult: null, ...o });

  it('L23 49: DECIDE in ordinary L2023 procedure without opinions heard is 422 OPINIONS_NOT_HEARD', () => {
    const v = check(unheard(), 'DECIDE', decide({ occurredOn: '2024-04-20' }));
    expect(v).toMatchObject({ code: 'OPINIONS_NOT_HEARD' });
    expect(v?.detail).toMatch(/^L23 49/);
  });

  it('L23 49: not refused under simplified procedure, under L2017, after a hearing, or with the rule switched off', () => {
    const d = decide({ occurredOn: '2024-04-20' });
    expect(check(unheard({ procedure: 'SIMPLIFIED' }), 'DECIDE', d)).toBeUndefined();
    expect(check(unheard({ regime: 'L2017' }), 'DECIDE', decide({ occurredOn: '2021-04-20' }))).toBeUndefined();
    expect(check(unheard({ lastHearingOn: '2024-04-01', hearingCount: 1 }), 'DECIDE', d)).toBeUndefined();
    expect(check(unheard(), 'DECIDE', d, ctx({ requireOpinionsHeardToDecide: false }))).toBeUndefined();
  });

  it('L23 49: 「因当事人原因不能听取意见的」 — recording it needs the reasons, and then the decision is allowed', () => {
    expect(
      check(unheard(), 'HEAR_OPINIONS', { occurredOn: '2024-04-10', result: 'NOT_POSSIBLE_PARTIES_REASON' }),
    ).toMatchObject({
      code: 'FIELD_REQUIRED_BY_LAW',
      path: 'reasons',
    });
    expect(
      check(unheard(), 'HEAR_OPINIONS', {
        occurredOn: '2024-04-10',
        result: 'NOT_POSSIBLE_PARTIES_REASON',
        reasons: '申请人拒绝',
      }),
    ).toBeUndefined();
    const written = unheard({
      opinionsHeardOn: '2024-04-10',
      opinionsResult: 'NOT_POSSIBLE_PARTIES_REASON',
      lastActOn: '2024-04-10',
    });
    expect(check(written, 'DECIDE', decide({ occurredOn: '2024-04-20' }))).toBeUndefined();
  });

  it('L23 51, 88: a hearing less than 5 working days after its notice is 422 HEARING_NOTICE_TOO_SHORT', () => {
    const f = reviewFacts();
    const notice = { occurredOn: '2024-09-26', place: '听证室', matters: '事实' };
    const c = ctx({ hearingNoticeEndsOn: '2024-10-09' });
    const v = check(f, 'SCHEDULE_HEARING', { ...notice, hearingOn: '2024-10-08' }, c);
    expect(v).toMatchObject({ code: 'HEARING_NOTICE_TOO_SHORT', path: 'hearingOn' });
    expect(v?.detail).toMatch(/^L23 51/);
    expect(check(f, 'SCHEDULE_HEARING', { ...notice, hearingOn: '2024-10-09' }, c)).toBeUndefined();
    // Without a calendar the bound is 7 calendar days.
    expect(codeOf(check(f, 'SCHEDULE_HEARING', { ...notice, hearingOn: '2024-10-02' }))).toBe(
      'HEARING_NOTICE_TOO_SHORT',
    );
    // R07 33 sets no notice period under L2017.
    const l17 = reviewFacts({ regime: 'L2017' });
    expect(
      check(l17, 'SCHEDULE_HEARING', { ...notice, occurredOn: '2021-04-01', hearingOn: '2021-04-02' }),
    ).toBeUndefined();
  });

  it('L23 51: under L2023 a hearing is held only after its notice, not before the date the notice set', () => {
    expect(check(reviewFacts(), 'HOLD_HEARING', { occurredOn: '2024-04-10' })).toMatchObject({
      code: 'HEARING_NOT_NOTIFIED',
    });
    const noticed = reviewFacts({
      hearingNoticeOn: '2024-04-01',
      hearingScheduledFor: '2024-04-12',
      hearingPending: true,
      lastActOn: '2024-04-01',
    });
    expect(codeOf(check(noticed, 'HOLD_HEARING', { occurredOn: '2024-04-11' }))).toBe('HEARING_NOT_NOTIFIED');
    expect(check(noticed, 'HOLD_HEARING', { occurredOn: '2024-04-12' })).toBeUndefined();
    expect(check(reviewFacts({ regime: 'L2017' }), 'HOLD_HEARING', { occurredOn: '2021-04-10' })).toBeUndefined();
  });
});

describe('checkActionRules: follow-up (L17 28(1)(2), 32; L23 66, 77)', () => {
  it('L23 66 / L17 28(1)(2): ORDERED_TO_PERFORM without a time limit is 422; a time limit with another type is 422', () => {
    const v = check(reviewFacts(), 'DECIDE', decide({ occurredOn: '2024-04-20', decisionType: 'ORDERED_TO_PERFORM' }));
    expect(v).toMatchObject({ code: 'FIELD_REQUIRED_BY_LAW', path: 'performanceDeadlineDays' });
    expect(v?.detail).toMatch(/^L23 66/);
    const l17 = check(
      reviewFacts({ regime: 'L2017' }),
      'DECIDE',
      decide({ occurredOn: '2021-04-20', decisionType: 'ORDERED_TO_PERFORM' }),
    );
    expect(l17?.detail).toMatch(/^L17 28\(1\)\(2\)/);
    expect(
      check(
        reviewFacts(),
        'DECIDE',
        decide({ occurredOn: '2024-04-20', decisionType: 'ORDERED_TO_PERFORM', performanceDeadlineDays: 30 }),
      ),
    ).toBeUndefined();
    expect(
      codeOf(check(reviewFacts(), 'DECIDE', decide({ occurredOn: '2024-04-20', performanceDeadlineDays: 30 }))),
    ).toBe('PERFORMANCE_DEADLINE_NOT_ALLOWED');
  });

  it('L17 32 ¶2 / L23 77 ¶2: 责令限期履行 states a time limit after its date; 约谈 and 通报批评 exist under L2023 only', () => {
    const served = (regime: LegalRegime) =>
      reviewFacts({
        regime,
        state: 'SERVED',
        decidedOn: '2021-04-01',
        servedOn: '2021-04-05',
        lastActOn: '2021-04-05',
      });
    const order = { occurredOn: '2021-06-10', measure: 'ORDER_TO_PERFORM_WITHIN_LIMIT' };
    expect(check(served('L2017'), 'SUPERVISE_COMPLIANCE', order)).toMatchObject({
      code: 'FIELD_REQUIRED_BY_LAW',
      path: 'dueOn',
    });
    expect(codeOf(check(served('L2017'), 'SUPERVISE_COMPLIANCE', { ...order, dueOn: '2021-06-10' }))).toBe(
      'DATE_OUT_OF_ORDER',
    );
    expect(check(served('L2017'), 'SUPERVISE_COMPLIANCE', { ...order, dueOn: '2021-06-30' })).toBeUndefined();
    for (const measure of ['ADMONITORY_TALK', 'PUBLIC_CRITICISM']) {
      expect(codeOf(check(served('L2017'), 'SUPERVISE_COMPLIANCE', { occurredOn: '2021-06-10', measure }))).toBe(
        'CODE_NOT_IN_REGIME',
      );
      expect(check(served('L2023'), 'SUPERVISE_COMPLIANCE', { occurredOn: '2021-06-10', measure })).toBeUndefined();
    }
  });
});
