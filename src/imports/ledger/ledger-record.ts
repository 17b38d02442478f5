import type {
  ApplicantKind,
  Channel,
  CodeListName,
  LegalRegime,
  Outcome,
  RequestCode,
  Sex,
} from '../../code-lists/code-lists';

/**
 * The contract between the ledger reader (ledger-reader.ts: XLSX/CSV → rows of text) and the import job
 * (imports.service.ts: rows → historical cases). Issue 12.
 */

/** What a ledger column can mean. A column mapping (per organ) maps zh-CN headers to these. */
export const LEDGER_FIELDS = [
  'caseNumber',
  'receivedOn',
  'legalRegime',
  'channel',
  'applicants',
  'applicantKind',
  'applicantSex',
  'applicantIdNumber',
  'applicantCreditCode',
  'applicantLegalRepresentative',
  'respondentName',
  'respondentKind',
  'actTitle',
  'actDocumentNumber',
  'actCategory',
  'managementDomain',
  'requestText',
  /** The coded requests (REQUEST_CODES, e.g. 撤销、确认违法), split like applicants. */
  'requestCodes',
  'acceptedOn',
  'concludedOn',
  'outcome',
  'outcomeDetail',
  'decisionDocumentNumber',
  'servedOn',
  'handlers',
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/** A mapping: zh-CN header (as in the file, trimmed) → field. Headers not in it are ignored. */
export type LedgerMapping = Readonly<Record<string, LedgerField>>;

/** A problem with one row (or the whole file: row null), with the column's header where there is one. */
export interface LedgerProblem {
  /** 1-based row number in the sheet (the header row is 1); null for the whole file. */
  row: number | null;
  /** The column's header as in the file; null when the problem is not one cell's. */
  column: string | null;
  code: LedgerProblemCode;
  message: string;
}

/** Stable codes of ledger problems (README "Moving your existing cases in"). */
export const LEDGER_PROBLEM_CODES = [
  // the whole file
  'UNSUPPORTED_FILE', // neither XLSX nor CSV (by content, not by name)
  'EMPTY_SHEET', // no header row, or no data row
  'MISSING_COLUMN', // a field every row needs (receivedOn, applicants, respondentName …) has no column
  'DUPLICATE_COLUMN', // two columns map to one field
  'TOO_MANY_ROWS', // more data rows than one import takes (MAX_LEDGER_ROWS)
  // one cell or row
  'FORMULA_CELL', // a cell holds a formula: its value is not what the office recorded
  'MERGED_CELL', // a cell is part of a merged range: which row it belongs to is ambiguous
  'REQUIRED', // an empty cell where the field is required
  'INVALID_DATE', // not 2021-03-01, 2021/3/1, 2021年3月1日 or a date cell; or no such day
  'DATE_IN_FUTURE',
  'DATES_OUT_OF_ORDER', // acceptance or conclusion before receipt, conclusion before acceptance …
  'UNKNOWN_CODE', // neither a code nor a zh-CN label of the list
  'INVALID_ID_NUMBER', // resident ID failing GB 11643's check character
  'INVALID_CREDIT_CODE', // unified social credit code failing GB 32100's check character
  'INCONSISTENT', // e.g. an outcome without a conclusion date, a detail of another outcome
  'DUPLICATE_CASE_NUMBER', // twice in the file, or already a case of the organ from elsewhere
  'TOO_LONG',
] as const;
export type LedgerProblemCode = (typeof LEDGER_PROBLEM_CODES)[number];

/** One data row as read: the cells of mapped columns, as trimmed text (dates of date cells as YYYY-MM-DD). */
export interface LedgerRow {
  row: number;
  values: Partial<Record<LedgerField, string>>;
  /** The header of each mapped field's column, for problems. */
  headers: Partial<Record<LedgerField, string>>;
  /**
   * Fields whose cell the reader refused (a formula, a merged cell, a cell over 2,000 characters): each is already a
   * problem of ReadLedger, and its value is absent from `values`. A row with any cannot be valid.
   */
  refused?: LedgerField[];
}

export interface ReadLedger {
  /** null when the file is neither (the problem UNSUPPORTED_FILE). */
  format: 'XLSX' | 'CSV' | null;
  /** The sheet read (XLSX: the first worksheet); null for CSV. */
  sheet: string | null;
  /** Every header in the file's order. */
  headers: string[];
  rows: LedgerRow[];
  /**
   * File-level problems, and cell problems found while reading (formula cells, merged cells, cells too long).
   * `rows` is empty whenever there is a file-level problem (row null): such a file cannot be imported.
   */
  problems: LedgerProblem[];
}

/** Resolves a ledger value (a code, or a zh-CN label) of a list to its code; null when neither. */
export type CodeResolver = (list: CodeListName, text: string) => string | null;

export interface LedgerApplicant {
  name: string;
  kind: ApplicantKind | null;
  sex?: Sex;
  idNumber?: string;
  unifiedSocialCreditCode?: string;
  legalRepresentative?: string;
}

/**
 * A valid row, normalised: codes resolved, dates as YYYY-MM-DD, lists split. A field the ledger lacks is null (or
 * absent / empty list) and named in `missing`; nothing is guessed.
 */
export interface LedgerRecord {
  row: number;
  caseNumber: string | null;
  receivedOn: string;
  /** From the column, else null (the importer applies the default regime by the receipt date, R07/L23 transition). */
  legalRegime: LegalRegime | null;
  channel: Channel | null;
  applicants: LedgerApplicant[];
  respondent: { name: string; kind: string };
  contestedAct: { title: string | null; documentNumber: string | null; category: string; managementDomain: string };
  requestText: string | null;
  /** From the 复议请求类型 column; empty (and `request.codes` in missing) without one. */
  requestCodes: RequestCode[];
  acceptedOn: string | null;
  concludedOn: string | null;
  outcome: Outcome | null;
  outcomeDetail: string | null;
  decisionDocumentNumber: string | null;
  servedOn: string | null;
  handlers: string[];
  /** Paths of the registration's fields that the ledger does not have (e.g. `channel`, `applicants[0].idNumber`). */
  missing: string[];
}
