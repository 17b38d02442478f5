import type {
  ApprovalKind,
  CaseState,
  ComplianceMeasure,
  DecisionType,
  LegalRegime,
  NotAcceptGround,
  OpinionHearingResult,
  Outcome,
  Procedure,
  SuspensionGround,
  TerminationGround,
  WithdrawalReason,
} from '../code-lists/code-lists';

/** One suspension interval (中止): `to` is null while it lasts. Deadlines exclude these days from the decision period. */
export interface SuspensionInterval {
  from: string;
  to: string | null;
  ground: SuspensionGround;
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
export interface CaseFacts {
  regime: LegalRegime;
  state: CaseState;
  procedure: Procedure | null;
  receivedOn: string;
  /** Legal date of the latest effective act; a new act may not be dated before it. */
  lastActOn: string;
  correctionRequestCount: number;
  correctionRequestedOn: string | null;
  correctionDueOn: string | null;
  correctionReceivedOn: string | null;
  acceptedOn: string | null;
  copySentOn: string | null;
  replyReceivedOn: string | null;
  hearingCount: number;
  suspensions: SuspensionInterval[];
  mediationKind: 'MEDIATION' | 'SETTLEMENT' | null;
  extensionDays: number | null;
  extendedOn: string | null;
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
  notAcceptGround: NotAcceptGround | null;
  terminationGround: TerminationGround | null;
  withdrawalReason: WithdrawalReason | null;
  handlerCount: number;
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
    correctionReceivedOn: null,
    acceptedOn: null,
    copySentOn: null,
    replyReceivedOn: null,
    hearingCount: 0,
    suspensions: [],
    mediationKind: null,
    extensionDays: null,
    extendedOn: null,
    convertedToOrdinaryOn: null,
    decisionType: null,
    decidedOn: null,
    decisionDocumentNumber: null,
    remakeDeadlineDays: null,
    servedOn: null,
    closedOn: null,
    outcome: null,
    concludedOn: null,
    notAcceptGround: null,
    terminationGround: null,
    withdrawalReason: null,
    handlerCount: 0,
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

/** L2017 for applications received before the 2023 revision took effect (L23 90: in force 2024-01-01). */
export function defaultRegime(receivedOn: string): LegalRegime {
  return receivedOn < '2024-01-01' ? 'L2017' : 'L2023';
}

export function currentSuspension(facts: CaseFacts): SuspensionInterval | undefined {
  const last = facts.suspensions[facts.suspensions.length - 1];
  return last && last.to === null ? last : undefined;
}
