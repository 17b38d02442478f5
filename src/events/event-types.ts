import type { CaseAction } from '../code-lists/code-lists';

/** CloudEvents `type` prefix (reverse-DNS, CloudEvents 1.0 §3.1.1 "type"). */
export const EVENT_TYPE_PREFIX = 'cn.gov.reconsideration';

/**
 * The event of each act, named in the past tense: `cn.gov.reconsideration.case.accepted` for ACCEPT. Exhaustive over
 * the actions, so a new action without an event name does not compile. An act that concludes the case (DECIDE,
 * NOT_ACCEPT, WITHDRAW …) says so in `data.concluded`: one act, one event.
 */
export const CASE_EVENT_NAMES = {
  REGISTER: 'registered',
  REQUEST_CORRECTION: 'correction_requested',
  RECORD_CORRECTION_SERVICE: 'correction_notice_served',
  EXTEND_CORRECTION_PERIOD: 'correction_period_extended',
  RECEIVE_CORRECTION: 'correction_received',
  DEEM_WITHDRAWN: 'deemed_withdrawn',
  WITHDRAW: 'withdrawn',
  NOT_ACCEPT: 'not_accepted',
  ACCEPT: 'accepted',
  DEEM_ACCEPTED: 'deemed_accepted',
  SEND_ACCEPTANCE_NOTICE: 'acceptance_notice_sent',
  TRANSFER: 'transferred',
  INFORM: 'informed',
  SEND_COPY: 'copy_sent',
  RECORD_COPY_RECEIPT: 'copy_received',
  RECEIVE_REPLY: 'reply_received',
  HOLD_HEARING: 'hearing_held',
  SCHEDULE_HEARING: 'hearing_scheduled',
  HEAR_OPINIONS: 'opinions_heard',
  SUSPEND: 'suspended',
  RESUME: 'resumed',
  START_MEDIATION: 'mediation_started',
  MEDIATION_FAILED: 'mediation_failed',
  START_NOT_COUNTED_PERIOD: 'not_counted_period_started',
  END_NOT_COUNTED_PERIOD: 'not_counted_period_ended',
  EXTEND: 'extended',
  CONVERT_TO_ORDINARY: 'converted_to_ordinary',
  DECIDE_STAY_OF_EXECUTION: 'stay_of_execution_decided',
  TERMINATE: 'terminated',
  ORDER_TO_ACCEPT: 'ordered_to_accept',
  ORDER_TO_RESUME: 'ordered_to_resume',
  DECIDE: 'decided',
  SERVE_DECISION: 'decision_served',
  CLOSE: 'closed',
  UNDO: 'action_undone',
  EDIT: 'edited',
  ASSIGN_HANDLERS: 'handlers_assigned',
  IMPORT: 'imported',
  RECORD_REMADE_ACT: 'remade_act_recorded',
  RECORD_PERFORMANCE: 'performance_recorded',
  SUPERVISE_COMPLIANCE: 'compliance_supervised',
} as const satisfies Record<CaseAction, string>;

/** Deadline events, written by the scheduled check (src/events/deadline-events.service.ts). */
export const DEADLINE_EVENT_NAMES = { DUE_SOON: 'due_soon', OVERDUE: 'overdue' } as const;
export type DeadlineEventKind = keyof typeof DEADLINE_EVENT_NAMES;

export function caseEventType(action: CaseAction): string {
  return `${EVENT_TYPE_PREFIX}.case.${CASE_EVENT_NAMES[action]}`;
}

export function deadlineEventType(kind: DeadlineEventKind): string {
  return `${EVENT_TYPE_PREFIX}.deadline.${DEADLINE_EVENT_NAMES[kind]}`;
}

/** Every event type, for the `types=` filter, the code lists and webhook subscriptions. */
export const EVENT_TYPES: readonly string[] = [
  ...Object.keys(CASE_EVENT_NAMES).map((a) => caseEventType(a as CaseAction)),
  ...Object.keys(DEADLINE_EVENT_NAMES).map((k) => deadlineEventType(k as DeadlineEventKind)),
];
