import type { Actor, Role } from '../auth/roles';
import type { CaseAction, CaseState, LegalRegime } from '../code-lists/code-lists';
import type { CaseFacts } from './case-facts';
import type { GuardName } from './guards';

/**
 * THE PROCEDURE, AS DATA. One row per action: from which states, to which state, who may do it, under which regimes,
 * on which articles, and which extra conditions (guards) must hold. A lawyer should be able to read this file alone.
 *
 * Sources (DOMAIN.md): L17 = 行政复议法 (2017), R07 = 实施条例 (2007), L23 = 行政复议法 (2023).
 * - `to: 'SAME'` records a step without changing the state (a reply received, a hearing held, an extension).
 * - `to: 'PREVIOUS'` returns to the state the case was in before: RESUME to the state it was suspended from
 *   (ACCEPTED or UNDER_REVIEW, L23 39), MEDIATION_FAILED to where the mediation began (UNDER_REVIEW, or SUSPENDED
 *   when it began in a suspension agreed for mediation, L23 39(6)). The facts remember it (see targetState).
 * - Roles: SUPERVISOR (the office head) signs what binds the organ — 不予受理, decisions, termination, extension — and
 *   may also do everything an OFFICER does. CLERK registers and records receipt and service.
 * - Refusals: an action not listed for the case's regime and state → 409 naming the allowed actions; listed but the
 *   caller's role is not → 403; a guard fails → 409 with the guard's reason.
 */
export type ProceduralAction = Exclude<CaseAction, 'REGISTER' | 'IMPORT' | 'EDIT' | 'ASSIGN_HANDLERS' | 'UNDO'>;

export interface Transition {
  action: ProceduralAction;
  from: readonly CaseState[];
  to: CaseState | 'SAME' | 'PREVIOUS';
  roles: readonly Role[];
  regimes: readonly LegalRegime[];
  legalBasis: Partial<Record<LegalRegime, string>>;
  guards?: readonly GuardName[];
}

const BOTH: readonly LegalRegime[] = ['L2017', 'L2023'];
const HANDLING: readonly Role[] = ['OFFICER', 'SUPERVISOR'];
const HANDLING_AND_CLERK: readonly Role[] = ['CLERK', 'OFFICER', 'SUPERVISOR'];
const SIGNING: readonly Role[] = ['SUPERVISOR'];
/** States in which the merits are under review and the decision clock runs or is paused. */
const IN_REVIEW: readonly CaseState[] = ['UNDER_REVIEW', 'SUSPENDED', 'MEDIATION'];
/** States in which the served decision is in force and its performance is followed up (L17 32; L23 77). */
const FOLLOW_UP: readonly CaseState[] = ['SERVED', 'CLOSED'];

