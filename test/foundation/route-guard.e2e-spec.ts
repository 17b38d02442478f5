import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Walks every route Fastify registered and proves that each one, except the explicitly public probes and docs,
 * refuses a request without a key. A new controller that forgets @Access fails closed (403) and one that forgets
 * authentication entirely would show up here as a non-401.
 */
const PUBLIC = [/^\/health\//, /^\/docs/];

describe('every route is guarded unless explicitly public', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 401 without a key on every non-public route', async () => {
    const guarded = t.routes.filter((r) => !PUBLIC.some((p) => p.test(r.url)) && r.url !== '*' && !r.url.includes('*'));
    expect(guarded.length).toBeGreaterThan(2);
    const failures: string[] = [];
    for (const route of guarded) {
      const url = route.url.replace(/:([A-Za-z]+)/g, '00000000-0000-4000-8000-000000000000');
      const res = await request(t.http)[route.method.toLowerCase() as 'get'](url).send({});
      if (res.status !== 401) {
        failures.push(`${route.method} ${route.url} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
