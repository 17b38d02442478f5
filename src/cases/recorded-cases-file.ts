/**
 * The recorded-cases file format (see src/cases/case-loader.service.ts for its meaning) and its structural check.
 * Kept free of Nest, TypeORM and validation imports, so that command-line clients (npm run demo) can share it
 * without loading the server.
 */

export interface RecordedCasesFile {
  description?: string;
  cases: RecordedCase[];
}

export interface RecordedCase {
  ref: string;
  /** Body of POST /v1/cases; validated per case with RegisterCaseDto. */
  registration: Record<string, unknown>;
  handlers?: string[];
  actions?: RecordedAction[];
}

/** `action` plus the action's body (validated per case with the action's payload class, occurredOn included). */
export interface RecordedAction {
  action: string;
  occurredOn: string;
  [field: string]: unknown;
}

/** A case's `ref`: it becomes part of Idempotency-Keys, so no `:` (the keys' separator) and nothing exotic. */
export const RECORDED_CASE_REF = /^[A-Za-z0-9._-]{1,100}$/;

export interface StructuralProblem {
  path: string;
  code: string;
  message: string;
}

const FILE_KEYS = ['description', 'cases'];
const CASE_KEYS = ['ref', 'registration', 'handlers', 'actions'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Every structural problem of a file (not the content of registrations and actions, which the service validates case
 * by case), with paths such as `cases[2].ref`; empty when the file can be loaded.
 */
export function recordedCasesFileProblems(value: unknown): StructuralProblem[] {
  const errors: StructuralProblem[] = [];
  const problem = (path: string, code: string, message: string) => errors.push({ path, code, message });
  if (!isObject(value)) {
    return [{ path: '', code: 'IS_OBJECT', message: 'A recorded-cases file must be a JSON object with "cases".' }];
  }
  for (const key of Object.keys(value).filter((k) => !FILE_KEYS.includes(k))) {
    problem(key, 'UNKNOWN_FIELD', `Unknown field '${key}' (allowed: ${FILE_KEYS.join(', ')}).`);
  }
  if (value.description !== undefined && typeof value.description !== 'string') {
    problem('description', 'IS_STRING', 'description must be a string');
  }
  if (!Array.isArray(value.cases) || value.cases.length === 0) {
    problem('cases', 'ARRAY_MIN_SIZE', 'cases must be a non-empty array');
    return errors;
  }
  const seen = new Map<string, number>();
  value.cases.forEach((c: unknown, i: number) => {
    const at = `cases[${i}]`;
    if (!isObject(c)) {
      problem(at, 'IS_OBJECT', `${at} must be an object`);
      return;
    }
    for (const key of Object.keys(c).filter((k) => !CASE_KEYS.includes(k))) {
      problem(`${at}.${key}`, 'UNKNOWN_FIELD', `Unknown field '${key}' (allowed: ${CASE_KEYS.join(', ')}).`);
    }
    if (typeof c.ref !== 'string' || !RECORDED_CASE_REF.test(c.ref)) {
      problem(`${at}.ref`, 'IS_CASE_REF', 'ref must be 1–100 characters of A–Z a–z 0–9 . _ -');
    } else if (seen.has(c.ref)) {
      problem(`${at}.ref`, 'DUPLICATE_REF', `ref ${c.ref} is also used by cases[${seen.get(c.ref)}]`);
    } else {
      seen.set(c.ref, i);
    }
    if (!isObject(c.registration)) {
      problem(`${at}.registration`, 'IS_OBJECT', 'registration must be an object (the body of POST /v1/cases)');
    }
    if (
      c.handlers !== undefined &&
      (!Array.isArray(c.handlers) || !c.handlers.every((h: unknown) => typeof h === 'string'))
    ) {
      problem(`${at}.handlers`, 'IS_STRING_ARRAY', 'handlers must be an array of names');
    }
    if (c.actions !== undefined) {
      if (!Array.isArray(c.actions)) {
        problem(`${at}.actions`, 'IS_ARRAY', 'actions must be an array');
      } else {
        c.actions.forEach((a: unknown, j: number) => {
          if (!isObject(a) || typeof a.action !== 'string' || a.action === '') {
            problem(`${at}.actions[${j}]`, 'IS_ACTION', 'each action must be an object with an "action" name');
          }
        });
      }
    }
  });
  return errors;
}
