import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/data-source';
import { startEmbeddedPostgres, RunningPostgres } from '../../src/database/embedded-postgres';
import { writePersonalValues } from './personal-data-in-logs';
import { TEST_STATE_ENV, TestState, withDatabase } from './test-state';

/**
 * One PostgreSQL for the whole run: a throwaway embedded cluster (fsync off), or the server in TEST_DATABASE_URL.
 * Migrations run once into a template database; every test file clones its own database from it.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  let adminUrl = process.env.TEST_DATABASE_URL;
  let server: RunningPostgres | undefined;
  let tmpDir: string | undefined;
  if (!adminUrl) {
    tmpDir = mkdtempSync(path.join(os.tmpdir(), 'reconsideration-test-'));
    chmodSync(tmpDir, 0o755); // as root, PostgreSQL runs as another account that must be able to enter it
    server = await startEmbeddedPostgres({
      dataDir: path.join(tmpDir, 'data'),
      throwaway: true,
      database: 'postgres',
      ...(process.env.PG_BIN_DIR ? { binDir: process.env.PG_BIN_DIR } : {}),
    });
    adminUrl = server.url;
  }
  const template = `rcs_template_${runId}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(withDatabase(adminUrl, template));
  // Every test app logs at trace into <logDir>/<worker>-<pid>.log, scanned for the fixtures' personal data (issue 13 §5).
  const logDir = path.join(os.tmpdir(), `rcs-test-logs-${runId}`);
  mkdirSync(logDir, { recursive: true });
  writePersonalValues(logDir);
  const state: TestState = { adminUrl, template, runId, logDir, ...(tmpDir ? { tmpDir } : {}) };
  process.env[TEST_STATE_ENV] = JSON.stringify(state);
  (globalThis as { __RCS_TEST_SERVER__?: RunningPostgres }).__RCS_TEST_SERVER__ = server;
}