export const TRANSITIONS: readonly Transition[] = [
  // ── Before acceptance: correction, withdrawal, acceptance review ─────────────────────────────────────────────
  {
    action: 'REQUEST_CORRECTION',
    from: ['RECEIVED'],
    to: 'CORRECTION_REQUESTED',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 29', L2023: 'L23 31 ¶1' },
    // L23 31 ¶1: everything to be supplied must be named in one notice (一次性告知).
    guards: ['correctionNotYetRequestedUnderL2023'],
  },
  {
    // L23 31 ¶2: the applicant's 10 days run 「自收到补正通知之日起」, so the date of receipt is an act of its own when it
    // becomes known after the notice (a postal return receipt, an electronic delivery record).
    action: 'RECORD_CORRECTION_SERVICE',
    from: ['CORRECTION_REQUESTED'],
    to: 'SAME',
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 29; L17 40 (民事诉讼法 送达)', L2023: 'L23 31 ¶2, 88 (民事诉讼法 送达)' },
    guards: ['correctionServiceNotYetRecorded'],
  },
  {
    // L23 31 ¶2: 「有正当理由不能按期补正的，行政复议机关可以延长合理的补正期限」. R07 29 leaves the period to the notice,
    // and what the notice may set it may lengthen.
    action: 'EXTEND_CORRECTION_PERIOD',
    from: ['CORRECTION_REQUESTED'],
    to: 'SAME',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 29', L2023: 'L23 31 ¶2' },
  },
  {
    action: 'RECEIVE_CORRECTION',
    from: ['CORRECTION_REQUESTED'],
    to: 'RECEIVED', // a fresh acceptance review starts (L23 31 ¶3)
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 29', L2023: 'L23 31 ¶3' },
  },
  {
    action: 'DEEM_WITHDRAWN',
    from: ['CORRECTION_REQUESTED'],
    to: 'DEEMED_WITHDRAWN',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 29', L2023: 'L23 31 ¶2' },
  },
  {
    action: 'WITHDRAW',
    from: ['RECEIVED', 'CORRECTION_REQUESTED'],
    to: 'WITHDRAWN',
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 25', L2023: 'L23 74' },
  },
  {
    action: 'NOT_ACCEPT',
    from: ['RECEIVED'],
    to: 'NOT_ACCEPTED',
    roles: SIGNING,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 17; R07 28', L2023: 'L23 30' },
  },
  {
    action: 'ACCEPT',
    from: ['RECEIVED'],
    to: 'ACCEPTED',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 17', L2023: 'L23 30, 36' },
  },
  {
    // L23 30 ¶3: 「审查期限届满，行政复议机关未作出不予受理决定的，审查期限届满之日起视为受理」; L17 17 ¶2: not refused
    // within the 5 days, the application is accepted from the day it was received. Nobody performs this act: the
    // service records it (actor "system") once the review period has passed (src/cases/deemed-acceptance.service.ts).
    action: 'DEEM_ACCEPTED',
    from: ['RECEIVED'],
    to: 'ACCEPTED',
    roles: [],
    regimes: BOTH,
    legalBasis: { L2017: 'L17 17 ¶2', L2023: 'L23 30 ¶3' },
  },
  {
    // The notice of acceptance (受理通知书) may follow the acceptance, and must where the acceptance was deemed.
    action: 'SEND_ACCEPTANCE_NOTICE',
    from: ['ACCEPTED', ...IN_REVIEW],
    to: 'SAME',
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 17', L2023: 'L23 30' },
    guards: ['acceptanceNoticeNotYetSent'],
  },
  {
    // The county government passes an application on to the competent organ (L17 15 ¶2, within 7 days: L17 18).
    // L23 dropped this channel, so it exists for L2017 cases only.
    action: 'TRANSFER',
    from: ['RECEIVED'],
    to: 'TRANSFERRED',
    roles: HANDLING,
    regimes: ['L2017'],
    legalBasis: { L2017: 'L17 15 ¶2, 18' },
  },
  {
    // L17 17 ¶1: 「对符合本法规定，但是不属于本机关受理的行政复议申请，应当告知申请人向有关行政复议机关提出」 — within
    // the 5-day review like a refusal, but not a refusal (不予受理): the application is lawful and goes elsewhere, so no
    // superior organ orders it accepted here (L17 20 is about refusals). It concludes the case for this organ as
    // INFORMED. L23 has no such act: an application outside the organ's jurisdiction is refused under L23 30(6), and
    // the refusal names the competent organ (L23 30 ¶2) — NOT_ACCEPT with ground L23_30_6_OUTSIDE_JURISDICTION.
    // Like a transfer it decides nothing against the applicant (it points to the competent organ), so the handling
    // officers record it, as TRANSFER.
    action: 'INFORM',
    from: ['RECEIVED'],
    to: 'INFORMED',
    roles: HANDLING,
    regimes: ['L2017'],
    legalBasis: { L2017: 'L17 17 ¶1' },
  },
  // ── Review ────────────────────────────────────────────────────────────────────────────────────────────────────
  {
    action: 'SEND_COPY',
    from: ['ACCEPTED'],
    to: 'UNDER_REVIEW',
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 23', L2023: 'L23 48, 54' },
  },
  {
    // L17 23 / L23 48: the respondent's reply period runs 「自收到申请书副本…之日起」: its receipt of the copy, known
    // from the postal or electronic service record, often after the copy was sent.
    action: 'RECORD_COPY_RECEIPT',
    from: IN_REVIEW,
    to: 'SAME',
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 23, 40 (民事诉讼法 送达)', L2023: 'L23 48, 54, 88 (民事诉讼法 送达)' },
    guards: ['copySentNotYetReceived', 'copyReceiptNotYetRecorded'],
  },
  {
    action: 'RECEIVE_REPLY',
    from: ['UNDER_REVIEW'],
    to: 'SAME',
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 23', L2023: 'L23 48, 54' },
    guards: ['replyNotYetReceived'],
  },
  {
    // 听证 (R07 33; L23 50). Under L2023 it needs a notice at least 5 working days earlier (SCHEDULE_HEARING, L23 51).
    action: 'HOLD_HEARING',
    from: ['UNDER_REVIEW'],
    to: 'SAME',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 33', L2023: 'L23 50, 51' },
  },
  {
    // The written notice of the hearing's time, place and matters (L23 51 「举行听证的五日前…书面通知当事人」).
    action: 'SCHEDULE_HEARING',
    from: ['UNDER_REVIEW'],
    to: 'SAME',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 33', L2023: 'L23 51, 88' },
  },
  {
    // 听取意见: mandatory in ordinary L2023 procedure (L23 49), possible under L2017 (L17 22). Not a hearing (听证).
    action: 'HEAR_OPINIONS',
    from: ['UNDER_REVIEW'],
    to: 'SAME',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 22', L2023: 'L23 49' },
  },
  {
    // L23 39: 「行政复议期间」 — from acceptance, so also before the copy is sent (ACCEPTED); RESUME returns there.
    action: 'SUSPEND',
    from: ['ACCEPTED', 'UNDER_REVIEW'],
    to: 'SUSPENDED',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 41', L2023: 'L23 39' },
  },
  {
    action: 'RESUME',
    from: ['SUSPENDED'],
    to: 'PREVIOUS', // the state the case was suspended from

    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 41 ¶2', L2023: 'L23 39 ¶2, ¶3' },
  },
  {
    // From SUSPENDED only when the case is suspended for mediation or settlement with both parties' agreement
    // (L23 39(6)): the suspension stays open, so the decision clock stays paused. Under L2017 mediation happens in
    // review and the clock runs (no such ground in R07 41).
    action: 'START_MEDIATION',
    from: ['UNDER_REVIEW', 'SUSPENDED'],
    to: 'MEDIATION',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 40, 50', L2023: 'L23 73, 74' },
    guards: ['suspendedForMediationIfSuspended'],
  },
  {
    // Back to review, or to the L23 39(6) suspension it began in: resuming is its own written act (L23 39 ¶3).
    action: 'MEDIATION_FAILED',
    from: ['MEDIATION'],
    to: 'PREVIOUS',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 50 ¶3', L2023: 'L23 73 ¶2' },
  },
  {
    // R07 30 (determining the competent organ), 34 ¶3 (on-site inspection), 37 (expert appraisal): 「所用时间不计入
    // 行政复议审理期限」. Recorded as an interval: this act starts it, END_NOT_COUNTED_PERIOD ends it. Under L2023 it is
    // R07 applied where not in conflict; whether the clock honours it is configurable (action-rules / clocks.ts).
    action: 'START_NOT_COUNTED_PERIOD',
    from: ['RECEIVED', 'ACCEPTED', ...IN_REVIEW],
    to: 'SAME',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 30, 34 ¶3, 37', L2023: 'L23 62; R07 30, 34 ¶3, 37 (参照适用)' },
  },
  {
    action: 'END_NOT_COUNTED_PERIOD',
    from: ['RECEIVED', 'ACCEPTED', ...IN_REVIEW],
    to: 'SAME',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 30, 34 ¶3, 37', L2023: 'L23 62; R07 30, 34 ¶3, 37 (参照适用)' },
    guards: ['notCountedPeriodOpen'],
  },
  {
    // At most 30 days in all, approved by the head (L17 31 ¶1; L23 62 ¶1). The law caps the total, not the number of
    // extensions: 15 + 15 is lawful (the cap is checked against the payload in action-rules.ts). L23's simplified
    // procedure has a fixed 30-day period and no extension (L23 62 ¶2): convert to ordinary first.
    action: 'EXTEND',
    from: IN_REVIEW,
    to: 'SAME',
    roles: SIGNING,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 31 ¶1', L2023: 'L23 62 ¶1' },
    guards: ['extensionCapNotReached', 'ordinaryProcedure'],
  },
  {
    // L23 55: needs the approval of the office head, like an extension.
    action: 'CONVERT_TO_ORDINARY',
    from: ['ACCEPTED', 'UNDER_REVIEW', 'SUSPENDED'],
    to: 'SAME',
    roles: SIGNING,
    regimes: ['L2023'],
    legalBasis: { L2023: 'L23 55' },
    guards: ['simplifiedProcedure'],
  },
  {
    // L17 21 / L23 42: execution is not stayed during the review unless one of the grounds (1)–(4) applies; the organ
    // decides on a party's request (42(3)). Recorded as an act with its date; it does not change the state.
    action: 'DECIDE_STAY_OF_EXECUTION',
    from: ['ACCEPTED', ...IN_REVIEW],
    to: 'SAME',
    roles: SIGNING,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 21', L2023: 'L23 42' },
  },
  {
    action: 'TERMINATE',
    from: ['ACCEPTED', ...IN_REVIEW],
    to: 'TERMINATED',
    roles: SIGNING,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 25; R07 42', L2023: 'L23 41' },
  },
  // ── Orders of the superior organ (上级行政机关) ─────────────────────────────────────────────────────────────────
  // The office records an order it received; it does not sign it, so clerks and officers may record it. Each order
  // reopens the case FROM ITS OWN DATE: the refusal or dismissal stays in the history and in the statistics as of any
  // earlier date (the reducer keeps it in `priorConclusions`; see the REOPENED measure in src/statistics/tally.ts).
  // UNDO corrects a mistake in the record; it is never the way to carry out an order.
  {
    // L17 20 / L23 35: refused without good reason → the superior organ orders acceptance (R07 31: 责令其限期受理).
    action: 'ORDER_TO_ACCEPT',
    from: ['NOT_ACCEPTED'],
    to: 'ACCEPTED',
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 20; R07 31', L2023: 'L23 35' },
  },
  {
    // L23 40: suspended without good cause → the superior organ orders the review resumed.
    action: 'ORDER_TO_RESUME',
    from: ['SUSPENDED'],
    to: 'PREVIOUS', // like RESUME: the state the case was suspended from (L23 39 allows a suspension before the copy)
    roles: HANDLING_AND_CLERK,
    regimes: ['L2023'],
    legalBasis: { L2023: 'L23 40' },
  },
  {
    // R07 48 ¶2: the reasons for dismissing (驳回) do not hold → the superior organ orders the review resumed.
    // L23 35 says the same of 驳回申请 (L23 33); under L2023 a dismissal of the claim (L23 69) is a merits decision
    // and is not reopened this way (guard).
    action: 'ORDER_TO_RESUME',
    from: ['DECIDED', 'SERVED', 'CLOSED'],
    to: 'UNDER_REVIEW',
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'R07 48 ¶2', L2023: 'L23 35; R07 48 ¶2' },
    guards: ['dismissalThatAnOrderCanReopen'],
  },
  // ── Decision and after ────────────────────────────────────────────────────────────────────────────────────────
  {
    // A mediation statement (调解书) is decided from MEDIATION; every other decision type from UNDER_REVIEW
    // (enforced with the payload, see decisionTypeFitsState in action-rules.ts).
    action: 'DECIDE',
    from: ['UNDER_REVIEW', 'MEDIATION'],
    to: 'DECIDED',
    roles: SIGNING,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 28; R07 43–50', L2023: 'L23 61–73' },
  },
  {
    // The decision takes effect on service (L17 31 ¶3; L23 75).
    action: 'SERVE_DECISION',
    from: ['DECIDED'],
    to: 'SERVED',
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 31 ¶3', L2023: 'L23 75' },
  },
  {
    action: 'CLOSE',
    from: ['SERVED'],
    to: 'CLOSED',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 32', L2023: 'L23 77' },
  },
  // ── Follow-up after service (the decision binds from service: L17 31 ¶3; L23 75) ──────────────────────────────
  // Allowed on a CLOSED file too: closing the file (结案) does not end the respondent's duty to perform (L17 32;
  // L23 77), and the remake and performance periods run from service whether or not the file is closed.
  {
    // The respondent's remade act meets the remake order (R07 49: within the period set, by default 60 days).
    action: 'RECORD_REMADE_ACT',
    from: FOLLOW_UP,
    to: 'SAME',
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 28(1)(3); R07 49', L2023: 'L23 64; R07 49' },
    guards: ['remakePending'],
  },
  {
    // The respondent performed the decision within the time limit (L17 28(1)(2); L23 66) or after an order (L23 77).
    action: 'RECORD_PERFORMANCE',
    from: FOLLOW_UP,
    to: 'SAME',
    roles: HANDLING_AND_CLERK,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 28(1)(2), 32', L2023: 'L23 66, 77' },
    guards: ['performancePending'],
  },
  {
    // 责令限期履行 (L17 32 ¶2; L23 77 ¶2), 约谈 and 通报批评 (L23 77 ¶2): the organ's measures against a respondent
    // that does not perform or delays without good reason.
    action: 'SUPERVISE_COMPLIANCE',
    from: FOLLOW_UP,
    to: 'SAME',
    roles: HANDLING,
    regimes: BOTH,
    legalBasis: { L2017: 'L17 32 ¶2', L2023: 'L23 77 ¶2' },
  },
];

