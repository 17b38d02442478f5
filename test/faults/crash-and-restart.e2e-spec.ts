import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { addDays } from '../../src/common/local-date';
import { runMigrations } from '../../src/database/data-source';
import { RunningPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { registration, residentId } from '../support/factories';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { checkConsistency } from './support/database';
import { Api, ApiResponse, inPool, rawRequest } from './support/http';
import { processesUsing, ServiceProcess, sleep, startService, stopAllServices } from './support/service-process';

/**
 * Issue 6 §4: the service survives its own crash, its database's outage and an orderly stop. Each test runs real
 * service processes (`node dist/src/main.js`) and injects the fault from outside: SIGKILL, stopping PostgreSQL,
 * SIGTERM.
 */

jest.setTimeout(180_000);

const ADMIN_KEY = 'rcs_faults-crash-admin-0123456789abcdef';
const STAFF_ROLES = ['CLERK', 'OFFICER', 'SUPERVISOR'];
type Json = Record<string, unknown>;

const tmpDirs: string[] = [];
const clusters: RunningPostgres[] = [];
const databases: TestDatabase[] = [];

/** A temp dir the postgres/nobody account can enter when we run as root. */
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  tmpDirs.push(dir);
  return dir;
}

async function startCluster(dataDir: string, port?: number): Promise<RunningPostgres> {
  const server = await startEmbeddedPostgres({
    dataDir,
    throwaway: true,
    ...(port ? { port } : {}),
    ...(process.env.PG_BIN_DIR ? { binDir: process.env.PG_BIN_DIR } : {}),
  });
  clusters.push(server);
  return server;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * initdb takes seconds, so the clusters of the outage and drain tests are created while the kill -9 test runs:
 * the outage test's cluster is started and migrated; the drain test's data directory is initialised, migrated and
 * stopped again, for the service to start its own PostgreSQL on.
 */
let outageCluster: Promise<{ dataDir: string; pg: RunningPostgres }>;
let drainDataDir: Promise<string>;

beforeAll(() => {
  outageCluster = (async () => {
    const dataDir = path.join(tempDir('rcs-faults-outage-'), 'data');
    const pg = await startCluster(dataDir);
    await runMigrations(pg.url);
    return { dataDir, pg };
  })();
  drainDataDir = (async () => {
    const dataDir = path.join(tempDir('rcs-faults-drain-'), 'pgdata');
    const pg = await startCluster(dataDir);
    try {
      await runMigrations(pg.url);
    } finally {
      await pg.stop();
    }
    return dataDir;
  })();
  // Awaited by their tests; until then a failure must not count as an unhandled rejection.
  outageCluster.catch(() => undefined);
  drainDataDir.catch(() => undefined);
});

afterAll(async () => {
  await Promise.allSettled([outageCluster, drainDataDir]);
  await stopAllServices();
  for (const server of clusters) {
    await server.stop();
  }
  for (const db of databases) {
    await db.drop();
  }
  for (const dir of tmpDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ── kill -9 in the middle of a burst ─────────────────────────────────────────────────────────────────────────────

interface Step {
  method: 'POST' | 'PUT';
  path: string;
  body: Json;
}

/**
 * The whole procedure of one L2017 case, one event per step (so after a crash the next step is history length − 1):
 * ACCEPT, SEND_COPY, (odd cases: UNDO of it and SEND_COPY again), RECEIVE_REPLY, two handlers, DECIDE, SERVE_DECISION,
 * CLOSE.
 */
function plan(id: string, receivedOn: string, index: number): Step[] {
  const act = (action: string, days: number, extra: Json = {}): Step => ({
    method: 'POST',
    path: `/v1/cases/${id}/actions/${action}`,
    body: { occurredOn: addDays(receivedOn, days), ...extra },
  });
  return [
    act('ACCEPT', 1),
    act('SEND_COPY', 2),
    ...(index % 2 === 1
      ? [
          { method: 'POST' as const, path: `/v1/cases/${id}/actions/UNDO`, body: { reason: '送达日期录错，撤回重录' } },
          act('SEND_COPY', 3),
        ]
      : []),
    act('RECEIVE_REPLY', 10, { evidenceSubmitted: true }),
    { method: 'PUT', path: `/v1/cases/${id}/handlers`, body: { handlers: [{ name: '王明' }, { name: '李华' }] } },
    act('DECIDE', 20, {
      decisionType: 'UPHELD',
      documentNumber: `台政复决字〔2021〕${index + 1}号`,
      legalBasis: 'L17 28(1)(1); R07 43',
      reasons: '经审理查明，据此作出决定。',
      // L17 28: the organ head's approval (or its collective discussion).
      approval: { kind: 'ORGAN_HEAD_APPROVAL', approverName: '张县长', approvedOn: addDays(receivedOn, 20) },
    }),
    act('SERVE_DECISION', 25, { method: '直接送达' }),
    act('CLOSE', 30),
  ];
}

describe('kill -9 of the service during a burst of actions', () => {
  let db: TestDatabase;
  let first: ServiceProcess;
  let staffKey: string;
  const cases: Array<{ id: string; receivedOn: string; index: number }> = [];
  /** Every 200 the client saw: (case, version it produced). Acknowledged writes must survive the crash. */
  const acknowledged: Array<{ id: string; version: number }> = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    databases.push(db);
    first = await startService('crash-1', { DATABASE_URL: db.url, BOOTSTRAP_ADMIN_KEY: ADMIN_KEY });
    await first.waitReady();
    staffKey = await new Api(first.baseUrl, ADMIN_KEY).createKey('faults-staff', STAFF_ROLES);
  });

  it('after SIGKILL mid-burst and a restart, every projection equals the replay of its history', async () => {
    const staff = new Api(first.baseUrl, staffKey);
    const registered = await inPool(
      Array.from({ length: 30 }, (_, i) => i),
      10,
      (i) =>
        staff.post(
          '/v1/cases',
          registration({
            receivedOn: `2021-04-${String((i % 28) + 1).padStart(2, '0')}`,
            applicants: [
              { kind: 'NATURAL_PERSON', name: `申请人${i}`, sex: 'MALE', idNumber: residentId('19800101', i) },
            ],
          }),
        ),
    );
    expect(registered.map((r) => r.status)).toEqual(Array(30).fill(201));
    registered.forEach((r, index) => cases.push({ id: r.body.id, receivedOn: r.body.receivedOn, index }));

    // The burst: all 30 cases walk their procedure concurrently; SIGKILL lands after 60 acknowledged actions, while
    // some 30 requests are in flight.
    const KILL_AFTER = 60;
    let killed = false;
    const unexpected: string[] = [];
    const networkErrors: string[] = [];
    const worker = async (c: (typeof cases)[number]): Promise<void> => {
      let etag = '"1"';
      for (const step of plan(c.id, c.receivedOn, c.index)) {
        if (killed) {
          return;
        }
        let res: ApiResponse;
        try {
          res = await staff.call(step.method, step.path, { body: step.body, headers: { 'if-match': etag } });
        } catch (error) {
          networkErrors.push(`${step.path}: ${(error as Error).message}`);
          return;
        }
        if (res.status !== 200) {
          unexpected.push(`${step.path}: ${res.status} ${res.text.slice(0, 200)}`);
          return;
        }
        etag = res.headers.get('etag') ?? '';
        acknowledged.push({ id: c.id, version: Number(etag.replace(/"/g, '')) });
        if (acknowledged.length >= KILL_AFTER && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(cases.map(worker));
    expect(killed).toBe(true);
    expect(await first.waitExit(10_000)).toEqual({ code: null, signal: 'SIGKILL' });
    // Before the kill every action succeeded; after it, the requests in flight failed on the network, not with a status.
    expect(unexpected).toEqual([]);
    expect(networkErrors.length).toBeGreaterThan(0);

    // Restart on the same database: it comes up by itself (migrations and bootstrap are idempotent).
    const second = await startService('crash-2', { DATABASE_URL: db.url, BOOTSTRAP_ADMIN_KEY: ADMIN_KEY });
    await second.waitReady();

    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const report = await checkConsistency(pg);
      expect(report.problems).toEqual([]);
      expect(report.cases).toBe(30);
      expect(report.events).toBeGreaterThanOrEqual(30 + KILL_AFTER);
      // Every acknowledged write survived the crash.
      const { rows } = await pg.query<{ id: string; version: number }>('SELECT id, version FROM reconsideration_case');
      const version = new Map(rows.map((r) => [r.id, r.version]));
      const lost = acknowledged.filter((ack) => (version.get(ack.id) ?? 0) < ack.version);
      expect(lost).toEqual([]);
      // The kill left no lock behind: every case takes its next step (the plan's step at history length − 1)
      // through the restarted service, with the version the database holds as If-Match.
      const staff2 = new Api(second.baseUrl, staffKey);
      const resumed = await inPool(cases, 10, async (c) => {
        const v = version.get(c.id) ?? 1;
        const step = plan(c.id, c.receivedOn, c.index)[v - 1];
        if (!step) {
          return 'done';
        }
        const res = await staff2.call(step.method, step.path, { body: step.body, headers: { 'if-match': `"${v}"` } });
        return res.status === 200 && res.headers.get('etag') === `"${v + 1}"`
          ? 'ok'
          : `${c.id} ${step.path} at version ${v}: ${res.status} ${res.text.slice(0, 200)}`;
      });
      expect(resumed.filter((r) => r !== 'ok' && r !== 'done')).toEqual([]);
      const after = await checkConsistency(pg);
      expect(after.problems).toEqual([]);
      expect(after.events).toBe(report.events + resumed.filter((r) => r === 'ok').length);
    } finally {
      await pg.end();
    }
  });
});

// ── PostgreSQL stopped and started again under load ──────────────────────────────────────────────────────────────

interface Sample {
  path: string;
  startedAt: number;
  status: number | 'network-error';
  contentType: string;
  code?: string;
  error?: string;
}

describe('PostgreSQL stopped and restarted under a steady light load', () => {
  it('answers 503 NOT_READY (never 500) while the database is down, stays up, and recovers by itself', async () => {
    const { dataDir, pg } = await outageCluster;
    const service = await startService('outage', { DATABASE_URL: pg.url, BOOTSTRAP_ADMIN_KEY: ADMIN_KEY });
    await service.waitReady();
    const key = await new Api(service.baseUrl, ADMIN_KEY).createKey('faults-reader', ['CLERK']);
    const api = new Api(service.baseUrl, key);

    const samples: Sample[] = [];
    const sample = async (p: string): Promise<void> => {
      const startedAt = Date.now();
      try {
        const res = await api.get(p, { timeoutMs: 10_000 });
        samples.push({ path: p, startedAt, status: res.status, contentType: res.contentType, code: res.body?.code });
      } catch (error) {
        samples.push({ path: p, startedAt, status: 'network-error', contentType: '', error: (error as Error).message });
      }
    };
    // The load: GET /health/ready and GET /v1/cases every ~50 ms, until told to stop (at most 2 minutes).
    let loadRunning = true;
    const load = (async () => {
      const until = Date.now() + 120_000;
      while (loadRunning && Date.now() < until) {
        await Promise.all([sample('/health/ready'), sample('/v1/cases?limit=5')]);
        await sleep(50);
      }
    })();
    const waitFor = async (what: string, ok: () => boolean, timeoutMs: number): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      while (!ok()) {
        if (Date.now() > deadline) {
          throw new Error(`${what} not seen within ${timeoutMs} ms; samples: ${JSON.stringify(samples.slice(-10))}`);
        }
        await sleep(50);
      }
    };
    const since = (t: number, p?: string) => samples.filter((s) => s.startedAt >= t && (!p || s.path === p));

    try {
      const loadStarted = Date.now();
      await waitFor('10 samples', () => since(loadStarted).length >= 10, 10_000);
      const serviceLoadStart = since(loadStarted);
      expect(serviceLoadStart.filter((s) => s.status !== 200)).toEqual([]);

      // Stop PostgreSQL (fast shutdown: it terminates the pool's connections).
      await pg.stop();
      const stoppedAt = Date.now();
      await waitFor(
        'a second of outage',
        () => Date.now() - stoppedAt > 1500 && since(stoppedAt, '/v1/cases?limit=5').length >= 5,
        15_000,
      );
      const duringOutage = since(stoppedAt);
      const ready = duringOutage.filter((s) => s.path === '/health/ready');
      const list = duringOutage.filter((s) => s.path !== '/health/ready');
      expect(ready.length).toBeGreaterThan(0);
      expect(
        ready.filter(
          (s) => s.status !== 503 || !/^application\/problem\+json/.test(s.contentType) || s.code !== 'NOT_READY',
        ),
      ).toEqual([]);
      expect(
        list.filter(
          (s) => s.status !== 503 || !/^application\/problem\+json/.test(s.contentType) || s.code !== 'NOT_READY',
        ),
      ).toEqual([]);
      expect(service.isAlive()).toBe(true);
      const live = await api.get('/health/live');
      expect(live.status).toBe(200);

      // Start it again on the same data directory and port: the service must find it without a restart.
      const restarted = await startCluster(dataDir, pg.port);
      expect(restarted.port).toBe(pg.port);
      const restartedAt = Date.now();
      await waitFor(
        'ready 200 after the restart',
        () => since(restartedAt, '/health/ready').some((s) => s.status === 200),
        20_000,
      );
      const recoveredAt = Date.now();
      await waitFor('5 samples after recovery', () => since(recoveredAt, '/v1/cases?limit=5').length >= 5, 10_000);
      expect(since(recoveredAt).filter((s) => s.status !== 200)).toEqual([]);
      expect(service.isAlive()).toBe(true);
      expect(service.child.exitCode).toBeNull();
    } finally {
      loadRunning = false;
      await load;
    }
    // Over the whole run: no 500, no reset or refused connection, only 200 and 503.
    expect(samples.filter((s) => s.status !== 200 && s.status !== 503)).toEqual([]);
    expect(service.output()).not.toMatch(/unhandled|uncaught/i);
  });
});

// ── SIGTERM drains in-flight requests ────────────────────────────────────────────────────────────────────────────

describe('SIGTERM while requests are in flight (service with its own embedded PostgreSQL)', () => {
  it('completes every in-flight request with 2xx, exits 0 and leaves no postgres behind', async () => {
    const dataDir = await drainDataDir;
    // No DATABASE_URL: the service starts (and must stop) its own PostgreSQL in PG_DATA_DIR. A pool of 2 makes the
    // 20 registrations queue, so that most of them are still running when SIGTERM arrives.
    const service = await startService('drain', {
      DATABASE_URL: undefined,
      PG_DATA_DIR: dataDir,
      BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      DB_POOL_SIZE: '2',
    });
    await service.waitReady(90_000);
    const postmasterPid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(isRunning(postmasterPid)).toBe(true);
    const key = await new Api(service.baseUrl, ADMIN_KEY).createKey('faults-clerk', ['CLERK']);

    // 20 registrations from a keep-alive client (as a load balancer holds its connections), each on its own socket.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    try {
      const inFlight = Array.from({ length: 20 }, (_, i) =>
        rawRequest(agent, `${service.baseUrl}/v1/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}` },
          body: registration({
            receivedOn: '2021-05-06',
            applicants: [
              { kind: 'NATURAL_PERSON', name: `申请人${i}`, sex: 'MALE', idNumber: residentId('19900101', i) },
            ],
          }),
        }),
      );
      // SIGTERM once every request has been written and the first answer is back: the server has read them all,
      // and with a pool of 2 most of them still wait for a database connection.
      await Promise.all(inFlight.map((r) => r.sent));
      await Promise.race(inFlight.map((r) => r.result));
      service.child.kill('SIGTERM');
      const sigtermAt = Date.now();

      const results = await Promise.allSettled(inFlight.map((r) => r.result));
      const outcomes = results.map((r) =>
        r.status === 'fulfilled' ? `${r.value.status}` : `rejected: ${(r.reason as Error).message}`,
      );
      expect(outcomes.filter((o) => !/^2\d\d$/.test(o))).toEqual([]);
      // The test only means something if requests were really in flight when the signal came.
      const finishedAfter = results.filter((r) => r.status === 'fulfilled' && r.value.finishedAt >= sigtermAt);
      expect(finishedAfter.length).toBeGreaterThanOrEqual(5);

      // Exits by itself, promptly, with 0 — even though the client keeps its (now idle) connections open.
      const exit = await service.waitExit(10_000);
      if (exit === undefined) {
        throw new Error(
          `the service was still running 10 s after SIGTERM, although every request had been answered ` +
            `(are the clients' idle keep-alive connections holding the server open?):\n${service
              .output()
              .slice(-3000)}`,
        );
      }
      expect(exit).toEqual({ code: 0, signal: null });
    } finally {
      agent.destroy();
    }

    // The embedded PostgreSQL it owned is gone: no process runs in (or names) its data directory.
    let left = processesUsing(dataDir);
    for (let i = 0; i < 100 && left.length > 0; i++) {
      await sleep(100);
      left = processesUsing(dataDir);
    }
    expect(left).toEqual([]);
    expect(isRunning(postmasterPid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false); // a clean shutdown, not a kill

    // And what was answered 201 was committed: all 20 cases are there, numbered 1…20.
    const pg = await startCluster(dataDir);
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number; max: number }>(
        'SELECT count(*)::int AS n, max(sequence) AS max FROM reconsideration_case WHERE received_year = 2021',
      );
      expect(rows[0]).toEqual({ n: 20, max: 20 });
    } finally {
      await client.end();
      await pg.stop();
    }
  });
});
