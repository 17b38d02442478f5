import type {
  CaseState,
  DecisionType,
  LegalRegime,
  NotAcceptGround,
  NotCountedPeriodKind,
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
  /**
   * Where mediation started: UNDER_REVIEW, or SUSPENDED when the parties agreed to suspend for it (L23 39(6));
   * MEDIATION_FAILED returns there. Absent in older stored facts (= UNDER_REVIEW).
   */
  mediationStartedFrom?: 'UNDER_REVIEW' | 'SUSPENDED' | null;
  /** R07 30, 34 ¶3, 37: intervals not counted towards the decision period. Absent in older stored facts (= none). */
  notCountedPeriods?: NotCountedInterval[];
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
    mediationStartedFrom: null,
    notCountedPeriods: [],
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

/** The open not-counted interval of a kind, if any. */
export function openNotCountedPeriod(facts: CaseFacts, kind: string): NotCountedInterval | undefined {
  return (facts.notCountedPeriods ?? []).find((p) => p.kind === kind && p.to === null);
}
