import type { CaseAction, LegalRegime } from '../code-lists/code-lists';
import { ApprovalFact, CaseFacts, initialFacts, PriorConclusion, SuperiorOrder, withFactDefaults } from './case-facts';
import type {
  AcceptPayload,
  ApprovalRecord,
  DecidePayload,
  ExtendCorrectionPeriodPayload,
  DecideStayOfExecutionPayload,
  EndNotCountedPeriodPayload,
  ExtendPayload,
  HearOpinionsPayload,
  NotAcceptPayload,
  RecordCopyReceiptPayload,
  RecordCorrectionServicePayload,
  OrderToAcceptPayload,
  OrderToResumePayload,
  RequestCorrectionPayload,
  SendCopyPayload,
  StartMediationPayload,
  StartNotCountedPeriodPayload,
  RecordRemadeActPayload,
  ScheduleHearingPayload,
  SuperviseCompliancePayload,
  SuspendPayload,
  TerminatePayload,
  WithdrawPayload,
} from './action-payloads';
import { findTransition, targetState, TERMINAL_STATES } from './transition-table';

/** Default deadline for remaking a revoked act (R07 49: 60 days unless the decision says otherwise). */
export const DEFAULT_REMAKE_DEADLINE_DAYS = 60;

/** A case event as the fold needs it (the stored row has more: actor, recorded time, states before/after). */
export interface FoldableEvent {
  seq: number;
  action: CaseAction;
  occurredOn: string;
  payload: Record<string, unknown>;
  /** For UNDO events: the seq of the event it reverts. */
  undoesSeq: number | null;
}

/** Registration payload fields the fold needs. */
export interface RegistrationFacts {
  legalRegime: LegalRegime;
  receivedOn: string;
}

/**
 * Applies one procedural action to the facts. Pure: the same events always give the same facts, which is what lets
 * an UNDO (and the crash-recovery check) recompute the projection from history.
 */
