import { types } from 'pg';
import { DataSource, DataSourceOptions, Logger as TypeOrmLogger } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { TracedPgClient } from '../observability/traced-pg-client';
import { tracingEnabled } from '../observability/tracing';
import { ALL_ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// Legal dates are `date` columns and travel as 'YYYY-MM-DD' strings end to end. pg's default parser would turn them
// into JS Dates at local midnight, and a server outside Asia/Shanghai would then shift them by a day.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

/**
 * TypeORM logs nothing itself, at any level: its query, query-error and slow-query logs print the SQL with its
 * parameters, i.e. ID numbers, phones and addresses (PIPL 51). Slow-query logging would even bypass `logging: false`
 * once maxQueryExecutionTime is set, hence a logger that drops everything. Errors still reach the log, through the
 * ProblemFilter and the `err` serializer (src/common/logging/logging.ts), by SQLSTATE and constraint only.
 */
export const SILENT_TYPEORM_LOGGER: TypeOrmLogger = {
  logQuery: () => undefined,
  logQueryError: () => undefined,
  logQuerySlow: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
};

/** PostgreSQL session limits of the service's pools, in milliseconds (0 = off); see sessionTimeoutsOf. */
export interface SessionTimeouts {
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** Only the service's request pools: migrations, loaders and key rotation run long statements on purpose. */
  sessionTimeouts?: SessionTimeouts;
}

/**
 * Issue 14 point 3: no request waits forever on the database. lock_timeout ends a wait behind a row another
 * transaction holds (an action used to wait 19 s), statement_timeout a runaway statement, and
 * idle_in_transaction_session_timeout a session that left a transaction open (and its locks held). The first two
 * surface as 55P03 / 57014, answered 503 DATABASE_BUSY with Retry-After (ProblemFilter).
 */
export function sessionTimeoutsOf(env: {
  DB_STATEMENT_TIMEOUT_MS: number;
  DB_LOCK_TIMEOUT_MS: number;
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: number;
}): SessionTimeouts {
  return {
    statementMs: env.DB_STATEMENT_TIMEOUT_MS,
    lockMs: env.DB_LOCK_TIMEOUT_MS,
    idleInTransactionMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

export function buildDataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL ≥ 13: no extension to install, so the service needs no superuser.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // The schema comes from migrations only (DESIGN §2); CI checks that entities and migrations agree.
    synchronize: false,
    migrationsRun: false,
    logging: false,
    logger: SILENT_TYPEORM_LOGGER,
    extra: {
      max: settings.poolSize ?? 10,
      application_name: settings.applicationName ?? 'reconsideration-service',
      connectionTimeoutMillis: 5000,
      // node-postgres sends these as startup parameters of each connection, so they are the session's settings
      // (SHOW lock_timeout), with no extra statement per connection. 0 is PostgreSQL's own "off".
      ...(settings.sessionTimeouts
        ? {
            statement_timeout: settings.sessionTimeouts.statementMs,
            lock_timeout: settings.sessionTimeouts.lockMs,
            idle_in_transaction_session_timeout: settings.sessionTimeouts.idleInTransactionMs,
          }
        : {}),
      // A span per query when tracing is on (src/observability/traced-pg-client.ts); pg's own Client otherwise.
      ...(tracingEnabled() ? { Client: TracedPgClient } : {}),
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(buildDataSourceOptions(settings));
}

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so that several instances starting together
 * migrate once and the others wait, instead of racing on the same DDL.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'reconsideration-migrate' });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query(`SELECT pg_advisory_lock(hashtext('reconsideration:migrations'))`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await lock.query(`SELECT pg_advisory_unlock(hashtext('reconsideration:migrations'))`);
    return applied.map((m) => m.name);
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}
