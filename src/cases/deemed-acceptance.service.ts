import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { addDays } from '../common/local-date';
import { todayInChina } from '../common/validation/local-date.validator';
import { Env } from '../config/env';
import { CaseRepository } from './case.repository';
import { CaseService } from './case.service';

/**
 * L23 30 ¶3 「审查期限届满，行政复议机关未作出不予受理决定的，审查期限届满之日起视为受理」 and L17 17 ¶2: an application
 * that nobody refused within the review period is accepted by law. This job writes that act into the case's history
 * (DEEM_ACCEPTED, actor "system", dated the deemed day), so that the state, the history, the statistics (also as of a
 * past date: they count acts by their legal date) and every later subscriber see one ordinary event.
 *
 * Why an act written by a job, not a date derived at read time: the statistics rollup, the work queues and the
 * history are all kept from events in the transaction that writes them; a derived acceptance would have to be
 * re-derived in each of them, every day, for every open case. Between the review's end and the job's next run
 * (DEEMED_ACCEPTANCE_INTERVAL_SECONDS) the clocks already derive the date (computeClocks), so no deadline is wrong in
 * the gap; and an ACCEPT recorded late still gets the earlier legal date (CaseService.applyProcedural).
 *
 * A case changed in the last DEEMED_ACCEPTANCE_GRACE_SECONDS is left alone: someone is registering and recording it.
 * Several instances may run it at once: each case is taken with FOR UPDATE SKIP LOCKED and its state is checked
 * again under the lock, so the act is written once.
 */
@Injectable()
export class DeemedAcceptanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeemedAcceptance');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly cases: CaseRepository,
    private readonly service: CaseService,
    private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.DEEMED_ACCEPTANCE_INTERVAL_SECONDS > 0) {
      // A first run soon after start, then one per interval; never two runs of one instance at a time.
      this.schedule(Math.min(5, this.env.DEEMED_ACCEPTANCE_INTERVAL_SECONDS) * 1000);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    await this.running;
  }

  /**
   * One pass over the cases still awaiting the outcome of their acceptance review; returns the ids it recorded as
   * deemed accepted. `today` is China time unless a caller (a test, an operator) names the day.
   */
  async runOnce(
    today: string = todayInChina(),
    graceSeconds: number = this.env.DEEMED_ACCEPTANCE_GRACE_SECONDS,
  ): Promise<string[]> {
    const deemed: string[] = [];
    // Five working days are at least five calendar days: younger applications cannot be due yet.
    const receivedBefore = addDays(today, -5);
    let afterId: string | null = null;
    for (;;) {
      // A case changed in the last graceSeconds is being worked on (registered and recorded): left to its author.
      const ids = await this.cases.awaitingAcceptanceReview(receivedBefore, graceSeconds, afterId, 200);
      for (const id of ids) {
        if (this.stopped) {
          return deemed;
        }
        if (await this.service.deemAcceptedIfDue(id, today)) {
          deemed.push(id);
        }
      }
      if (ids.length < 200) {
        return deemed;
      }
      afterId = ids[ids.length - 1] ?? null;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      const run = this.runOnce()
        .then((ids) => {
          if (ids.length > 0) {
            this.logger.log(`recorded ${ids.length} deemed acceptance(s) (L23 30 ¶3 / L17 17 ¶2)`);
          }
        })
        .catch((error: unknown) => {
          // A database outage or a calendar gap: the next run tries again; the clocks already show the deemed date.
          // The error object, not its message: a database message can quote a value; the serializer logs codes only.
          this.logger.warn({ err: error }, 'deemed-acceptance run failed');
        })
        .finally(() => {
          this.running = undefined;
          this.schedule(this.env.DEEMED_ACCEPTANCE_INTERVAL_SECONDS * 1000);
        });
      this.running = run;
    }, delayMs);
    this.timer.unref();
  }
}
