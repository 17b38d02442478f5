import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { execFile } from 'node:child_process';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { loadEnv } from '../../src/config/env';
import { startTracing, Tracing } from '../../src/observability/tracing-sdk';
import { CaseClient } from '../support/case-client';
import { registration, residentId } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const execFileAsync = promisify(execFile);
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN = '00f067aa0ba902b7';

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

describe('tracing (issue 14 §6): spans for HTTP, the action transaction and PostgreSQL, with the request id', () => {
  const memory = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  let t: TestApp;
  let sup: CaseClient;
  let key: string;
  const idNumber = residentId('19660606');

  beforeAll(async () => {
    // As main.ts does: tracing first, then the application (its pool client and HTTP hooks see tracing on).
    tracing = startTracing(loadEnv({}), { exporter: memory });
    t = await startTestApp();
    key = await t.createKey(['SUPERVISOR']);
    sup = new CaseClient(t.http, key);
  });
  afterAll(async () => {
    await t.close();
    await tracing?.shutdown();
  });

  it('is off by default: no exporter configured, nothing registered', () => {
    expect(loadEnv({}).OTEL_TRACES_EXPORTER).toBe('none');
    expect(startTracing(loadEnv({}))).toBeUndefined();
  });

  it('traces an action: an HTTP server span, the case.action span under it, and query spans under that', async () => {
    const reg = await sup.register(
      registration({
        applicants: [{ kind: 'NATURAL_PERSON', name: '追踪乙', sex: 'FEMALE', idNumber, address: '台前县追踪街2号' }],
      }),
    );
    expect(reg.status).toBe(201);
    const id = reg.body.id as string;
    memory.reset();
    const accepted = await sup.act(
      id,
      'ACCEPT',
      { occurredOn: '2021-03-02' },
      { 'x-request-id': 'trace-accept-1', traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-01` },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'ACCEPTED' });

    const spans = memory.getFinishedSpans().filter((s) => s.attributes['request.id'] === 'trace-accept-1');
    const http = spans.find((s) => s.kind === SpanKind.SERVER);
    expect(http).toBeDefined();
    expect(http!.name).toBe('POST /v1/cases/:id/actions/:action');
    expect(http!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/cases/:id/actions/:action',
      'http.response.status_code': 200,
      'request.id': 'trace-accept-1',
    });
    // Continued from the caller's W3C traceparent.
    expect(http!.spanContext().traceId).toBe(TRACE_ID);
    expect(parentOf(http!)).toBe(PARENT_SPAN);

    const action = spans.find((s) => s.name === 'case.action');
    expect(action).toBeDefined();
    expect(action!.attributes).toMatchObject({
      'case.action': 'ACCEPT',
      'case.id': id,
      'request.id': 'trace-accept-1',
    });
    expect(parentOf(action!)).toBe(http!.spanContext().spanId);

    const queries = spans.filter((s) => s.kind === SpanKind.CLIENT && s.attributes['db.system.name'] === 'postgresql');
    const underAction = queries.filter((s) => parentOf(s) === action!.spanContext().spanId);
    // Issue 18 pt 1: an action without an Idempotency-Key is two statements — the read, then one statement that
    // writes the projection, the event, the stored clocks and the outbox row (CTEs), in no explicit transaction.
    expect(underAction.map((s) => s.name)).toEqual(['SELECT reconsideration_case', 'WITH reconsideration_case']);
    expect(underAction.every((s) => s.spanContext().traceId === TRACE_ID)).toBe(true);
  });

  it('marks a refused action with its error code, and a read has its own server span', async () => {
    const reg = await sup.register(registration());
    const id = reg.body.id as string;
    memory.reset();
    const refused = await sup.act(id, 'DECIDE', { occurredOn: '2021-03-02' }, { 'x-request-id': 'trace-refused-1' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.body.requestId).toBe('trace-refused-1');
    const action = memory
      .getFinishedSpans()
      .find((s) => s.name === 'case.action' && s.attributes['request.id'] === 'trace-refused-1');
    expect(action?.attributes['error.type']).toBe(refused.body.code);

    const read = await request(t.http)
      .get(`/v1/cases/${id}`)
      .set('authorization', `Bearer ${key}`)
      .set('x-request-id', 'trace-read-1');
    expect(read.status).toBe(200);
    const server = memory
      .getFinishedSpans()
      .find((s) => s.kind === SpanKind.SERVER && s.attributes['request.id'] === 'trace-read-1');
    expect(server?.name).toBe('GET /v1/cases/:id');
  });

  it('puts no personal data, SQL text, query string or client address into any span', async () => {
    memory.reset();
    const list = await sup.list(`applicantName=${encodeURIComponent('追踪乙')}`);
    expect(list.status).toBe(200);
    const spans = memory.getFinishedSpans();
    expect(spans.length).toBeGreaterThan(1);
    const text = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    for (const value of [idNumber, '追踪乙', '台前县追踪街2号', 'applicantName', '127.0.0.1', 'WHERE']) {
      expect(text).not.toContain(value);
    }
  });
});

describe('tracing through the OTLP/HTTP exporter (OTEL_TRACES_EXPORTER=otlp, OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  let receiver: Server;
  const posts: Array<{ url: string; body: string }> = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posts.push({ url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('posts the spans to <endpoint>/v1/traces with OTEL_SERVICE_NAME as service.name', async () => {
    const { port } = receiver.address() as AddressInfo;
    // In a plain Node process: the exporter loads node:http with a dynamic import(), which Jest's CommonJS sandbox
    // refuses (it would need --experimental-vm-modules). The script goes through the same startTracing as main.ts.
    const script = `
      const { loadEnv } = require('./src/config/env');
      const { startTracing } = require('./src/observability/tracing-sdk');
      const { inSpan, tracingEnabled } = require('./src/observability/tracing');
      (async () => {
        const tracing = startTracing(loadEnv());
        if (!tracing || !tracingEnabled()) throw new Error('tracing did not start');
        await inSpan('case.action', { 'case.action': 'ACCEPT' }, async () => undefined);
        await tracing.shutdown(); // flushes the batch
      })().catch((error) => { console.error(error); process.exit(1); });`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_SERVICE_NAME: 'rcs-under-test',
    };
    await execFileAsync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: path.resolve(__dirname, '..', '..'),
      env,
      timeout: 30_000,
    });
    expect(posts.map((p) => p.url)).toEqual(['/v1/traces']);
    const body = posts[0]!.body;
    expect(body).toContain('"case.action"');
    expect(body).toContain('rcs-under-test');
  });
});
