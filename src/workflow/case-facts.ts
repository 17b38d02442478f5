import type {
  ApprovalKind,
  CaseState,
  ComplianceMeasure,
  DecisionType,
  LegalRegime,
  NotAcceptGround,
  NotCountedPeriodKind,
  OpinionHearingResult,
  Outcome,
  OutcomeDetail,
  Procedure,
  StayOfExecutionGround,
  SuspensionGround,
  TerminationGround,
  WithdrawalReason,
} from '../code-lists/code-lists';

/** One suspension interval (中止): `to` is null while it lasts. Deadlines exclude these days from the decision period. */
export interface SuspensionInterval {
  from: string;
  to: string | null;
  ground: SuspensionGround;
  /**
   * The state the case was suspended from (L23 39 allows suspension before the copy is sent): RESUME returns to it.
   * Absent in facts stored before it was recorded, meaning UNDER_REVIEW.
   */
  fromState?: 'ACCEPTED' | 'UNDER_REVIEW';
}

/**
 * One period not counted towards the decision period (R07 30, 34 ¶3, 37): `to` is null while it lasts. Intervals of
 * different kinds may overlap; the DECISION clock counts every day at most once.
 */
export interface NotCountedInterval {
  kind: NotCountedPeriodKind;
  from: string;
  to: string | null;
}

/**
 * A conclusion that a superior organ's order undid (L17 20; R07 31, 48 ¶2; L23 35): the refusal or dismissal as it was
 * recorded, and the date of the order that reopened the case. Kept, never erased, so that the statistics as of any
 * date before the order still count the case as concluded with that outcome (src/statistics/tally.ts: REOPENED).
 */
export interface PriorConclusion {
  outcome: Outcome;
  outcomeDetail: OutcomeDetail | null;
  concludedOn: string;
  /** The order's date: the case is open again from this day. */
  reopenedOn: string;
  reopenedBy: 'ORDER_TO_ACCEPT' | 'ORDER_TO_RESUME';
}

/** An order of the superior organ recorded on the case (who ordered, its document, its date). */
export interface SuperiorOrder {
  action: 'ORDER_TO_ACCEPT' | 'ORDER_TO_RESUME';
  orderedOn: string;
  orderingOrgan: string;
  documentNumber: string;
  /** The state the order found the case in (NOT_ACCEPTED, SUSPENDED, or the dismissed case's DECIDED/SERVED/CLOSED). */
  fromState: CaseState;
}

/** Who approved an act and when (L17 28, 31; L23 61, 62); null fields when a loaded paper file did not record it. */
export interface ApprovalFact {
  kind: ApprovalKind;
  approverName: string | null;
  approvedOn: string | null;
}

/** One extension's approval and the date the parties were told (L17 31; L23 62). */
export interface ExtensionRecord {
  on: string;
  approval: ApprovalFact | null;
  partiesNotifiedOn: string | null;
}

/** One compliance measure (L17 32 ¶2; L23 77 ¶2); dueOn for 责令限期履行. */
export interface ComplianceRecord {
  measure: ComplianceMeasure;
  on: string;
  dueOn: string | null;
}

/**
 * What the procedure knows about a case: the state and the dated facts that later rules and clocks need.
 * It is *derived*: a pure fold of the case's effective events (see case-reducer.ts), stored on the case row as a
 * projection, and recomputed from history whenever an action is undone.
 */
/** An extension of the applicant's correction period, granted for good cause (L23 31 ¶2). */
export interface CorrectionExtension {
  on: string;
  dueOn: string;
}

/** One extension of the decision period (L17 31; L23 62). */
export interface DecisionExtension {
  on: string;
  days: number;
}

