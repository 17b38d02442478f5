import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

describe('health and docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /health/live and /health/ready need no key; ready pings the database', async () => {
    expect((await request(t.http).get('/health/live')).status).toBe(200);
    const ready = await request(t.http).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.database.status).toBe('up');
  });

  it('serves Swagger UI at /docs and the OpenAPI JSON at /docs-json', async () => {
    const ui = await request(t.http).get('/docs/');
    expect([200, 301, 302]).toContain(ui.status);
    const html = ui.status === 200 ? ui.text : (await request(t.http).get(ui.headers.location as string)).text;
    expect(html).toContain('swagger-ui');
    const json = await request(t.http).get('/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.paths['/v1/api-keys'].post.operationId).toBe('createApiKey');
  });
});
