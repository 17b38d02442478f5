import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { App } from 'supertest/types';
import { createApp, RegisteredRoute } from '../../src/app.setup';
import { ApiKeyService } from '../../src/auth/api-key.service';
import type { Role, Scope } from '../../src/auth/roles';
import { loadEnv } from '../../src/config/env';
import { DatabaseNotifications } from '../../src/database/database-notifications';
import { workerLogFile } from './personal-data-in-logs';
import { createTestDatabase, TestDatabase } from './test-database';
import { TEST_PERSONAL_DATA_ENV } from './test-keys';

export const TEST_ADMIN_KEY = 'rcs_test-admin-key-0123456789abcdef';

export interface TestApp {
  app: NestFastifyApplication;
  http: App;
  db: TestDatabase;
  routes: RegisteredRoute[];
  adminKey: string;
  /** Creates a key through the API, as an admin would, and returns the key itself. */
  createKey(
    roles: Role[],
    options?: { scopes?: Scope[]; expiresAt?: string; name?: string; organIds?: string[] },
  ): Promise<string>;
  /**
   * Runs SQL that changes a table the service caches (api_key, calendar_year) and waits until this instance has
   * received the table's NOTIFY (DatabaseNotifications), as a later request in production would have.
   */
  changeCachedTable(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** The real application (same setup as main.ts) on its own cloned database. */
export async function startTestApp(
  // An undefined value leaves the variable unset (its default applies), e.g. DOCS_ENABLED under NODE_ENV=production.
  envOverrides: Record<string, string | undefined> | ((databaseUrl: string) => Record<string, string | undefined>) = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const overrides = typeof envOverrides === 'function' ? envOverrides(db.url) : envOverrides;
  // The deemed-acceptance job is off unless a test turns it on: tests record acts on past dates at their own pace.
  // So is the idempotency purge: tests that need it run it themselves or turn it on.
  // Every line any code logs, at every level, goes to this worker's log file (not Jest's output): the suite scans
  // it for the fixtures' personal data after each file (test/support/jest-setup.ts; issue 13 §5).
  const logFile = workerLogFile();
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: logFile ? 'trace' : 'silent',
    ...(logFile ? { LOG_FILE: logFile } : {}),
    IDEMPOTENCY_PURGE_INTERVAL_SECONDS: '0',
    DOCS_ENABLED: 'true',
    DEEMED_ACCEPTANCE_INTERVAL_SECONDS: '0',
    DEEMED_ACCEPTANCE_GRACE_SECONDS: '0',
    DEADLINE_EVENTS_INTERVAL_SECONDS: '0',
    // Webhook delivery runs only in the tests of webhooks, which turn it on (test/webhooks).
    WEBHOOK_DISPATCH_INTERVAL_MS: '0',
    // Fixed test keys: a test never generates a key file (a test may override them).
    ...TEST_PERSONAL_DATA_ENV,
    ...overrides,
  });
  const { app, routes } = await createApp(env, db.url);
  await app.get(ApiKeyService).bootstrap(TEST_ADMIN_KEY);
  const http = app.getHttpServer() as App;
  let keyCounter = 0;
  return {
    app,
    http,
    db,
    routes,
    adminKey: TEST_ADMIN_KEY,
    async createKey(roles, options = {}) {
      keyCounter += 1;
      const res = await request(http)
        .post('/v1/api-keys')
        .set('authorization', `Bearer ${TEST_ADMIN_KEY}`)
        .send({ ...options, roles, name: options.name ?? `test-${roles.join('-')}-${keyCounter}` });
      if (res.status !== 201) {
        throw new Error(`creating a test key failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return (res.body as { key: string }).key;
    },
    async changeCachedTable(sql, params = []) {
      const notifications = app.get(DatabaseNotifications);
      const before = notifications.generation;
      await app.get(DataSource).query(sql, params);
      const until = Date.now() + 5000;
      while (notifications.listening && notifications.generation === before) {
        if (Date.now() > until) {
          throw new Error(`no NOTIFY arrived after: ${sql}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
