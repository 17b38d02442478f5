import request from 'supertest';
import { Env } from '../../src/config/env';
import { MetricsServer } from '../../src/observability/metrics-server';
import { CaseClient } from '../support/case-client';
import { registration, residentId } from '../support/factories';
import { freePort } from '../support/free-port';
import { startTestApp, TestApp } from '../support/test-app';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The value of one series, by metric name and an exact label set ({} for none), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) {
      continue;
    }
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (
      Object.keys(labels).length === Object.keys(found).length &&
      Object.entries(labels).every(([k, v]) => found[k] === v)
    ) {
      return Number(match[3]);
    }
  }
  return undefined;
}

describe('metrics (issue 14 §6): GET /metrics on its own port, Prometheus text, no personal data or ids', () => {
  let t: TestApp;
  let metricsUrl: string;
  let sup: CaseClient;
  let caseId: string;
  const idNumber = residentId('19750505');

  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({ METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1' });
    const bound = await t.app.get(MetricsServer).listen();
    // (Not written as an object literal: the log scan would take an `address` key for a fixture's postal address.)
    expect([bound?.address, bound?.port]).toEqual(['127.0.0.1', port]);
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));

    // Traffic: a registration (with personal data and a query string later), reads by id, actions accepted and refused.
    const accepted = await sup.register(
      registration({
        applicants: [{ kind: 'NATURAL_PERSON', name: '度量甲', sex: 'MALE', idNumber, address: '台前县度量路1号' }],
      }),
    );
    expect(accepted.status).toBe(201);
    caseId = accepted.body.id as string;
    expect((await sup.get(caseId)).status).toBe(200);
    expect((await sup.act(caseId, 'ACCEPT', { occurredOn: '2021-03-02' })).status).toBe(200);
    expect((await sup.act(caseId, 'ACCEPT', { occurredOn: '2021-03-02' })).status).toBe(409); // already accepted
    expect((await sup.actRaw(caseId, 'NOT_AN_ACTION', {})).status).toBe(400);
    // A second case stays RECEIVED: its acceptance review (2021) is long overdue.
    expect((await sup.register(registration())).status).toBe(201);
    expect((await sup.list(`applicantName=${encodeURIComponent('度量甲')}`)).status).toBe(200);
    expect((await request(t.http).get(`/v1/cases/${caseId}/nowhere`)).status).toBe(404);
  });
  afterAll(async () => {
    await t.close();
  });

  async function scrape(): Promise<string> {
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  }

  it('has request-duration histograms by route pattern and status, never by raw path or query', async () => {
    const text = await scrape();
    const route = (r: string, status: string, method = 'GET') => ({ method, route: r, status_code: status });
    expect(sample(text, 'http_request_duration_seconds_count', route('/v1/cases/:id', '200'))).toBeGreaterThanOrEqual(
      3,
    );
    expect(sample(text, 'http_request_duration_seconds_count', route('/v1/cases', '201', 'POST'))).toBe(2);
    expect(
      sample(text, 'http_request_duration_seconds_count', route('/v1/cases/:id/actions/:action', '409', 'POST')),
    ).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', route('/v1/cases', '200'))).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', route('UNMATCHED', '404'))).toBe(1);
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/v1\/cases\/:id",status_code="200"\} \d+$/m,
    );
  });

  it('counts actions by action and result: ok, or the refusal’s code; an unknown action is UNKNOWN', async () => {
    const text = await scrape();
    expect(sample(text, 'rcs_case_actions_total', { action: 'ACCEPT', result: 'ok' })).toBe(1);
    expect(sample(text, 'rcs_case_actions_total', { action: 'ACCEPT', result: 'ILLEGAL_TRANSITION' })).toBe(1);
    expect(sample(text, 'rcs_case_actions_total', { action: 'UNKNOWN', result: 'VALIDATION_FAILED' })).toBe(1);
    expect(text).not.toContain('NOT_AN_ACTION');
  });

  it('shows the primary pool’s connections, idle connections, waiting queries and size', async () => {
    const text = await scrape();
    expect(sample(text, 'rcs_db_pool_connections', { pool: 'primary' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'rcs_db_pool_idle_connections', { pool: 'primary' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'rcs_db_pool_waiting_requests', { pool: 'primary' })).toBe(0);
    expect(sample(text, 'rcs_db_pool_max_connections', { pool: 'primary' })).toBe(new Env().DB_POOL_SIZE);
    // No replica configured: the read data source is the primary, not a second series.
    expect(text).not.toMatch(/^rcs_db_pool_\w+\{pool="read"\}/m);
  });

  it('gauges open cases by organ code and state, and overdue clocks by organ code and clock', async () => {
    const text = await scrape();
    expect(sample(text, 'rcs_open_cases', { organ: 'TAIQIAN', state: 'ACCEPTED' })).toBe(1);
    expect(sample(text, 'rcs_open_cases', { organ: 'TAIQIAN', state: 'RECEIVED' })).toBe(1);
    const overdue = text.split('\n').filter((l) => l.startsWith('rcs_overdue_clocks{'));
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((l) => /^rcs_overdue_clocks\{organ="TAIQIAN",clock="[A-Z_]+"\} [1-9]\d*$/.test(l))).toBe(true);
    // Also the process and Node series of prom-client's defaults.
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('carries no personal data and no identifier (PIPL 51): no uuid, name, ID number, address or query', async () => {
    const text = await scrape();
    expect(text).not.toMatch(UUID);
    for (const value of [idNumber, '度量甲', '台前县度量路1号', 'applicantName', caseId]) {
      expect(text).not.toContain(value);
    }
  });

  it('is not served on the API port, and the listener answers nothing but GET /metrics', async () => {
    const api = await request(t.http).get('/metrics').set('authorization', `Bearer ${t.adminKey}`);
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await fetch(metricsUrl.replace('/metrics', '/v1/cases'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(404);
  });

  it('is off unless METRICS_PORT is set, and binds to 127.0.0.1 unless METRICS_HOST says otherwise', () => {
    expect(new Env().METRICS_PORT).toBe(0);
    expect(new Env().METRICS_HOST).toBe('127.0.0.1');
  });
});

describe('metrics with a read replica (DATABASE_READ_URL): both pools are shown', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    // The "replica" is the same database reached through a second pool: what matters here is the second pool.
    t = await startTestApp((url) => ({ METRICS_PORT: String(port), DATABASE_READ_URL: url }));
    await t.app.get(MetricsServer).listen();
  });
  afterAll(async () => {
    await t.close();
  });

  it('has pool="read" series next to pool="primary", and the counts come from the read pool', async () => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(sample(text, 'rcs_db_pool_connections', { pool: 'primary' })).toBeGreaterThanOrEqual(1);
    // The scrape's two count queries ran on the read pool, so it has opened a connection.
    expect(sample(text, 'rcs_db_pool_connections', { pool: 'read' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'rcs_db_pool_waiting_requests', { pool: 'read' })).toBe(0);
  });
});
