import type { CaseAction, LegalRegime } from '../code-lists/code-lists';
import { ApprovalFact, CaseFacts, initialFacts } from './case-facts';
import type {
  AcceptPayload,
  ApprovalRecord,
  DecidePayload,
  ExtendPayload,
  HearOpinionsPayload,
  NotAcceptPayload,
  RecordRemadeActPayload,
  RequestCorrectionPayload,
  ScheduleHearingPayload,
  StartMediationPayload,
  SuperviseCompliancePayload,
  SuspendPayload,
  TerminatePayload,
  WithdrawPayload,
} from './action-payloads';
import { findTransition } from './transition-table';

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
  if (action === 'ASSIGN_HANDLERS') {
    const handlers = payload.handlers;
    return { ...facts, handlerCount: Array.isArray(handlers) ? handlers.length : 0 };
  }
  const transition = findTransition(facts.regime, facts.state, action);
  if (!transition) {
    // Only reachable with history written by something other than the service: refuse to invent a state.
    throw new Error(`History is inconsistent: ${action} is not allowed from ${facts.state} under ${facts.regime}`);
  }
  const next: CaseFacts = {
    ...facts,
    state: transition.to === 'SAME' ? facts.state : transition.to,
    lastActOn: occurredOn,
    suspensions: facts.suspensions,
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
        correctionReceivedOn: null,
      };
    }
    case 'RECEIVE_CORRECTION':
      return { ...next, correctionReceivedOn: occurredOn };
    case 'DEEM_WITHDRAWN':
      return { ...next, outcome: 'DEEMED_WITHDRAWN', concludedOn: occurredOn };
    case 'WITHDRAW':
      return {
        ...next,
        outcome: 'WITHDRAWN',
        concludedOn: occurredOn,
        withdrawalReason: (p as WithdrawPayload).reason,
      };
    case 'NOT_ACCEPT':
      return {
        ...next,
        outcome: 'NOT_ACCEPTED',
        concludedOn: occurredOn,
        notAcceptGround: (p as NotAcceptPayload).ground,
      };
    case 'ACCEPT':
      // L2017 knows one procedure; recording it as ORDINARY keeps the decision-period rules uniform.
      return { ...next, acceptedOn: occurredOn, procedure: (p as AcceptPayload).procedure ?? 'ORDINARY' };
    case 'TRANSFER':
      return { ...next, outcome: 'TRANSFERRED', concludedOn: occurredOn };
    case 'SEND_COPY':
      return { ...next, copySentOn: occurredOn };
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
        suspensions: [...facts.suspensions, { from: occurredOn, to: null, ground: (p as SuspendPayload).ground }],
      };
    case 'RESUME':
      return {
        ...next,
        suspensions: facts.suspensions.map((s, i) =>
          i === facts.suspensions.length - 1 ? { ...s, to: occurredOn } : s,
        ),
      };
    case 'START_MEDIATION':
      return { ...next, mediationKind: (p as StartMediationPayload).kind };
    case 'MEDIATION_FAILED':
      return { ...next, mediationKind: null };
    case 'EXTEND': {
      const e = p as ExtendPayload;
      const record = {
        on: occurredOn,
        approval: approvalFact(e.approval),
        partiesNotifiedOn: e.partiesNotifiedOn ?? null,
      };
      return {
        ...next,
        extensionDays: e.days,
        extendedOn: occurredOn,
        extensionRecords: [...(facts.extensionRecords ?? []), record],
      };
    }
    case 'CONVERT_TO_ORDINARY':
      return { ...next, procedure: 'ORDINARY', convertedToOrdinaryOn: occurredOn };
    case 'TERMINATE': {
      // A suspension still open when the case ends is closed on that date, so that no interval runs forever.
      const suspensions = facts.suspensions.map((s) => (s.to === null ? { ...s, to: occurredOn } : s));
      return {
        ...next,
        suspensions,
        outcome: 'TERMINATED',
        concludedOn: occurredOn,
        terminationGround: (p as TerminatePayload).ground,
      };
    }
    case 'DECIDE': {
      const d = p as DecidePayload;
      return {
        ...next,
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

/** Replays a case's whole history (first event: REGISTER) into its facts. */
export function replay(registration: RegistrationFacts, events: readonly FoldableEvent[]): CaseFacts {
  return effectiveEvents(events).reduce(
    (facts, e) => applyAction(facts, e.action, e.occurredOn, e.payload),
    initialFacts(registration.legalRegime, registration.receivedOn),
  );
}

/** Actions an UNDO can revert: procedural steps, not registration, edits or handler assignments. */
export function isUndoable(action: CaseAction): boolean {
  return !['REGISTER', 'EDIT', 'ASSIGN_HANDLERS', 'UNDO'].includes(action);
}

/** The event the next UNDO would revert: the latest effective procedural action. */
export function lastUndoableEvent<E extends FoldableEvent>(events: readonly E[]): E | undefined {
  const effective = effectiveEvents(events).filter((e) => isUndoable(e.action));
  return effective[effective.length - 1];
}
