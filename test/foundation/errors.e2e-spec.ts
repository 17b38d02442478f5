import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

/** Every error is RFC 9457 application/problem+json with a stable code and the request id. */
describe('problem+json errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(async () => {
    await t.close();
  });

  function expectProblem(res: request.Response, status: number, code: string): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, type: `urn:reconsideration:problem:${code}` });
    expect(typeof res.body.title).toBe('string');
    expect(typeof res.body.detail).toBe('string');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  }

  it('401 for a /v1 route without a key', async () => {
    const res = await request(t.http).get('/v1/api-keys');
    expectProblem(res, 401, 'UNAUTHENTICATED');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('401 for an unknown key', async () => {
    const res = await request(t.http).get('/v1/api-keys').set('authorization', 'Bearer rcs_nope');
    expectProblem(res, 401, 'API_KEY_INVALID');
  });

  it('404 for an unknown route, authenticated or not', async () => {
    expectProblem(await request(t.http).get('/v1/no-such-thing'), 404, 'ROUTE_NOT_FOUND');
    expectProblem(
      await request(t.http).get('/nowhere').set('authorization', `Bearer ${t.adminKey}`),
      404,
      'ROUTE_NOT_FOUND',
    );
  });

  it('400 for malformed JSON', async () => {
    const res = await request(t.http)
      .post('/v1/api-keys')
      .set('authorization', `Bearer ${t.adminKey}`)
      .set('content-type', 'application/json')
      .send('{"name": "x", roles: ');
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('400 naming an unknown body field', async () => {
    const res = await request(t.http)
      .post('/v1/api-keys')
      .set('authorization', `Bearer ${t.adminKey}`)
      .send({ name: 'k', roles: ['OFFICER'], colour: 'blue' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'colour', code: 'UNKNOWN_FIELD' }));
  });

  it('400 with field problems for invalid values', async () => {
    const res = await request(t.http)
      .post('/v1/api-keys')
      .set('authorization', `Bearer ${t.adminKey}`)
      .send({ name: '', roles: ['KING'] });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const paths = (res.body.errors as Array<{ path: string }>).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'roles']));
  });

  it('400 for a path parameter that is not a UUID (never a 500 from the database)', async () => {
    const res = await request(t.http).delete('/v1/api-keys/not-a-uuid').set('authorization', `Bearer ${t.adminKey}`);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors[0]).toMatchObject({ path: 'id', code: 'IS_UUID' });
  });

  it('413 for a body over BODY_LIMIT_BYTES', async () => {
    const res = await request(t.http)
      .post('/v1/api-keys')
      .set('authorization', `Bearer ${t.adminKey}`)
      .send({ name: 'x'.repeat(5000), roles: ['OFFICER'] });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('415 for a body that is not JSON', async () => {
    const res = await request(t.http)
      .post('/v1/api-keys')
      .set('authorization', `Bearer ${t.adminKey}`)
      .set('content-type', 'text/plain')
      .send('name=x');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    const ok = await request(t.http).get('/health/live').set('x-request-id', 'abc-123');
    expect(ok.headers['x-request-id']).toBe('abc-123');
    const bad = await request(t.http)
      .get('/health/live')
      .set('x-request-id', 'bad id\nwith newline'.replace('\n', ' '));
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('429 when the rate limit is exceeded', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 problem+json after the per-key budget', async () => {
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 5; i += 1) {
      last = await request(t.http).get('/v1/api-keys').set('authorization', `Bearer ${t.adminKey}`);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses[4]).toBe(429);
    expect(last?.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(last?.body.code).toBe('RATE_LIMITED');
  });
});
