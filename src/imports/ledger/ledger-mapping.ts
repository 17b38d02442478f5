import { LEDGER_FIELDS, type LedgerField, type LedgerMapping } from './ledger-record';

/**
 * Ledger column mappings (issue 12): which zh-CN header means which field. The default one reads the project's own
 * case-list export (CASE_LIST_COLUMNS in src/statistics/statistics.service.ts) so that an export re-imports, and the
 * headers offices commonly use in their 台账.
 */

/**
 * A header as it is compared: trimmed, without any whitespace (ASCII, full-width U+3000, no-break spaces, line breaks
 * inside a header cell) and without a byte-order mark. `收到 日期` and `收到日期` are one header.
 */
export function normaliseHeader(header: string): string {
  return header.replace(/[\s\u3000\u00a0\ufeff\u200b]+/g, '');
}

/** Fields every row needs: without a column for each, the file cannot be imported (MISSING_COLUMN). */
export const LEDGER_REQUIRED_FIELDS: readonly LedgerField[] = [
  'receivedOn',
  'applicants',
  'respondentName',
  'respondentKind',
  'actCategory',
  'managementDomain',
];

/**
 * The headers of the case-list export in its order (CASE_LIST_COLUMNS) with the field each one is, then the further
 * columns of the template ledger. Each field's first header here is its canonical header (the template's).
 */
export const LEDGER_TEMPLATE_COLUMNS: ReadonlyArray<{ header: string; field: LedgerField }> = [
  // the case-list export, in its order
  { header: '案号', field: 'caseNumber' },
  { header: '收到申请日期', field: 'receivedOn' },
  { header: '适用法律', field: 'legalRegime' },
  { header: '申请人', field: 'applicants' },
  { header: '被申请人', field: 'respondentName' },
  { header: '被申请人类型', field: 'respondentKind' },
  { header: '行为类别', field: 'actCategory' },
  { header: '管理领域', field: 'managementDomain' },
  { header: '受理日期', field: 'acceptedOn' },
  { header: '结案日期', field: 'concludedOn' },
  { header: '结案方式', field: 'outcome' },
  { header: '结案情形', field: 'outcomeDetail' },
  // the rest of a registration and of a conclusion
  { header: '申请方式', field: 'channel' },
  { header: '申请人类型', field: 'applicantKind' },
  { header: '性别', field: 'applicantSex' },
  { header: '身份证号码', field: 'applicantIdNumber' },
  { header: '统一社会信用代码', field: 'applicantCreditCode' },
  { header: '法定代表人', field: 'applicantLegalRepresentative' },
  { header: '行政行为', field: 'actTitle' },
  { header: '行政行为文号', field: 'actDocumentNumber' },
  { header: '复议请求类型', field: 'requestCodes' },
  { header: '复议请求', field: 'requestText' },
  { header: '决定书文号', field: 'decisionDocumentNumber' },
  { header: '送达日期', field: 'servedOn' },
  { header: '承办人', field: 'handlers' },
];

/** Other headers offices use for the same fields (synonyms); compared after normaliseHeader. */
const LEDGER_SYNONYMS: ReadonlyArray<readonly [string, LedgerField]> = [
  ['复议案号', 'caseNumber'],
  ['案件编号', 'caseNumber'],
  ['收到日期', 'receivedOn'],
  ['申请日期', 'receivedOn'],
  ['收案日期', 'receivedOn'],
  ['适用法律版本', 'legalRegime'],
  ['申请人姓名', 'applicants'],
  ['申请人姓名或名称', 'applicants'],
  ['申请人性别', 'applicantSex'],
  ['公民身份号码', 'applicantIdNumber'],
  ['身份证号', 'applicantIdNumber'],
  ['申请人身份证号码', 'applicantIdNumber'],
  ['信用代码', 'applicantCreditCode'],
  ['法定代表人或主要负责人', 'applicantLegalRepresentative'],
  ['被申请人名称', 'respondentName'],
  ['被申请复议的行政行为', 'actTitle'],
  ['被复议行政行为', 'actTitle'],
  ['具体行政行为', 'actTitle'],
  ['文号', 'actDocumentNumber'],
  ['行政行为类别', 'actCategory'],
  ['行政管理类别', 'managementDomain'],
  ['行政复议请求', 'requestText'],
  ['请求类型', 'requestCodes'],
  ['复议决定书文号', 'decisionDocumentNumber'],
  ['决定文号', 'decisionDocumentNumber'],
  ['决定送达日期', 'servedOn'],
  ['承办人员', 'handlers'],
  ['经办人', 'handlers'],
];

