export const TEST_STATE_ENV = 'RCS_TEST_STATE';

export interface TestState {
  adminUrl: string;
  template: string;
  runId: string;
  tmpDir?: string;
  /** One log file per Jest worker (test-app.ts writes, personal-data-in-logs.ts scans). */
  logDir?: string;
}

export function readTestState(): TestState {
  const raw = process.env[TEST_STATE_ENV];
  if (!raw) {
    throw new Error(`${TEST_STATE_ENV} is not set: run the tests through jest (globalSetup prepares the database).`);
  }
  return JSON.parse(raw) as TestState;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
