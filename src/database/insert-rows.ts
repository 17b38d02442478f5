import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { columnsSetBy, rowJson } from './row-json';

/** Rows per statement: one JSON parameter each, so the only limit is the statement's size in memory. */
const ROWS_PER_STATEMENT = 2000;

/**
 * Inserts many entities in one statement per ROWS_PER_STATEMENT rows: the rows travel as one jsonb parameter and
 * `jsonb_populate_recordset(NULL::table, …)` turns them into the table's row type, so PostgreSQL converts every value
 * exactly as it would a typed parameter (dates, arrays, jsonb) and no statement has more than one placeholder. Used
 * where a set of rows is written at once (the ledger import, issue 12 pt 5); the entity's metadata names the columns
 * and applies its transformers, so the mapping is not written twice.
 *
 * Every row must set the same properties: a column is listed once for the statement, and a property a row leaves
 * undefined would be NULL rather than the column's default. `returning` names database columns to read back; the
 * caller matches them to its rows by a key it names among them (PostgreSQL does not promise RETURNING's order).
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly Partial<T>[],
  returning: readonly string[] = [],
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) {
    return [];
  }
  const metadata = manager.connection.getMetadata(target);
  const columns = columnsSetBy(metadata.columns, rows[0]!);
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  const table = `"${metadata.tableName}"`;
  const selected = returning.map((r) => `"${r}"`).join(', ');
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const json = chunk.map((row, n) => {
      const missing = columns.find((column) => column.getEntityValue(row) === undefined);
      if (missing) {
        throw new Error(`insertRows(${metadata.tableName}): row ${i + n} has no ${missing.propertyPath}`);
      }
      return rowJson(columns, row);
    });
    const inserted: Record<string, unknown>[] = await manager.query(
      `INSERT INTO ${table} (${names})
       SELECT ${names} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
       ${returning.length > 0 ? `RETURNING ${selected}` : ''}`,
      [JSON.stringify(json)],
    );
    out.push(...inserted);
  }
  return out;
}
