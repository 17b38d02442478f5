import type { PathVariant } from '../common/http/api-operation.decorator';
import { findCodeEntry } from '../code-lists/code-lists';
import { ACTION_PAYLOADS, UndoPayload } from '../workflow/action-payloads';
import { TRANSITIONS, UNDO_ROLES } from '../workflow/transition-table';

/** REQUEST_CORRECTION → RequestCorrection. */
function pascal(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function describe(action: string): string {
  const rows = TRANSITIONS.filter((t) => t.action === action).map((t) => {
    const to = t.to === 'SAME' ? 'the same state' : t.to === 'PREVIOUS' ? 'the state before' : t.to;
    const basis = Object.entries(t.legalBasis)
      .map(([regime, articles]) => `${regime}: ${articles}`)
      .join('; ');
    return `- ${t.regimes.join(' and ')}: from ${t.from.join(', ')} to ${to}; by ${t.roles.join(', ')} (${basis})`;
  });
  return rows.join('\n');
}

/**
 * One documented operation per procedural action, `POST /v1/cases/{id}/actions/<ACTION>`, each with the body class
 * that validates it, its zh-CN label and its rows of the transition table: generated from ACTION_PAYLOADS and
 * TRANSITIONS, so that the document cannot drift from the rules (the route itself is one handler).
 */
export const CASE_ACTION_OPERATIONS: readonly PathVariant[] = [
  ...Object.entries(ACTION_PAYLOADS).map(([action, body]) => ({
    value: action,
    operationId: `caseAction${pascal(action)}`,
    summary: `${action}: ${findCodeEntry('ACTIONS', action)?.labelZh ?? action}`,
    description: `Body: ${body.name}. Where the transition table allows it:\n${describe(action)}`,
    body,
  })),
  {
    value: 'UNDO',
    operationId: 'caseActionUndo',
    summary: `UNDO: ${findCodeEntry('ACTIONS', 'UNDO')?.labelZh ?? 'UNDO'}`,
    description: `Body: UndoPayload. Undoes the last action by appending a correcting event (the original stays in the history); by ${UNDO_ROLES.join(', ')} only.`,
    body: UndoPayload,
  },
];