/**
 * The superior organ's orders (L17 20; R07 31, 48 ¶2; L23 35, 40): the only acts that lead out of a terminal state
 * (NOT_ACCEPTED, or CLOSED after a dismissal) — they come from outside the office.
 */
export const SUPERIOR_ORDER_ACTIONS: readonly ProceduralAction[] = ['ORDER_TO_ACCEPT', 'ORDER_TO_RESUME'];

/**
 * States from which nothing but UNDO, or an order of the superior organ (SUPERIOR_ORDER_ACTIONS), leads on. CLOSED is
 * not one of them: a closed file still records the follow-up of the decision (the remade act, performance,
 * compliance supervision: L17 32; L23 77; R07 49), which changes no state and no statistic (the case was concluded
 * by its decision).
 */
export const TERMINAL_STATES: readonly CaseState[] = [
  'NOT_ACCEPTED',
  'DEEMED_WITHDRAWN',
  'WITHDRAWN',
  'TRANSFERRED',
  'TERMINATED',
  'INFORMED',
];

/** Roles that may undo the last action (a correction of the record, never an erasure). */
export const UNDO_ROLES: readonly Role[] = ['SUPERVISOR'];
/** Roles that may edit case details and assign handlers. */
export const EDIT_ROLES: readonly Role[] = ['CLERK', 'OFFICER', 'SUPERVISOR'];
export const REGISTER_ROLES: readonly Role[] = ['CLERK', 'OFFICER', 'SUPERVISOR'];

