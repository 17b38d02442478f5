import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Env } from '../../config/env';
import { IdempotencyRepository } from './idempotency.repository';

export interface PurgeResult {
  deleted: number;
  batches: number;
  /** True when another instance held the purge lock and this run left the work to it. */
  skipped: boolean;
}

/**
 * PIPL 19 「个人信息的保存期限应当为实现处理目的所必要的最短时间」 and 47 (deletion once the purpose is served): an
 * Idempotency-Key record exists only so that a client's retry gets the first response again; after
 * IDEMPOTENCY_TTL_HOURS it is never replayed (IdempotencyService) and this job deletes it, with the personal data in
 * its stored response.
 *
 * Every IDEMPOTENCY_PURGE_INTERVAL_SECONDS (0 = off), in batches, each its own short transaction. Several instances
 * may run it: each batch takes a transaction-scoped advisory lock, and an instance that does not get it leaves the run
 * to the one that has it; rows are taken FOR UPDATE SKIP LOCKED, so each is deleted once and a request in flight on
 * an expired key is not blocked.
 */
@Injectable()
export class IdempotencyPurgeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IdempotencyPurge');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly records: IdempotencyRepository,
    private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.IDEMPOTENCY_PURGE_INTERVAL_SECONDS > 0) {
      this.schedule(Math.min(5, this.env.IDEMPOTENCY_PURGE_INTERVAL_SECONDS) * 1000);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    await this.running;
  }

  /** Deletes every record older than the TTL, `batchSize` at a time. */
  async runOnce(batchSize = 1000, ttlHours: number = this.env.IDEMPOTENCY_TTL_HOURS): Promise<PurgeResult> {
    const result: PurgeResult = { deleted: 0, batches: 0, skipped: false };
    while (!this.stopped) {
      const deleted = await this.records.purgeExpiredBatch(ttlHours, batchSize);
      if (deleted === null) {
        result.skipped = true;
        return result;
      }
      result.batches += 1;
      result.deleted += deleted;
      if (deleted < batchSize) {
        break;
      }
    }
    return result;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      const run = this.runOnce()
        .then((result) => {
          if (result.deleted > 0) {
            this.logger.log(`deleted ${result.deleted} expired idempotency record(s) (PIPL 19)`);
          }
        })
        .catch((error: unknown) => {
          // A database outage: the next run tries again; expired records are not replayed meanwhile.
          this.logger.warn({ err: error }, 'idempotency purge failed');
        })
        .finally(() => {
          this.running = undefined;
          this.schedule(this.env.IDEMPOTENCY_PURGE_INTERVAL_SECONDS * 1000);
        });
      this.running = run;
    }, delayMs);
    this.timer.unref();
  }
}
