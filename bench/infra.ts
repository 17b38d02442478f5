import { randomBytes } from 'node:crypto';
/**
 * The pieces every benchmark needs: a PostgreSQL (a fresh embedded cluster in a temporary directory, or the server of
 * DATABASE_URL), one database per data size, the service and the bare baseline as child processes, an API key with
 * case roles, and the children's memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../src/database/data-source';
import { startEmbeddedPostgres, type RunningPostgres } from '../src/database/embedded-postgres';

/**
 * Throw-away personal-data keys for the services a bench run starts (an external database needs configured keys;
 * the run's data is dropped afterwards). One set per run, so every child process opens what another sealed.
 */
export const BENCH_PERSONAL_DATA_ENV = {
  PERSONAL_DATA_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  PERSONAL_DATA_INDEX_KEY: randomBytes(32).toString('base64'),
};

export const ADMIN_KEY = 'rcs_bench_admin_key_0123456789abcdef';

/** The service's "today": the calendar day in China (UTC+8, no DST), as todayInChina() computes it. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (v !== undefined) {
        args.set(k, v);
      } else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) {
        args.set(k, argv[++i]!);
      } else {
        args.set(k, 'true');
      }
    }
  }
  return args;
}

export function parseSizes(value: string | undefined, fallback: number[]): number[] {
  if (!value) {
    return fallback;
  }
  return value.split(',').map((s) => {
    const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
    if (!m) {
      throw new Error(`--sizes: not a number: ${s}`);
    }
    const mult = m[2]?.toLowerCase() === 'k' ? 1_000 : m[2]?.toLowerCase() === 'm' ? 1_000_000 : 1;
    return Math.round(Number(m[1]) * mult);
  });
}

export interface BenchDatabaseServer {
  /** URL of a maintenance database on the server (to create and drop the per-size databases). */
  adminUrl: string;
  description: string;
  embedded: boolean;
  /** The embedded server's postmaster (postgresCpuSeconds); undefined for DATABASE_URL. */
  postmasterPid?: number;
  stop(): Promise<void>;
}

