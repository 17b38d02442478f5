import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { TEST_PERSONAL_DATA_ENV } from '../../support/test-keys';

/**
 * Real service processes for the fault tests: `node dist/src/main.js` as a child, on loopback only, with its output
 * kept (bounded) for failure messages. Every process started here is remembered so that afterAll can kill what is
 * still running (stopAllServices) — a failed test never leaves a service behind.
 */

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** FAULTS_MAIN_JS runs another build of the service (e.g. a patched copy, to check a fix); default: this checkout's. */
export const MAIN_JS = process.env.FAULTS_MAIN_JS ?? path.join(REPO_ROOT, 'dist', 'src', 'main.js');
export const HOST = '127.0.0.1';

const OUTPUT_LIMIT = 200_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  name: string;
  port: number;
  baseUrl: string;
  child: ChildProcess;
  pid: number;
  /** Everything the process wrote to stdout and stderr (the last OUTPUT_LIMIT characters). */
  output(): string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<Exit>;
  isAlive(): boolean;
  /** Polls GET /health/ready until 200; fails early if the process exits, and after timeoutMs. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** Resolves with the exit, or undefined if the process is still running after timeoutMs. */
  waitExit(timeoutMs: number): Promise<Exit | undefined>;
}

const started = new Set<ServiceProcess>();

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function newestSource(dir: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(full)
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
        ? { file: full, mtimeMs: fs.statSync(full).mtimeMs }
        : undefined;
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) {
      newest = candidate;
    }
  }
  return newest;
}

let checked = false;

/**
 * The built service must exist and be newer than the sources: these tests run `node dist/src/main.js`, and a stale
 * build would test old code. `npm run test:faults` builds first.
 */
export function assertBuilt(): void {
  if (checked) {
    return;
  }
  if (!fs.existsSync(MAIN_JS)) {
    throw new Error(`${MAIN_JS} is missing: run "npm run build" first (npm run test:faults does).`);
  }
  if (!process.env.FAULTS_MAIN_JS) {
    const built = fs.statSync(MAIN_JS).mtimeMs;
    const newest = [newestSource(path.join(REPO_ROOT, 'src')), newestSource(path.join(REPO_ROOT, 'migrations'))]
      .filter((n): n is { file: string; mtimeMs: number } => n !== undefined)
      .sort((x, y) => y.mtimeMs - x.mtimeMs)[0];
    if (newest && newest.mtimeMs > built) {
      throw new Error(
        `${MAIN_JS} is older than ${path.relative(REPO_ROOT, newest.file)}: run "npm run build" first ` +
          `(npm run test:faults does), so that the processes under test run the current code.`,
      );
    }
  }
  checked = true;
}

/**
 * Starts `node dist/src/main.js`. The environment is built from scratch (no DATABASE_URL, PG_DATA_DIR or keys leak
 * in from the test runner): only PATH/HOME/TMPDIR/PG_BIN_DIR are inherited, plus `env`. An undefined value omits
 * the variable.
 */
export async function startService(name: string, env: Record<string, string | undefined>): Promise<ServiceProcess> {
  assertBuilt();
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const childEnv: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'PG_BIN_DIR']) {
    const value = process.env[key];
    if (value !== undefined) {
      childEnv[key] = value;
    }
  }
  Object.assign(childEnv, {
    NODE_ENV: 'test',
    HOST,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    DOCS_ENABLED: 'false',
    // The fault scenarios act on past-dated cases at their own pace; the deemed-acceptance job (tested in
    // test/procedure) would accept them underneath. A scenario may turn it on through `env`.
    DEEMED_ACCEPTANCE_INTERVAL_SECONDS: '0',
    // Fixed personal-data keys (the external test database would refuse to start without; no key file is written).
    ...TEST_PERSONAL_DATA_ENV,
  });
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) {
      delete childEnv[key];
    } else {
      childEnv[key] = value;
    }
  }
  const child = spawn(process.execPath, [MAIN_JS], {
    cwd: REPO_ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    throw new Error(`${name}: could not spawn ${MAIN_JS}`);
  }
  let output = '';
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const baseUrl = `http://${HOST}:${port}`;
  const service: ServiceProcess = {
    name,
    port,
    baseUrl,
    child,
    pid: child.pid,
    output: () => output,
    exited,
    isAlive: () => exit === undefined,
    async waitReady(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last = 'no answer yet';
      while (Date.now() < deadline) {
        if (exit) {
          throw new Error(`${name} exited (${JSON.stringify(exit)}) before it was ready:\n${output.slice(-4000)}`);
        }
        try {
          const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(3000) });
          await res.arrayBuffer();
          if (res.status === 200) {
            return;
          }
          last = `HTTP ${res.status}`;
        } catch (error) {
          last = (error as Error).message;
        }
        await sleep(100);
      }
      throw new Error(`${name} not ready within ${timeoutMs} ms (${last}):\n${output.slice(-4000)}`);
    },
    async waitExit(timeoutMs: number) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), timeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  started.add(service);
  return service;
}

/** afterAll: SIGKILL every service this file started that still runs, and wait (bounded) until each has gone. */
export async function stopAllServices(): Promise<void> {
  const running = [...started].filter((s) => s.isAlive());
  for (const service of running) {
    service.child.kill('SIGKILL');
  }
  await Promise.all(running.map((s) => s.waitExit(10_000)));
  started.clear();
}

/**
 * Live processes whose command line mentions `dir` or whose working directory is `dir`: a postmaster runs with
 * `-D <dataDir>`, and it and all its children (whose titles read "postgres: checkpointer" …) chdir into the data
 * directory. Read from /proc; zombies do not count (they run nothing and hold no port or file).
 */
export function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) {
      continue;
    }
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') {
        continue;
      }
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      let cwd = '';
      try {
        cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // Not ours to inspect.
      }
      if (cwd === dir || cmdline.includes(dir)) {
        pids.push(Number(entry));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