/**
 * What an integration may record (issue 13 pt 8): a key with the INTEGRATION role and the `cases:write` scope acts as
 * a CLERK in this table, so it registers applications, edits registered details, assigns handlers and records exactly
 * the acts whose row lists CLERK (delivery and receipt records, corrections received …); never an officer's or a
 * supervisor's decision, and never UNDO. README "Scopes" lists them (generated from this table in a test).
 */
export const INTEGRATION_WRITE_ROLE: Role = 'CLERK';

export function workflowRolesOf(actor: Actor): readonly Role[] {
  return actor.roles.includes('INTEGRATION') && actor.scopes.includes('cases:write')
    ? [...actor.roles, INTEGRATION_WRITE_ROLE]
    : actor.roles;
}

/**
 * The state a transition leads to from these facts: `SAME` keeps the state; `PREVIOUS` is the state before the
 * current suspension (RESUME) or mediation (MEDIATION_FAILED), UNDER_REVIEW when older facts do not say.
 */
export function targetState(t: Transition, facts: CaseFacts): CaseState {
  if (t.to === 'SAME') {
    return facts.state;
  }
  if (t.to !== 'PREVIOUS') {
    return t.to;
  }
  if (facts.state === 'MEDIATION') {
    return facts.mediationStartedFrom ?? 'UNDER_REVIEW';
  }
  const last = facts.suspensions[facts.suspensions.length - 1];
  return last?.fromState ?? 'UNDER_REVIEW';
}

export function transitionsFor(regime: LegalRegime, state: CaseState): Transition[] {
  return TRANSITIONS.filter((t) => t.regimes.includes(regime) && t.from.includes(state));
}

export function findTransition(regime: LegalRegime, state: CaseState, action: string): Transition | undefined {
  return TRANSITIONS.find((t) => t.action === action && t.regimes.includes(regime) && t.from.includes(state));
}