/** A fresh embedded cluster (durable settings, as `npm start` runs it) in a temporary directory, or DATABASE_URL. */
export async function startDatabaseServer(
  log: (m: string) => void,
  statementStats = true,
): Promise<BenchDatabaseServer> {
  const external = process.env.DATABASE_URL;
  if (external) {
    return {
      adminUrl: external,
      description: 'external PostgreSQL (DATABASE_URL)',
      embedded: false,
      stop: async () => {},
    };
  }
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'reconsideration-bench-'));
  chmodSync(tmpDir, 0o755); // as root, PostgreSQL runs as another account that must be able to enter it
  let server: RunningPostgres;
  try {
    server = await startEmbeddedPostgres({
      dataDir: path.join(tmpDir, 'data'),
      database: 'postgres',
      ...(process.env.PG_BIN_DIR ? { binDir: process.env.PG_BIN_DIR } : {}),
    });
  } catch (error) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  }
  // Bulk loads of a million cases would otherwise checkpoint every few seconds, and pg_stat_statements counts the
  // statements each request sends; nothing else differs from npm start. Both need a restart.
  try {
    await withClient(server.url, async (c) => {
      await c.query(`ALTER SYSTEM SET max_wal_size = '8GB'`);
      if (statementStats) {
        await c.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
      }
    });
    await server.stop();
    server = await startEmbeddedPostgres({
      dataDir: path.join(tmpDir, 'data'),
      database: 'postgres',
      ...(process.env.PG_BIN_DIR ? { binDir: process.env.PG_BIN_DIR } : {}),
    });
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  }
  log(`embedded PostgreSQL ${server.version} in ${tmpDir}`);
  let stopped = false;
  return {
    adminUrl: server.url,
    description:
      `embedded PostgreSQL ${server.version} (fresh cluster, default settings but max_wal_size 8GB` +
      `${statementStats ? ', pg_stat_statements' : ''})`,
    embedded: true,
    postmasterPid: Number(readFileSync(path.join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop: async () => {
      if (stopped) {
        return;
      }
      stopped = true;
      await server.stop();
      rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Creates (or re-creates) a database on the server and migrates it; returns its URL. */
export async function createBenchDatabase(server: BenchDatabaseServer, name: string): Promise<string> {
  await withClient(server.adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  const url = databaseUrl(server.adminUrl, name);
  await runMigrations(url);
  return url;
}

export interface StatementRow {
  query: string;
  calls: number;
  totalMs: number;
  rows: number;
}

/** pg_stat_statements in this database, when the server preloads it (embedded: yes); false when unavailable. */
export async function enableStatementStats(client: Client): Promise<boolean> {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
    return true;
  } catch {
    return false;
  }
}

export async function resetStatementStats(client: Client): Promise<void> {
  await client.query('SELECT pg_stat_statements_reset()');
}

/**
 * Waits until no session of the service or the baseline is running a statement or holding a transaction open, so
 * that requests still in flight when a load run stops are not counted in the next one.
 */
export async function waitForQuiet(client: Client, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietPolls = 0;
  await new Promise((r) => setTimeout(r, 300));
  while (Date.now() < deadline && quietPolls < 3) {
    const { rows } = await client.query<{ busy: string }>(
      `SELECT count(*) AS busy FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
          AND application_name IN ('reconsideration-service', 'reconsideration-read', 'bench-baseline')
          AND state IN ('active', 'idle in transaction')`,
    );
    quietPolls = Number(rows[0]!.busy) === 0 ? quietPolls + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Statements executed in this database since the last reset (the reading session's own queries excluded). */
export async function readStatementStats(client: Client): Promise<StatementRow[]> {
  const { rows } = await client.query<{ query: string; calls: string; total: number; rows: string }>(
    `SELECT query, calls, total_exec_time AS total, rows FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT LIKE '%pg_stat_statements%'`,
  );
  return rows.map((r) => ({ query: r.query, calls: Number(r.calls), totalMs: r.total, rows: Number(r.rows) }));
}

/** Adds statement rows up by query text. */
export function addStatementRows(into: Map<string, StatementRow>, rows: StatementRow[]): void {
  for (const r of rows) {
    const prev = into.get(r.query);
    into.set(
      r.query,
      prev ? { ...prev, calls: prev.calls + r.calls, totalMs: prev.totalMs + r.totalMs, rows: prev.rows + r.rows } : r,
    );
  }
}

export async function dropBenchDatabase(server: BenchDatabaseServer, name: string): Promise<void> {
  await withClient(server.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Child {
  pid: number;
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`child exited with ${child.exitCode} before answering ${url}\n${output()}`);
    }
    try {
      const res = await fetch(url);
      if (res.status < 500) {
        return;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`no answer from ${url} within ${timeoutMs} ms\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function spawnChild(
  script: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [...nodeArgs, script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => tail };
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** The node flags of package.json's `start` script (e.g. --max-semi-space-size=4), so the bench runs what ships. */
export function startScriptNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return (pkg.scripts.start ?? '').split(/\s+/).filter((arg) => arg.startsWith('--'));
}

/** The service as `npm start` runs it (`node <start flags> dist/src/main.js`), on the given database, without rate limit. */
export async function startService(
  databaseUrlValue: string,
  extraEnv: NodeJS.ProcessEnv = {},
  nodeArgs: string[] = startScriptNodeFlags(),
): Promise<Child> {
  const port = await freePort();
  const script = path.resolve(__dirname, '../src/main.js');
  const { child, output } = spawnChild(
    script,
    {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrlValue,
      DATABASE_READ_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
      // The default level (info: a line per request), as production runs (issue 18 pt 4).
      BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      DB_MIGRATE_ON_START: 'false',
      ...BENCH_PERSONAL_DATA_ENV,
      ...extraEnv,
    },
    nodeArgs,
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = stopper(child);
  try {
    await waitForHttp(`${url}/health/live`, child, output, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid!, url, process: child, output, stop };
}

/** The bare Fastify + pg server of bench/baseline.ts. */
export async function startBaseline(databaseUrlValue: string, poolSize: number): Promise<Child> {
  const port = await freePort();
  const script = path.resolve(__dirname, 'baseline.js');
  const { child, output } = spawnChild(script, {
    ...process.env,
    NODE_ENV: 'production',
    BASELINE_DATABASE_URL: databaseUrlValue,
    BASELINE_PORT: String(port),
    BASELINE_POOL_SIZE: String(poolSize),
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = stopper(child);
  try {
    await waitForHttp(`${url}/health`, child, output, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid!, url, process: child, output, stop };
}

/** A working key with every case role and REPORTER, created through the API with the bootstrap admin key. */
export async function createWorkingKey(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: `bench-${Date.now().toString(36)}`,
      roles: ['CLERK', 'OFFICER', 'SUPERVISOR', 'REPORTER'],
    }),
  });
  const body = (await res.json()) as { key?: string };
  if (res.status !== 201 || !body.key) {
    throw new Error(`creating the working key failed: ${res.status} ${JSON.stringify(body)}`);
  }
  return body.key;
}

/** Peak (VmHWM) and current (VmRSS) resident memory of a process, in MB. */
export function memoryOf(pid: number): { peakMb: number; rssMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

/** Samples VmRSS every `everyMs` and keeps the maximum (VmHWM is kept too, as the kernel's own peak). */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  maxRssMb = 0;
  /** Maximum since the last window() call. */
  private windowMaxMb = 0;

  constructor(private readonly pid: number) {}

  start(everyMs = 250): void {
    this.timer = setInterval(() => {
      const m = memoryOf(this.pid);
      if (m && m.rssMb > this.maxRssMb) {
        this.maxRssMb = m.rssMb;
      }
      if (m && m.rssMb > this.windowMaxMb) {
        this.windowMaxMb = m.rssMb;
      }
    }, everyMs);
    this.timer.unref();
  }

  /** The largest RSS sampled since the previous call (e.g. during one scenario), then starts a new window. */
  window(): number {
    const m = memoryOf(this.pid);
    const max = Math.max(this.windowMaxMb, m?.rssMb ?? 0);
    this.windowMaxMb = 0;
    return max;
  }

  stop(): { maxRssMb: number; peakMb: number } {
    if (this.timer) {
      clearInterval(this.timer);
    }
    const m = memoryOf(this.pid);
    return { maxRssMb: Math.max(this.maxRssMb, m?.rssMb ?? 0), peakMb: m?.peakMb ?? NaN };
  }
}

export function median(values: number[]): number {
  if (values.length === 0) {
    return NaN;
  }
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function fmtCount(n: number): string {
  return n >= 1_000_000 && n % 1_000_000 === 0
    ? `${n / 1_000_000}M`
    : n >= 1000 && n % 1000 === 0
      ? `${n / 1000}k`
      : String(n);
}

/**
 * CPU seconds (user + system) used so far by one process (Linux /proc; NaN elsewhere). With postgresCpuSeconds it
 * tells where a run's time went: the service's JavaScript or the database's work.
 */
export function processCpuSeconds(pid: number): number {
  const stat = procStat(pid);
  return stat ? (stat.utime + stat.stime) / CLOCK_TICKS_PER_SECOND : NaN;
}

/**
 * CPU seconds used so far by one PostgreSQL server: its postmaster, its live backends and workers (utime + stime),
 * and what the postmaster has reaped from those that already exited (cutime + cstime). NaN without a postmaster.
 */
export function postgresCpuSeconds(postmasterPid: number | undefined): number {
  const postmaster = postmasterPid === undefined ? undefined : procStat(postmasterPid);
  if (!postmaster) {
    return NaN;
  }
  let ticks = postmaster.utime + postmaster.stime + postmaster.cutime + postmaster.cstime;
  for (const entry of readdirSafe('/proc')) {
    const stat = /^\d+$/.test(entry) ? procStat(Number(entry)) : undefined;
    if (stat?.ppid === postmaster.pid) {
      ticks += stat.utime + stat.stime;
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
const CLOCK_TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
}

/** /proc/<pid>/stat (proc(5)); the command name is in parentheses and may hold spaces. */
function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    // After ") ": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    const f = stat
      .slice(close + 2)
      .split(' ')
      .map(Number);
    return {
      pid,
      comm: stat.slice(stat.indexOf('(') + 1, close),
      ppid: f[1]!,
      utime: f[11]!,
      stime: f[12]!,
      cutime: f[13]!,
      cstime: f[14]!,
    };
  } catch {
    return undefined;
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
