import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';

describe('API keys and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('shows the key once at creation and stores only its hash', async () => {
    const res = await request(t.http)
      .post('/v1/api-keys')
      .set(bearer(t.adminKey))
      .send({ name: 'clerk-li', roles: ['CLERK'] });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^rcs_[A-Za-z0-9_-]{43}$/);
    expect(res.body.prefix).toBe(res.body.key.slice(0, 10));
    const list = await request(t.http).get('/v1/api-keys').set(bearer(t.adminKey));
    expect(list.status).toBe(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === res.body.id);
    expect(listed).toBeDefined();
    expect(listed.key).toBeUndefined();
    const stored: Array<Record<string, unknown>> = await t.app
      .get(DataSource)
      .query(`SELECT * FROM api_key WHERE id = $1`, [res.body.id]);
    expect(JSON.stringify(stored)).not.toContain(res.body.key);
    expect(stored[0]?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('403 for a role the route does not allow', async () => {
    const reporterKey = await t.createKey(['REPORTER']);
    const res = await request(t.http).get('/v1/api-keys').set(bearer(reporterKey));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(res.body.requiredRoles).toEqual(['ADMIN']);
  });

  it('401 API_KEY_EXPIRED for an expired key', async () => {
    const key = await t.createKey(['ADMIN'], { expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect((await request(t.http).get('/v1/api-keys').set(bearer(key))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    const res = await request(t.http).get('/v1/api-keys').set(bearer(key));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('API_KEY_EXPIRED');
  });

  it('refuses an expiry in the past with 422', async () => {
    const res = await request(t.http)
      .post('/v1/api-keys')
      .set(bearer(t.adminKey))
      .send({ name: 'old', roles: ['OFFICER'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(res.status).toBe(422);
  });

  it('revokes a key: it stops working at once, stays listed with includeRevoked, and DELETE is idempotent', async () => {
    const created = await request(t.http)
      .post('/v1/api-keys')
      .set(bearer(t.adminKey))
      .send({ name: 'temp', roles: ['ADMIN'] });
    const key = created.body.key as string;
    expect((await request(t.http).delete(`/v1/api-keys/${created.body.id}`).set(bearer(t.adminKey))).status).toBe(204);
    expect((await request(t.http).get('/v1/api-keys').set(bearer(key))).status).toBe(401);
    expect((await request(t.http).delete(`/v1/api-keys/${created.body.id}`).set(bearer(t.adminKey))).status).toBe(204);
    const all = await request(t.http).get('/v1/api-keys?includeRevoked=true').set(bearer(t.adminKey));
    expect(all.body.items.find((k: { id: string }) => k.id === created.body.id).revokedAt).not.toBeNull();
  });

  it('404 problem for revoking an unknown key; 409 for a duplicate active name', async () => {
    const res = await request(t.http)
      .delete('/v1/api-keys/00000000-0000-4000-8000-000000000000')
      .set(bearer(t.adminKey));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('API_KEY_NOT_FOUND');
    await request(t.http)
      .post('/v1/api-keys')
      .set(bearer(t.adminKey))
      .send({ name: 'dup', roles: ['OFFICER'] });
    const dup = await request(t.http)
      .post('/v1/api-keys')
      .set(bearer(t.adminKey))
      .send({ name: 'dup', roles: ['OFFICER'] });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('API_KEY_NAME_TAKEN');
  });

  it('pages with limit and cursor', async () => {
    for (let i = 0; i < 3; i += 1) {
      await t.createKey(['REPORTER']);
    }
    const first = await request(t.http).get('/v1/api-keys?limit=2').set(bearer(t.adminKey));
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(t.http)
      .get(`/v1/api-keys?limit=2&cursor=${first.body.nextCursor}`)
      .set(bearer(t.adminKey));
    const ids = new Set([...first.body.items, ...second.body.items].map((k: { id: string }) => k.id));
    expect(ids.size).toBe(first.body.items.length + second.body.items.length);
    const bad = await request(t.http).get('/v1/api-keys?cursor=garbage').set(bearer(t.adminKey));
    expect(bad.status).toBe(400);
  });
});
