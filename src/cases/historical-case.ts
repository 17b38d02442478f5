import type { CaseState, LegalRegime, Outcome } from '../code-lists/code-lists';
import { DECISION_TYPES } from '../code-lists/code-lists';
import { CaseFacts, initialFacts } from '../workflow/case-facts';
import { TERMINAL_STATES } from '../workflow/transition-table';
import type { CaseDetails, ImportedRecord } from './case-details';

/**
 * A case as an office's ledger (台账) recorded it (issue 12): the facts it states, and nothing more. The import
 * (src/imports/) builds it from a ledger row; CaseService.registerHistoricalBatch writes it with one IMPORT event.
 */
export interface HistoricalCase {
  organId: string;
  /** The ledger's own number; null: the organ's next number for the year received. */
  caseNumber: string | null;
  legalRegime: LegalRegime;
  receivedOn: string;
  /** Applicants' personal values in clear: sealed into the vault like a registration's. */
  details: CaseDetails;
  handlers: string[];
  dates: HistoricalDates;
  imported: ImportedRecord;
}

export interface HistoricalDates {
  acceptedOn: string | null;
  concludedOn: string | null;
  outcome: Outcome | null;
  outcomeDetail: string | null;
  decisionDocumentNumber: string | null;
  servedOn: string | null;
}

const DECISION_OUTCOMES: ReadonlySet<string> = new Set(DECISION_TYPES.map((d) => d.code));

/**
 * The state a ledger's dates put a case in. A decision (L17 28; L23 63–69) is DECIDED, or SERVED once the ledger
 * gives its service date; the outcomes that end a case in their own state (不予受理, 视为撤回, 撤回, 转送, 终止, 告知)
 * are that state; an open case is ACCEPTED once accepted (its copy to the respondent, L17 23 / L23 48, is not
 * recorded, so the normal procedure continues from there), else RECEIVED.
 */
export function historicalState(d: HistoricalDates): CaseState {
  if (d.outcome === null) {
    return d.acceptedOn === null ? 'RECEIVED' : 'ACCEPTED';
  }
  if ((TERMINAL_STATES as readonly string[]).includes(d.outcome)) {
    return d.outcome as CaseState;
  }
  return d.servedOn !== null ? 'SERVED' : 'DECIDED';
}

/**
 * The facts of a historical case: the known dates, every other fact at its initial value (unknown, not invented).
 * An accepted case is under the ordinary procedure unless the ledger says otherwise: the simplified one needs the
 * organ's assessment (L23 53「认为事实清楚、权利义务关系明确、争议不大的，可以适用简易程序」), so without a record of it the
 * case is ordinary (L23 36「依照本法适用普通程序或者简易程序进行审理」), as a deemed acceptance is.
 */
export function historicalFacts(
  regime: LegalRegime,
  receivedOn: string,
  d: HistoricalDates,
  handlerCount: number,
): CaseFacts {
  const state = historicalState(d);
  const decided = d.outcome !== null && DECISION_OUTCOMES.has(d.outcome);
  const lastActOn = [receivedOn, d.acceptedOn, d.concludedOn, d.servedOn]
    .filter((x): x is string => x !== null)
    .sort()
    .at(-1)!;
  const base = initialFacts(regime, receivedOn);
  return {
    ...base,
    state,
    lastActOn,
    procedure: d.acceptedOn !== null ? 'ORDINARY' : null,
    acceptedOn: d.acceptedOn,
    acceptanceRecordedOn: d.acceptedOn,
    handlerCount,
    outcome: d.outcome,
    concludedOn: d.concludedOn,
    outcomeDetail: d.outcomeDetail,
    decisionType: decided ? (d.outcome as CaseFacts['decisionType']) : null,
    decidedOn: decided ? d.concludedOn : null,
    decisionDocumentNumber: decided ? d.decisionDocumentNumber : null,
    servedOn: decided ? d.servedOn : null,
    ...(d.outcome === 'NOT_ACCEPTED' ? { notAcceptGround: d.outcomeDetail } : {}),
    ...(d.outcome === 'TERMINATED' ? { terminationGround: d.outcomeDetail } : {}),
    ...(d.outcome === 'WITHDRAWN' ? { withdrawalReason: d.outcomeDetail } : {}),
  } as CaseFacts;
}
