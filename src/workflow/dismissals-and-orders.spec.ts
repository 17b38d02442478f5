import { findCodeEntry, isMeritsDecision, NON_MERITS_OUTCOME_DETAILS } from '../code-lists/code-lists';
import type { DecidePayload } from './action-payloads';
import { checkActionRules, type RuleContext } from './action-rules';
import { type CaseFacts, initialFacts } from './case-facts';
import { applyAction } from './case-reducer';
import { failedGuard } from './guards';
import { findTransition, transitionsFor } from './transition-table';

/**
 * Issue 10, points 6 and 12: the two dismissals (R07 48 ¶1; L23 33, 69) and the superior organ's orders that reopen
 * a case (L17 20; R07 31, 48 ¶2; L23 35, 40). Pure: the transition table, the guard, the rules and the fold.
 */

function facts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  const regime = overrides.regime ?? 'L2023';
  const receivedOn = overrides.receivedOn ?? (regime === 'L2017' ? '2021-03-01' : '2024-03-01');
  return { ...initialFacts(regime, receivedOn), ...overrides };
}

function review(overrides: Partial<CaseFacts> = {}): CaseFacts {
  const regime = overrides.regime ?? 'L2023';
  const acceptedOn = regime === 'L2017' ? '2021-03-05' : '2024-03-05';
  return facts({
    state: 'UNDER_REVIEW',
    procedure: 'ORDINARY',
    acceptedOn,
    copySentOn: acceptedOn,
    lastActOn: acceptedOn,
    handlerCount: 2,
    // L23 49: the parties' opinions were heard before the decision.
    opinionsHeardOn: acceptedOn,
    opinionsResult: 'HEARD',
    ...overrides,
  });
}

function ctx(overrides: Partial<RuleContext> = {}): RuleContext {
  return {
    today: '2024-12-31',
    requireTwoHandlersToDecide: false,
    eligibility: { onTheSpot: false, amountAtMost3000: false, informationDisclosure: false, warningOrReprimand: false },
    correctionPeriodEndsOn: null,
    acceptanceReviewEndsOn: null,
    actCategory: 'ADMINISTRATIVE_PENALTY',
    ...overrides,
  };
}

function dismiss(overrides: Partial<DecidePayload> = {}): DecidePayload {
  return {
    occurredOn: '2024-04-01',
    decisionType: 'DISMISSED',
    documentNumber: '台政复决字〔2024〕1号',
    legalBasis: 'L23 33',
    reasons: '受理后发现不符合受理条件。',
    // L23 61: approved by the organ's head.
    approval: { kind: 'ORGAN_HEAD_APPROVAL', approverName: '张县长', approvedOn: '2024-04-01' },
    ...overrides,
  };
}

const ORDER = { orderingOrgan: '濮阳市人民政府', documentNumber: '濮政复责字〔2024〕2号' };

describe('the two dismissals (R07 48 ¶1; L23 33, 69)', () => {
  it('R07 48 ¶1 / L23 33, 69: a dismissal must say which it is (outcomeDetail) → 422 FIELD_REQUIRED_BY_LAW', () => {
    const v = checkActionRules(review(), 'DECIDE', dismiss({ outcomeDetail: undefined }), ctx());
    expect(v).toMatchObject({ code: 'FIELD_REQUIRED_BY_LAW', path: 'outcomeDetail' });
    expect(v?.detail).toMatch(/R07 48 ¶1\(2\) \/ L23 33/);
  });

  it('R07 48 ¶1(2) / L23 33: the procedural dismissal fits any contested act', () => {
    expect(checkActionRules(review(), 'DECIDE', dismiss({ outcomeDetail: 'DISMISSED_APPLICATION' }), ctx())).toBe(
      undefined,
    );
  });

  it('R07 48 ¶1(1) / L23 69: the dismissal of the claim needs a non-performance case → 422 otherwise, citing the article', () => {
    const p = dismiss({ outcomeDetail: 'DISMISSED_CLAIM', legalBasis: 'L23 69' });
    const v = checkActionRules(review(), 'DECIDE', p, ctx({ actCategory: 'ADMINISTRATIVE_PENALTY' }));
    expect(v).toMatchObject({ code: 'DISMISSAL_NEEDS_NON_PERFORMANCE_CASE', path: 'outcomeDetail' });
    expect(v?.detail).toMatch(/R07 48 ¶1\(1\) \/ L23 69/);
    expect(checkActionRules(review(), 'DECIDE', p, ctx({ actCategory: 'FAILURE_TO_PERFORM' }))).toBeUndefined();
    // The category must be known: a rule context without it refuses rather than guesses.
    expect(checkActionRules(review(), 'DECIDE', p, ctx({ actCategory: undefined }))?.code).toBe(
      'DISMISSAL_NEEDS_NON_PERFORMANCE_CASE',
    );
  });

  it('R07 48 / L23 33, 69: an outcome detail goes with DISMISSED only → 422 OUTCOME_DETAIL_NOT_ALLOWED', () => {
    const p = dismiss({ decisionType: 'UPHELD', outcomeDetail: 'DISMISSED_APPLICATION', legalBasis: 'L23 68' });
    expect(checkActionRules(review(), 'DECIDE', p, ctx())?.code).toBe('OUTCOME_DETAIL_NOT_ALLOWED');
  });

  it('the fold stores the detail with the outcome DISMISSED (both count as 驳回 in the report)', () => {
    const f = applyAction(review(), 'DECIDE', '2024-04-01', { ...dismiss({ outcomeDetail: 'DISMISSED_CLAIM' }) });
    expect(f).toMatchObject({ outcome: 'DISMISSED', outcomeDetail: 'DISMISSED_CLAIM', concludedOn: '2024-04-01' });
  });

  it('R07 48 ¶1(2) / L23 33: a procedural dismissal is not a decision on the merits; the dismissal of the claim is', () => {
    expect(NON_MERITS_OUTCOME_DETAILS).toEqual(['DISMISSED_APPLICATION']);
    expect(isMeritsDecision('DISMISSED', 'DISMISSED_APPLICATION')).toBe(false);
    expect(isMeritsDecision('DISMISSED', 'DISMISSED_CLAIM')).toBe(true);
    // Dismissals recorded before details existed keep counting as before (on the merits).
    expect(isMeritsDecision('DISMISSED', null)).toBe(true);
    expect(isMeritsDecision('NOT_ACCEPTED', null)).toBe(false);
    expect(findCodeEntry('OUTCOME_DETAILS', 'DISMISSED_APPLICATION')?.legalBasis).toBe('R07 48 ¶1(2) / L23 33');
    expect(findCodeEntry('OUTCOME_DETAILS', 'DISMISSED_CLAIM')?.legalBasis).toBe('R07 48 ¶1(1) / L23 69');
  });
});

