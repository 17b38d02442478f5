import { execFile } from 'node:child_process';
import * as net from 'node:net';
import { promisify } from 'node:util';
import request from 'supertest';
import { percentEncodeRequestLine } from '../../src/common/http/raw-utf8-url';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 15 §7: `curl "$API/v1/cases?applicantName=张"` sends the UTF-8 bytes of 张 unencoded in the request line,
 * which Node's HTTP parser refuses before any route (it answered a bare 400 that was not problem+json). Such a request
 * is now decoded as UTF-8 and served like its percent-encoded twin; what is still refused at the HTTP layer is
 * problem+json with a stable code (DESIGN §4). On real HTTP: raw sockets for exact bytes, and curl itself.
 */
describe('a raw UTF-8 request line is read as UTF-8 (issue 15 §7)', () => {
  let t: TestApp;
  let clerk: string;
  let port: number;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    clerk = await t.createKey(['CLERK']);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as net.AddressInfo).port;
    const body = registration();
    body.applicants = [{ kind: 'NATURAL_PERSON', name: '张三', sex: 'MALE', idNumber: '11010519491231002X' }];
    const res = await request(t.http).post('/v1/cases').set('authorization', `Bearer ${clerk}`).send(body);
    expect(res.status).toBe(201);
    caseId = (res.body as { id: string }).id;
  });
  afterAll(async () => {
    await t.close();
  });

  interface RawAnswer {
    status: number;
    headers: Record<string, string>;
    body: string;
  }

  /** Parses the HTTP/1.1 answers in `data` (Content-Length framed, as every answer of this API to these requests). */
  function parseAnswers(data: Buffer): RawAnswer[] {
    const answers: RawAnswer[] = [];
    let rest = data;
    while (rest.length > 0) {
      const headEnd = rest.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        throw new Error(`an incomplete answer: ${rest.toString('utf8').slice(0, 200)}`);
      }
      const [statusLine = '', ...lines] = rest.subarray(0, headEnd).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      const bodyStart = headEnd + 4;
      if (rest.length < bodyStart + length) {
        throw new Error('an incomplete body');
      }
      answers.push({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]),
        headers,
        body: rest.subarray(bodyStart, bodyStart + length).toString('utf8'),
      });
      rest = rest.subarray(bodyStart + length);
    }
    return answers;
  }

  /** Whole answers received so far (an incomplete last one is left for later). */
  function completeAnswers(data: Buffer): RawAnswer[] {
    try {
      return parseAnswers(data);
    } catch {
      return [];
    }
  }

  /**
   * Writes the parts on one connection — at once, each once the answers to the parts before it have arrived, or
   * each a moment after the one before — and collects `expected` answers (or what came before the server closed).
   */
  async function raw(
    parts: Buffer[],
    expected = 1,
    mode: 'together' | 'after-answers' | 'after-a-moment' = 'together',
  ): Promise<RawAnswer[]> {
    const data = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = net.connect(port, '127.0.0.1');
      let written = 0;
      const writeMore = (): void => {
        while (written < parts.length) {
          socket.write(parts[written] as Buffer);
          written += 1;
          if (mode === 'after-a-moment' && written < parts.length) {
            setTimeout(writeMore, 200);
            return;
          }
          if (mode === 'after-answers') {
            return;
          }
        }
      };
      socket.on('connect', writeMore);
      socket.on('data', (c: Buffer) => {
        chunks.push(c);
        const answered = completeAnswers(Buffer.concat(chunks)).length;
        if (answered >= expected) {
          socket.destroy();
          resolve(Buffer.concat(chunks));
        } else if (mode === 'after-answers' && answered >= written) {
          writeMore();
        }
      });
      socket.on('close', () => resolve(Buffer.concat(chunks)));
      socket.on('error', (e) => (chunks.length ? resolve(Buffer.concat(chunks)) : reject(e)));
      socket.setTimeout(10_000, () => socket.destroy());
    });
    return parseAnswers(data);
  }

  const get = (target: string, headers: string[] = [`Authorization: Bearer ${clerk}`]): Buffer =>
    Buffer.concat([
      Buffer.from('GET ', 'latin1'),
      Buffer.from(target, 'utf8'),
      Buffer.from(` HTTP/1.1\r\nHost: localhost\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`, 'latin1'),
    ]);

  function expectProblem(answer: RawAnswer, status: number, code: string): void {
    const body = JSON.parse(answer.body) as { code?: string; status?: number; type?: string };
    expect({ status: answer.status, code: body.code }).toEqual({ status, code });
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ status, type: `urn:reconsideration:problem:${code}` });
  }

  it('a search by a raw UTF-8 applicantName finds what the percent-encoded search finds', async () => {
    const encoded = await request(t.http)
      .get(`/v1/cases?applicantName=${encodeURIComponent('张')}`)
      .set('authorization', `Bearer ${clerk}`);
    expect(encoded.status).toBe(200);
    expect((encoded.body as { items: Array<{ id: string }> }).items.map((c) => c.id)).toEqual([caseId]);

    const [answer] = await raw([get('/v1/cases?applicantName=张')]);
    expect(answer?.status).toBe(200);
    expect(answer?.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer?.body ?? '')).toEqual(encoded.body);
  });

  it('curl, which sends the bytes unencoded, gets the same answer', async () => {
    const { stdout } = await promisify(execFile)('curl', [
      '--silent',
      '--show-error',
      '--fail-with-body',
      '-H',
      `Authorization: Bearer ${clerk}`,
      `http://127.0.0.1:${port}/v1/cases?applicantName=张`,
    ]);
    expect((JSON.parse(stdout) as { items: Array<{ id: string }> }).items.map((c) => c.id)).toEqual([caseId]);
  });

  it('it is authenticated like any request: without a key, 401 problem+json', async () => {
    const [answer] = await raw([get('/v1/cases?applicantName=张', [])]);
    expectProblem(answer as RawAnswer, 401, 'UNAUTHENTICATED');
  });

  it('raw UTF-8 in the path is routed too (and then validated: not a uuid)', async () => {
    const [answer] = await raw([get('/v1/cases/张三')]);
    expectProblem(answer as RawAnswer, 400, 'VALIDATION_FAILED');
  });

  it('the connection stays usable: a request after it on the same connection is answered, in order', async () => {
    const answers = await raw([get('/v1/cases?applicantName=张'), get(`/v1/cases/${caseId}`)], 2, 'after-answers');
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect((JSON.parse(answers[1]?.body ?? '') as { id: string }).id).toBe(caseId);
  });

  it('two pipelined requests in one packet, the raw one first: both are answered, in order', async () => {
    const answers = await raw([Buffer.concat([get('/v1/cases?applicantName=张'), get(`/v1/cases/${caseId}`)])], 2);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect((JSON.parse(answers[0]?.body ?? '') as { items: unknown[] }).items).toHaveLength(1);
    expect((JSON.parse(answers[1]?.body ?? '') as { id: string }).id).toBe(caseId);
  });

  it('Connection: close is honoured: the server answers, then ends the connection', async () => {
    const data = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.write(get('/v1/cases?applicantName=张', [`Authorization: Bearer ${clerk}`, 'Connection: close'])),
      );
      socket.on('data', (c: Buffer) => chunks.push(c));
      // 'end' is the server's FIN: it comes only if the server closes the connection itself.
      socket.on('end', () => resolve(Buffer.concat(chunks)));
      socket.on('error', reject);
    });
    const answers = parseAnswers(data);
    expect(answers.map((a) => [a.status, a.headers.connection])).toEqual([[200, 'close']]);
  });

  it('a body sent after the head reaches the route unchanged (a POST with raw UTF-8 in its query)', async () => {
    const body = JSON.stringify({ name: '王科长', roles: ['REPORTER'] });
    const head = Buffer.concat([
      Buffer.from('POST /v1/api-keys?来源=脚本 HTTP/1.1\r\nHost: localhost\r\n', 'utf8'),
      Buffer.from(`Authorization: Bearer ${t.adminKey}\r\nContent-Type: application/json\r\n`, 'latin1'),
      Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`, 'latin1'),
    ]);
    // The body follows in a second write, once the head has (most likely) arrived alone: either way the answer must
    // be the same.
    const [answer] = await raw([head, Buffer.from(body, 'utf8')], 1, 'after-a-moment');
    expect(answer?.status).toBe(201);
    expect(JSON.parse(answer?.body ?? '')).toMatchObject({ name: '王科长', roles: ['REPORTER'] });
  });

  it('non-ASCII bytes that are not UTF-8 (Latin-1 é) are 400 MALFORMED_URL problem+json', async () => {
    const line = Buffer.concat([
      Buffer.from('GET /v1/cases?applicantName=', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from(` HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${clerk}\r\n\r\n`, 'latin1'),
    ]);
    const [answer] = await raw([line]);
    expectProblem(answer as RawAnswer, 400, 'MALFORMED_URL');
  });

  it('a control character in the URL is still refused: 400 MALFORMED_URL problem+json', async () => {
    const [answer] = await raw([get('/v1/cases?applicantName=\u0001')]);
    expectProblem(answer as RawAnswer, 400, 'MALFORMED_URL');
  });
});

describe('percentEncodeRequestLine', () => {
  const line = (s: string): Buffer => Buffer.from(s, 'utf8');

  it('encodes exactly the non-ASCII bytes of the target, leaving the rest of the packet alone', () => {
    const packet = line('GET /v1/cases?applicantName=张&limit=20 HTTP/1.1\r\nX-Name: 张\r\n\r\n');
    const offset = packet.indexOf(Buffer.from('张', 'utf8'));
    const result = percentEncodeRequestLine(packet, offset);
    expect(result.kind).toBe('rewritten');
    expect(result.kind === 'rewritten' && result.packet.toString('utf8')).toBe(
      'GET /v1/cases?applicantName=%E5%BC%A0&limit=20 HTTP/1.1\r\nX-Name: 张\r\n\r\n',
    );
  });

  it('refuses to rewrite when the error is not a non-ASCII byte of the first line, or the line is not a request', () => {
    const packet = line('GET /a?x=张 HTTP/1.1\r\n\r\n');
    expect(percentEncodeRequestLine(packet, 2).kind).toBe('none');
    expect(percentEncodeRequestLine(packet, packet.length - 1).kind).toBe('none');
    // A packet that starts inside an earlier request (e.g. its body) is never replayed.
    const mid = line('ET /a?x=张 HTTP/1.1\r\n\r\n');
    expect(percentEncodeRequestLine(mid, mid.indexOf(0xe5)).kind).toBe('none');
    const noVersion = line('GET /a?x=张\r\n\r\n');
    expect(percentEncodeRequestLine(noVersion, noVersion.indexOf(0xe5)).kind).toBe('none');
  });

  it('says when the bytes are not UTF-8', () => {
    const packet = Buffer.concat([line('GET /a?x='), Buffer.from([0xd5, 0xc5]), line(' HTTP/1.1\r\n\r\n')]); // GBK 张
    expect(percentEncodeRequestLine(packet, 9).kind).toBe('not-utf8');
  });
});
