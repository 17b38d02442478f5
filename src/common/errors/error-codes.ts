import { COMMON_ERRORS, ErrorCatalog, ErrorDefinition } from './error-catalog';

/**
 * The codes of the whole API, as a type. common/ knows only its own; the app level (src/error-catalog.ts) augments
 * this interface with every module's `*_ERRORS` keys, so `new ProblemException('CASE_NOT_FOUND', …)` type-checks
 * while common/ imports no feature module (DESIGN §7).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by declaration merging
export interface ErrorCodes extends Record<keyof typeof COMMON_ERRORS, true> {}

export type ErrorCode = Extract<keyof ErrorCodes, string>;

const registered = new Map<string, ErrorDefinition>(Object.entries(COMMON_ERRORS));

/** Adds a module's codes to the runtime catalog (src/error-catalog.ts does it for every module, at load). */
export function registerErrorCatalog(catalog: ErrorCatalog<string>): void {
  for (const [code, definition] of Object.entries(catalog)) {
    const known = registered.get(code);
    if (known && known !== definition) {
      throw new Error(`error code ${code} is defined twice`);
    }
    registered.set(code, definition);
  }
}

/** A code's status, title and zh-CN label; an unregistered code is a programming error, never a client's. */
export function errorDefinition(code: ErrorCode): ErrorDefinition {
  const definition = registered.get(code);
  if (!definition) {
    throw new Error(`error code ${code} is not registered: add its module's catalog to src/error-catalog.ts`);
  }
  return definition;
}

/** Every registered code with its definition, for GET /v1/code-lists. */
export function registeredErrorCodes(): [string, ErrorDefinition][] {
  return [...registered.entries()];
}

export function isErrorCode(value: string): value is ErrorCode {
  return registered.has(value);
}
