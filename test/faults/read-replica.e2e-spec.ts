import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { RunningPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { registration } from '../support/factories';
import { Api } from './support/http';
import { ServiceProcess, sleep, startService, stopAllServices } from './support/service-process';

/**
 * Issue 18 pt 6: a read replica for real. A primary and a streaming standby from the Debian PostgreSQL 15 binaries
 * (pg_basebackup -R: standby.signal and primary_conninfo), the service with DATABASE_URL on the primary and
 * DATABASE_READ_URL on the standby. Statistics are read on the standby (and lag visibly while its replay is paused),
 * writes go on while the standby is stopped, and after a failover (the primary killed, the standby promoted,
 * DATABASE_URL pointed at it) every write the service acknowledged is there.
 */

const BIN_DIR = process.env.PG15_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const HAVE_PG15 = fs.existsSync(path.join(BIN_DIR, 'pg_basebackup')) && fs.existsSync(path.join(BIN_DIR, 'postgres'));
const ADMIN_KEY = 'rcs_faults-read-replica-admin-0123456789';

jest.setTimeout(240_000);

/** The account PostgreSQL runs as when the tests run as root (as startEmbeddedPostgres chooses it). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  for (const name of ['postgres', 'nobody']) {
    const out = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (out.status === 0 && gid.status === 0) {
      return { uid: Number(out.stdout.trim()), gid: Number(gid.stdout.trim()) };
    }
  }
  return undefined;
}

async function scalar<T>(url: string, sql: string): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ v: T }>(sql)).rows[0]?.v as T;
  } finally {
    await c.end();
  }
}

const describeIfPg15 = HAVE_PG15 ? describe : describe.skip;

describeIfPg15('a streaming standby as DATABASE_READ_URL (PostgreSQL 15, pg_basebackup)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rcs-replica-'));
  let primary: RunningPostgres;
  let standby: RunningPostgres | undefined;
  let service: ServiceProcess;
  let staff: Api;
  let reporter: Api;
  const acknowledged: string[] = [];

  beforeAll(async () => {
    const account = runAs();
    if (account) {
      fs.chownSync(root, account.uid, account.gid);
    }
    primary = await startEmbeddedPostgres({ dataDir: path.join(root, 'primary'), binDir: BIN_DIR });
    const standbyDir = path.join(root, 'standby');
    // The embedded cluster keeps its generated credentials in the data directory, readable by this process only:
    // set aside during the base backup (which the server, as its own account, could not read), then given to both.
    const credentials = path.join(primary.dataDir, 'embedded-credentials.json');
    const aside = path.join(root, 'embedded-credentials.json');
    fs.renameSync(credentials, aside);
    // -R writes standby.signal and primary_conninfo; -X stream copies the WAL of the backup as it is taken.
    const backup = spawnSync(
      path.join(BIN_DIR, 'pg_basebackup'),
      ['-h', primary.host, '-p', String(primary.port), '-U', primary.user, '-D', standbyDir, '-R', '-X', 'stream'],
      { env: { ...process.env, PGPASSWORD: primary.password, LC_ALL: 'C' }, encoding: 'utf8', ...(account ?? {}) },
    );
    fs.copyFileSync(aside, credentials);
    if (backup.status !== 0) {
      throw new Error(`pg_basebackup failed: ${backup.stderr}`);
    }
    fs.copyFileSync(aside, path.join(standbyDir, 'embedded-credentials.json'));
    standby = await startEmbeddedPostgres({ dataDir: standbyDir, binDir: BIN_DIR });
    expect(await scalar<boolean>(standby.url, 'SELECT pg_is_in_recovery() AS v')).toBe(true);

    service = await startService('replica', {
      DATABASE_URL: primary.url,
      DATABASE_READ_URL: standby.url,
      BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    });
    await service.waitReady(90_000);
    const admin = new Api(service.baseUrl, ADMIN_KEY);
    staff = new Api(service.baseUrl, await admin.createKey('replica-staff', ['CLERK', 'OFFICER']));
    reporter = new Api(service.baseUrl, await admin.createKey('replica-reporter', ['REPORTER']));
  });

  afterAll(async () => {
    await stopAllServices();
    await standby?.stop();
    await primary?.stop().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  });

  const received2021 = async (): Promise<number> => {
    const res = await reporter.get('/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31&asOf=2021-12-31');
    expect(res.status).toBe(200);
    return (res.body as { figures: { received: number } }).figures.received;
  };

  const register = async (): Promise<string> => {
    const res = await staff.post('/v1/cases', registration({ receivedOn: '2021-05-06' }));
    expect(res.status).toBe(201);
    const id = (res.body as { id: string }).id;
    acknowledged.push(id);
    return id;
  };

  it('statistics are read on the standby: while its replay is paused they lag behind the primary, and catch up when it resumes', async () => {
    await register();
    // Replication is asynchronous: wait until the standby shows the first case.
    for (let i = 0; i < 100 && (await received2021()) < 1; i++) {
      await sleep(50);
    }
    expect(await received2021()).toBe(1);
    await scalar(standby!.url, 'SELECT pg_wal_replay_pause()::text AS v');
    await register();
    await register();
    // The primary has three; the statistics (read on the standby) still say one.
    expect(await scalar<number>(primary.url, 'SELECT count(*)::int AS v FROM reconsideration_case')).toBe(3);
    await sleep(300);
    expect(await received2021()).toBe(1);
    await scalar(standby!.url, 'SELECT pg_wal_replay_resume()::text AS v');
    let seen = 0;
    for (let i = 0; i < 100 && seen < 3; i++) {
      seen = await received2021();
      if (seen < 3) {
        await sleep(50);
      }
    }
    expect(seen).toBe(3);
  });

  it('with the standby stopped, writes go on (the primary serves them) and statistics answer 503, never 500; they come back with the standby', async () => {
    await standby!.stop();
    const id = await register();
    const accepted = await staff.act(id, 'ACCEPT', { occurredOn: '2021-05-07' }, '"1"');
    expect(accepted.status).toBe(200);
    const stats = await reporter.get('/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31&asOf=2021-12-31');
    expect(stats.status).toBe(503);
    expect(stats.contentType).toMatch(/^application\/problem\+json/);
    standby = await startEmbeddedPostgres({
      dataDir: path.join(root, 'standby'),
      binDir: BIN_DIR,
      port: standby!.port,
    });
    let seen = 0;
    for (let i = 0; i < 200 && seen < 4; i++) {
      const res = await reporter.get('/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31&asOf=2021-12-31');
      seen = res.status === 200 ? (res.body as { figures: { received: number } }).figures.received : 0;
      if (seen < 4) {
        await sleep(100);
      }
    }
    expect(seen).toBe(4);
  });

  it('failover: with synchronous replication, the primary killed during writes, the standby promoted and DATABASE_URL pointed at it, no acknowledged write is lost', async () => {
    // An acknowledged commit must be on the standby: synchronous replication for this phase (remote_apply: replayed).
    await scalar(primary.url, `ALTER SYSTEM SET synchronous_standby_names = '*'`);
    await scalar(primary.url, `ALTER SYSTEM SET synchronous_commit = 'remote_apply'`);
    await scalar(primary.url, 'SELECT pg_reload_conf()::text AS v');
    await sleep(500);
    // Ten clients register without pause until the primary dies under them.
    let killed = false;
    let failed = 0;
    const before = acknowledged.length;
    const client = async (): Promise<void> => {
      while (!killed) {
        try {
          const res = await staff.post('/v1/cases', registration({ receivedOn: '2021-05-08' }));
          if (res.status === 201) {
            acknowledged.push((res.body as { id: string }).id);
          } else {
            failed += 1;
          }
        } catch {
          failed += 1;
        }
      }
    };
    const burst = Promise.all(Array.from({ length: 10 }, client));
    await sleep(400);
    // The primary dies mid-burst (SIGKILL of the postmaster: its backends exit, no shutdown checkpoint).
    const pidLine = fs.readFileSync(path.join(root, 'primary', 'postmaster.pid'), 'utf8').split('\n')[0]!;
    process.kill(Number(pidLine), 'SIGKILL');
    await sleep(500);
    killed = true;
    await burst;
    // Some registrations were acknowledged before the kill, and some were in flight and failed (503, or the socket).
    expect(acknowledged.length - before).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    service.child.kill('SIGTERM');
    await service.waitExit(30_000);

    await scalar(standby!.url, 'SELECT pg_promote()::text AS v');
    for (let i = 0; i < 100 && (await scalar<boolean>(standby!.url, 'SELECT pg_is_in_recovery() AS v')); i++) {
      await sleep(50);
    }
    expect(await scalar<boolean>(standby!.url, 'SELECT pg_is_in_recovery() AS v')).toBe(false);
    const promoted = await startService('replica-promoted', {
      DATABASE_URL: standby!.url,
      DATABASE_READ_URL: '',
      BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    });
    await promoted.waitReady(90_000);
    const c = new Client({ connectionString: standby!.url });
    await c.connect();
    try {
      const { rows } = await c.query<{ id: string }>('SELECT id FROM reconsideration_case WHERE id = ANY($1::uuid[])', [
        acknowledged,
      ]);
      expect(rows.map((r) => r.id).sort()).toEqual([...acknowledged].sort());
    } finally {
      await c.end();
    }
    // The promoted database takes writes through the service, continuing the case numbers.
    const after = await new Api(promoted.baseUrl, ADMIN_KEY).createKey('after-failover', ['CLERK']);
    const res = await new Api(promoted.baseUrl, after).post('/v1/cases', registration({ receivedOn: '2021-05-09' }));
    expect(res.status).toBe(201);
  });
});
