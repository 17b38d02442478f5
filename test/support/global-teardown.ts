import { rmSync } from 'node:fs';
import { Client } from 'pg';
import type { RunningPostgres } from '../../src/database/embedded-postgres';
import { readTestState } from './test-state';

export default async function globalTeardown(): Promise<void> {
  const state = readTestState();
  const server = (globalThis as { __RCS_TEST_SERVER__?: RunningPostgres }).__RCS_TEST_SERVER__;
  if (server) {
    await server.stop();
  } else {
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
  if (state.tmpDir) {
    rmSync(state.tmpDir, { recursive: true, force: true });
  }
}
