import * as net from 'node:net';
import request from 'supertest';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Zero 5xx for any client input (issue 14 §1; DESIGN §4 "never a 500 for bad input"): every input class that once
 * answered 500, or a non-problem body, is a 4xx application/problem+json with a stable code, on real HTTP.
 */
describe('client input never gets a 5xx (issue 14 §1)', () => {
  let t: TestApp;
  let clerk: string;
  let reporter: string;
  let auditor: string;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '65536', JSON_MAX_DEPTH: '32' });
    clerk = `Bearer ${await t.createKey(['CLERK', 'OFFICER'])}`;
    reporter = `Bearer ${await t.createKey(['REPORTER'])}`;
    auditor = `Bearer ${await t.createKey(['AUDITOR'])}`;
    // The raw-socket tests need a listening server (supertest listens per request on its own).
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
  });

  function expectProblem(res: request.Response, status: number, code: string): void {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: `urn:reconsideration:problem:${code}` });
  }

  function postCase(body: string): request.Test {
    return request(t.http)
      .post('/v1/cases')
      .set('authorization', clerk)
      .set('content-type', 'application/json')
      .send(body);
  }

  /** Writes raw bytes on a socket and parses the one answer. */
  async function raw(bytes: string): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
      let data = '';
      socket.on('data', (c: Buffer) => (data += c.toString('utf8')));
      socket.on('close', () => resolve(data));
      socket.on('error', (e) => (data ? resolve(data) : reject(e)));
      socket.setTimeout(5000, () => socket.destroy());
    });
    const [head = '', ...rest] = text.split('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of head.split('\r\n').slice(1)) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers, body: JSON.parse(rest.join('\r\n\r\n')) };
  }

  async function expectRawProblem(bytes: string, status: number, code: string): Promise<void> {
    const res = await raw(bytes);
    expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: `urn:reconsideration:problem:${code}` });
  }

  describe('JSON depth and size', () => {
    it('a body nested 2,000 levels deep is 400 JSON_TOO_DEEP on every kind of operation', async () => {
      const deep = `${'['.repeat(2000)}${']'.repeat(2000)}`;
      expectProblem(await postCase(`{"receivedOn":${deep}}`), 400, 'JSON_TOO_DEEP');
      expectProblem(
        await request(t.http)
          .post('/v1/api-keys')
          .set('authorization', `Bearer ${t.adminKey}`)
          .set('content-type', 'application/json')
          .send(`{"name":"k","roles":["OFFICER"],"scopes":${deep}}`),
        400,
        'JSON_TOO_DEEP',
      );
    });

    it('JSON_MAX_DEPTH is the limit: 32 levels pass the parser, 33 do not', async () => {
      const nest = (n: number): string => `${'['.repeat(n - 1)}${']'.repeat(n - 1)}`;
      // The object itself is level 1: 31 arrays inside it make 32.
      const ok = await postCase(`{"facts":${nest(32)}}`);
      expect(ok.status).toBe(400);
      expect(ok.body.code).toBe('VALIDATION_FAILED');
      expectProblem(await postCase(`{"facts":${nest(33)}}`), 400, 'JSON_TOO_DEEP');
    });

    it('brackets inside strings do not count as nesting', async () => {
      const body = registration();
      (body.request as Record<string, unknown>).text = `${'['.repeat(100)}${'{'.repeat(100)}`;
      expect((await postCase(JSON.stringify(body))).status).toBe(201);
    });

    it('a body over BODY_LIMIT_BYTES is 413 PAYLOAD_TOO_LARGE', async () => {
      expectProblem(await postCase(JSON.stringify({ facts: 'x'.repeat(70_000) })), 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('NUL characters and lone surrogates', () => {
    it('a lone surrogate in a body string (raw or escaped) is 400 INVALID_UNICODE naming the field', async () => {
      const body = registration();
      (body.request as Record<string, unknown>).text = 'a\ud800b';
      const res = await postCase(JSON.stringify(body));
      expectProblem(res, 400, 'INVALID_UNICODE');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'request.text', code: 'INVALID_UNICODE' })]);
      expectProblem(await postCase('{"receivedOn":"2021-03-01","x\\udc00":1}'), 400, 'INVALID_UNICODE');
    });

    it('a surrogate pair (an emoji) is fine', async () => {
      const body = registration();
      (body.request as Record<string, unknown>).text = '请求撤销 😀';
      expect((await postCase(JSON.stringify(body))).status).toBe(201);
    });

    it('NUL in a body, a search filter or a path parameter is 400 NUL_CHARACTER', async () => {
      const body = registration();
      (body.request as Record<string, unknown>).text = 'a\u0000b';
      expectProblem(await postCase(JSON.stringify(body)), 400, 'NUL_CHARACTER');
      expectProblem(
        await request(t.http).get('/v1/cases?respondentName=a%00b').set('authorization', clerk),
        400,
        'NUL_CHARACTER',
      );
      expectProblem(await request(t.http).get('/v1/cases/a%00b').set('authorization', clerk), 400, 'NUL_CHARACTER');
      expectProblem(
        await request(t.http).get('/v1/calendar/20%0021').set('authorization', clerk),
        400,
        'NUL_CHARACTER',
      );
    });

    it('a percent-encoded lone surrogate in a path is not UTF-8: 400 MALFORMED_URL', async () => {
      expectProblem(await request(t.http).get('/v1/cases/%ED%A0%80').set('authorization', clerk), 400, 'MALFORMED_URL');
    });
  });

  describe('date parameters are bounded to 1949-10-01 … 2100-12-31', () => {
    it.each([
      ['/v1/statistics/reconsideration?from=0001-01-01&to=2021-12-31', 'from'],
      ['/v1/statistics/reconsideration/export?from=0001-01-01&to=2021-12-31&format=csv', 'from'],
      ['/v1/statistics/cases/export?from=0001-01-01&to=2021-12-31&format=xlsx', 'from'],
      ['/v1/statistics/reconsideration?from=2021-01-01&to=9999-12-31', 'to'],
      ['/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31&asOf=1900-01-01', 'asOf'],
      ['/v1/cases?receivedFrom=0001-01-01', 'receivedFrom'],
      ['/v1/cases?decidedTo=2101-01-01', 'decidedTo'],
    ])('%s is 400 naming %s', async (url, parameter) => {
      const res = await request(t.http).get(url).set('authorization', reporter);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path: parameter, code: 'DATE_OUT_OF_RANGE' }));
    });

    it('the audit instants are bounded too', async () => {
      const res = await request(t.http)
        .get('/v1/audit/personal-data-reads?from=0001-01-01T00:00:00Z')
        .set('authorization', auditor);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'from', code: 'DATE_OUT_OF_RANGE' }));
    });

    it('a body date out of range is 400 naming the field', async () => {
      const res = await postCase(JSON.stringify(registration({ receivedOn: '0001-01-01' })));
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toContainEqual(
        expect.objectContaining({ path: 'receivedOn', code: 'DATE_OUT_OF_RANGE' }),
      );
    });

    it('the bounds themselves are accepted', async () => {
      const res = await request(t.http)
        .get('/v1/statistics/reconsideration?from=1949-10-01&to=2100-12-31')
        .set('authorization', reporter);
      expect(res.status).toBe(200);
    });
  });

  describe('cursors', () => {
    const cursor = (parts: unknown): string => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

    it.each([
      ['an impossible date', '/v1/cases', ['cases:-receivedOn', '2021-02-30', '00000000-0000-4000-8000-000000000000']],
      ['a non-uuid id', '/v1/cases', ['cases:-receivedOn', '2021-02-28', 'zzzzzzzz-0000-4000-8000-000000000000']],
      [
        'an impossible instant',
        '/v1/api-keys',
        ['api-keys:-createdAt', '2021-02-29T10:00:00.000Z', '00000000-0000-4000-8000-000000000000'],
      ],
      [
        'a deadline id that is no uuid',
        '/v1/deadlines?status=OVERDUE',
        ['deadlines:OVERDUE', '2021-02-01', `${'-'.repeat(36)}ACCEPT`],
      ],
      ['a bigint out of range', '/v1/audit/personal-data-reads', ['audit:-id', '9999999999999999999', '1']],
    ])('%s is 400 INVALID_CURSOR, never SQL', async (_label, url, parts) => {
      const sep = url.includes('?') ? '&' : '?';
      const auth = url.startsWith('/v1/api-keys')
        ? `Bearer ${t.adminKey}`
        : url.startsWith('/v1/audit')
          ? auditor
          : clerk;
      const res = await request(t.http)
        .get(`${url}${sep}cursor=${cursor(parts)}`)
        .set('authorization', auth);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'cursor', code: 'INVALID_CURSOR' }));
    });
  });

  describe('Fastify and Node client errors are problem+json', () => {
    it('malformed percent-encoding in the path is 400 MALFORMED_URL', async () => {
      expectProblem(await request(t.http).get('/v1/cases/%E0%A4%A').set('authorization', clerk), 400, 'MALFORMED_URL');
    });

    it('a path segment over the parameter limit is 414 URI_TOO_LONG', async () => {
      expectProblem(
        await request(t.http)
          .get(`/v1/cases/${'a'.repeat(500)}`)
          .set('authorization', clerk),
        414,
        'URI_TOO_LONG',
      );
    });

    it('an empty body with content-type json is 400 MALFORMED_JSON; a form body is 415', async () => {
      expectProblem(
        await request(t.http)
          .post('/v1/organs')
          .set('authorization', `Bearer ${t.adminKey}`)
          .set('content-type', 'application/json')
          .send(''),
        400,
        'MALFORMED_JSON',
      );
      expectProblem(
        await request(t.http)
          .post('/v1/organs')
          .set('authorization', `Bearer ${t.adminKey}`)
          .set('content-type', 'application/x-www-form-urlencoded')
          .send('code=X'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });

    it('a prototype-poisoning body is 400 MALFORMED_JSON', async () => {
      expectProblem(await postCase('{"__proto__":{"admin":true}}'), 400, 'MALFORMED_JSON');
    });

    it('headers over the limit are 431 HEADERS_TOO_LARGE (raw socket)', async () => {
      await expectRawProblem(
        `GET /v1/cases HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        431,
        'HEADERS_TOO_LARGE',
      );
    });

    it('a request line over the limit is 414 URI_TOO_LONG (raw socket)', async () => {
      await expectRawProblem(`GET /v1/cases?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, 'URI_TOO_LONG');
    });

    it('a bad Content-Length is 400 MALFORMED_REQUEST (raw socket)', async () => {
      await expectRawProblem(
        'POST /v1/organs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
        400,
        'MALFORMED_REQUEST',
      );
      await expectRawProblem(
        'POST /v1/organs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}',
        400,
        'MALFORMED_REQUEST',
      );
    });

    it('a broken request line is 400 MALFORMED_REQUEST (raw socket)', async () => {
      await expectRawProblem('HELLO\r\n\r\n', 400, 'MALFORMED_REQUEST');
    });
  });
});
