import type {
  CaseState,
  DecisionType,
  LegalRegime,
  NotAcceptGround,
  Outcome,
  OutcomeDetail,
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
  /** The outcome's detail code (OUTCOME_DETAILS): which of the two dismissals (R07 48 ¶1; L23 33 / 69). */
  outcomeDetail: OutcomeDetail | null;
  /** Conclusions reopened by a superior order, oldest first (absent in facts stored before they existed). */
  priorConclusions: PriorConclusion[];
  superiorOrders: SuperiorOrder[];
  notAcceptGround: NotAcceptGround | null;
  terminationGround: TerminationGround | null;
  withdrawalReason: WithdrawalReason | null;
  handlerCount: number;
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
    outcomeDetail: null,
    priorConclusions: [],
    superiorOrders: [],
    notAcceptGround: null,
    terminationGround: null,
    withdrawalReason: null,
    handlerCount: 0,
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
