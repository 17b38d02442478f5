import {
  CODE_LISTS,
  OUTCOME_DETAILS,
  type ApplicantKind,
  type Channel,
  type CodeListName,
  type LegalRegime,
  type Outcome,
  type RequestCode,
  type Sex,
} from '../../code-lists/code-lists';
import { isValidResidentId, isValidUnifiedSocialCreditCode } from '../../cases/domain/identifiers';
import { LEDGER_REQUIRED_FIELDS } from './ledger-mapping';
import type {
  CodeResolver,
  LedgerApplicant,
  LedgerField,
  LedgerProblem,
  LedgerProblemCode,
  LedgerRecord,
  LedgerRow,
} from './ledger-record';

/**
 * One ledger row → a LedgerRecord (issue 12): dates normalised, codes resolved, lists split, and the same validation
 * as a new case where the ledger has the field. Where it has not, the field stays empty and is named in `missing`:
 * nothing is guessed. Pure.
 */

// ── Code resolution ─────────────────────────────────────────────────────────────────────────────────────────────

/** A label as compared: no whitespace, full-width parentheses and colon as ASCII. */
const labelKey = (text: string): string =>
  text
    .replace(/[\s\u3000]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/：/g, ':');

const LABEL_INDEX = new Map<CodeListName, Map<string, string | null>>();

function labelIndex(list: CodeListName): Map<string, string | null> {
  let index = LABEL_INDEX.get(list);
  if (index === undefined) {
    index = new Map();
    for (const entry of CODE_LISTS[list] as readonly { code: string; labelZh: string }[]) {
      const key = labelKey(entry.labelZh);
      // A label two codes share resolves to neither (null): which one the office meant is not known.
      index.set(key, index.has(key) && index.get(key) !== entry.code ? null : entry.code);
    }
    LABEL_INDEX.set(list, index);
  }
  return index;
}

/** Resolves against the built-in lists: a code (any case), or a zh-CN label; null when neither or ambiguous. */
export const builtInCodeResolver: CodeResolver = (list, text) => {
  const trimmed = text.trim();
  const codes = CODE_LISTS[list] as readonly { code: string }[];
  const upper = trimmed.toUpperCase();
  if (codes.some((e) => e.code === upper)) {
    return upper;
  }
  return labelIndex(list).get(labelKey(trimmed)) ?? null;
};

// ── Dates ───────────────────────────────────────────────────────────────────────────────────────────────────────

const DATE_FORMS: readonly RegExp[] = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
];

/**
 * YYYY-MM-DD of 2021-03-01, 2021/3/1, 2021.3.1 or 2021年3月1日 (leading zeros optional; a date cell arrives as
 * YYYY-MM-DD), or null when it is none of these or no such day (2021-02-30).
 */
export function parseLedgerDate(text: string): string | null {
  const t = text.replace(/\s+/g, '');
  for (const form of DATE_FORMS) {
    const m = form.exec(t);
    if (m === null) {
      continue;
    }
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
      return null;
    }
    return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return null;
}

// ── The law's tables the checks rest on ─────────────────────────────────────────────────────────────────────────

/**
 * Outcomes reached only from RECEIVED or CORRECTION_REQUESTED (src/workflow/transition-table.ts): NOT_ACCEPT (L17 17;
 * R07 28 / L23 30), DEEM_WITHDRAWN (R07 29 / L23 31 ¶2), WITHDRAW before acceptance, TRANSFER (L17 15 ¶2, 18), INFORM
 * (L17 17 ¶1). Every other outcome is reached only after ACCEPT. A withdrawal after acceptance ends as TERMINATED.
 */
const PRE_ACCEPTANCE_OUTCOMES: readonly Outcome[] = [
  'NOT_ACCEPTED',
  'DEEMED_WITHDRAWN',
  'WITHDRAWN',
  'TRANSFERRED',
  'INFORMED',
];