export function applyAction(
  facts: CaseFacts,
  action: CaseAction,
  occurredOn: string,
  payload: Record<string, unknown>,
): CaseFacts {
  if (action === 'REGISTER' || action === 'EDIT' || action === 'UNDO') {
    return facts;
  }
  if (action === 'IMPORT') {
    // A historical case starts from what its ledger recorded (issue 12): the facts as imported, no acts replayed.
    return withFactDefaults(payload.facts as CaseFacts);
  }
  if (action === 'ASSIGN_HANDLERS') {
    const handlers = payload.handlers;
    return { ...facts, handlerCount: Array.isArray(handlers) ? handlers.length : 0 };
  }
  const transition = findTransition(facts.regime, facts.state, action);
  if (!transition) {
    // Only reachable with history written by something other than the service: refuse to invent a state.
    throw new Error(`History is inconsistent: ${action} is not allowed from ${facts.state} under ${facts.regime}`);
  }
  const state = targetState(transition, facts);
  // When the review ends (a decision, or a final state), intervals still open end on that date, so that none runs
  // forever: a suspension (e.g. an L23 39(6) one ended by a 调解书) and any not-counted period (R07 30, 34, 37).
  const reviewEnds = state === 'DECIDED' || TERMINAL_STATES.includes(state);
  const next: CaseFacts = {
    ...facts,
    state,
    lastActOn: occurredOn,
    suspensions: reviewEnds ? closeOpen(facts.suspensions, occurredOn) : facts.suspensions,
    ...(facts.notCountedPeriods && reviewEnds
      ? { notCountedPeriods: closeOpen(facts.notCountedPeriods, occurredOn) }
      : {}),
  };
  const p = payload as unknown;
  switch (action) {
    case 'REQUEST_CORRECTION': {
      const c = p as RequestCorrectionPayload;
      return {
        ...next,
        correctionRequestCount: facts.correctionRequestCount + 1,
        correctionRequestedOn: occurredOn,
        correctionDueOn: c.correctionDueOn ?? null,
        correctionServedOn: c.servedOn ?? null,
        correctionExtensions: [],
        correctionReceivedOn: null,
      };
    }
    case 'RECORD_CORRECTION_SERVICE':
      return { ...next, correctionServedOn: (p as RecordCorrectionServicePayload).servedOn };
    case 'EXTEND_CORRECTION_PERIOD': {
      const dueOn = (p as ExtendCorrectionPeriodPayload).correctionDueOn;
      return {
        ...next,
        correctionDueOn: dueOn,
        correctionExtensions: [...facts.correctionExtensions, { on: occurredOn, dueOn }],
      };
    }
    case 'RECEIVE_CORRECTION':
      return { ...next, correctionReceivedOn: occurredOn };
    // Every concluding act sets the outcome and its detail (OUTCOME_DETAILS): the ground it recorded where the law
    // has one (R07 28 / L23 30; R07 42 / L23 41; the withdrawal's reason), null where the outcome says it all.
    case 'DEEM_WITHDRAWN':
      return { ...next, outcome: 'DEEMED_WITHDRAWN', outcomeDetail: null, concludedOn: occurredOn };
    case 'WITHDRAW': {
      const reason = (p as WithdrawPayload).reason;
      return {
        ...next,
        outcome: 'WITHDRAWN',
        outcomeDetail: reason,
        concludedOn: occurredOn,
        withdrawalReason: reason,
      };
    }
    case 'NOT_ACCEPT': {
      const ground = (p as NotAcceptPayload).ground;
      return {
        ...next,
        outcome: 'NOT_ACCEPTED',
        outcomeDetail: ground,
        concludedOn: occurredOn,
        notAcceptGround: ground,
      };
    }
    case 'INFORM':
      // L17 17 ¶1: told to apply to the competent organ — concluded here, with no ground of refusal.
      return { ...next, outcome: 'INFORMED', outcomeDetail: null, concludedOn: occurredOn };
    case 'ACCEPT': {
      const a = p as AcceptPayload & { legalAcceptedOn?: string; acceptanceDeemed?: boolean };
      // The service stores the legal acceptance date in the event when it is earlier than the recorded one (L23 30 ¶3;
      // L17 17 ¶2), computed with the calendar at the time: replaying history gives the same date ever after.
      const legal = a.legalAcceptedOn !== undefined && a.legalAcceptedOn < occurredOn ? a.legalAcceptedOn : occurredOn;
      return {
        ...next,
        acceptedOn: legal,
        acceptanceRecordedOn: occurredOn,
        acceptanceDeemed: a.acceptanceDeemed === true,
        acceptanceNoticeSentOn: a.noticeSentOn ?? null,
        // L2017 knows one procedure; recording it as ORDINARY keeps the decision-period rules uniform.
        procedure: a.procedure ?? 'ORDINARY',
      };
    }
    case 'DEEM_ACCEPTED':
      // A deemed acceptance chooses no procedure: the simplified one needs the organ's assessment (L23 53), so it is
      // the ordinary procedure (L23 36).
      return {
        ...next,
        acceptedOn: occurredOn,
        acceptanceDeemed: true,
        procedure: 'ORDINARY',
        // L17 17 ¶2 dates it back to receipt; acts already recorded since (an R07 30 interval) stay before the next.
        lastActOn: facts.lastActOn > occurredOn ? facts.lastActOn : occurredOn,
      };
    case 'SEND_ACCEPTANCE_NOTICE':
      return { ...next, acceptanceNoticeSentOn: occurredOn };
    case 'TRANSFER':
      return { ...next, outcome: 'TRANSFERRED', outcomeDetail: null, concludedOn: occurredOn };
    case 'SEND_COPY':
      return { ...next, copySentOn: occurredOn, copyReceivedOn: (p as SendCopyPayload).receivedOn ?? null };
    case 'RECORD_COPY_RECEIPT':
      return { ...next, copyReceivedOn: (p as RecordCopyReceiptPayload).receivedOn };
    case 'RECEIVE_REPLY':
      return { ...next, replyReceivedOn: occurredOn };
    case 'HOLD_HEARING': {
      // Events recorded before HEAR_OPINIONS existed carry kind OPINIONS_HEARD: read them as hearing opinions.
      if ((p as { kind?: string }).kind === 'OPINIONS_HEARD') {
        return { ...next, opinionsHeardOn: occurredOn, opinionsResult: 'HEARD' };
      }
      return {
        ...next,
        hearingCount: facts.hearingCount + 1,
        lastHearingOn: occurredOn,
        hearingPending: false,
      };
    }
    case 'SCHEDULE_HEARING':
      return {
        ...next,
        hearingNoticeOn: occurredOn,
        hearingScheduledFor: (p as ScheduleHearingPayload).hearingOn,
        hearingPending: true,
      };
    case 'HEAR_OPINIONS':
      return { ...next, opinionsHeardOn: occurredOn, opinionsResult: (p as HearOpinionsPayload).result };
    case 'SUSPEND':
      return {
        ...next,
        suspensions: [
          ...facts.suspensions,
          {
            from: occurredOn,
            to: null,
            ground: (p as SuspendPayload).ground,
            // L23 39: suspension is possible from acceptance on; RESUME returns here.
            fromState: facts.state === 'ACCEPTED' ? 'ACCEPTED' : 'UNDER_REVIEW',
          },
        ],
      };
    case 'RESUME':
      return {
        ...next,
        suspensions: facts.suspensions.map((s, i) =>
          i === facts.suspensions.length - 1 ? { ...s, to: occurredOn } : s,
        ),
      };
    case 'START_MEDIATION':
      return {
        ...next,
        mediationKind: (p as StartMediationPayload).kind,
        // L23 39(6): begun in a suspension agreed for mediation, which stays open (the decision clock stays paused).
        mediationStartedFrom: facts.state === 'SUSPENDED' ? 'SUSPENDED' : 'UNDER_REVIEW',
      };
    case 'MEDIATION_FAILED':
      return { ...next, mediationKind: null, mediationStartedFrom: null };
    case 'START_NOT_COUNTED_PERIOD':
      return {
        ...next,
        notCountedPeriods: [
          ...(facts.notCountedPeriods ?? []),
          { kind: (p as StartNotCountedPeriodPayload).kind, from: occurredOn, to: null },
        ],
      };
    case 'END_NOT_COUNTED_PERIOD': {
      const kind = (p as EndNotCountedPeriodPayload).kind;
      return {
        ...next,
        notCountedPeriods: (facts.notCountedPeriods ?? []).map((i) =>
          i.kind === kind && i.to === null ? { ...i, to: occurredOn } : i,
        ),
      };
    }
    case 'EXTEND': {
      const days = (p as ExtendPayload).days;
      return {
        ...next,
        extensionDays: (facts.extensionDays ?? 0) + days,
        extendedOn: occurredOn,
        extensions: [...facts.extensions, { on: occurredOn, days }],
        // L17 31 / L23 62: who approved each extension, and when the parties were told.
        extensionRecords: [
          ...(facts.extensionRecords ?? []),
          {
            on: occurredOn,
            approval: approvalFact((p as ExtendPayload).approval),
            partiesNotifiedOn: (p as ExtendPayload).partiesNotifiedOn ?? null,
          },
        ],
      };
    }
    case 'CONVERT_TO_ORDINARY':
      return { ...next, procedure: 'ORDINARY', convertedToOrdinaryOn: occurredOn };
    case 'DECIDE_STAY_OF_EXECUTION': {
      const d = p as DecideStayOfExecutionPayload;
      return {
        ...next,
        stayOfExecution: {
          granted: d.granted,
          ground: d.ground ?? null,
          decidedBy: d.decidedBy ?? 'ORGAN',
          decidedOn: occurredOn,
        },
      };
    }
    case 'TERMINATE': {
      // A suspension still open when the case ends is closed on that date, so that no interval runs forever.
      const suspensions = facts.suspensions.map((s) => (s.to === null ? { ...s, to: occurredOn } : s));
      const ground = (p as TerminatePayload).ground;
      return {
        ...next,
        suspensions,
        outcome: 'TERMINATED',
        outcomeDetail: ground,
        concludedOn: occurredOn,
        terminationGround: ground,
      };
    }
    case 'ORDER_TO_ACCEPT':
    case 'ORDER_TO_RESUME': {
      const o = p as OrderToAcceptPayload & OrderToResumePayload;
      const order: SuperiorOrder = {
        action,
        orderedOn: occurredOn,
        orderingOrgan: o.orderingOrgan,
        documentNumber: o.documentNumber,
        fromState: facts.state,
      };
      const superiorOrders = [...(facts.superiorOrders ?? []), order];
      if (action === 'ORDER_TO_RESUME' && facts.state === 'SUSPENDED') {
        // L23 40: the suspension ends on the order's date, as a RESUME would end it.
        return {
          ...next,
          superiorOrders,
          suspensions: facts.suspensions.map((s, i) =>
            i === facts.suspensions.length - 1 && s.to === null ? { ...s, to: occurredOn } : s,
          ),
        };
      }
      // The refusal or dismissal is kept as a prior conclusion (never erased); the case is open from the order's date.
      const prior: PriorConclusion = {
        outcome: facts.outcome!,
        outcomeDetail: facts.outcomeDetail ?? null,
        concludedOn: facts.concludedOn!,
        reopenedOn: occurredOn,
        reopenedBy: action,
      };
      const reopened: CaseFacts = {
        ...next,
        superiorOrders,
        priorConclusions: [...(facts.priorConclusions ?? []), prior],
        outcome: null,
        outcomeDetail: null,
        concludedOn: null,
      };
      if (action === 'ORDER_TO_ACCEPT') {
        // L17 20 / L23 35: accepted from the order's date (the refusal's ground stays in the history).
        return {
          ...reopened,
          acceptedOn: occurredOn,
          notAcceptGround: null,
          procedure: (p as OrderToAcceptPayload).procedure ?? 'ORDINARY',
        };
      }
      // R07 48 ¶2: the review resumes; the dismissal and its service are history, not the case's current decision.
      return {
        ...reopened,
        decisionType: null,
        decidedOn: null,
        decisionDocumentNumber: null,
        remakeDeadlineDays: null,
        servedOn: null,
        closedOn: null,
      };
    }
    case 'DECIDE': {
      const d = p as DecidePayload;
      return {
        ...next,
        outcomeDetail: d.outcomeDetail ?? null,
        decisionType: d.decisionType,
        decidedOn: occurredOn,
        decisionDocumentNumber: d.documentNumber,
        remakeDeadlineDays: d.remakeOrdered ? (d.remakeDeadlineDays ?? DEFAULT_REMAKE_DEADLINE_DAYS) : null,
        performanceDeadlineDays: d.decisionType === 'ORDERED_TO_PERFORM' ? (d.performanceDeadlineDays ?? null) : null,
        decisionApproval: approvalFact(d.approval),
        outcome: d.decisionType,
        concludedOn: occurredOn,
      };
    }
    case 'SERVE_DECISION':
      return { ...next, servedOn: occurredOn };
    case 'CLOSE':
      return { ...next, closedOn: occurredOn };
    case 'RECORD_REMADE_ACT':
      return {
        ...next,
        remadeActOn: occurredOn,
        remadeActDocumentNumber: (p as RecordRemadeActPayload).documentNumber,
        compliedOn: complied(facts, occurredOn),
      };
    case 'RECORD_PERFORMANCE':
      return { ...next, performedOn: occurredOn, compliedOn: complied(facts, occurredOn) };
    case 'SUPERVISE_COMPLIANCE': {
      const c = p as SuperviseCompliancePayload;
      const record = { measure: c.measure, on: occurredOn, dueOn: c.dueOn ?? null };
      const measures = [...(facts.complianceMeasures ?? []), record];
      return c.measure === 'ORDER_TO_PERFORM_WITHIN_LIMIT'
        ? {
            ...next,
            complianceMeasures: measures,
            complianceOrderedOn: occurredOn,
            complianceDueOn: c.dueOn ?? null,
            compliedOn: null,
          }
        : { ...next, complianceMeasures: measures };
    }
  }
}

