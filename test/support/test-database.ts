import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { readTestState, withDatabase } from './test-state';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, cloned from the run's template (milliseconds, not a migration run). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const state = readTestState();
  const name = `rcs_t_${state.runId}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: state.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${state.template}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(state.adminUrl, name),
    name,
    drop: async () => {
      const c = new Client({ connectionString: state.adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** An empty database that was never migrated (no tables at all), as a first run against a new server finds it. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const state = readTestState();
  const name = `rcs_e_${state.runId}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: state.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(state.adminUrl, name),
    name,
    drop: async () => {
      const c = new Client({ connectionString: state.adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
