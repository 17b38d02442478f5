import { errorDefinition, ErrorCode } from './error-codes';

/** A problem with one field of the request, in `errors[]` of the problem document. */
export interface FieldProblem {
  /** Where in the request: `body.applicants[0].idNumber`, `query.limit`, `header.if-match`. */
  path: string;
  /** Stable UPPER_SNAKE code, e.g. IS_RESIDENT_ID, UNKNOWN_FIELD. */
  code: string;
  message: string;
}

/** RFC 9457 problem document as served by this API. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/**
 * The one exception type services throw for anything a client should see. The HTTP status comes from the catalog,
 * so a service says *what* went wrong (the code) and never picks a status by hand.
 */
export class ProblemException extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: {
      errors?: FieldProblem[];
      extensions?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
    this.status = errorDefinition(code).status;
  }
}

export function problemType(code: ErrorCode): string {
  return `urn:reconsideration:problem:${code}`;
}

export function toProblemDocument(
  code: ErrorCode,
  detail: string,
  extras: Partial<ProblemDocument> = {},
): ProblemDocument {
  const def = errorDefinition(code);
  return { type: problemType(code), title: def.title, status: def.status, detail, code, ...extras };
}