export interface CaseFacts {
  regime: LegalRegime;
  state: CaseState;
  procedure: Procedure | null;
  receivedOn: string;
  /** Legal date of the latest effective act; a new act may not be dated before it. */
  lastActOn: string;
  correctionRequestCount: number;
  correctionRequestedOn: string | null;
  /** Due date set in the notice, or the latest extended one (L23 31 ¶2 「可以延长合理的补正期限」). */
  correctionDueOn: string | null;
  /** The applicant's receipt of the correction notice: the L23 31 ¶2 period runs from it; null while unknown. */
  correctionServedOn: string | null;
  /** Extensions of the correction period after the notice (L23 31 ¶2), oldest first. */
  correctionExtensions: CorrectionExtension[];
  correctionReceivedOn: string | null;
  /**
   * The LEGAL acceptance date: the recorded acceptance, or the day the application counts as accepted when that is
   * earlier (L23 30 ¶3 「审查期限届满之日起视为受理」; L17 17 ¶2 「自行政复议机构收到之日起即为受理」). Statistics and the
   * copy and decision clocks count from it.
   */
  acceptedOn: string | null;
  /** The date ACCEPT was recorded (the office's acceptance decision); null for a deemed acceptance. */
  acceptanceRecordedOn: string | null;
  /** True when the application counts as accepted because the review period ran out without a refusal. */
  acceptanceDeemed: boolean;
  /** When the notice of acceptance (受理通知书) was sent; null while not sent. */
  acceptanceNoticeSentOn: string | null;
  copySentOn: string | null;
  /** The respondent's receipt of the copy: the reply period runs from it (L17 23; L23 48); null while unknown. */
  copyReceivedOn: string | null;
  replyReceivedOn: string | null;
  hearingCount: number;
  suspensions: SuspensionInterval[];
  mediationKind: 'MEDIATION' | 'SETTLEMENT' | null;
  /** Total days the decision period was extended by (L17 31; L23 62: at most 30 in all); null if never. */
  /**
   * Where mediation started: UNDER_REVIEW, or SUSPENDED when the parties agreed to suspend for it (L23 39(6));
   * MEDIATION_FAILED returns there. Absent in older stored facts (= UNDER_REVIEW).
   */
  mediationStartedFrom?: 'UNDER_REVIEW' | 'SUSPENDED' | null;
  /** R07 30, 34 ¶3, 37: intervals not counted towards the decision period. Absent in older stored facts (= none). */
  notCountedPeriods?: NotCountedInterval[];
  extensionDays: number | null;
  /** Date of the latest extension. */
  extendedOn: string | null;
  /** Every extension, oldest first: the law caps the total, not the number (L17 31; L23 62). */
  extensions: DecisionExtension[];
  convertedToOrdinaryOn: string | null;
  decisionType: DecisionType | null;
  decidedOn: string | null;
  decisionDocumentNumber: string | null;
  remakeDeadlineDays: number | null;
  servedOn: string | null;
  closedOn: string | null;
  /** The terminal outcome statistics count, and the legal date of the act that determined it (审结/办结 date). */
  outcome: Outcome | null;
  concludedOn: string | null;
  /**
   * The outcome's detail code (OUTCOME_DETAILS), where the law has one: which dismissal (R07 48 ¶1; L23 33 / 69), the
   * not-accept ground (R07 28 / L23 30), the termination ground (R07 42 / L23 41), the pre-acceptance withdrawal's
   * reason. Facts stored before the non-dismissal details existed lack them until the 1796830000000 backfill.
   */
  outcomeDetail: OutcomeDetail | null;
  /** Conclusions reopened by a superior order, oldest first (absent in facts stored before they existed). */
  priorConclusions: PriorConclusion[];
  superiorOrders: SuperiorOrder[];
  notAcceptGround: NotAcceptGround | null;
  terminationGround: TerminationGround | null;
  withdrawalReason: WithdrawalReason | null;
  handlerCount: number;
  /**
   * The latest decision on staying execution of the contested act (L17 21; L23 42), or null when none was recorded.
   * Optional because facts stored before it existed lack it.
   */
  stayOfExecution?: StayOfExecutionDecision | null;
  // ── Approvals (L17 28, 31; L23 61, 62) ──
  decisionApproval: ApprovalFact | null;
  extensionRecords: ExtensionRecord[];
  // ── Opinions and hearings (L23 49–51) ──
  /** Latest HEAR_OPINIONS (either result: heard, or not possible for the parties' reason). */
  opinionsHeardOn: string | null;
  opinionsResult: OpinionHearingResult | null;
  /** Latest hearing notice (SCHEDULE_HEARING) and the date it set; pending until the hearing is held. */
  hearingNoticeOn: string | null;
  hearingScheduledFor: string | null;
  hearingPending: boolean;
  lastHearingOn: string | null;
  // ── Follow-up after the decision (L17 28, 32; L23 64, 66, 77; R07 49) ──
  performanceDeadlineDays: number | null;
  performedOn: string | null;
  remadeActOn: string | null;
  remadeActDocumentNumber: string | null;
  complianceMeasures: ComplianceRecord[];
  /** Latest 责令限期履行 and its time limit; compliedOn = the remade act or performance recorded after it. */
  complianceOrderedOn: string | null;
  complianceDueOn: string | null;
  compliedOn: string | null;
}

