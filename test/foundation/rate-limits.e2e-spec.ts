import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createApp } from '../../src/app.setup';
import { loadEnv } from '../../src/config/env';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_PERSONAL_DATA_ENV } from '../support/test-keys';

/**
 * Issue 14 point 2: the limit is keyed on who the caller is (the API key, or the officer), never on how the
 * Authorization header is spelt, and on the client address for anything without a valid credential; the counters
 * live in PostgreSQL so that every instance shares them; authentication happens before the body is read.
 *
 * The counters use fixed 60 s windows of the database's clock. A test that counts requests first waits for a fresh
 * window when the current one is about to end, so that a window boundary cannot reset its count half-way.
 */
async function awayFromWindowEnd(): Promise<void> {
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 55_000) {
    await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 200));
  }
}

function bogusKey(): string {
  return `rcs_${randomBytes(32).toString('base64url')}`;
}

describe('rate limits by identity (issue 14 point 2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('`bearer` in lower case, extra spaces or upper case do not reset the key’s budget: the 4th request is 429', async () => {
    const key = await t.createKey(['CLERK']);
    await awayFromWindowEnd();
    const spellings = [`Bearer ${key}`, `bearer ${key}`, `Bearer    ${key}   `, `BEARER ${key}`];
    const statuses: number[] = [];
    for (const header of spellings) {
      statuses.push((await request(t.http).get('/v1/code-lists').set('authorization', header)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('a new bogus token each time is counted against the client address: 401, 401, 401, then 429', async () => {
    await awayFromWindowEnd();
    const statuses: number[] = [];
    // API-key shaped, JWT shaped (OIDC is off here: 401 OIDC_NOT_CONFIGURED) and none at all: one address, one budget.
    const headers = [`Bearer ${bogusKey()}`, 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', undefined, bogusKey()];
    for (const header of headers) {
      const req = request(t.http).get('/v1/cases');
      statuses.push((await (header ? req.set('authorization', header) : req)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const last = await request(t.http).get('/v1/cases').set('authorization', `Bearer ${bogusKey()}`);
    expect(last.status).toBe(429);
    expect(last.body.code).toBe('RATE_LIMITED');

    // An officer behind the same address (an office's NAT) is counted on the key, not on the address: still served.
    const served = await request(t.http).get('/v1/code-lists').set('authorization', `Bearer ${t.adminKey}`);
    expect(served.status).toBe(200);
  });

  it('health probes are never counted, so an orchestrator’s probe never gets 429', async () => {
    for (let i = 0; i < 6; i += 1) {
      expect((await request(t.http).get('/health/live')).status).toBe(200);
    }
  });
});

describe('the 429 answer (draft-ietf-httpapi-ratelimit-headers-08)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('carries Retry-After, RateLimit-Policy and RateLimit, and is problem+json RATE_LIMITED', async () => {
    const key = await t.createKey(['CLERK']);
    await awayFromWindowEnd();
    const first = await request(t.http).get('/v1/code-lists').set('authorization', `Bearer ${key}`);
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"identity";q=2;w=60');
    expect(first.headers['ratelimit']).toMatch(/^"identity";r=1;t=\d+$/);
    await request(t.http).get('/v1/code-lists').set('authorization', `Bearer ${key}`);
    const refused = await request(t.http).get('/v1/code-lists').set('authorization', `Bearer ${key}`);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', status: 429, limit: 2, windowSeconds: 60 });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers['ratelimit-policy']).toBe('"identity";q=2;w=60');
    expect(refused.headers['ratelimit']).toBe(`"identity";r=0;t=${retryAfter}`);
  });
});

describe('two instances on one database share the count', () => {
  let t: TestApp;
  let second: Awaited<ReturnType<typeof createApp>>['app'];
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '4' });
    const env = loadEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DOCS_ENABLED: 'false',
      IDEMPOTENCY_PURGE_INTERVAL_SECONDS: '0',
      DEEMED_ACCEPTANCE_INTERVAL_SECONDS: '0',
      ...TEST_PERSONAL_DATA_ENV,
      RATE_LIMIT_PER_MINUTE: '4',
    });
    ({ app: second } = await createApp(env, t.db.url));
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('requests alternating between the instances exhaust one budget: the 5th is 429 on either', async () => {
    const key = await t.createKey(['CLERK']);
    const instances: App[] = [t.http, second.getHttpServer()];
    await awayFromWindowEnd();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const res = await request(instances[i % 2]!)
        .get('/v1/code-lists')
        .set('authorization', `Bearer ${key}`);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});

describe('authentication before the body is read', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  // Not valid JSON: if it were parsed, the answer would be 400 MALFORMED_JSON.
  const almostOneMegabyte = `{"x":"${'a'.repeat(1_000_000)}`;

  it('a 1 MB body that is not even JSON, with a bad key, is refused 401 API_KEY_INVALID, never parsed (not 400)', async () => {
    const res = await request(t.http)
      .post('/v1/cases')
      .set({ authorization: `Bearer ${bogusKey()}`, 'content-type': 'application/json' })
      .send(almostOneMegabyte);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('API_KEY_INVALID');
  });

  it('without any credential: 401 UNAUTHENTICATED, also for a body over the size limit (not 413)', async () => {
    const res = await request(t.http).post('/v1/cases').set('content-type', 'application/json').send(almostOneMegabyte);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    const tooLarge = await request(t.http)
      .post('/v1/cases')
      .set('content-type', 'application/json')
      .send(`${almostOneMegabyte}${'b'.repeat(200_000)}`);
    expect(tooLarge.status).toBe(401);
  });

  it('the same body with a valid key is parsed, and refused as malformed JSON (400)', async () => {
    const res = await request(t.http)
      .post('/v1/cases')
      .set({ authorization: `Bearer ${t.adminKey}`, 'content-type': 'application/json' })
      .send(almostOneMegabyte);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
  });

  it('public routes stay public: the probes and the docs need no key', async () => {
    expect((await request(t.http).get('/health/live')).status).toBe(200);
    expect((await request(t.http).get('/docs-json')).status).toBe(200);
    expect((await request(t.http).get('/docs/')).status).toBe(200);
  });

  it('an unknown route is 404 with or without a key', async () => {
    expect((await request(t.http).get('/v1/no-such-thing')).status).toBe(404);
    const withKey = await request(t.http).get('/v1/no-such-thing').set('authorization', `Bearer ${t.adminKey}`);
    expect(withKey.status).toBe(404);
    expect(withKey.body.code).toBe('ROUTE_NOT_FOUND');
  });
});