describe('orders of the superior organ (L17 20; R07 31, 48 ¶2; L23 35, 40)', () => {
  const notAccepted = (regime: 'L2017' | 'L2023') =>
    applyAction(facts({ regime }), 'NOT_ACCEPT', regime === 'L2017' ? '2021-03-04' : '2024-03-05', {
      ground: regime === 'L2017' ? 'R07_28_5_OUTSIDE_SCOPE' : 'L23_30_5_OUTSIDE_SCOPE',
      documentNumber: '台政复不受字〔1〕号',
      reasons: '不属于行政复议范围。',
    });

  it('L17 20 / L23 35: ORDER_TO_ACCEPT leads from NOT_ACCEPTED to ACCEPTED, under both regimes; a clerk may record it', () => {
    for (const regime of ['L2017', 'L2023'] as const) {
      const t = findTransition(regime, 'NOT_ACCEPTED', 'ORDER_TO_ACCEPT');
      expect(t?.to).toBe('ACCEPTED');
      expect(t?.roles).toContain('CLERK');
      expect(t?.legalBasis[regime]).toMatch(regime === 'L2017' ? /L17 20; R07 31/ : /L23 35/);
    }
  });

  it('L17 20 / L23 35: accepted from the order’s date; the refusal stays as a prior conclusion with the order', () => {
    const before = notAccepted('L2023');
    const after = applyAction(before, 'ORDER_TO_ACCEPT', '2024-05-20', { ...ORDER, procedure: 'ORDINARY' });
    expect(after).toMatchObject({
      state: 'ACCEPTED',
      acceptedOn: '2024-05-20',
      procedure: 'ORDINARY',
      outcome: null,
      concludedOn: null,
      lastActOn: '2024-05-20',
    });
    expect(after.priorConclusions).toEqual([
      {
        outcome: 'NOT_ACCEPTED',
        // The refusal keeps its ground as its detail (OUTCOME_DETAILS), so the statistics before the order count it.
        outcomeDetail: 'L23_30_5_OUTSIDE_SCOPE',
        concludedOn: '2024-03-05',
        reopenedOn: '2024-05-20',
        reopenedBy: 'ORDER_TO_ACCEPT',
      },
    ]);
    expect(after.superiorOrders).toEqual([
      { action: 'ORDER_TO_ACCEPT', orderedOn: '2024-05-20', fromState: 'NOT_ACCEPTED', ...ORDER },
    ]);
  });

  it('L23 36: an ordered acceptance under L2023 names the procedure, like ACCEPT (422 FIELD_REQUIRED_BY_LAW)', () => {
    const v = checkActionRules(notAccepted('L2023'), 'ORDER_TO_ACCEPT', { occurredOn: '2024-05-20', ...ORDER }, ctx());
    expect(v).toMatchObject({ code: 'FIELD_REQUIRED_BY_LAW', path: 'procedure' });
  });

  it('the order is dated on or after the refusal (acts in date order; 422 DATE_OUT_OF_ORDER)', () => {
    const v = checkActionRules(notAccepted('L2017'), 'ORDER_TO_ACCEPT', { occurredOn: '2021-03-03', ...ORDER }, ctx());
    expect(v?.code).toBe('DATE_OUT_OF_ORDER');
  });

  it('L23 40: ORDER_TO_RESUME ends a suspension on the order’s date (L2023 only: L17 and R07 have no such order)', () => {
    const suspended = applyAction(review(), 'SUSPEND', '2024-04-01', { ground: 'L23_39_1_APPLICANT_DIED' });
    // Back to where the case was suspended from (here UNDER_REVIEW; ACCEPTED for a suspension before the copy).
    expect(findTransition('L2023', 'SUSPENDED', 'ORDER_TO_RESUME')?.to).toBe('PREVIOUS');
    expect(findTransition('L2017', 'SUSPENDED', 'ORDER_TO_RESUME')).toBeUndefined();
    const resumed = applyAction(suspended, 'ORDER_TO_RESUME', '2024-04-20', ORDER);
    expect(resumed.state).toBe('UNDER_REVIEW');
    expect(resumed.suspensions).toEqual([
      { from: '2024-04-01', to: '2024-04-20', ground: 'L23_39_1_APPLICANT_DIED', fromState: 'UNDER_REVIEW' },
    ]);
    expect(resumed.priorConclusions).toEqual([]);
    expect(resumed.superiorOrders[0]).toMatchObject({ action: 'ORDER_TO_RESUME', fromState: 'SUSPENDED' });
  });

  it('R07 48 ¶2 / L23 35: a dismissal found wrong → review resumes from the order’s date; the dismissal is kept', () => {
    const decided = applyAction(review(), 'DECIDE', '2024-04-01', {
      ...dismiss({ outcomeDetail: 'DISMISSED_APPLICATION' }),
    });
    const served = applyAction(decided, 'SERVE_DECISION', '2024-04-03', {});
    const closed = applyAction(served, 'CLOSE', '2024-04-10', {});
    for (const f of [decided, served, closed]) {
      expect(failedGuard(findTransition('L2023', f.state, 'ORDER_TO_RESUME')?.guards, f)).toBeUndefined();
    }
    const resumed = applyAction(closed, 'ORDER_TO_RESUME', '2024-06-03', ORDER);
    expect(resumed).toMatchObject({
      state: 'UNDER_REVIEW',
      outcome: null,
      outcomeDetail: null,
      concludedOn: null,
      decisionType: null,
      decidedOn: null,
      servedOn: null,
      closedOn: null,
      acceptedOn: '2024-03-05',
    });
    expect(resumed.priorConclusions).toEqual([
      {
        outcome: 'DISMISSED',
        outcomeDetail: 'DISMISSED_APPLICATION',
        concludedOn: '2024-04-01',
        reopenedOn: '2024-06-03',
        reopenedBy: 'ORDER_TO_RESUME',
      },
    ]);
    // A second dismissal and a second order: both earlier conclusions are kept, oldest first.
    const again = applyAction(resumed, 'DECIDE', '2024-07-01', {
      ...dismiss({ occurredOn: '2024-07-01', outcomeDetail: 'DISMISSED_APPLICATION' }),
    });
    const twice = applyAction(again, 'ORDER_TO_RESUME', '2024-08-01', ORDER);
    expect(twice.priorConclusions.map((p) => [p.concludedOn, p.reopenedOn])).toEqual([
      ['2024-04-01', '2024-06-03'],
      ['2024-07-01', '2024-08-01'],
    ]);
  });

  it('R07 48 ¶2 / L23 35: only a dismissal reopens; under L2023 not the dismissal of the claim (L23 69, on the merits)', () => {
    const upheld = applyAction(review(), 'DECIDE', '2024-04-01', { ...dismiss({ decisionType: 'UPHELD' }) });
    const claimL23 = applyAction(review(), 'DECIDE', '2024-04-01', {
      ...dismiss({ outcomeDetail: 'DISMISSED_CLAIM' }),
    });
    const claimL17 = applyAction(review({ regime: 'L2017' }), 'DECIDE', '2021-04-01', {
      ...dismiss({ occurredOn: '2021-04-01', outcomeDetail: 'DISMISSED_CLAIM' }),
    });
    const guards = findTransition('L2023', 'DECIDED', 'ORDER_TO_RESUME')?.guards;
    expect(failedGuard(guards, upheld)).toBe('dismissalThatAnOrderCanReopen');
    expect(failedGuard(guards, claimL23)).toBe('dismissalThatAnOrderCanReopen');
    expect(failedGuard(guards, claimL17)).toBeUndefined(); // R07 48 ¶2 covers both dismissals of R07 48 ¶1
    expect(transitionsFor('L2023', 'DECIDED').map((t) => t.action)).toContain('ORDER_TO_RESUME');
  });

  it('no order leads out of a withdrawal, a deemed withdrawal, a transfer or a termination', () => {
    for (const regime of ['L2017', 'L2023'] as const) {
      for (const state of ['WITHDRAWN', 'DEEMED_WITHDRAWN', 'TRANSFERRED', 'TERMINATED'] as const) {
        expect(transitionsFor(regime, state)).toEqual([]);
      }
    }
  });
});