/**
 * The legal date of an act, by which "as of" questions count it: its occurredOn, except an acceptance, which counts
 * from the earlier legal acceptance date the service stored with it (L23 30 ¶3; L17 17 ¶2).
 */
export function legalDateOf(e: Pick<FoldableEvent, 'action' | 'occurredOn' | 'payload'>): string {
  const legal = e.payload.legalAcceptedOn;
  return e.action === 'ACCEPT' && typeof legal === 'string' && legal < e.occurredOn ? legal : e.occurredOn;
}

function closeOpen<T extends { to: string | null }>(intervals: readonly T[], on: string): T[] {
  return intervals.some((i) => i.to === null)
    ? intervals.map((i) => (i.to === null ? { ...i, to: on } : i))
    : (intervals as T[]);
}

function approvalFact(a: ApprovalRecord | undefined): ApprovalFact | null {
  return a ? { kind: a.kind, approverName: a.approverName ?? null, approvedOn: a.approvedOn ?? null } : null;
}

/** The date compliance with an open order to perform within a time limit is recorded (L17 32 ¶2; L23 77 ¶2). */
function complied(facts: CaseFacts, on: string): string | null {
  return (facts.complianceOrderedOn ?? null) !== null && (facts.compliedOn ?? null) === null
    ? on
    : (facts.compliedOn ?? null);
}

