import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Api } from './support/http';
import { processesUsing, ServiceProcess, sleep, startService, stopAllServices } from './support/service-process';

/**
 * Issue 14 §5: the embedded PostgreSQL is watched. A real service process (`node dist/src/main.js`, no DATABASE_URL)
 * runs its own PostgreSQL; the test kills that postgres with SIGKILL, as the OOM killer would, and checks that the
 * service logs why, restarts it on the same data directory, serves again, and after one failure more than
 * EMBEDDED_PG_MAX_RESTARTS turns /health/live 503 and exits non-zero (69) for its supervisor to restart it.
 */

jest.setTimeout(120_000);

const ADMIN_KEY = 'rcs_faults-watch-admin-0123456789abcdef';
const tmpDirs: string[] = [];

afterAll(async () => {
  await stopAllServices();
  for (const dir of tmpDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** Polls until `check` holds (or the service exits); returns how long it took. */
async function until(service: ServiceProcess, what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) {
      return Date.now() - started;
    }
    if (!service.isAlive()) {
      throw new Error(`${service.name} exited while waiting for ${what}:\n${service.output().slice(-4000)}`);
    }
    await sleep(100);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${service.output().slice(-4000)}`);
}

describe('the embedded PostgreSQL dies (issue 14 §5)', () => {
  it('is restarted and the service recovers; after EMBEDDED_PG_MAX_RESTARTS it gives up: /health/live 503, exit 69', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rcs-faults-watch-'));
    fs.chmodSync(dir, 0o755); // the postgres/nobody account must enter it when we run as root
    tmpDirs.push(dir);
    const dataDir = path.join(dir, 'pgdata');
    const service = await startService('watched', {
      DATABASE_URL: undefined,
      PG_DATA_DIR: dataDir,
      BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      EMBEDDED_PG_MAX_RESTARTS: '2',
      EMBEDDED_PG_RESTART_WINDOW_SECONDS: '300',
    });
    await service.waitReady(90_000);
    const api = new Api(service.baseUrl, ADMIN_KEY);
    expect((await api.get('/v1/api-keys')).status).toBe(200);

    const live: number[] = [];
    const pids: number[] = [];
    for (let kill = 1; kill <= 2; kill++) {
      const pid = postmasterPid(dataDir);
      pids.push(pid);
      process.kill(pid, 'SIGKILL');
      // Logged with the reason, restarted, and a real request (through the pool, which reconnects) succeeds again.
      await until(service, `restart ${kill} to be logged`, async () => {
        const restarts = service.output().match(/embedded PostgreSQL restarted on port/g) ?? [];
        return restarts.length === kill;
      });
      await until(service, `a request to succeed after restart ${kill}`, async () => {
        const res = await api.get('/v1/api-keys', { timeoutMs: 3000 });
        live.push((await api.get('/health/live', { timeoutMs: 3000 })).status);
        return res.status === 200;
      });
      expect(postmasterPid(dataDir)).not.toBe(pid);
    }
    const kills = service.output().match(/embedded PostgreSQL exited unexpectedly \(killed by SIGKILL\)/g) ?? [];
    expect(kills).toHaveLength(2);
    expect(service.output()).toMatch(/restarting it \(restart 1 of the 2 allowed within 300 s\)/);
    expect(service.output()).toMatch(/restarting it \(restart 2 of the 2 allowed within 300 s\)/);
    // While it restarted, the process stayed alive: liveness is about giving up, readiness about the outage.
    expect(live.filter((status) => status !== 200)).toEqual([]);

    // One failure more than allowed: /health/live turns 503 NOT_LIVE, then the service exits 69.
    process.kill(postmasterPid(dataDir), 'SIGKILL');
    let notLive: { status: number; code: unknown } | undefined;
    while (service.isAlive() && !notLive) {
      const res = await new Api(service.baseUrl).get('/health/live', { timeoutMs: 1000 }).catch(() => undefined);
      if (res && res.status !== 200) {
        notLive = { status: res.status, code: res.body?.code };
      }
      await sleep(50);
    }
    expect(notLive).toEqual({ status: 503, code: 'NOT_LIVE' });
    expect(await service.waitExit(30_000)).toEqual({ code: 69, signal: null });
    expect(service.output()).toMatch(/giving up: the embedded PostgreSQL failed 3 times within 300 s/);
    expect(service.output()).not.toMatch(/unhandled|uncaught/i);

    // Nothing of its PostgreSQL is left running in the data directory.
    let left = processesUsing(dataDir);
    for (let i = 0; i < 100 && left.length > 0; i++) {
      await sleep(100);
      left = processesUsing(dataDir);
    }
    expect(left).toEqual([]);
  });
});