export const DEFAULT_LEDGER_MAPPING: LedgerMapping = Object.freeze(
  Object.fromEntries([
    ...LEDGER_TEMPLATE_COLUMNS.map((c) => [normaliseHeader(c.header), c.field] as const),
    ...LEDGER_SYNONYMS.map(([h, f]) => [normaliseHeader(h), f] as const),
  ]),
);

/** A problem with a mapping an organ supplies (PUT /v1/organs/{id}/ledger-mapping). */
export interface LedgerMappingProblem {
  /** The header concerned, as supplied; null for the mapping as a whole. */
  header: string | null;
  code:
    'NOT_AN_OBJECT' | 'TOO_MANY_HEADERS' | 'EMPTY_HEADER' | 'HEADER_TOO_LONG' | 'DUPLICATE_HEADER' | 'UNKNOWN_FIELD';
  message: string;
}

export const MAX_MAPPING_HEADERS = 500;
export const MAX_HEADER_LENGTH = 100;

/**
 * Validates a mapping supplied as JSON (header → field). Returns the mapping with normalised headers when there is no
 * problem. Several headers may name one field (synonyms): a file that has two of them gets DUPLICATE_COLUMN when read.
 * Two headers that are one after normaliseHeader are a problem here, since one of them would be silently dropped.
 */
export function validateLedgerMapping(input: unknown): {
  mapping: LedgerMapping | null;
  problems: LedgerMappingProblem[];
} {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      mapping: null,
      problems: [{ header: null, code: 'NOT_AN_OBJECT', message: 'The mapping must be an object of header → field.' }],
    };
  }
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length > MAX_MAPPING_HEADERS) {
    return {
      mapping: null,
      problems: [
        {
          header: null,
          code: 'TOO_MANY_HEADERS',
          message: `A mapping has at most ${MAX_MAPPING_HEADERS} headers (${entries.length} given).`,
        },
      ],
    };
  }
  const problems: LedgerMappingProblem[] = [];
  // Entries, not assignments: a header "__proto__" must stay a header (Object.fromEntries defines own properties).
  const mapping: Array<[string, LedgerField]> = [];
  const seen = new Map<string, string>();
  for (const [header, field] of entries) {
    const key = normaliseHeader(header);
    if (key === '') {
      problems.push({ header, code: 'EMPTY_HEADER', message: 'A header must not be empty.' });
      continue;
    }
    if (key.length > MAX_HEADER_LENGTH) {
      problems.push({
        header,
        code: 'HEADER_TOO_LONG',
        message: `A header has at most ${MAX_HEADER_LENGTH} characters.`,
      });
      continue;
    }
    if (typeof field !== 'string' || !(LEDGER_FIELDS as readonly string[]).includes(field)) {
      problems.push({
        header,
        code: 'UNKNOWN_FIELD',
        message: `"${String(field)}" is not a ledger field (one of ${LEDGER_FIELDS.join(', ')}).`,
      });
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({
        header,
        code: 'DUPLICATE_HEADER',
        message: `"${header}" is the same header as "${earlier}" once spaces are removed.`,
      });
      continue;
    }
    seen.set(key, header);
    mapping.push([key, field as LedgerField]);
  }
  return problems.length > 0
    ? { mapping: null, problems }
    : { mapping: Object.freeze(Object.fromEntries(mapping)), problems };
}

/** The field a header means under `mapping` (whose keys may or may not be normalised), or undefined. */
export function fieldOfHeader(mapping: LedgerMapping, header: string): LedgerField | undefined {
  return normalisedMapping(mapping).get(normaliseHeader(header));
}

const NORMALISED = new WeakMap<LedgerMapping, ReadonlyMap<string, LedgerField>>();

function normalisedMapping(mapping: LedgerMapping): ReadonlyMap<string, LedgerField> {
  let map = NORMALISED.get(mapping);
  if (map === undefined) {
    map = new Map(Object.entries(mapping).map(([h, f]) => [normaliseHeader(h), f]));
    NORMALISED.set(mapping, map);
  }
  return map;
}
