import type { PostgresExit, RunningPostgres } from './embedded-postgres';

export interface EmbeddedPostgresWatchOptions {
  /** Starts the server again on the same data directory and port (the pool's URL names the port). */
  restart: () => Promise<RunningPostgres>;
  /** Unexpected exits tolerated within windowMs; one more and the watch gives up. */
  maxRestarts: number;
  windowMs: number;
  log: {
    warn(message: string): void;
    error(message: string): void;
  };
  /** Called once, when the watch gives up: the service should exit non-zero so that its supervisor restarts it. */
  onGiveUp: (reason: string) => void;
  /** Pause between a failed restart attempt and the next one. */
  retryDelayMs?: number;
  now?: () => number;
}

export type EmbeddedPostgresState = 'running' | 'restarting' | 'given-up' | 'stopped';

/**
 * Issue 14 §5: the embedded PostgreSQL is the service's own child, so nobody else notices when it dies. The watch
 * logs why it exited (exit code or signal), starts it again on the same data directory and port — the pool then
 * reconnects on its own, and /health/ready answers 503 meanwhile — and counts failures (an exit or a failed restart)
 * in a sliding window. Past EMBEDDED_PG_MAX_RESTARTS within EMBEDDED_PG_RESTART_WINDOW_SECONDS something is wrong
 * that another restart will not mend (a full disk, a corrupt cluster, an OOM killer): it gives up, /health/live
 * turns 503, and main.ts exits non-zero for systemd, Docker or Kubernetes to restart the whole service.
 */
export class EmbeddedPostgresWatch {
  private server: RunningPostgres;
  private state: EmbeddedPostgresState = 'running';
  private failures: number[] = [];
  private givenUpReason: string | undefined;
  private restarting: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(
    first: RunningPostgres,
    private readonly options: EmbeddedPostgresWatchOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.server = first;
    this.follow(first);
  }

  get current(): RunningPostgres {
    return this.server;
  }

  get status(): EmbeddedPostgresState {
    return this.state;
  }

  /** For /health/live: why the service is no longer alive, or undefined while it is (restarting counts as alive). */
  failure(): string | undefined {
    return this.givenUpReason;
  }

  /** Orderly stop: no restart follows; waits for a restart in progress, then stops the server. */
  async stop(): Promise<void> {
    if (this.state !== 'given-up') {
      this.state = 'stopped';
    }
    await this.restarting;
    await this.server.stop();
  }

  private follow(server: RunningPostgres): void {
    void server.exit.then((exit) => {
      if (exit.requested || this.state !== 'running' || server !== this.server) {
        return;
      }
      this.options.log.error(`embedded PostgreSQL exited unexpectedly (${describeExit(exit)})`);
      this.restarting = this.recover();
    });
  }

  private async recover(): Promise<void> {
    this.state = 'restarting';
    for (;;) {
      if (this.state !== 'restarting' || this.countFailure()) {
        return;
      }
      this.options.log.warn(
        `embedded PostgreSQL: restarting it (restart ${this.failures.length} of the ${this.options.maxRestarts} ` +
          `allowed within ${Math.round(this.options.windowMs / 1000)} s)`,
      );
      try {
        const server = await this.options.restart();
        if (this.state !== 'restarting') {
          await server.stop(); // stopped (SIGTERM) while it was starting
          return;
        }
        this.server = server;
        this.state = 'running';
        this.follow(server);
        this.options.log.warn(`embedded PostgreSQL restarted on port ${server.port}`);
        return;
      } catch (error) {
        if (this.state !== 'restarting') {
          return;
        }
        this.options.log.error(`embedded PostgreSQL did not restart: ${(error as Error).message.split('\n')[0]}`);
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 1000));
      }
    }
  }

  /** Records a failure now; returns true (and gives up) when that is one more than the window allows. */
  private countFailure(): boolean {
    const now = this.now();
    this.failures = [...this.failures.filter((at) => now - at < this.options.windowMs), now];
    if (this.failures.length <= this.options.maxRestarts) {
      return false;
    }
    this.state = 'given-up';
    this.givenUpReason =
      `the embedded PostgreSQL failed ${this.failures.length} times within ` +
      `${Math.round(this.options.windowMs / 1000)} s (EMBEDDED_PG_MAX_RESTARTS=${this.options.maxRestarts}); ` +
      'the service is exiting so that its supervisor restarts it';
    this.options.log.error(`giving up: ${this.givenUpReason}`);
    this.options.onGiveUp(this.givenUpReason);
    return true;
  }
}

export function describeExit(exit: PostgresExit): string {
  if (exit.signal) {
    return `killed by ${exit.signal}`;
  }
  return exit.code === null ? 'no exit status' : `exit code ${exit.code}`;
}
