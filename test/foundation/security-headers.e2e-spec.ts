import request from 'supertest';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 14 §4: helmet's headers on every response, a CSP that allows nothing on the API and just enough for Swagger
 * UI on /docs, Cache-Control: no-store wherever personal data may be (PIPL 51(2): no copy left in a shared or browser
 * cache), and no public docs in production.
 */

const API_CSP = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";

function expectHelmetHeaders(headers: Record<string, string>): void {
  expect(headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000',
    'cross-origin-resource-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'x-dns-prefetch-control': 'off',
    'x-permitted-cross-domain-policies': 'none',
  });
  expect(headers).not.toHaveProperty('x-powered-by');
}

describe('security headers (issue 14 §4)', () => {
  let t: TestApp;
  let clerk: string;
  beforeAll(async () => {
    t = await startTestApp();
    clerk = await t.createKey(['CLERK']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a case response carries helmet’s headers, the API’s empty CSP and Cache-Control: no-store (PIPL 51(2))', async () => {
    const created = await request(t.http)
      .post('/v1/cases')
      .set('authorization', `Bearer ${clerk}`)
      .send(registration());
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const read = await request(t.http)
      .get(`/v1/cases/${created.body.id as string}`)
      .set('authorization', `Bearer ${clerk}`);
    expect(read.status).toBe(200);
    expectHelmetHeaders(read.headers);
    expect(read.headers['content-security-policy']).toBe(API_CSP);
    expect(read.headers['cache-control']).toBe('no-store');
    const list = await request(t.http).get('/v1/cases').set('authorization', `Bearer ${clerk}`);
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['401 without a key', (http: TestApp['http']) => request(http).get('/v1/cases'), 401],
    ['404 for an unknown route', (http: TestApp['http']) => request(http).get('/v1/no-such-route'), 404],
    [
      '400 for an invalid body',
      (http: TestApp['http']) =>
        request(http).post('/v1/api-keys').set('authorization', `Bearer ${t.adminKey}`).send({}),
      400,
    ],
    [
      '400 for malformed JSON',
      (http: TestApp['http']) =>
        request(http)
          .post('/v1/api-keys')
          .set('authorization', `Bearer ${t.adminKey}`)
          .set('content-type', 'application/json')
          .send('{"name":'),
      400,
    ],
  ])('a problem response (%s) carries the same headers and no-store', async (_name, send, status) => {
    const res = await send(t.http);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expectHelmetHeaders(res.headers);
    expect(res.headers['content-security-policy']).toBe(API_CSP);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('the probes and the code lists are no-store too (one rule for every response)', async () => {
    for (const path of ['/health/live', '/health/ready']) {
      const res = await request(t.http).get(path);
      expect(res.status).toBe(200);
      // Terminus sets its own (no-cache, no-store, must-revalidate), which is as strict.
      expect(res.headers['cache-control']).toMatch(/\bno-store\b/);
      expectHelmetHeaders(res.headers);
    }
    const codes = await request(t.http).get('/v1/code-lists').set('authorization', `Bearer ${clerk}`);
    expect(codes.status).toBe(200);
    expect(codes.headers['cache-control']).toBe('no-store');
  });

  it('Swagger UI loads under its CSP: the page and every script and stylesheet it names answer 200', async () => {
    const page = await request(t.http).get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expectHelmetHeaders(page.headers);

    // script-src 'self' without 'unsafe-inline' works only if the page has no inline script: every <script> has a src.
    const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const [, attributes, body] of scripts) {
      expect({ attributes, inline: body?.trim() }).toEqual({ attributes: expect.stringMatching(/\bsrc=/), inline: '' });
    }
    const assets = [
      ...[...page.text.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] as string),
      ...[...page.text.matchAll(/<link[^>]*\bhref="([^"]+)"/g)].map((m) => m[1] as string),
    ];
    expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui-bundle\.js$/)]));
    expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui\.css$/)]));
    for (const asset of assets) {
      // Relative to the page's URL, as a browser resolves them; every one same-origin ('self').
      const url = new URL(asset, 'http://service.test/docs');
      expect(url.origin).toBe('http://service.test');
      const res = await request(t.http).get(url.pathname);
      expect({ asset: url.pathname, status: res.status }).toEqual({ asset: url.pathname, status: 200 });
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
    const init = await request(t.http).get('/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    expect(init.text).toContain('SwaggerUIBundle');
  });

  it('/docs-json is the API’s JSON, under the API’s CSP', async () => {
    const res = await request(t.http).get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(API_CSP);
  });
});

describe('HSTS is configurable (issue 14 §4)', () => {
  it('HSTS_MAX_AGE_SECONDS=0 sends no Strict-Transport-Security; another value sets max-age', async () => {
    for (const [value, expected] of [
      ['0', undefined],
      ['600', 'max-age=600'],
    ] as const) {
      const t = await startTestApp({ HSTS_MAX_AGE_SECONDS: value });
      try {
        const res = await request(t.http).get('/health/live');
        expect(res.headers['strict-transport-security']).toBe(expected);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      } finally {
        await t.close();
      }
    }
  });
});

describe('docs in production (issue 14 §4)', () => {
  it('with NODE_ENV=production and DOCS_ENABLED unset, /docs and /docs-json are 404 problems', async () => {
    const t = await startTestApp({ NODE_ENV: 'production', DOCS_ENABLED: undefined });
    try {
      for (const path of ['/docs', '/docs/', '/docs-json', '/docs/swagger-ui-init.js']) {
        const res = await request(t.http).get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.body.code).toBe('ROUTE_NOT_FOUND');
      }
      expect((await request(t.http).get('/health/live')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('DOCS_ENABLED=true still serves them in production, for an office that wants them', async () => {
    const t = await startTestApp({ NODE_ENV: 'production', DOCS_ENABLED: 'true' });
    try {
      expect((await request(t.http).get('/docs')).status).toBe(200);
      expect((await request(t.http).get('/docs-json')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
