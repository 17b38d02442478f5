/** Recognises PostgreSQL errors surfaced by pg/TypeORM, by SQLSTATE and constraint name. */
interface PgErrorShape {
  code?: string;
  constraint?: string;
  driverError?: { code?: string; constraint?: string };
}

function pgFields(error: unknown): { code?: string; constraint?: string } {
  if (typeof error !== 'object' || error === null) {
    return {};
  }
  const e = error as PgErrorShape;
  return {
    code: e.driverError?.code ?? e.code,
    constraint: e.driverError?.constraint ?? e.constraint,
  };
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const f = pgFields(error);
  return f.code === '23505' && (constraint === undefined || f.constraint === constraint);
}

/** A CHECK constraint, or a trigger raising check_violation with a constraint name (e.g. organ_hierarchy_acyclic). */
export function isCheckViolation(error: unknown, constraint?: string): boolean {
  const f = pgFields(error);
  return f.code === '23514' && (constraint === undefined || f.constraint === constraint);
}

export function isSerializationFailure(error: unknown): boolean {
  const f = pgFields(error);
  return f.code === '40001' || f.code === '40P01';
}

/**
 * Connection-level failures (server down, restarting, connection dropped or refused, pool timeout): temporary
 * conditions answered with 503, never 500.
 */
export function isConnectionError(error: unknown): boolean {
  const f = pgFields(error);
  const code = f.code ?? '';
  if (
    code.startsWith('08') ||
    ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)
  ) {
    return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/.test(
    message,
  );
}

/**
 * The session's own limits (issue 14 point 3): lock_timeout (55P03, lock_not_available) ended a wait behind a row
 * another transaction holds, or statement_timeout (57014, query_canceled) cancelled a statement that ran too long.
 * Both are the database being busy, not the client's mistake nor a bug: 503 with Retry-After, never 500.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const f = pgFields(error);
  return f.code === '55P03' || f.code === '57014';
}
