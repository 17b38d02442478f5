import 'reflect-metadata';
import { createApp } from './app.setup';
import { ApiKeyService } from './auth/api-key.service';
import { createLogger } from './common/logging/logging';
import { InvalidEnvironmentError, loadEnv } from './config/env';
import { openDatabase } from './database/database-bootstrap';
import { runMigrations } from './database/data-source';
import { MetricsServer } from './observability/metrics-server';
import { startTracing } from './observability/tracing-sdk';
import { loadPersonalDataKeys } from './personal-data/personal-data-keys';

/** sysexits.h EX_UNAVAILABLE: a service the program needs (its embedded database) is unavailable. */
const EX_UNAVAILABLE = 69;
const GIVE_UP_LINGER_MS = 2000;

async function main(): Promise<void> {
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const log = createLogger(env.LOG_LEVEL, env.LOG_FILE);
  // Before anything builds the application: the pool's client and the HTTP hooks are chosen when they are created.
  const tracing = startTracing(env);
  if (tracing) {
    log.info(`tracing: OTLP exporter, service.name ${env.OTEL_SERVICE_NAME}`);
  }
  // Before the database: a missing or malformed key must stop the start with its message, not half-way through.
  let personalDataKeys;
  try {
    personalDataKeys = loadPersonalDataKeys(env, {
      log: (message) => log.warn({ component: 'personal-data' }, message),
    });
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // Set when the embedded PostgreSQL has failed more often than EMBEDDED_PG_MAX_RESTARTS allows (issue 14 §5).
  let onDatabaseGivenUp: (reason: string) => void = () => undefined;
  const database = await openDatabase(
    env,
    (message, level = 'info') => log[level]({ component: 'database' }, message),
    { onGiveUp: (reason) => onDatabaseGivenUp(reason) },
  );
  log.info(`database: ${database.description}`);

  let stopping = false;
  const stop = async (signal: string, code: number): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info(`${signal}: stopping`);
    // Drain in-flight requests, but never hang forever: after the deadline stop PostgreSQL and leave anyway.
    const deadline = setTimeout(() => {
      log.error('shutdown took longer than 20 s; stopping the database and exiting');
      void Promise.allSettled([tracing?.shutdown(), database.stop()]).finally(() => process.exit(1));
    }, 20_000);
    deadline.unref();
    try {
      await app?.close(); // stops accepting, drains in-flight requests, closes the pool and the metrics listener
    } finally {
      await tracing?.shutdown().catch(() => undefined); // exports the spans still buffered
      await database.stop();
      process.exit(code);
    }
  };
  let app: Awaited<ReturnType<typeof createApp>>['app'] | undefined;
  process.once('SIGINT', () => void stop('SIGINT', 0));
  process.once('SIGTERM', () => void stop('SIGTERM', 0));
  onDatabaseGivenUp = (reason) => {
    log.fatal({ component: 'database' }, `${reason}; exiting with code ${EX_UNAVAILABLE}`);
    // /health/live answers 503 NOT_LIVE from now on. Keep answering for a moment, so that a probe or load balancer
    // sees why before the port closes, then stop as on SIGTERM (in-flight requests drain) and exit non-zero.
    setTimeout(() => void stop('embedded PostgreSQL given up', EX_UNAVAILABLE), GIVE_UP_LINGER_MS);
  };

  try {
    if (env.DB_MIGRATE_ON_START) {
      const applied = await runMigrations(database.url);
      log.info(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');
    }
    ({ app } = await createApp(env, database.url, { personalDataKeys, liveness: () => database.failure() }));
    const generatedKey = await app.get(ApiKeyService).bootstrap(env.BOOTSTRAP_ADMIN_KEY);
    if (generatedKey) {
      // Printed once, on the console only: it is not stored anywhere in plaintext.
      process.stdout.write(
        `\n  No API keys existed, so an ADMIN key was created. It is shown only now:\n\n    ${generatedKey}\n\n` +
          `  Use it as "Authorization: Bearer <key>" and create personal keys with POST /v1/api-keys.\n\n`,
      );
    }
    await app.listen({ port: env.PORT, host: env.HOST });
    log.info(`listening on http://${env.HOST}:${env.PORT}${env.DOCS_ENABLED ? ' (docs at /docs)' : ''}`);
    await app.get(MetricsServer).listen(); // METRICS_PORT=0: does nothing
  } catch (error) {
    log.fatal({ err: error }, 'start-up failed');
    await database.stop();
    process.exit(1);
  }
}

void main();