/** The events still in force: every UNDO removes itself and the event it reverts. */
export function effectiveEvents<E extends FoldableEvent>(events: readonly E[]): E[] {
  const undone = new Set(events.filter((e) => e.action === 'UNDO' && e.undoesSeq !== null).map((e) => e.undoesSeq));
  return events.filter((e) => e.action !== 'UNDO' && !undone.has(e.seq));
}

/** Replays a case's whole history (first event: REGISTER, or IMPORT for a historical case) into its facts. */
export function replay(registration: RegistrationFacts, events: readonly FoldableEvent[]): CaseFacts {
  return effectiveEvents(events).reduce(
    (facts, e) => applyAction(facts, e.action, e.occurredOn, e.payload),
    initialFacts(registration.legalRegime, registration.receivedOn),
  );
}

/** Actions an UNDO can revert: procedural steps, not registration, edits or handler assignments. */
export function isUndoable(action: CaseAction): boolean {
  return !['REGISTER', 'IMPORT', 'EDIT', 'ASSIGN_HANDLERS', 'UNDO'].includes(action);
}

/** The event the next UNDO would revert: the latest effective procedural action. */
export function lastUndoableEvent<E extends FoldableEvent>(events: readonly E[]): E | undefined {
  const effective = effectiveEvents(events).filter((e) => isUndoable(e.action));
  return effective[effective.length - 1];
}
