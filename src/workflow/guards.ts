import type { CaseFacts } from './case-facts';

/**
 * Extra conditions on a transition, beyond "this action from this state". A failing guard makes the action
 * unavailable (409 and absent from GET /cases/{id}/actions), with the reason below.
 */
export const GUARDS = {
  correctionNotYetRequestedUnderL2023: {
    // L23 31 ¶1: the office must name everything to be supplied in one notice (一次性告知).
    check: (f: CaseFacts) => f.regime !== 'L2023' || f.correctionRequestCount === 0,
    reason: 'L23 31 ¶1: correction may be requested only once, naming everything in one notice.',
  },
  replyNotYetReceived: {
    check: (f: CaseFacts) => f.replyReceivedOn === null,
    reason: 'The respondent’s reply has already been recorded.',
  },
  notYetExtended: {
    // L17 31 ¶1 / L23 62 ¶1: extended "once", by at most 30 days.
    check: (f: CaseFacts) => f.extensionDays === null,
    reason: 'L17 31 / L23 62: the decision period may be extended only once.',
  },
  ordinaryProcedure: {
    // L23 62 ¶2: the simplified procedure's 30 days cannot be extended; convert to ordinary first (L23 55).
    check: (f: CaseFacts) => f.procedure !== 'SIMPLIFIED',
    reason: 'L23 62: a case under the simplified procedure cannot be extended; convert it to ordinary first (L23 55).',
  },
  simplifiedProcedure: {
    check: (f: CaseFacts) => f.procedure === 'SIMPLIFIED',
    reason: 'Only a case under the simplified procedure can be converted to ordinary (L23 55).',
  },
  remakePending: {
    // R07 49: a remake order (责令重新作出) waits for the respondent's remade act; recorded once.
    check: (f: CaseFacts) => f.remakeDeadlineDays !== null && (f.remadeActOn ?? null) === null,
    reason: 'The decision ordered no remade act, or the remade act has already been recorded (R07 49).',
  },
  performancePending: {
    // L17 28(1)(2) / L23 66: an order to perform within a time limit; L17 32 ¶2 / L23 77 ¶2: an order to comply.
    check: (f: CaseFacts) =>
      (f.performedOn ?? null) === null &&
      (f.decisionType === 'ORDERED_TO_PERFORM' ||
        ((f.complianceOrderedOn ?? null) !== null && (f.compliedOn ?? null) === null)),
    reason:
      'Nothing awaits performance: the decision is not an order to perform (L17 28(1)(2) / L23 66) and no order to comply within a time limit is open (L17 32 / L23 77), or performance is already recorded.',
  },
} as const satisfies Record<string, { check: (facts: CaseFacts) => boolean; reason: string }>;

export type GuardName = keyof typeof GUARDS;

export function failedGuard(names: readonly GuardName[] | undefined, facts: CaseFacts): GuardName | undefined {
  return (names ?? []).find((name) => !GUARDS[name].check(facts));
}