/** Decisions (L17 28 / L23 61–69): a decision document (决定书) with its number. */
const DECIDED_OUTCOMES: readonly Outcome[] = [
  'UPHELD',
  'DISMISSED',
  'REVOKED',
  'VARIED',
  'CONFIRMED_ILLEGAL',
  'ORDERED_TO_PERFORM',
  'CONFIRMED_VOID',
];

/** The export writes this in 结案方式 for an open case (CASE_LIST_COLUMNS): no outcome yet, not an unknown code. */
const OPEN_CASE_OUTCOME = '办理中';

/** What offices write for "nothing" in a cell. */
const EMPTY_MARKS = new Set(['/', '-', '—', '－', '无', '——']);

/** The default regime by the date of receipt, as registration applies it (L23 90: in force from 2024-01-01). */
const regimeByReceipt = (receivedOn: string): LegalRegime => (receivedOn < '2024-01-01' ? 'L2017' : 'L2023');

const LIMITS = {
  caseNumber: 100,
  name: 200,
  legalRepresentative: 100, // PartyDto.legalRepresentative
  actTitle: 300, // ContestedActDto.title
  documentNumber: 100,
  text: 2000,
} as const;

/** Splits a list cell: 张三、李四 / 张三，李四 / 张三;李四 / one per line. */
export const splitList = (text: string): string[] =>
  text
    .split(/[、，,；;\r\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

// ── The row ─────────────────────────────────────────────────────────────────────────────────────────────────────

export function normaliseLedgerRow(
  row: LedgerRow,
  resolve: CodeResolver,
  today: string,
): { record: LedgerRecord | null; problems: LedgerProblem[] } {
  const problems: LedgerProblem[] = [];
  const missing: string[] = [];
  const header = (field: LedgerField): string | null => row.headers[field] ?? null;
  const problem = (field: LedgerField | null, code: LedgerProblemCode, message: string): void => {
    problems.push({ row: row.row, column: field === null ? null : header(field), code, message });
  };
  const text = (field: LedgerField): string | null => {
    const v = row.values[field]?.trim();
    return v === undefined || v === '' || EMPTY_MARKS.has(v) ? null : v;
  };
  const long = (field: LedgerField, value: string | null, max: number): string | null => {
    if (value !== null && value.length > max) {
      problem(field, 'TOO_LONG', `At most ${max} characters (${value.length} given).`);
    }
    return value;
  };
  const date = (field: LedgerField): string | null => {
    const raw = text(field);
    if (raw === null) {
      return null;
    }
    const iso = parseLedgerDate(raw);
    if (iso === null) {
      problem(field, 'INVALID_DATE', `"${raw}" is not a date (2021-03-01, 2021/3/1, 2021年3月1日) or no such day.`);
      return null;
    }
    if (iso > today) {
      problem(field, 'DATE_IN_FUTURE', `${iso} is after today (${today}).`);
    }
    return iso;
  };
  const code = <C extends string>(field: LedgerField, list: CodeListName, value: string | null): C | null => {
    if (value === null) {
      return null;
    }
    const resolved = resolve(list, value);
    if (resolved === null) {
      problem(field, 'UNKNOWN_CODE', `"${value}" is neither a code nor a label of ${list}.`);
    }
    return resolved as C | null;
  };

  // Required cells (the column exists: MISSING_COLUMN is the reader's).
  const refused = new Set(row.refused ?? []);
  for (const field of LEDGER_REQUIRED_FIELDS) {
    if (text(field) === null && !refused.has(field)) {
      problem(field, 'REQUIRED', `${header(field) ?? field} is required.`);
    }
  }

  const caseNumber = long('caseNumber', text('caseNumber'), LIMITS.caseNumber);
  const receivedOn = date('receivedOn');
  const acceptedOn = date('acceptedOn');
  const concludedOn = date('concludedOn');
  const servedOn = date('servedOn');

  const legalRegime = code<LegalRegime>('legalRegime', 'LEGAL_REGIMES', text('legalRegime'));
  const regime: LegalRegime | null = legalRegime ?? (receivedOn !== null ? regimeByReceipt(receivedOn) : null);
  const channel = code<Channel>('channel', 'CHANNELS', text('channel'));
  const respondentName = long('respondentName', text('respondentName'), LIMITS.name);
  const respondentKind = code<string>('respondentKind', 'RESPONDENT_KINDS', text('respondentKind'));
  const actTitle = long('actTitle', text('actTitle'), LIMITS.actTitle);
  const actDocumentNumber = long('actDocumentNumber', text('actDocumentNumber'), LIMITS.documentNumber);
  const actCategory = code<string>('actCategory', 'ACT_CATEGORIES', text('actCategory'));
  const managementDomain = code<string>('managementDomain', 'MANAGEMENT_DOMAINS', text('managementDomain'));
  const requestText = long('requestText', text('requestText'), LIMITS.text);
  const decisionDocumentNumber = long('decisionDocumentNumber', text('decisionDocumentNumber'), LIMITS.documentNumber);

  // The request's codes (REQUEST_CODES; CONFIRM_VOID only under L2023, L23 67).
  const requestCodes: RequestCode[] = [];
  for (const item of splitList(text('requestCodes') ?? '')) {
    const c = code<RequestCode>('requestCodes', 'REQUEST_CODES', item);
    if (c !== null && !requestCodes.includes(c)) {
      if (c === 'CONFIRM_VOID' && regime === 'L2017') {
        problem('requestCodes', 'INCONSISTENT', '确认无效 is a request of L2023 only (L23 67).');
      }
      requestCodes.push(c);
    }
  }

  // Outcome and its detail.
  const outcomeText = text('outcome');
  const outcome =
    outcomeText === null || outcomeText === OPEN_CASE_OUTCOME
      ? null
      : code<Outcome>('outcome', 'OUTCOMES', outcomeText);
  const outcomeDetail = detail(text('outcomeDetail'), outcome, regime, (code, message) =>
    problem('outcomeDetail', code, message),
  );
  if (outcome !== null && regime !== null) {
    const entry = (CODE_LISTS.OUTCOMES as readonly { code: string; regimes?: readonly LegalRegime[] }[]).find(
      (o) => o.code === outcome,
    );
    if (entry?.regimes !== undefined && !entry.regimes.includes(regime)) {
      problem(
        'outcome',
        'INCONSISTENT',
        `${outcome} is an outcome of ${entry.regimes.join(', ')} only, not ${regime}.`,
      );
    }
  }

  // case_concluded_with_outcome: (concluded_on IS NULL) = (outcome IS NULL).
  if (outcomeText !== null && outcome === null && outcomeText === OPEN_CASE_OUTCOME && concludedOn !== null) {
    problem('outcome', 'INCONSISTENT', `${OPEN_CASE_OUTCOME} (open) with a conclusion date.`);
  } else if (outcome !== null && concludedOn === null && text('concludedOn') === null) {
    problem('concludedOn', 'INCONSISTENT', 'An outcome without a conclusion date.');
  } else if (outcome === null && outcomeText === null && concludedOn !== null) {
    problem('outcome', 'INCONSISTENT', 'A conclusion date without an outcome.');
  }
  if (servedOn !== null && concludedOn === null && text('concludedOn') === null) {
    problem('servedOn', 'INCONSISTENT', 'A service date without a conclusion.');
  }

  // Acceptance: a pre-acceptance outcome cannot have one; a later one implies one, which is not invented.
  if (outcome !== null && PRE_ACCEPTANCE_OUTCOMES.includes(outcome) && acceptedOn !== null) {
    problem(
      'acceptedOn',
      'INCONSISTENT',
      `${outcome} concludes a case before acceptance, yet it has an acceptance date.`,
    );
  }
  if (outcome !== null && !PRE_ACCEPTANCE_OUTCOMES.includes(outcome) && acceptedOn === null) {
    missing.push('acceptedOn');
  }

  // case_dates_ordered, and the sequence of R07 / L23: receipt ≤ acceptance ≤ conclusion ≤ service.
  if (receivedOn !== null && acceptedOn !== null && acceptedOn < receivedOn) {
    problem('acceptedOn', 'DATES_OUT_OF_ORDER', `Accepted ${acceptedOn}, before receipt ${receivedOn}.`);
  }
  if (receivedOn !== null && concludedOn !== null && concludedOn < receivedOn) {
    problem('concludedOn', 'DATES_OUT_OF_ORDER', `Concluded ${concludedOn}, before receipt ${receivedOn}.`);
  } else if (acceptedOn !== null && concludedOn !== null && concludedOn < acceptedOn) {
    problem('concludedOn', 'DATES_OUT_OF_ORDER', `Concluded ${concludedOn}, before acceptance ${acceptedOn}.`);
  }
  if (concludedOn !== null && servedOn !== null && servedOn < concludedOn) {
    problem('servedOn', 'DATES_OUT_OF_ORDER', `Served ${servedOn}, before the conclusion ${concludedOn}.`);
  }

  const applicants = parties(text, resolve, problem, missing);

  // R07 32 / L23 36: the review is done by at least two reconsideration officers.
  const handlers = splitList(text('handlers') ?? '');
  for (const h of handlers) {
    long('handlers', h, LIMITS.name);
  }

  // The registration's required fields the ledger lacks (RegisterCaseDto paths).
  if (channel === null && text('channel') === null) {
    missing.push('channel');
  }
  if (actTitle === null) {
    missing.push('contestedAct.title');
  }
  if (requestCodes.length === 0) {
    missing.push('request.codes');
  }
  if (requestText === null) {
    missing.push('request.text');
  }
  if (handlers.length < 2) {
    missing.push('handlers');
  }
  if (outcome !== null && outcomeDetail === null && text('outcomeDetail') === null && hasDetails(outcome, regime)) {
    missing.push('outcomeDetail');
  }
  if (outcome !== null && DECIDED_OUTCOMES.includes(outcome) && decisionDocumentNumber === null) {
    missing.push('decisionDocumentNumber');
  }

  if (
    problems.length > 0 ||
    refused.size > 0 ||
    receivedOn === null ||
    respondentName === null ||
    respondentKind === null ||
    actCategory === null ||
    managementDomain === null ||
    applicants === null
  ) {
    return { record: null, problems };
  }
  return {
    record: {
      row: row.row,
      caseNumber,
      receivedOn,
      legalRegime,
      channel,
      applicants,
      respondent: { name: respondentName, kind: respondentKind },
      contestedAct: { title: actTitle, documentNumber: actDocumentNumber, category: actCategory, managementDomain },
      requestText,
      requestCodes,
      acceptedOn,
      concludedOn,
      outcome,
      outcomeDetail,
      decisionDocumentNumber,
      servedOn,
      handlers,
      missing,
    },
    problems,
  };
}

// ── Outcome details ─────────────────────────────────────────────────────────────────────────────────────────────

const appliesTo = (entry: { regimes?: readonly LegalRegime[] }, regime: LegalRegime | null): boolean =>
  regime === null || entry.regimes === undefined || entry.regimes.includes(regime);

const hasDetails = (outcome: Outcome, regime: LegalRegime | null): boolean =>
  OUTCOME_DETAILS.some((d) => d.outcome === outcome && appliesTo(d, regime));

/** The label of a detail without its outcome's prefix (不予受理：超过法定申请期限 → 超过法定申请期限). */
const withoutPrefix = (label: string): string => label.replace(/^[^:：]*[:：]/, '');

/**
 * The OUTCOME_DETAILS code of a 结案情形 cell: a code, or a label with or without the outcome's prefix (the export
 * writes it with: '不予受理：…', detailsOf in code-lists.ts). Labels are matched among the details of the row's outcome
 * under its regime (the R07 28 and L23 30 grounds share labels): a detail of another outcome, or with no outcome, is
 * INCONSISTENT (case_outcome_detail_valid). The details are the law's list, not a deployment's, so the resolver is
 * not consulted.
 */
function detail(
  value: string | null,
  outcome: Outcome | null,
  regime: LegalRegime | null,
  problem: (code: LedgerProblemCode, message: string) => void,
): string | null {
  if (value === null) {
    return null;
  }
  const upper = value.toUpperCase();
  const key = labelKey(value);
  let candidates = OUTCOME_DETAILS.filter((d) => d.code === upper);
  if (candidates.length === 0) {
    candidates = OUTCOME_DETAILS.filter((d) => labelKey(d.labelZh) === key);
  }
  if (candidates.length === 0) {
    candidates = OUTCOME_DETAILS.filter((d) => labelKey(withoutPrefix(d.labelZh)) === key);
  }
  if (candidates.length === 0) {
    problem('UNKNOWN_CODE', `"${value}" is neither a code nor a label of OUTCOME_DETAILS.`);
    return null;
  }
  if (outcome === null) {
    problem('INCONSISTENT', `结案情形 "${value}" without an outcome.`);
    return null;
  }
  const ofOutcome = candidates.filter((d) => d.outcome === outcome);
  if (ofOutcome.length === 0) {
    problem('INCONSISTENT', `"${value}" is a detail of ${candidates[0]?.outcome ?? '?'}, not of ${outcome}.`);
    return null;
  }
  const ofRegime = ofOutcome.filter((d) => appliesTo(d, regime));
  if (ofRegime.length === 0) {
    problem('INCONSISTENT', `"${value}" is a ground of another legal regime than ${regime ?? '?'}.`);
    return null;
  }
  if (ofRegime.length > 1) {
    problem('UNKNOWN_CODE', `"${value}" is ambiguous: write its code (${ofRegime.map((d) => d.code).join(' or ')}).`);
    return null;
  }
  return (ofRegime[0] as { code: string }).code;
}

// ── Applicants ──────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The applicants of the 申请人 cell, with the per-applicant columns aligned by position. A single 申请人类型 or 性别
 * value stands for every name. An ID number or credit code identifies one party, so one of them for several names is
 * not spread over all: the counts must agree (INCONSISTENT otherwise). Null when the cell is empty.
 */
function parties(
  text: (field: LedgerField) => string | null,
  resolve: CodeResolver,
  problem: (field: LedgerField | null, code: LedgerProblemCode, message: string) => void,
  missing: string[],
): LedgerApplicant[] | null {
  const names = splitList(text('applicants') ?? '');
  if (names.length === 0) {
    return null;
  }
  const aligned = (field: LedgerField, spread: boolean): Array<string | null> => {
    const items = splitList(text(field) ?? '').map((v) => (EMPTY_MARKS.has(v) ? null : v));
    if (items.length === 0) {
      return names.map(() => null);
    }
    if (items.length === names.length) {
      return items;
    }
    if (items.length === 1 && spread) {
      return names.map(() => items[0] ?? null);
    }
    problem(
      field,
      'INCONSISTENT',
      `${items.length} values for ${names.length} applicants: give one per applicant, in the order of 申请人.`,
    );
    return names.map(() => null);
  };
  const kinds = aligned('applicantKind', true);
  const sexes = aligned('applicantSex', true);
  const ids = aligned('applicantIdNumber', false);
  const creditCodes = aligned('applicantCreditCode', false);
  const representatives = aligned('applicantLegalRepresentative', true);

  return names.map((name, i) => {
    if (name.length > LIMITS.name) {
      problem('applicants', 'TOO_LONG', `An applicant's name has at most ${LIMITS.name} characters.`);
    }
    const idNumber = ids[i]?.toUpperCase() ?? null;
    const creditCode = creditCodes[i]?.toUpperCase() ?? null;
    const kindText = kinds[i] ?? null;
    let kind: ApplicantKind | null = null;
    if (kindText !== null) {
      kind = resolve('APPLICANT_KINDS', kindText) as ApplicantKind | null;
      if (kind === null) {
        problem('applicantKind', 'UNKNOWN_CODE', `"${kindText}" is neither a code nor a label of APPLICANT_KINDS.`);
      }
    } else if (idNumber !== null && creditCode === null) {
      // Not a guess: a resident ID number (GB 11643) is issued to natural persons only.
      kind = 'NATURAL_PERSON';
    } else if (creditCode !== null && idNumber === null) {
      // Not a guess: a unified social credit code (GB 32100) is issued to organisations.
      kind = 'ORGANIZATION';
    }
    const applicant: LedgerApplicant = { name, kind };
    const path = `applicants[${i}]`;
    if (kind === null && kindText === null) {
      missing.push(`${path}.kind`);
    }

    if (idNumber !== null) {
      if (!isValidResidentId(idNumber)) {
        problem(
          'applicantIdNumber',
          'INVALID_ID_NUMBER',
          /^\d{15}$/.test(idNumber)
            ? `${name}: a 15-digit ID number of the old format; a case takes the 18-character one (GB 11643).`
            : `${name}: "${idNumber}" is not a resident ID number with a valid check character (GB 11643).`,
        );
      } else {
        applicant.idNumber = idNumber;
      }
    }
    if (creditCode !== null) {
      if (!isValidUnifiedSocialCreditCode(creditCode)) {
        problem(
          'applicantCreditCode',
          'INVALID_CREDIT_CODE',
          `${name}: "${creditCode}" is not a unified social credit code with a valid check character (GB 32100).`,
        );
      } else {
        applicant.unifiedSocialCreditCode = creditCode;
      }
    }
    const sexText = sexes[i] ?? null;
    if (sexText !== null) {
      const sex = resolve('SEX', sexText) as Sex | null;
      if (sex === null) {
        problem('applicantSex', 'UNKNOWN_CODE', `"${sexText}" is neither a code nor a label of SEX.`);
      } else {
        applicant.sex = sex;
      }
    }
    const representative = representatives[i] ?? null;
    if (representative !== null) {
      if (representative.length > LIMITS.legalRepresentative) {
        problem('applicantLegalRepresentative', 'TOO_LONG', `At most ${LIMITS.legalRepresentative} characters.`);
      }
      applicant.legalRepresentative = representative;
    }

    // What registration requires of the kind (PartyDto: sex and ID for a person; credit code and legal
    // representative for an organisation).
    if (kind === 'NATURAL_PERSON') {
      if (sexText === null) {
        missing.push(`${path}.sex`);
      }
      if (idNumber === null) {
        missing.push(`${path}.idNumber`);
      }
    } else if (kind === 'ORGANIZATION') {
      if (creditCode === null) {
        missing.push(`${path}.unifiedSocialCreditCode`);
      }
      if (representative === null) {
        missing.push(`${path}.legalRepresentative`);
      }
    }
    return applicant;
  });
}

// ── The file ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * DUPLICATE_CASE_NUMBER for the second and later rows of a case number in the file (the first keeps it). Rows
 * without a case number are not compared. `column`: the case number's header, for the problems.
 */
export function duplicateCaseNumbers(rows: LedgerRecord[], column: string | null = null): LedgerProblem[] {
  const first = new Map<string, number>();
  const problems: LedgerProblem[] = [];
  for (const r of rows) {
    if (r.caseNumber === null) {
      continue;
    }
    const key = r.caseNumber.trim();
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, r.row);
    } else {
      problems.push({
        row: r.row,
        column,
        code: 'DUPLICATE_CASE_NUMBER',
        message: `Case number ${key} is also in row ${earlier}.`,
      });
    }
  }
  return problems;
}
