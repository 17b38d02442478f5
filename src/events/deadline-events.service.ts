import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { orNullOnGap } from '../calendar/working-day-calendar';
import { todayInChina } from '../common/validation/local-date.validator';
import { Env } from '../config/env';
import type { DeadlineEventData } from './cloud-event.view';
import { DeadlineEventKind, deadlineEventType } from './event-types';
import { insertOutboxEvents } from './outbox.writer';

/** One run across all instances at a time (an arbitrary constant, distinct from the sequencer's). */
const DEADLINE_CHECK_LOCK = 1_500_000_016;
const BATCH = 500;

interface DueClock {
  case_id: string;
  clock: string;
  due_on: string;
  legal_basis: string | null;
  provisional: boolean;
  case_number: string;
  organ_id: string;
  state: string;
  version: number;
  kind: DeadlineEventKind;
}

/**
 * The scheduled deadline check (issue 15 pt 2): every DEADLINE_EVENTS_INTERVAL_SECONDS it writes a
 * `deadline.due_soon` event for each open statutory clock due within DEADLINE_DUE_SOON_WORKING_DAYS working days,
 * and a `deadline.overdue` event for each one whose last day has passed (the last day itself is still in time, as
 * the work queue counts it). It reads the stored clocks (case_deadline), which every act
 * keeps current. Once across instances: the run takes a transaction advisory lock and an instance that does not get
 * it skips the run; deadline_notice makes each (case, clock, due date, kind) announced once. Cases being changed
 * right now are skipped (SKIP LOCKED) and announced by the next run, and the share lock keeps the case's version
 * fixed while its event is written, so the event takes its place in the case's order.
 */
@Injectable()
export class DeadlineEventsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeadlineEvents');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.DEADLINE_EVENTS_INTERVAL_SECONDS > 0) {
      this.schedule(Math.min(5, this.env.DEADLINE_EVENTS_INTERVAL_SECONDS) * 1000);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    await this.running;
  }

  /** One run; returns the number of events written, or null when another instance holds the run. */
  async runOnce(today: string = todayInChina()): Promise<number | null> {
    const calendar = await this.calendar.current();
    // Without the calendar of the coming days, "due soon" cannot be told: only overdue clocks are announced.
    const until =
      orNullOnGap(calendar.tryAddWorkingDays(today, this.env.DEADLINE_DUE_SOON_WORKING_DAYS))?.dueDate ?? null;
    let written = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (m) => {
        const [lock] = await m.query<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
          DEADLINE_CHECK_LOCK,
        ]);
        if (!lock?.locked) {
          return null;
        }
        const due: DueClock[] = await m.query(
          `SELECT d.case_id, d.clock, d.due_on::text AS due_on, d.legal_basis, d.provisional,
                  c.case_number, c.organ_id, c.state, c.version, k.kind
             FROM case_deadline d
             JOIN reconsideration_case c ON c.id = d.case_id
             CROSS JOIN LATERAL (SELECT CASE WHEN d.due_on < $1::date THEN 'OVERDUE' ELSE 'DUE_SOON' END AS kind) k
            WHERE d.open AND d.due_on IS NOT NULL AND NOT d.calendar_missing
              AND d.due_on <= coalesce($2::date, $1::date - 1)
              AND NOT EXISTS (
                SELECT 1 FROM deadline_notice n
                 WHERE n.case_id = d.case_id AND n.clock = d.clock AND n.due_on = d.due_on AND n.kind = k.kind)
            ORDER BY d.case_id, d.clock
            LIMIT $3
              FOR SHARE OF c SKIP LOCKED`,
          [today, until, BATCH],
        );
        if (due.length === 0) {
          return 0;
        }
        await m.query(
          `INSERT INTO deadline_notice (case_id, clock, due_on, kind)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[]) ON CONFLICT DO NOTHING`,
          [due.map((d) => d.case_id), due.map((d) => d.clock), due.map((d) => d.due_on), due.map((d) => d.kind)],
        );
        await insertOutboxEvents(
          m,
          due.map((d) => {
            const data: DeadlineEventData = {
              caseId: d.case_id,
              caseNumber: d.case_number,
              organId: d.organ_id,
              state: d.state,
              clock: d.clock,
              dueOn: d.due_on,
              withinWorkingDays: d.kind === 'OVERDUE' ? 0 : this.env.DEADLINE_DUE_SOON_WORKING_DAYS,
              legalBasis: d.legal_basis,
              provisional: d.provisional,
            };
            return {
              type: deadlineEventType(d.kind),
              caseId: d.case_id,
              organId: d.organ_id,
              caseSeq: d.version,
              caseEventId: null,
              data,
            };
          }),
        );
        return due.length;
      });
      if (batch === null) {
        return written === 0 ? null : written;
      }
      written += batch;
      if (batch < BATCH || this.stopped) {
        return written;
      }
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      const run = this.runOnce()
        .then((count) => {
          if (count) {
            this.logger.log(`announced ${count} deadline event(s)`);
          }
        })
        .catch((error: unknown) => {
          // A database outage: the next run announces what this one could not (deadline_notice keeps them once).
          this.logger.warn({ err: error }, 'deadline check failed');
        })
        .finally(() => {
          this.running = undefined;
          this.schedule(this.env.DEADLINE_EVENTS_INTERVAL_SECONDS * 1000);
        });
      this.running = run;
    }, delayMs);
    this.timer.unref();
  }
}
