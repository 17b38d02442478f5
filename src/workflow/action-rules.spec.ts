import { addDays } from '../common/local-date';
import type { LegalRegime, SuspensionGround } from '../code-lists/code-lists';
import type {
  AcceptPayload,
  ActionPayload,
  DecidePayload,
  NotAcceptPayload,
  RequestCorrectionPayload,
} from './action-payloads';
import {
  type RuleContext,
  type RuleViolation,
  type SimplifiedEligibility,
  checkActionRules,
  chineseNumber,
} from './action-rules';
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
    acceptanceReviewEndsOn: null,
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
      // L23 31 ¶2: the period runs from the applicant's receipt of the notice (served the same day here).
      correctionServedOn: regime === 'L2017' ? null : '2024-03-04',
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
      decide({
        occurredOn: '2021-04-01',
        decisionType: 'CONFIRMED_ILLEGAL',
        remakeOrdered: true,
        legalBasis: 'L17 28(1)(3)',
      }),
    );
    expect(v).toBeUndefined();
  });

  it('L17 28(1)(3): under L2017 a remake order still cannot go with UPHELD or VARIED', () => {
    for (const decisionType of ['UPHELD', 'VARIED'] as const) {
      const v = check(
        reviewFacts({ regime: 'L2017' }),
        'DECIDE',
        decide({ occurredOn: '2021-04-01', decisionType, remakeOrdered: true, legalBasis: 'L17 28(1)' }),
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
    expect(
      check(unheard({ regime: 'L2017' }), 'DECIDE', decide({ occurredOn: '2021-04-20', legalBasis: 'L17 28(1)(1)' })),
    ).toBeUndefined();
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
      decide({ occurredOn: '2021-04-20', decisionType: 'ORDERED_TO_PERFORM', legalBasis: 'L17 28(1)(2)' }),
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

describe('checkActionRules: after the acceptance review (L23 30 ¶3; L17 17 ¶2)', () => {
  const received = facts({ regime: 'L2023', receivedOn: '2025-03-03', lastActOn: '2025-03-03' });
  const reviewCtx = ctx({ acceptanceReviewEndsOn: '2025-03-10', today: '2025-12-31' });
  const notAccept = (occurredOn: string) => ({
    occurredOn,
    ground: 'L23_30_5_OUTSIDE_SCOPE',
    documentNumber: '台政复不受字〔2025〕1号',
    reasons: '不属于行政复议范围',
  });

  it('L23 30 ¶2: 不予受理 on the review’s last day is allowed; the day after is refused naming dismissal (L23 33; R07 48 ¶1(2))', () => {
    expect(check(received, 'NOT_ACCEPT', notAccept('2025-03-10'), reviewCtx)).toBeUndefined();
    const late = check(received, 'NOT_ACCEPT', notAccept('2025-03-11'), reviewCtx);
    expect(late).toMatchObject({ code: 'ACCEPTANCE_REVIEW_PERIOD_OVER', path: 'occurredOn' });
    expect(late?.detail).toMatch(/L23 30 ¶3/);
    expect(late?.detail).toMatch(/DISMISSED \(驳回行政复议申请, L23 33; R07 48 ¶1\(2\)\)/);
  });

  it('L23 31 ¶1: a correction notice after the five days is refused; L23 41(1): a withdrawal then is a termination', () => {
    const corr = check(received, 'REQUEST_CORRECTION', { occurredOn: '2025-03-11', items: ['身份证明'] }, reviewCtx);
    expect(corr).toMatchObject({ code: 'ACCEPTANCE_REVIEW_PERIOD_OVER' });
    expect(corr?.detail).toMatch(/L23 31 ¶1/);
    const withdraw = check(received, 'WITHDRAW', { occurredOn: '2025-03-11', reason: 'VOLUNTARY' }, reviewCtx);
    expect(withdraw).toMatchObject({ code: 'ACCEPTANCE_REVIEW_PERIOD_OVER' });
    expect(withdraw?.detail).toMatch(/TERMINATE.*L23 41\(1\)/);
    // ACCEPT stays possible: its legal date is the deemed one.
    expect(check(received, 'ACCEPT', { occurredOn: '2025-03-20', procedure: 'ORDINARY' }, reviewCtx)).toBeUndefined();
  });

  it('L17 17 ¶1: 告知 (INFORM) is bound by the five-day review like 不予受理: on its last day allowed, the day after refused', () => {
    const l17 = facts({ regime: 'L2017', receivedOn: '2021-03-01', lastActOn: '2021-03-01' });
    const reviewEnds = ctx({ acceptanceReviewEndsOn: '2021-03-08' });
    const inform = (occurredOn: string) => ({ occurredOn, competentOrgan: '濮阳市人民政府' });
    expect(check(l17, 'INFORM', inform('2021-03-08'), reviewEnds)).toBeUndefined();
    const late = check(l17, 'INFORM', inform('2021-03-09'), reviewEnds);
    expect(late).toMatchObject({ code: 'ACCEPTANCE_REVIEW_PERIOD_OVER', path: 'occurredOn' });
    expect(late?.detail).toMatch(/L17 17 ¶1.*L17 17 ¶2/);
  });

  it('L17 17 ¶2: the L2017 refusal cites L17 and R07 48 ¶1(2)', () => {
    const l17 = facts({ regime: 'L2017', receivedOn: '2021-03-01', lastActOn: '2021-03-01' });
    const late = check(
      l17,
      'NOT_ACCEPT',
      { ...notAccept('2021-03-09'), ground: 'R07_28_5_OUTSIDE_SCOPE' },
      ctx({ acceptanceReviewEndsOn: '2021-03-08' }),
    );
    expect(late?.detail).toMatch(/L17 17 ¶2.*R07 48 ¶1\(2\)/);
  });
});

describe('checkActionRules: dates of receipt (L23 31 ¶2; L17 23; L23 48)', () => {
  it('L23 31 ¶2: the applicant cannot receive the notice before it was sent, nor after the recording', () => {
    const f = facts({
      regime: 'L2023',
      state: 'CORRECTION_REQUESTED',
      correctionRequestedOn: '2024-03-04',
      correctionRequestCount: 1,
      lastActOn: '2024-03-04',
    });
    expect(check(f, 'RECORD_CORRECTION_SERVICE', { occurredOn: '2024-03-08', servedOn: '2024-03-03' })).toMatchObject({
      code: 'DATE_OUT_OF_ORDER',
      path: 'servedOn',
    });
    expect(check(f, 'RECORD_CORRECTION_SERVICE', { occurredOn: '2024-03-08', servedOn: '2024-03-09' })).toMatchObject({
      code: 'DATE_OUT_OF_ORDER',
      path: 'servedOn',
    });
    expect(check(f, 'RECORD_CORRECTION_SERVICE', { occurredOn: '2024-03-08', servedOn: '2024-03-06' })).toBeUndefined();
  });

  it('L17 23 / L23 48: the respondent cannot receive the copy before it was sent', () => {
    const f = reviewFacts({ copySentOn: '2024-03-05' });
    expect(check(f, 'RECORD_COPY_RECEIPT', { occurredOn: '2024-03-12', receivedOn: '2024-03-04' })).toMatchObject({
      code: 'DATE_OUT_OF_ORDER',
      path: 'receivedOn',
    });
    expect(check(f, 'RECORD_COPY_RECEIPT', { occurredOn: '2024-03-12', receivedOn: '2024-03-07' })).toBeUndefined();
    const accepted = facts({ state: 'ACCEPTED', acceptedOn: '2024-03-05', lastActOn: '2024-03-05' });
    expect(check(accepted, 'SEND_COPY', { occurredOn: '2024-03-06', receivedOn: '2024-03-05' })).toMatchObject({
      code: 'DATE_OUT_OF_ORDER',
      path: 'receivedOn',
    });
  });

  it('L23 31 ¶2: DEEM_WITHDRAWN needs the date the applicant received the notice (SERVICE_DATE_UNKNOWN)', () => {
    const f = facts({
      regime: 'L2023',
      state: 'CORRECTION_REQUESTED',
      correctionRequestedOn: '2024-03-04',
      correctionRequestCount: 1,
      lastActOn: '2024-03-04',
    });
    expect(check(f, 'DEEM_WITHDRAWN', { occurredOn: '2024-04-30', reasons: '逾期' })).toMatchObject({
      code: 'SERVICE_DATE_UNKNOWN',
    });
  });

  it('L23 31 ¶2: an extension of the correction period must end after the current end', () => {
    const f = facts({
      regime: 'L2023',
      state: 'CORRECTION_REQUESTED',
      correctionRequestedOn: '2024-03-04',
      correctionServedOn: '2024-03-04',
      correctionRequestCount: 1,
      lastActOn: '2024-03-04',
    });
    const c = ctx({ correctionPeriodEndsOn: '2024-03-18' });
    const body = (due: string) => ({ occurredOn: '2024-03-15', correctionDueOn: due, reasons: '申请人住院' });
    expect(check(f, 'EXTEND_CORRECTION_PERIOD', body('2024-03-18'), c)).toMatchObject({ code: 'DATE_OUT_OF_ORDER' });
    expect(check(f, 'EXTEND_CORRECTION_PERIOD', body('2024-03-29'), c)).toBeUndefined();
  });

  it('L17 31 / L23 62: the extensions of the decision period may not exceed 30 days in all', () => {
    const f = reviewFacts({ extensionDays: 15 });
    const extend = (days: number) => ({
      occurredOn: '2024-04-20',
      days,
      reasons: '案情复杂',
      // L23 62 ¶1: approved by the office's head, the parties told.
      approval: { kind: 'OFFICE_HEAD_APPROVAL', approverName: '李主任', approvedOn: '2024-04-20' },
      partiesNotifiedOn: '2024-04-20',
    });
    expect(check(f, 'EXTEND', extend(15))).toBeUndefined();
    expect(check(f, 'EXTEND', extend(16))).toMatchObject({ code: 'EXTENSION_CAP_EXCEEDED', path: 'days' });
  });
});

describe('DECIDE_STAY_OF_EXECUTION (L17 21; L23 42)', () => {
  const on = { occurredOn: '2024-03-10', reasons: '理由' };
  it('L23 42(3): the organ stays execution on a party’s reasonable request', () => {
    expect(
      check(reviewFacts(), 'DECIDE_STAY_OF_EXECUTION', {
        ...on,
        granted: true,
        ground: 'L23_42_3_PARTY_REQUEST_REASONABLE',
      }),
    ).toBeUndefined();
  });
  it('L23 42 ¶1: a refusal (不停止执行) is the organ’s and names no ground', () => {
    expect(check(reviewFacts(), 'DECIDE_STAY_OF_EXECUTION', { ...on, granted: false })).toBeUndefined();
    expect(
      check(reviewFacts(), 'DECIDE_STAY_OF_EXECUTION', {
        ...on,
        granted: false,
        ground: 'L23_42_2_ORGAN_DEEMS_NECESSARY',
      }),
    ).toMatchObject({ code: 'STAY_DECISION_INCONSISTENT', path: 'ground' });
    expect(
      check(reviewFacts(), 'DECIDE_STAY_OF_EXECUTION', { ...on, granted: false, decidedBy: 'RESPONDENT' }),
    ).toMatchObject({ code: 'STAY_DECISION_INCONSISTENT', path: 'decidedBy' });
  });
  it('L23 42: a stay names one of the grounds (1)–(4)', () => {
    expect(check(reviewFacts(), 'DECIDE_STAY_OF_EXECUTION', { ...on, granted: true })).toMatchObject({
      code: 'FIELD_REQUIRED_BY_LAW',
      path: 'ground',
    });
  });
  it('L23 42(1): under ground (1) the respondent itself stops execution; under (2) the organ decides', () => {
    const f = reviewFacts();
    expect(
      check(f, 'DECIDE_STAY_OF_EXECUTION', { ...on, granted: true, ground: 'L23_42_1_RESPONDENT_DEEMS_NECESSARY' }),
    ).toMatchObject({ code: 'STAY_DECISION_INCONSISTENT' });
    expect(
      check(f, 'DECIDE_STAY_OF_EXECUTION', {
        ...on,
        granted: true,
        ground: 'L23_42_1_RESPONDENT_DEEMS_NECESSARY',
        decidedBy: 'RESPONDENT',
      }),
    ).toBeUndefined();
    expect(
      check(f, 'DECIDE_STAY_OF_EXECUTION', {
        ...on,
        granted: true,
        ground: 'L23_42_2_ORGAN_DEEMS_NECESSARY',
        decidedBy: 'RESPONDENT',
      }),
    ).toMatchObject({ code: 'STAY_DECISION_INCONSISTENT' });
  });
  it('L17 21 / L23 42: the ground must be of the case’s regime', () => {
    expect(
      check(reviewFacts(), 'DECIDE_STAY_OF_EXECUTION', {
        ...on,
        granted: true,
        ground: 'L17_21_2_ORGAN_DEEMS_NECESSARY',
      }),
    ).toMatchObject({ code: 'CODE_NOT_IN_REGIME' });
    expect(
      check(reviewFacts({ regime: 'L2017' }), 'DECIDE_STAY_OF_EXECUTION', {
        occurredOn: '2021-03-10',
        reasons: '理由',
        granted: true,
        ground: 'L17_21_3_APPLICANT_REQUEST_REASONABLE',
      }),
    ).toBeUndefined();
  });
});

describe('checkActionRules: issue 10 (mediation in a suspension, not-counted periods, legal basis, L23 53(3))', () => {
  it('L23 39(6), 73: a 调解书 concludes a mediation begun while suspended for mediation', () => {
    const f = reviewFacts({
      state: 'MEDIATION',
      mediationKind: 'MEDIATION',
      mediationStartedFrom: 'SUSPENDED',
      suspensions: [
        { from: '2024-03-10', to: null, ground: 'L23_39_6_MEDIATION_OR_SETTLEMENT', fromState: 'UNDER_REVIEW' },
      ],
      lastActOn: '2024-03-11',
    });
    expect(
      check(f, 'DECIDE', decide({ occurredOn: '2024-04-01', decisionType: 'MEDIATED', legalBasis: 'L23 73' })),
    ).toBeUndefined();
  });

  it('L23 53(3): the refusal names each ground of L23 53 with its item, the amount rule as 53(3)', () => {
    const v = check(facts(), 'ACCEPT', { occurredOn: '2024-03-04', procedure: 'SIMPLIFIED' });
    expect(v?.detail).toContain('at most 3,000 yuan (53(3))');
    expect(
      check(
        facts(),
        'ACCEPT',
        { occurredOn: '2024-03-04', procedure: 'SIMPLIFIED' },
        ctx({ eligibility: { ...NO_FLAGS, amountAtMost3000: true } }),
      ),
    ).toBeUndefined();
  });

  it('R07 34 ¶3, 37: inspection and appraisal are steps of the review, not of the acceptance review (NOT_COUNTED_PERIOD_INVALID)', () => {
    expect(
      check(facts(), 'START_NOT_COUNTED_PERIOD', { occurredOn: '2024-03-02', kind: 'ON_SITE_INSPECTION' }),
    ).toMatchObject({
      code: 'NOT_COUNTED_PERIOD_INVALID',
      path: 'kind',
    });
    expect(
      check(facts(), 'START_NOT_COUNTED_PERIOD', { occurredOn: '2024-03-02', kind: 'COMPETENT_ORGAN_DETERMINATION' }),
    ).toBeUndefined();
    expect(
      check(reviewFacts(), 'START_NOT_COUNTED_PERIOD', { occurredOn: '2024-03-06', kind: 'EXPERT_APPRAISAL' }),
    ).toBeUndefined();
  });

  it('R07 37: a kind already open cannot start again, and only an open kind can end', () => {
    const f = reviewFacts({
      notCountedPeriods: [{ kind: 'EXPERT_APPRAISAL', from: '2024-03-06', to: null }],
      lastActOn: '2024-03-06',
    });
    expect(codeOf(check(f, 'START_NOT_COUNTED_PERIOD', { occurredOn: '2024-03-07', kind: 'EXPERT_APPRAISAL' }))).toBe(
      'NOT_COUNTED_PERIOD_INVALID',
    );
    // Another kind may overlap it (counted once by the clock).
    expect(
      check(f, 'START_NOT_COUNTED_PERIOD', { occurredOn: '2024-03-07', kind: 'ON_SITE_INSPECTION' }),
    ).toBeUndefined();
    expect(check(f, 'END_NOT_COUNTED_PERIOD', { occurredOn: '2024-03-20', kind: 'EXPERT_APPRAISAL' })).toBeUndefined();
    expect(check(f, 'END_NOT_COUNTED_PERIOD', { occurredOn: '2024-03-20', kind: 'ON_SITE_INSPECTION' })).toMatchObject({
      code: 'NOT_COUNTED_PERIOD_INVALID',
      detail: expect.stringContaining('open: EXPERT_APPRAISAL'),
    });
  });

  const basis = (regime: LegalRegime, legalBasis: string) =>
    check(
      reviewFacts({ regime }),
      'DECIDE',
      decide({ occurredOn: regime === 'L2017' ? '2021-04-01' : '2024-04-01', legalBasis }),
    );

  it.each([
    'L17 28(1)(1); R07 43',
    'R07 48 ¶1(2)',
    '《中华人民共和国行政复议法》第二十八条第一款第一项',
    '《中华人民共和国行政复议法实施条例》第四十八条第一款第二项',
    '行政复议法（2017年修正）第二十八条',
    '依法维持',
  ])('L23 90: an L2017 case may rest on L17 / R07 (%s)', (text) => {
    expect(basis('L2017', text)).toBeUndefined();
  });

  it.each([
    ['L23 68', /2017 law/],
    ['L17 28; L23 68', /2017 law/],
    ['《中华人民共和国行政复议法》第六十八条', /43 articles.*2023 revision/],
    ['行政复议法（2023年修订）第六十八条', /2017 law/],
    ['L17 50', /L17 has no article 50/],
  ])('L23 90: an L2017 case may not cite the 2023 law (%s → LEGAL_BASIS_NOT_IN_REGIME)', (text, detail) => {
    expect(basis('L2017', text)).toMatchObject({
      code: 'LEGAL_BASIS_NOT_IN_REGIME',
      path: 'legalBasis',
      detail: expect.stringMatching(detail),
    });
  });

  it.each([
    'L23 68',
    'L23 69; R07 48 ¶1(1)',
    '《中华人民共和国行政复议法》第六十八条',
    '行政复议法（2023年修订）第六十四条',
  ])('L23 90: an L2023 case rests on L23, R07 alongside it where not in conflict (%s)', (text) => {
    expect(basis('L2023', text)).toBeUndefined();
  });

  it.each([
    ['L17 28(1)(1)', /2023 revision/],
    ['行政复议法（2017年修正）第二十八条', /2023 revision/],
    ['R07 43', /cite it alongside the L23 article/],
    ['《中华人民共和国行政复议法实施条例》第四十八条', /alongside/],
    ['L23 95', /L23 has no article 95/],
    ['R07 70; L23 68', /R07 has no article 70/],
  ])(
    'L23 90: an L2023 case may not rest on the 2017 law or on R07 alone (%s → LEGAL_BASIS_NOT_IN_REGIME)',
    (text, detail) => {
      expect(basis('L2023', text)).toMatchObject({
        code: 'LEGAL_BASIS_NOT_IN_REGIME',
        detail: expect.stringMatching(detail),
      });
    },
  );

  it('chineseNumber reads article numbers', () => {
    expect([
      chineseNumber('二十八'),
      chineseNumber('十'),
      chineseNumber('九十'),
      chineseNumber('一百零二'),
      chineseNumber('六'),
    ]).toEqual([28, 10, 90, 102, 6]);
    expect(chineseNumber('abc')).toBeNaN();
  });
});