/** A decision whether execution of the contested act is stayed during the review (L17 21; L23 42). */
export interface StayOfExecutionDecision {
  granted: boolean;
  ground: StayOfExecutionGround | null;
  decidedBy: 'ORGAN' | 'RESPONDENT';
  decidedOn: string;
}

export function initialFacts(regime: LegalRegime, receivedOn: string): CaseFacts {
  return {
    regime,
    state: 'RECEIVED',
    procedure: null,
    receivedOn,
    lastActOn: receivedOn,
    correctionRequestCount: 0,
    correctionRequestedOn: null,
    correctionDueOn: null,
    correctionServedOn: null,
    correctionExtensions: [],
    correctionReceivedOn: null,
    acceptedOn: null,
    acceptanceRecordedOn: null,
    acceptanceDeemed: false,
    acceptanceNoticeSentOn: null,
    copySentOn: null,
    copyReceivedOn: null,
    replyReceivedOn: null,
    hearingCount: 0,
    suspensions: [],
    mediationKind: null,
    mediationStartedFrom: null,
    notCountedPeriods: [],
    extensionDays: null,
    extendedOn: null,
    extensions: [],
    convertedToOrdinaryOn: null,
    decisionType: null,
    decidedOn: null,
    decisionDocumentNumber: null,
    remakeDeadlineDays: null,
    servedOn: null,
    closedOn: null,
    outcome: null,
    concludedOn: null,
    outcomeDetail: null,
    priorConclusions: [],
    superiorOrders: [],
    notAcceptGround: null,
    terminationGround: null,
    withdrawalReason: null,
    handlerCount: 0,
    stayOfExecution: null,
    decisionApproval: null,
    extensionRecords: [],
    opinionsHeardOn: null,
    opinionsResult: null,
    hearingNoticeOn: null,
    hearingScheduledFor: null,
    hearingPending: false,
    lastHearingOn: null,
    performanceDeadlineDays: null,
    performedOn: null,
    remadeActOn: null,
    remadeActDocumentNumber: null,
    complianceMeasures: [],
    complianceOrderedOn: null,
    complianceDueOn: null,
    compliedOn: null,
  };
}

/**
 * Facts as stored on a case row, completed with the defaults of fields added since the row was written (facts are
 * jsonb: a field introduced later is absent from older rows until their next change).
 */
export function withFactDefaults(stored: CaseFacts): CaseFacts {
  return { ...initialFacts(stored.regime, stored.receivedOn), ...stored };
}

/** L2017 for applications received before the 2023 revision took effect (L23 90: in force 2024-01-01). */
export function defaultRegime(receivedOn: string): LegalRegime {
  return receivedOn < '2024-01-01' ? 'L2017' : 'L2023';
}

export function currentSuspension(facts: CaseFacts): SuspensionInterval | undefined {
  const last = facts.suspensions[facts.suspensions.length - 1];
  return last && last.to === null ? last : undefined;
}

/** The open not-counted interval of a kind, if any. */
export function openNotCountedPeriod(facts: CaseFacts, kind: string): NotCountedInterval | undefined {
  return (facts.notCountedPeriods ?? []).find((p) => p.kind === kind && p.to === null);
}
