import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { registration, residentId } from '../support/factories';
import {
  collectFixturePersonalData,
  PersonalDataScanner,
  scanAllLogs,
  workerLogFile,
} from '../support/personal-data-in-logs';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 13 §5, PIPL 51 (technical measures against leaks of personal information): no personal data in any log
 * line at any level. The app logs at trace into this worker's log file; each test provokes one of the known leaks and
 * reads what the app wrote meanwhile.
 */
describe('PIPL 51: the log holds error codes and constraints, never ID numbers, phones or addresses', () => {
  let t: TestApp;
  let ds: DataSource;
  let key: string;
  let logFile: string;
  const ID = residentId('19750505', 321);
  const PHONE = '13977776666';
  const ADDRESS = '台前县夹河乡日志测试村8号';
  const VALUES = [ID, PHONE, ADDRESS];

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    ds = t.app.get(DataSource);
    key = await t.createKey(['CLERK']);
    logFile = workerLogFile() as string;
  });
  afterAll(async () => {
    await t.close();
  });

  function body(overrides: Record<string, unknown> = {}, applicant: Record<string, unknown> = {}): object {
    return registration({
      applicants: [
        {
          kind: 'NATURAL_PERSON',
          name: '李四',
          sex: 'MALE',
          idNumber: ID,
          phone: PHONE,
          address: ADDRESS,
          ...applicant,
        },
      ],
      ...overrides,
    });
  }

  /** Runs `action` and returns the log lines the app wrote meanwhile. */
  async function logOf(action: () => Promise<void>): Promise<string> {
    const from = existsSync(logFile) ? statSync(logFile).size : 0;
    await action();
    return readFileSync(logFile).subarray(from).toString('utf8');
  }

  function expectNoValues(text: string): void {
    for (const value of VALUES) {
      expect(text).not.toContain(value);
    }
  }

  function errorLines(log: string): Array<{ msg: string; err: Record<string, unknown> }> {
    return log
      .split('\n')
      .filter((line) => line.includes('"unhandled error"'))
      .map((line) => JSON.parse(line) as { msg: string; err: Record<string, unknown> });
  }

  it('a registration logs its request line (path, status), not the applicant', async () => {
    const log = await logOf(async () => {
      const res = await request(t.http).post('/v1/cases').set('authorization', `Bearer ${key}`).send(body());
      expect(res.status).toBe(201);
    });
    expect(log).toContain('"path":"/v1/cases"');
    expect(log).toContain('"statusCode":201');
    expectNoValues(log);
  });

  it('a NUL character is 400 NUL_CHARACTER naming the field (no 500, no database error), and no value is logged', async () => {
    const log = await logOf(async () => {
      const res = await request(t.http)
        .post('/v1/cases')
        .set('authorization', `Bearer ${key}`)
        .send(body({}, { address: `${ADDRESS}\u0000` }));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'NUL_CHARACTER', errors: [{ path: 'applicants[0].address' }] });
      expectNoValues(JSON.stringify(res.body));
      const text = await request(t.http)
        .post('/v1/cases')
        .set('authorization', `Bearer ${key}`)
        .send(body({ request: { codes: ['REVOKE'], text: 'a\u0000b' } }));
      expect(text.status).toBe(400);
      expect(text.body.code).toBe('NUL_CHARACTER');
      const query = await request(t.http).get('/v1/cases?applicantName=a%00b').set('authorization', `Bearer ${key}`);
      expect(query.status).toBe(400);
      expect(query.body.code).toBe('NUL_CHARACTER');
    });
    expect(errorLines(log)).toEqual([]);
    expectNoValues(log);
  });

  it('a validation failure on idNumber names the rule, echoing the value neither in the problem nor in the log', async () => {
    const wrong = `${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}`;
    const log = await logOf(async () => {
      const res = await request(t.http)
        .post('/v1/cases')
        .set('authorization', `Bearer ${key}`)
        .send(body({}, { idNumber: wrong }));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'applicants[0].idNumber' })]),
      );
      expect(JSON.stringify(res.body)).not.toContain(wrong);
      expectNoValues(JSON.stringify(res.body));
    });
    expect(log).not.toContain(wrong);
    expect(log).toContain('"statusCode":400');
    expectNoValues(log);
  });

  it('a unique violation is logged by SQLSTATE 23505, constraint and table; not its parameters nor its detail', async () => {
    // A constraint the service does not expect, so the error is unhandled (500) and reaches the log, as the NUL
    // character did before: the INSERT's parameters hold the ID number, phone and address; pg's detail holds the key.
    await ds.query(`CREATE UNIQUE INDEX logs_test_one_case_per_day ON reconsideration_case (received_on)`);
    try {
      const log = await logOf(async () => {
        const first = await request(t.http)
          .post('/v1/cases')
          .set('authorization', `Bearer ${key}`)
          .send(body({ receivedOn: '2021-03-20' }));
        expect(first.status).toBe(201);
        const second = await request(t.http)
          .post('/v1/cases')
          .set('authorization', `Bearer ${key}`)
          .send(body({ receivedOn: '2021-03-20' }));
        expect(second.status).toBe(500);
        expect(second.body.code).toBe('INTERNAL_ERROR');
      });
      const [line] = errorLines(log);
      expect(line?.err).toMatchObject({
        type: 'QueryFailedError',
        code: '23505',
        constraint: 'logs_test_one_case_per_day',
        table: 'reconsideration_case',
      });
      expectNoValues(log);
      expect(log).not.toContain('Key (');
      expect(log).not.toContain('2021-03-20');
      expect(log).not.toMatch(/INSERT INTO|"parameters"|"query"|"detail"/);
    } finally {
      await ds.query(`DROP INDEX logs_test_one_case_per_day`);
    }
  });

  it('a failed write (a check violation, whose detail echoes the whole row) is logged by SQLSTATE 23514 and constraint', async () => {
    await ds.query(
      `ALTER TABLE reconsideration_case ADD CONSTRAINT logs_test_not_that_day CHECK (received_on <> '2021-03-21') NOT VALID`,
    );
    try {
      const log = await logOf(async () => {
        const res = await request(t.http)
          .post('/v1/cases')
          .set('authorization', `Bearer ${key}`)
          .send(body({ receivedOn: '2021-03-21' }));
        expect(res.status).toBe(500);
      });
      const [line] = errorLines(log);
      expect(line?.err).toMatchObject({ code: '23514', constraint: 'logs_test_not_that_day' });
      expect(String(line?.err.message)).toBe('database error 23514 (logs_test_not_that_day)');
      expectNoValues(log);
      expect(log).not.toContain('Failing row');
    } finally {
      await ds.query(`ALTER TABLE reconsideration_case DROP CONSTRAINT logs_test_not_that_day`);
    }
  });

  it('this worker logs at trace into its own file, which the suite-wide scan reads', () => {
    expect(path.basename(logFile)).toBe(`${process.env.JEST_WORKER_ID ?? '0'}-${process.pid}.log`);
    const text = readFileSync(logFile, 'utf8');
    expect(text).toContain('"msg":"request completed"');
    // Nest's own lines (route mapping, module init) arrive too: every level is written.
    expect(text).toMatch(/"context":"(RouterExplorer|InstanceLoader)"/);
  });
});

