import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { createLogger, httpLoggerParams, pathOnly, pinoOptions, safeError, scrubText } from './logging';

function capture(): { stream: Writable; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines: () => chunks.join('') };
}

describe('logs carry no identity number and no key', () => {
  it('redacts idNumber fields at any depth and the Authorization header', () => {
    const out = capture();
    const log = pino(pinoOptions('info'), out.stream);
    log.info(
      {
        applicant: { idNumber: '11010519491231002X' },
        req: { headers: { authorization: 'Bearer rcs_secret' } },
        key: 'rcs_secret',
      },
      'x',
    );
    log.info({ body: { applicants: { first: { idNumber: '11010519491231002X' } } } }, 'y');
    expect(out.lines()).not.toContain('11010519491231002X');
    expect(out.lines()).not.toContain('rcs_secret');
    expect(out.lines()).toContain('[redacted]');
  });

  it('request logs keep the path only: query strings can hold names or ID numbers', () => {
    expect(pathOnly('/v1/cases?applicantName=张三&x=11010519491231002X')).toBe('/v1/cases');
    const params = httpLoggerParams('info');
    const serializers = (params.pinoHttp as { serializers: { req: (r: object) => object } }).serializers;
    expect(serializers.req({ id: 'r1', method: 'GET', url: '/v1/cases?applicantName=张三' })).toEqual({
      id: 'r1',
      method: 'GET',
      path: '/v1/cases',
    });
  });
});

describe('database errors are logged by SQLSTATE and constraint, never their values (PIPL 51; issue 13 §5)', () => {
  const ID = '410927198001010011';
  const PHONE = '13912345678';
  const ADDRESS = '台前县城关镇幸福路8号';

  function pgError(): Error {
    // The shape pg gives a unique violation: detail echoes the key, TypeORM adds the query and its parameters.
    return Object.assign(new Error('duplicate key value violates unique constraint "party_phone_key"'), {
      name: 'error',
      severity: 'ERROR',
      code: '23505',
      detail: `Key (phone)=(${PHONE}) already exists.`,
      constraint: 'party_phone_key',
      table: 'party',
      schema: 'public',
      routine: '_bt_check_unique',
    });
  }

  it('a TypeORM QueryFailedError keeps code, constraint and table; drops query, parameters, detail and message', () => {
    const driverError = pgError();
    const failed = new QueryFailedError(
      `INSERT INTO party (id_number, phone, address) VALUES ('${ID}', $1, $2)`,
      [PHONE, ADDRESS],
      driverError,
    );
    const out = capture();
    const log = pino(pinoOptions('trace'), out.stream);
    log.error({ err: failed }, 'unhandled error');
    log.warn({ error: new Error('wrapped', { cause: failed }) }, 'nested');
    const text = out.lines();
    for (const value of [ID, PHONE, ADDRESS, 'Key (phone)', 'INSERT INTO']) {
      expect(text).not.toContain(value);
    }
    const first = JSON.parse(text.split('\n')[0] ?? '{}') as { err: Record<string, unknown> };
    expect(first.err).toMatchObject({
      type: 'QueryFailedError',
      code: '23505',
      constraint: 'party_phone_key',
      table: 'party',
    });
    expect(Object.keys(first.err).sort()).toEqual(
      ['code', 'constraint', 'message', 'schema', 'stack', 'table', 'type'].sort(),
    );
    expect(text).toContain('"cause":{"type":"QueryFailedError","code":"23505"');
  });

  it('through pino-http (which std-serializes the error first) the result is the same', () => {
    const params = httpLoggerParams('info');
    const err = (params.pinoHttp as { serializers: { err: (e: unknown) => Record<string, unknown> } }).serializers.err;
    const failed = new QueryFailedError('SELECT $1', [PHONE], pgError());
    // pino-std-serializers' output: every enumerable property copied, driverError serialized with a `type`.
    const stdSerialized = {
      ...failed,
      type: 'QueryFailedError',
      message: failed.message,
      stack: failed.stack,
      driverError: { ...pgError(), type: 'DatabaseError' },
    };
    const safe = err(stdSerialized);
    expect(JSON.stringify(safe)).not.toContain(PHONE);
    expect(safe).toMatchObject({ type: 'QueryFailedError', code: '23505', constraint: 'party_phone_key' });
  });

  it('an ordinary error keeps its message, with ID- and phone-shaped runs masked', () => {
    const safe = safeError(new TypeError(`cannot read ${ID} or ${PHONE}`));
    expect(safe.type).toBe('TypeError');
    expect(safe.message).toBe('cannot read [redacted] or [redacted]');
    expect(String(safe.stack)).not.toContain(ID);
    expect(scrubText('case 2021-0001 of 2021-03-01')).toBe('case 2021-0001 of 2021-03-01');
  });

  it('LOG_FILE: lines are appended to the file, synchronously', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rcs-log-'));
    const file = path.join(dir, 'nested', 'app.log');
    try {
      createLogger('info', file).info('first');
      createLogger('info', file).info('second');
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['first', 'second']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
