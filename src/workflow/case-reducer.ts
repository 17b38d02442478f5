import type { CaseAction, LegalRegime } from '../code-lists/code-lists';
import { CaseFacts, initialFacts } from './case-facts';
import type {
  AcceptPayload,
  DecidePayload,
  EndNotCountedPeriodPayload,
  ExtendPayload,
  NotAcceptPayload,
  RequestCorrectionPayload,
  StartMediationPayload,
  StartNotCountedPeriodPayload,
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
    case 'HOLD_HEARING':
      return { ...next, hearingCount: facts.hearingCount + 1 };
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
    case 'EXTEND':
      return { ...next, extensionDays: (p as ExtendPayload).days, extendedOn: occurredOn };
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
        outcome: d.decisionType,
        concludedOn: occurredOn,
      };
    }
    case 'SERVE_DECISION':
      return { ...next, servedOn: occurredOn };
    case 'CLOSE':
      return { ...next, closedOn: occurredOn };
  }
}

function closeOpen<T extends { to: string | null }>(intervals: readonly T[], on: string): T[] {
  return intervals.some((i) => i.to === null)
    ? intervals.map((i) => (i.to === null ? { ...i, to: on } : i))
    : (intervals as T[]);
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
