import type { PostgresExit, RunningPostgres } from './embedded-postgres';
import { EmbeddedPostgresWatch, EmbeddedPostgresWatchOptions } from './embedded-postgres-watch';

/** A stand-in server whose death the test decides; the real one is killed in test/faults/embedded-postgres.e2e-spec.ts. */
function fakeServer(port = 5555): RunningPostgres & { die(exit?: Partial<PostgresExit>): void } {
  let resolveExit: (exit: PostgresExit) => void = () => undefined;
  const exit = new Promise<PostgresExit>((resolve) => (resolveExit = resolve));
  return {
    url: `postgres://u:p@127.0.0.1:${port}/db`,
    host: '127.0.0.1',
    port,
    user: 'u',
    password: 'p',
    database: 'db',
    version: '17',
    dataDir: '/tmp/x',
    exit,
    stop: jest.fn(async () => resolveExit({ code: 0, signal: null, requested: true })),
    die: (e = {}) => resolveExit({ code: null, signal: 'SIGKILL', requested: false, ...e }),
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(overrides: Partial<EmbeddedPostgresWatchOptions> = {}) {
  const servers = [fakeServer()];
  const logs: string[] = [];
  let clock = 0;
  const onGiveUp = jest.fn();
  const restart = jest.fn(async () => {
    const next = fakeServer();
    servers.push(next);
    return next;
  });
  const watch = new EmbeddedPostgresWatch(servers[0] as RunningPostgres, {
    restart,
    maxRestarts: 2,
    windowMs: 300_000,
    log: { warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
    onGiveUp,
    retryDelayMs: 1,
    now: () => clock,
    ...overrides,
  });
  return {
    watch,
    servers,
    logs,
    restart,
    onGiveUp,
    tick: (ms: number) => (clock += ms),
    last: () => servers[servers.length - 1] as ReturnType<typeof fakeServer>,
  };
}

describe('the embedded PostgreSQL watch (issue 14 §5)', () => {
  it('logs why the server died and restarts it; /health/live stays up meanwhile', async () => {
    const s = setup();
    s.last().die({ signal: 'SIGKILL' });
    await flush();
    await flush();
    expect(s.restart).toHaveBeenCalledTimes(1);
    expect(s.logs[0]).toBe('error embedded PostgreSQL exited unexpectedly (killed by SIGKILL)');
    expect(s.logs).toContain('warn embedded PostgreSQL restarted on port 5555');
    expect(s.watch.status).toBe('running');
    expect(s.watch.current).toBe(s.servers[1]);
    expect(s.watch.failure()).toBeUndefined();
    expect(s.onGiveUp).not.toHaveBeenCalled();
  });

  it('reports an exit code too', async () => {
    const s = setup();
    s.last().die({ signal: null, code: 1 });
    await flush();
    expect(s.logs[0]).toBe('error embedded PostgreSQL exited unexpectedly (exit code 1)');
  });

  it('gives up after EMBEDDED_PG_MAX_RESTARTS + 1 failures within the window: liveness fails, onGiveUp once', async () => {
    const s = setup();
    for (let i = 0; i < 2; i++) {
      s.last().die();
      await flush();
      await flush();
      s.tick(1000);
    }
    expect(s.restart).toHaveBeenCalledTimes(2);
    expect(s.watch.failure()).toBeUndefined();
    s.last().die();
    await flush();
    expect(s.restart).toHaveBeenCalledTimes(2);
    expect(s.watch.status).toBe('given-up');
    expect(s.watch.failure()).toMatch(/failed 3 times within 300 s/);
    expect(s.onGiveUp).toHaveBeenCalledTimes(1);
  });

  it('failures older than the window are forgotten', async () => {
    const s = setup();
    for (let i = 0; i < 5; i++) {
      s.last().die();
      await flush();
      await flush();
      s.tick(200_000);
    }
    expect(s.restart).toHaveBeenCalledTimes(5);
    expect(s.onGiveUp).not.toHaveBeenCalled();
  });

  it('a restart that fails counts as a failure and is retried until the limit', async () => {
    const s = setup();
    s.restart.mockRejectedValue(new Error('Embedded PostgreSQL failed to start: disk full\n--- server log ---'));
    s.last().die();
    for (let i = 0; i < 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(s.restart).toHaveBeenCalledTimes(2);
    expect(s.logs).toContain(
      'error embedded PostgreSQL did not restart: Embedded PostgreSQL failed to start: disk full',
    );
    expect(s.onGiveUp).toHaveBeenCalledTimes(1);
  });

  it('an orderly stop is no failure: no restart', async () => {
    const s = setup();
    await s.watch.stop();
    await flush();
    expect(s.restart).not.toHaveBeenCalled();
    expect(s.watch.status).toBe('stopped');
    expect(s.watch.failure()).toBeUndefined();
  });

  it('EMBEDDED_PG_MAX_RESTARTS=0 gives up at the first failure', async () => {
    const s = setup({ maxRestarts: 0 });
    s.last().die();
    await flush();
    expect(s.restart).not.toHaveBeenCalled();
    expect(s.onGiveUp).toHaveBeenCalledTimes(1);
  });
});
