import { rmSync } from 'node:fs';
import { Client } from 'pg';
import type { RunningPostgres } from '../../src/database/embedded-postgres';
import { formatHits, scanAllLogs } from './personal-data-in-logs';
import { readTestState } from './test-state';

export default async function globalTeardown(): Promise<void> {
  const state = readTestState();
  try {
    await stopDatabase(state);
  } finally {
    if (state.tmpDir) {
      rmSync(state.tmpDir, { recursive: true, force: true });
    }
  }
  if (state.logDir) {
    // The whole suite's log, every line from the start: also what test files wrote after their own scan.
    const hits = scanAllLogs(state.logDir);
    if (hits.length > 0) {
      // Kept for inspection.
      throw new Error(`${formatHits(hits)}\nThe logs are kept in ${state.logDir}.`);
    }
    rmSync(state.logDir, { recursive: true, force: true });
  }
}

async function stopDatabase(state: ReturnType<typeof readTestState>): Promise<void> {
  const server = (globalThis as { __RCS_TEST_SERVER__?: RunningPostgres }).__RCS_TEST_SERVER__;
  if (server) {
    await server.stop();
    return;
  }
  // External server: drop what this run created, leave everything else alone.
  const admin = new Client({ connectionString: state.adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`rcs_t_${state.runId}_%`, state.template],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
