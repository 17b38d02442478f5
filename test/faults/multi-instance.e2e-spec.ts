import { Client } from 'pg';
import { ALL_MIGRATIONS } from '../../migrations';
import { addDays } from '../../src/common/local-date';
import { CALENDAR_2021 } from '../../src/calendar/seed';
import { residentId, registration } from '../support/factories';
import { checkConsistency, createEmptyDatabase, EmptyDatabase, withClient } from './support/database';
import { Api, ApiResponse, inPool } from './support/http';
import { ServiceProcess, sleep, startService, stopAllServices } from './support/service-process';

/**
 * Issue 6 §3: several instances of the service on ONE database. Two real processes (`node dist/src/main.js`) are
 * started at the same moment on an EMPTY database, so both run the migrations at once; then registrations, racing
 * actions, a calendar edit and the admin-key bootstrap go through both of them.
 */

jest.setTimeout(180_000);

const ADMIN_KEY = 'rcs_faults-multi-instance-admin-0123456789';
const CALENDAR_LOCK = `hashtext('reconsideration:calendar')`;

describe('two service processes on one database', () => {
  let db: EmptyDatabase;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let pg: Client;
  /** [instance A, instance B] with a CLERK+OFFICER key. */
  let staff: [Api, Api];
  let admins: [Api, Api];
  const extraDbs: EmptyDatabase[] = [];
  let startupLogs: string[] = [];

  beforeAll(async () => {
    db = await createEmptyDatabase();
    // Started together on an empty database: both run the migrations at start-up, at the same time.
    // LOG_LEVEL info (not warn) for these two: their start-up log says who applied the migrations.
    const env = { DATABASE_URL: db.url, BOOTSTRAP_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'info' };
    [a, b] = await Promise.all([startService('A', env), startService('B', env)]);
    await Promise.all([a.waitReady(90_000), b.waitReady(90_000)]);
    startupLogs = [a.output(), b.output()];
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    admins = [new Api(a.baseUrl, ADMIN_KEY), new Api(b.baseUrl, ADMIN_KEY)];
    const staffKey = await admins[0].createKey('faults-staff', ['CLERK', 'OFFICER']);
    staff = [new Api(a.baseUrl, staffKey), new Api(b.baseUrl, staffKey)];
  });

  afterAll(async () => {
    await stopAllServices();
    await pg?.end();
    for (const d of [db, ...extraDbs]) {
      await d?.drop();
    }
  });

  it('both instances migrated the empty database at the same time without racing: each migration applied once', async () => {
    expect(a.isAlive() && b.isAlive()).toBe(true);
    const { rows } = await pg.query<{ name: string; n: number }>(
      'SELECT name, count(*)::int AS n FROM schema_migration GROUP BY name ORDER BY name',
    );
    expect(rows).toHaveLength(ALL_MIGRATIONS.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // One instance applied them all while the other waited on the advisory lock and then found nothing to do;
    // neither logged a failure (a lost DDL race shows as "start-up failed" or duplicate-object errors).
    const applied = startupLogs.map((log) => /migrations applied: ([^"]*)/.exec(log)?.[1]);
    const upToDate = startupLogs.map((log) => log.includes('schema up to date'));
    expect(applied.filter((x) => x !== undefined)).toHaveLength(1);
    expect(applied.find((x) => x !== undefined)?.split(', ')).toHaveLength(ALL_MIGRATIONS.length);
    expect(upToDate.filter(Boolean)).toHaveLength(1);
    for (const log of startupLogs) {
      expect(log).not.toMatch(/start-up failed|already exists|duplicate key/i);
    }
    // The configured admin key was registered once, although both instances bootstrapped it.
    const keys = await pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM api_key WHERE name LIKE 'bootstrap-admin-%'`,
    );
    expect(keys.rows[0]?.n).toBe(1);
    // Both serve requests, with the shared keys.
    for (const api of staff) {
      expect((await api.get('/v1/cases?limit=1')).status).toBe(200);
    }
  });

  it('200 registrations spread alternately over both instances, 20 in flight: 200 × 201, case numbers 1…200 without gaps', async () => {
    const responses = await inPool(
      Array.from({ length: 200 }, (_, i) => i),
      20,
      (i) =>
        (staff[i % 2] as Api).post(
          '/v1/cases',
          registration({
            receivedOn: `2021-03-${String((i % 28) + 1).padStart(2, '0')}`,
            applicants: [
              { kind: 'NATURAL_PERSON', name: `申请人${i}`, sex: 'FEMALE', idNumber: residentId('19750505', i % 1000) },
            ],
          }),
        ),
    );
    const failures = responses.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.text.slice(0, 300)}`);
    expect(failures).toEqual([]);
    const numbers = responses.map((r) => r.body.caseNumber as string);
    expect(new Set(numbers).size).toBe(200);
    expect([...numbers].sort()).toEqual(Array.from({ length: 200 }, (_, i) => `台政复〔2021〕${i + 1}号`).sort());

    const { rows } = await pg.query<{ n: number; min: number; max: number; distinct: number }>(
      `SELECT count(*)::int AS n, min(sequence) AS min, max(sequence) AS max, count(DISTINCT sequence)::int AS distinct
         FROM reconsideration_case WHERE received_year = 2021`,
    );
    expect(rows[0]).toEqual({ n: 200, min: 1, max: 200, distinct: 200 });
    const seq = await pg.query<{ last_seq: number }>('SELECT last_seq FROM case_number_sequence WHERE year = 2021');
    expect(seq.rows).toEqual([{ last_seq: 200 }]);
  });

  it('the same ACCEPT with the same If-Match sent to A and B at once (10 cases): one 200, the other 412/409, one ACCEPT event', async () => {
    const { rows: cases } = await pg.query<{ id: string; received_on: string }>(
      `SELECT id, received_on::text AS received_on FROM reconsideration_case
        WHERE state = 'RECEIVED' AND version = 1 ORDER BY sequence LIMIT 10`,
    );
    expect(cases).toHaveLength(10);
    const results = await Promise.all(
      cases.map(async (c) => {
        const body = { occurredOn: addDays(c.received_on, 1) };
        const [ra, rb] = await Promise.all(staff.map((api) => api.act(c.id, 'ACCEPT', body, '"1"')));
        return { id: c.id, ra: ra as ApiResponse, rb: rb as ApiResponse };
      }),
    );
    for (const { id, ra, rb } of results) {
      const statuses = [ra.status, rb.status].sort();
      expect([
        [200, 409],
        [200, 412],
      ]).toContainEqual(statuses);
      const loser = ra.status === 200 ? rb : ra;
      expect(loser.contentType).toMatch(/^application\/problem\+json/);
      expect(['PRECONDITION_FAILED', 'ILLEGAL_TRANSITION']).toContain(loser.body.code);
      const events = await pg.query<{ action: string }>(
        'SELECT action FROM case_event WHERE case_id = $1 ORDER BY seq',
        [id],
      );
      expect(events.rows.map((e) => e.action)).toEqual(['REGISTER', 'ACCEPT']);
      const row = await pg.query<{ version: number; state: string }>(
        'SELECT version, state FROM reconsideration_case WHERE id = $1',
        [id],
      );
      expect(row.rows[0]).toEqual({ version: 2, state: 'ACCEPTED' });
    }
    // The stored rows are consistent: every projection equals the replay of its history.
    const report = await checkConsistency(pg);
    expect(report.problems).toEqual([]);
    expect(report.cases).toBe(200);
  });

  it('PUT /v1/calendar/2021 sent to both at once: both 200, serialised by the advisory lock — one recomputes the change, the other finds nothing left to change', async () => {
    const body = {
      notice: CALENDAR_2021.notice,
      amendments: ['故障测试：2021-03-10 增设放假日'],
      restDays: [...CALENDAR_2021.restDays, { date: '2021-03-10', holiday: '测试' }],
      makeUpWorkdays: CALENDAR_2021.makeUpWorkdays,
    };
    const before = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM calendar_change WHERE year = 2021');
    const open = await pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM reconsideration_case WHERE concluded_on IS NULL`,
    );

    // Hold the calendar lock ourselves, send both PUTs, and see both requests queue on it: proof that they were in
    // flight at the same time and that the lock (not luck) keeps their recomputations apart.
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    let puts: Promise<ApiResponse[]> | undefined;
    try {
      await holder.query(`SELECT pg_advisory_lock(${CALENDAR_LOCK})`);
      puts = Promise.all(admins.map((api) => api.put('/v1/calendar/2021', body)));
      let waiting = 0;
      for (let i = 0; i < 200 && waiting < 2; i++) {
        const { rows } = await pg.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted`,
        );
        waiting = rows[0]?.n ?? 0;
        if (waiting < 2) {
          await sleep(50);
        }
      }
      expect(waiting).toBe(2);
    } finally {
      await holder.query(`SELECT pg_advisory_unlock_all()`);
      await holder.end();
    }
    const [ra, rb] = (await puts) as [ApiResponse, ApiResponse];
    expect([ra.status, rb.status]).toEqual([200, 200]);
    // Each request recomputed every open case inside its own transaction …
    expect(ra.body.recomputedCases).toBe(open.rows[0]?.n);
    expect(rb.body.recomputedCases).toBe(open.rows[0]?.n);
    // … one after the other: the first moved due dates, the second saw the first's result and changed nothing.
    // Overlapping recomputations would both have started from the old dates and both reported changes.
    const changed = [ra.body.changedCases as number, rb.body.changedCases as number].sort((x, y) => x - y);
    expect(changed[0]).toBe(0);
    expect(changed[1]).toBeGreaterThan(0);

    const { rows: changes } = await pg.query<{ recomputed_cases: number; changed_cases: number }>(
      `SELECT recomputed_cases, changed_cases FROM calendar_change WHERE year = 2021 ORDER BY id OFFSET $1`,
      [before.rows[0]?.n ?? 0],
    );
    expect(changes).toHaveLength(2);
    expect(changes.map((c) => c.changed_cases)).toEqual([changed[1], 0]);
    expect(changes.map((c) => c.recomputed_cases)).toEqual([open.rows[0]?.n, open.rows[0]?.n]);
    // Both instances now read the new calendar.
    for (const api of admins) {
      const year = await api.get('/v1/calendar/2021');
      expect(year.body.restDays).toContainEqual(expect.objectContaining({ date: '2021-03-10' }));
    }
  });

  it('issue 18 pt 1: the caches of B hear of changes made on A at once — a key revoked on A is refused by B, a calendar edit on A moves the clocks B computes', async () => {
    const created = await admins[0].post('/v1/api-keys', { name: 'faults-cached-key', roles: ['REPORTER'] });
    expect(created.status).toBe(201);
    const reporterOnB = new Api(b.baseUrl, (created.body as { key: string }).key);
    // B has looked the key up (and remembers it for API_KEY_CACHE_SECONDS).
    expect((await reporterOnB.get('/v1/cases?limit=1')).status).toBe(200);
    expect((await reporterOnB.get('/v1/cases?limit=1')).status).toBe(200);
    expect((await admins[0].call('DELETE', `/v1/api-keys/${(created.body as { id: string }).id}`)).status).toBe(204);
    // NOTIFY is delivered when A's transaction commits, before A answers; B's listener has it within milliseconds.
    const refusedAfter = Date.now();
    let status = 0;
    for (let i = 0; i < 20 && status !== 401; i++) {
      status = (await reporterOnB.get('/v1/cases?limit=1')).status;
      if (status !== 401) {
        await sleep(10);
      }
    }
    expect(status).toBe(401);
    expect(Date.now() - refusedAfter).toBeLessThan(500);

    // A case received on 2021-04-01 (Thursday): its 5-working-day acceptance review ends on 2021-04-09 with the
    // State Council's 2021 calendar (清明 4月3–5日). B computes it, and keeps the calendar.
    const reg = await staff[1].post('/v1/cases', registration({ receivedOn: '2021-04-01' }));
    expect(reg.status).toBe(201);
    const id = (reg.body as { id: string }).id;
    const review = async (): Promise<string> => {
      const res = await staff[1].get(`/v1/cases/${id}/deadlines?asOf=2021-04-02`);
      return (res.body as { clocks: Array<{ clock: string; dueOn: string }> }).clocks.find(
        (c) => c.clock === 'ACCEPTANCE_REVIEW',
      )!.dueOn;
    };
    const before = await review();
    const current = await admins[0].get('/v1/calendar/2021');
    const body = current.body as {
      notice: string;
      amendments: string[];
      restDays: Array<{ date: string }>;
      makeUpWorkdays: unknown[];
    };
    // A is told that 2021-04-06 was a rest day too: B's next computation counts one working day more.
    const put = await admins[0].put('/v1/calendar/2021', {
      notice: body.notice,
      amendments: [...body.amendments, '缓存测试：2021-04-06 增设放假日'],
      restDays: [...body.restDays.filter((d) => d.date !== '2021-04-06'), { date: '2021-04-06', holiday: '测试' }],
      makeUpWorkdays: body.makeUpWorkdays,
    });
    expect(put.status).toBe(200);
    let after = before;
    for (let i = 0; i < 20 && after === before; i++) {
      after = await review();
      if (after === before) {
        await sleep(10);
      }
    }
    expect(before).toBe('2021-04-09');
    expect(after).toBe('2021-04-12');
  });

  it('two instances started together on a fresh database WITHOUT BOOTSTRAP_ADMIN_KEY create exactly one initial-admin key', async () => {
    const fresh = await createEmptyDatabase();
    extraDbs.push(fresh);
    const env = { DATABASE_URL: fresh.url, BOOTSTRAP_ADMIN_KEY: undefined };
    const [c, d] = await Promise.all([startService('C', env), startService('D', env)]);
    await Promise.all([c.waitReady(90_000), d.waitReady(90_000)]);
    const rows = await withClient(fresh.url, async (client) => {
      const res = await client.query<{ name: string; roles: string[] }>('SELECT name, roles FROM api_key');
      return res.rows;
    });
    expect(rows).toEqual([{ name: 'initial-admin', roles: ['ADMIN'] }]);
    // Exactly one of the two printed the generated key, and that key works on both instances.
    const printed = [c, d]
      .map((s) => /No API keys existed[\s\S]*?\n\s+(rcs_[A-Za-z0-9_-]+)/.exec(s.output())?.[1])
      .filter((k): k is string => k !== undefined);
    expect(printed).toHaveLength(1);
    for (const s of [c, d]) {
      const res = await new Api(s.baseUrl, printed[0]).get('/v1/api-keys');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
    }
  });
});