describe('the log scan cannot pass vacuously', () => {
  it('the fixtures give more than 10 values, of each kind: ID numbers, phones and addresses', () => {
    const values = collectFixturePersonalData();
    expect(values.length).toBeGreaterThan(10);
    for (const kind of ['idNumber', 'phone', 'address'] as const) {
      expect(values.filter((v) => v.kind === kind).length).toBeGreaterThan(3);
    }
    // The registration factory's defaults and the dataset's first applicant are among them.
    expect(values).toEqual(
      expect.arrayContaining([
        { kind: 'phone', value: '13800000000' },
        { kind: 'address', value: '台前县城关镇' },
        { kind: 'idNumber', value: '410927196304151258' },
      ]),
    );
  });

  it('finds planted fixture values and any valid resident ID in a log file; a clean line passes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rcs-planted-'));
    try {
      const values = collectFixturePersonalData();
      const phone = values.find((v) => v.kind === 'phone')?.value as string;
      const address = values.find((v) => v.kind === 'address')?.value as string;
      const generatedId = residentId('19900909', 7); // valid, but in no fixture: found by its check character
      const lines = [
        JSON.stringify({ level: 30, msg: 'request completed', req: { path: '/v1/cases' } }),
        JSON.stringify({ level: 50, err: { parameters: [phone] } }),
        JSON.stringify({ level: 20, note: `to ${address}` }),
        JSON.stringify({ level: 10, id: generatedId }),
        JSON.stringify({ level: 30, caseNumber: '台政复〔2021〕1号', time: '2026-01-01T00:00:00.000Z' }),
      ];
      writeFileSync(path.join(dir, '1-1.log'), `${lines.join('\n')}\n`);
      const scanner = new PersonalDataScanner(values);
      const hits = scanner.scanFile(path.join(dir, '1-1.log')).hits;
      expect(hits.map((h) => [h.line, h.kind])).toEqual([
        [2, 'phone'],
        [3, 'address'],
        [4, 'idNumber'],
      ]);
      // The report masks what it found.
      expect(JSON.stringify(hits)).not.toContain(phone);
      expect(scanAllLogs(dir)).toHaveLength(3);
      // A phone inside a longer number is not that phone.
      expect(scanner.scanText(`{"n":${phone}1}`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
