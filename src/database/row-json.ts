import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Entities as the JSON of their table's row, and rows back as entities, by the entity's metadata: the statements of
 * the hot paths and of the ledger import send a row as one jsonb parameter (`jsonb_populate_record(NULL::table, …)`,
 * so PostgreSQL converts each value as it would a typed parameter) and read rows without TypeORM's query builder and
 * hydration (issue 18 pt 2). Column names, transformers and types come from the entity: the mapping is not written
 * twice.
 */

/** The columns a row sets (a property left undefined is not a column of the statement). */
export function columnsSetBy(columns: readonly ColumnMetadata[], row: ObjectLiteral): ColumnMetadata[] {
  const seen = new Set<string>();
  // A foreign key declared as a column and as a relation is one database column: listed once.
  return columns.filter(
    (c) => !c.isVirtual && c.getEntityValue(row) !== undefined && !seen.has(c.databaseName) && seen.add(c.databaseName),
  );
}

/** The row's JSON for `columns`: transformers applied; a null is left out (absent is SQL NULL for every type). */
export function rowJson(columns: readonly ColumnMetadata[], row: ObjectLiteral): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const column of columns) {
    const stored = jsonValue(column, column.getEntityValue(row));
    // A JSON null would be the jsonb value 'null' in a jsonb column, not SQL NULL.
    if (stored !== null && stored !== undefined) {
      record[column.databaseName] = stored;
    }
  }
  return record;
}

/** The value as the column's JSON: transformers applied, bytea as its hex input form, instants as ISO strings. */
export function jsonValue(column: ColumnMetadata, value: unknown): unknown {
  const transformed =
    column.transformer === undefined
      ? value
      : Array.isArray(column.transformer)
        ? column.transformer.reduce((v, t) => t.to(v) as unknown, value)
        : (column.transformer.to(value) as unknown);
  if (Buffer.isBuffer(transformed)) {
    return `\\x${transformed.toString('hex')}`;
  }
  if (transformed instanceof Date) {
    return transformed.toISOString();
  }
  return transformed;
}

/**
 * A mapper from rows of `SELECT *` (database column names, values as node-postgres parses them) to entities, as
 * TypeORM would hydrate them: the driver's conversion per column type, then the column's transformer.
 */
export function rowMapper<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
): (row: Record<string, unknown>) => T {
  const metadata = dataSource.getMetadata(target);
  const driver = dataSource.driver;
  // A foreign key declared both as a column (organId) and as a relation (organ) is read into the column's property;
  // a join column with no property of its own (only the relation) is not read.
  const columns = metadata.columns.filter(
    (c) => !c.isVirtual && (c.relationMetadata === undefined || c.propertyName !== c.relationMetadata.propertyName),
  );
  return (row) => {
    const entity = metadata.create() as Record<string, unknown>;
    for (const column of columns) {
      if (!(column.databaseName in row)) {
        continue;
      }
      const raw = row[column.databaseName];
      entity[column.propertyName] = driver.prepareHydratedValue(raw, column) as unknown;
    }
    return entity as T;
  };
}
