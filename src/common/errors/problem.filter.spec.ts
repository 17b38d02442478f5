import type { ArgumentsHost } from '@nestjs/common';
import { NotFoundException } from '@nestjs/common';
import { ProblemException } from './problem.exception';
import { ProblemFilter } from './problem.filter';

function host(): {
  host: ArgumentsHost;
  sent: () => { status: number; body: Record<string, unknown>; headers: Record<string, string> };
} {
  let status = 0;
  let body: Record<string, unknown> = {};
  const headers: Record<string, string> = {};
  const reply = {
    status(s: number) {
      status = s;
      return reply;
    },
    header(k: string, v: string) {
      headers[k] = v;
      return reply;
    },
    headers(h: Record<string, string>) {
      Object.assign(headers, h);
      return reply;
    },
    send(b: Record<string, unknown>) {
      body = b;
      return reply;
    },
  };
  const request = { id: 'req-1', url: '/v1/cases?x=1', method: 'GET' };
  const h = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  return { host: h, sent: () => ({ status, body, headers }) };
}

describe('ProblemFilter (RFC 9457)', () => {
  it('a bug becomes a 500 problem that reveals no internals', () => {
    const h = host();
    new ProblemFilter().catch(new Error('password=hunter2 at /srv/app/secret.ts:12'), h.host);
    const { status, body, headers } = h.sent();
    expect(status).toBe(500);
    expect(headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ code: 'INTERNAL_ERROR', status: 500, requestId: 'req-1', instance: '/v1/cases' });
    expect(JSON.stringify(body)).not.toMatch(/hunter2|secret\.ts|stack/);
  });

  it('a ProblemException keeps its code, status from the catalog, field errors and headers', () => {
    const h = host();
    new ProblemFilter().catch(
      new ProblemException('PRECONDITION_FAILED', 'stale', {
        errors: [{ path: 'if-match', code: 'STALE', message: 'm' }],
        headers: { etag: '"3"' },
      }),
      h.host,
    );
    const { status, body, headers } = h.sent();
    expect(status).toBe(412);
    expect(body).toMatchObject({
      type: 'urn:reconsideration:problem:PRECONDITION_FAILED',
      code: 'PRECONDITION_FAILED',
      detail: 'stale',
    });
    expect(body.errors).toEqual([{ path: 'if-match', code: 'STALE', message: 'm' }]);
    expect(headers.etag).toBe('"3"');
  });

  it('a database connection failure is 503 NOT_READY with Retry-After, not 500', () => {
    const h = host();
    new ProblemFilter().catch(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      h.host,
    );
    expect(h.sent()).toMatchObject({ status: 503, body: { code: 'NOT_READY' }, headers: { 'retry-after': '5' } });
  });

  it.each([
    ['55P03', 'lock_timeout: canceling statement due to lock timeout'],
    ['57014', 'statement_timeout: canceling statement due to statement timeout'],
  ])('a %s from the session limits is 503 DATABASE_BUSY with Retry-After, not 500 (issue 14 point 3)', (code, m) => {
    const h = host();
    // As TypeORM wraps it: a QueryFailedError whose driverError carries the SQLSTATE.
    new ProblemFilter().catch(Object.assign(new Error(m), { driverError: { code } }), h.host);
    expect(h.sent()).toMatchObject({ status: 503, body: { code: 'DATABASE_BUSY' }, headers: { 'retry-after': '5' } });
  });

  it('a 503 that names its own Retry-After keeps it', () => {
    const h = host();
    new ProblemFilter().catch(
      new ProblemException('IDENTITY_PROVIDER_UNAVAILABLE', 'down', { headers: { 'retry-after': '10' } }),
      h.host,
    );
    expect(h.sent().headers['retry-after']).toBe('10');
  });

  it('unknown routes are ROUTE_NOT_FOUND', () => {
    const h = host();
    new ProblemFilter().catch(new NotFoundException(), h.host);
    expect(h.sent().body.code).toBe('ROUTE_NOT_FOUND');
  });
});
