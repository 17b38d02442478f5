import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { Env } from '../config/env';
import { redactDatabaseUrl, startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseHandle {
  url: string;
  /** For the start-up log: which database, never with a password. */
  description: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL set → that server. Unset → a real PostgreSQL from the embedded-postgres binaries, with its data in
 * PG_DATA_DIR (default .data/postgres, kept between starts).
 */
export async function openDatabase(env: Env, log: (message: string) => void): Promise<DatabaseHandle> {
  if (env.DATABASE_URL) {
    return {
      url: env.DATABASE_URL,
      description: `external PostgreSQL ${redactDatabaseUrl(env.DATABASE_URL)}`,
      stop: async () => undefined,
    };
  }
  const requested = path.resolve(env.PG_DATA_DIR);
  const start = (dataDir: string) =>
    startEmbeddedPostgres({ dataDir, ...(env.PG_BIN_DIR ? { binDir: env.PG_BIN_DIR } : {}), log });
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
  return {
    url: running.url,
    description: `embedded PostgreSQL ${running.version} at ${running.host}:${running.port}/${running.database} (data: ${running.dataDir})`,
    stop: () => running.stop(),
  };
}
