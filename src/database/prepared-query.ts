import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

interface PgResult<T> {
  rows: T[];
  rowCount: number | null;
}
interface PgQueryable {
  query<T>(config: { name: string; text: string; values: readonly unknown[] }): Promise<PgResult<T>>;
}

/** Statement names by text: a few dozen texts at most (the hot paths' statements), hashed once each. */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `rcs_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size > 1000) {
      names.clear();
    }
    names.set(text, name);
  }
  return name;
}

/**
 * A parameterised statement of the hot paths (issue 18 pt 2), sent as a named prepared statement: each pooled
 * connection parses and plans it once, then only binds and executes it. `manager` is the caller's transaction, or
 * the data source's manager for a statement of its own (then any pooled connection). The rows come back as the
 * driver gives them (no entity hydration: callers map the columns they read). Errors are TypeORM's
 * QueryFailedError, as from manager.query, so that the error filter and the log treat them alike.
 */
export async function preparedQuery<T = Record<string, unknown>>(
  manager: EntityManager,
  text: string,
  values: readonly unknown[],
): Promise<T[]> {
  const config = { name: statementName(text), text, values };
  const runner = manager.queryRunner as PostgresQueryRunner | undefined;
  try {
    const connection: PgQueryable =
      runner && !runner.isReleased
        ? ((await runner.connect()) as PgQueryable)
        : ((manager.connection.driver as PostgresDriver).master as PgQueryable);
    return (await connection.query<T>(config)).rows;
  } catch (error) {
    if (error instanceof QueryFailedError) {
      throw error;
    }
    throw new QueryFailedError(text, [...values], error as Error);
  }
}
