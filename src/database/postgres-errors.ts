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

export function isSerializationFailure(error: unknown): boolean {
  const f = pgFields(error);
  return f.code === '40001' || f.code === '40P01';
}

export function isConnectionError(error: unknown): boolean {
  const f = pgFields(error);
  const code = f.code ?? '';
  return code.startsWith('08') || code === '57P01' || code === 'ECONNREFUSED' || code === 'ECONNRESET';
}
