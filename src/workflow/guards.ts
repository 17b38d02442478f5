import type { CaseFacts } from './case-facts';
import { currentSuspension } from './case-facts';

/** L17 31 ¶1 / L23 62 ¶1: 「延长期限最多不超过三十日」. */
export const MAX_EXTENSION_DAYS = 30;

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
  extensionCapNotReached: {
    // L17 31 ¶1 / L23 62 ¶1: 「延长期限最多不超过三十日」 — a cap on the total, not on the number of extensions.
    check: (f: CaseFacts) => (f.extensionDays ?? 0) < MAX_EXTENSION_DAYS,
    reason: 'L17 31 / L23 62: the decision period has already been extended by the full 30 days the law allows.',
  },
  acceptanceNoticeNotYetSent: {
    check: (f: CaseFacts) => f.acceptanceNoticeSentOn === null,
    reason: 'The notice of acceptance (受理通知书) has already been recorded as sent.',
  },
  correctionServiceNotYetRecorded: {
    check: (f: CaseFacts) => f.correctionServedOn === null,
    reason: 'The applicant’s receipt of the correction notice has already been recorded (UNDO corrects a wrong date).',
  },
  copySentNotYetReceived: {
    // L23 39: a case may be suspended before the copy is sent; there is then no copy whose receipt could be recorded.
    check: (f: CaseFacts) => f.copySentOn !== null,
    reason: 'No copy of the application has been sent to the respondent yet (SEND_COPY first).',
  },
  copyReceiptNotYetRecorded: {
    check: (f: CaseFacts) => f.copyReceivedOn === null,
    reason: 'The respondent’s receipt of the copy has already been recorded (UNDO corrects a wrong date).',
  },
  ordinaryProcedure: {
    // L23 62 ¶2: the simplified procedure's 30 days cannot be extended; convert to ordinary first (L23 55).
    check: (f: CaseFacts) => f.procedure !== 'SIMPLIFIED',
    reason: 'L23 62: a case under the simplified procedure cannot be extended; convert it to ordinary first (L23 55).',
  },
  suspendedForMediationIfSuspended: {
    // L23 39(6): a case may be suspended for mediation or settlement when both parties agree; only that suspension
    // lets mediation start while suspended (R07 41 has no such ground, so never under L2017).
    check: (f: CaseFacts) =>
      f.state !== 'SUSPENDED' || currentSuspension(f)?.ground === 'L23_39_6_MEDIATION_OR_SETTLEMENT',
    reason:
      'L23 39(6): mediation or settlement can start in a suspended case only when it was suspended for that purpose with both parties’ agreement; otherwise RESUME first.',
  },
  notCountedPeriodOpen: {
    check: (f: CaseFacts) => (f.notCountedPeriods ?? []).some((p) => p.to === null),
    reason: 'No period not counted towards the decision period (R07 30, 34 ¶3, 37) is open.',
  },
  simplifiedProcedure: {
    check: (f: CaseFacts) => f.procedure === 'SIMPLIFIED',
    reason: 'Only a case under the simplified procedure can be converted to ordinary (L23 55).',
  },
  dismissalThatAnOrderCanReopen: {
    // R07 48 ¶2: 「上级行政机关认为行政复议机关驳回行政复议申请的理由不成立的，应当责令其恢复审理」 (both dismissals of
    // R07 48 ¶1); L23 35: 「无正当理由…驳回申请」 (L23 33 only). A dismissal recorded without its detail (before details
    // existed) is treated as reopenable under L2017 only.
    check: (f: CaseFacts) =>
      f.outcome === 'DISMISSED' && (f.regime === 'L2017' || f.outcomeDetail === 'DISMISSED_APPLICATION'),
    reason:
      'Only a dismissal can be reopened by a superior order: any 驳回 under R07 48 ¶2, under L2023 a 驳回申请 (L23 33, 35).',
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
