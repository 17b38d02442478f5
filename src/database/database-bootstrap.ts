import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { Env } from '../config/env';
import { redactDatabaseUrl, startEmbeddedPostgres } from './embedded-postgres';
import { EmbeddedPostgresWatch } from './embedded-postgres-watch';

export interface DatabaseHandle {
  url: string;
  /** For the start-up log: which database, never with a password. */
  description: string;
  stop(): Promise<void>;
  /** For /health/live: why the database is given up on, or undefined while it is (or may again be) usable. */
  failure(): string | undefined;
}

/** Progress (info) and the watch's reports on a failing embedded server (warn, error). */
export type DatabaseLog = (message: string, level?: 'info' | 'warn' | 'error') => void;

export interface OpenDatabaseOptions {
  /** The embedded server failed more often than EMBEDDED_PG_MAX_RESTARTS allows: exit non-zero (main.ts). */
  onGiveUp?: (reason: string) => void;
}

/**
 * DATABASE_URL set → that server. Unset → a real PostgreSQL from the embedded-postgres binaries, with its data in
 * PG_DATA_DIR (default .data/postgres, kept between starts).
 */
export async function openDatabase(
  env: Env,
  log: DatabaseLog,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  if (env.DATABASE_URL) {
    // An external server is watched by whoever runs it; its outages show in /health/ready (503), not in liveness.
    return {
      url: env.DATABASE_URL,
      description: `external PostgreSQL ${redactDatabaseUrl(env.DATABASE_URL)}`,
      stop: async () => undefined,
      failure: () => undefined,
    };
  }
  const requested = path.resolve(env.PG_DATA_DIR);
  const start = (dataDir: string, port?: number) =>
    startEmbeddedPostgres({
      dataDir,
      ...(env.PG_BIN_DIR ? { binDir: env.PG_BIN_DIR } : {}),
      ...(port !== undefined ? { port } : {}),
      log: (message) => log(message),
    });
  let server;
  try {
    server = await start(requested);
  } catch (error) {
    // As root, PostgreSQL runs as an unprivileged account that cannot enter a checkout under e.g. /root or a 0700
    // temp dir. For the *default* location only, fall back to a stable per-checkout directory under /var/tmp;
    // an explicit PG_DATA_DIR is the operator's choice and its error is shown as is.
    const isDefault = env.PG_DATA_DIR === new Env().PG_DATA_DIR;
    if (!isDefault || !(error instanceof Error) || !/not reachable|cannot reach|PG_DATA_DIR/i.test(error.message)) {
      throw error;
    }
    const fallback = path.join(
      '/var/tmp',
      `reconsideration-postgres-${createHash('sha1').update(requested).digest('hex').slice(0, 10)}`,
    );
    log(`${requested} is not reachable by the PostgreSQL account; using ${fallback} (set PG_DATA_DIR to choose)`);
    server = await start(fallback);
  }
  const running = server;
  const watch = new EmbeddedPostgresWatch(running, {
    // Same directory (the fallback, if that was taken) and same port: the pool's URL must stay right.
    restart: () => start(running.dataDir, running.port),
    maxRestarts: env.EMBEDDED_PG_MAX_RESTARTS,
    windowMs: env.EMBEDDED_PG_RESTART_WINDOW_SECONDS * 1000,
    log: { warn: (message) => log(message, 'warn'), error: (message) => log(message, 'error') },
    onGiveUp: options.onGiveUp ?? (() => undefined),
  });
  return {
    url: running.url,
    description: `embedded PostgreSQL ${running.version} at ${running.host}:${running.port}/${running.database} (data: ${running.dataDir})`,
    stop: () => watch.stop(),
    failure: () => watch.failure(),
  };
}
