import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { CalendarMissingError, WorkingDayCalendar } from '../calendar/working-day-calendar';
import { diffDays } from '../calendar/local-date';
import { CaseEntity } from '../cases/case.entity';
import { ProblemException } from '../common/errors/problem.exception';
import { CursorKind, DATE_PATTERN, decodeCursor, Page, toPage } from '../common/http/pagination';

/** Queue rows sort by due date then case id + clock name. */
const QUEUE_CURSOR: CursorKind = { key: 'deadlines', sortValue: DATE_PATTERN, id: /^[0-9a-f-]{36}[A-Z_]+$/ };
import { todayInChina } from '../common/validation/local-date.validator';
import { Env } from '../config/env';
import { OrganRepository } from '../organs/organ.repository';
import { CaseFacts } from '../workflow/case-facts';
import { Clock, ClockName, ClockOptions, computeClocks } from './clocks';
import { DeadlineRepository, QueueRow } from './deadline.repository';

export interface QueueQuery {
  status: 'OVERDUE' | 'DUE_SOON' | 'CALENDAR_MISSING';
  within: number;
  clock?: ClockName;
  handler?: string;
  organId?: string;
  limit: number;
  cursor?: string;
}

@Injectable()
export class DeadlineService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineRepository,
    private readonly calendar: CalendarService,
    private readonly organs: OrganRepository,
    private readonly env: Env,
  ) {}

  /** Every clock of a case as of a date, with explanations: computed live from the case's stored facts. */
  async clocksFor(
    caseId: string,
    asOf: string | undefined,
  ): Promise<{ caseId: string; asOf: string; clocks: Clock[] }> {
    const entity = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    if (!entity) {
      throw new ProblemException('CASE_NOT_FOUND', `No case ${caseId}.`);
    }
    const date = asOf ?? todayInChina();
    return {
      caseId,
      asOf: date,
      clocks: computeClocks(entity.facts, await this.calendar.load(), date, this.clockOptions()),
    };
  }

  /**
   * Stores the case's due dates; called in the transaction of every change to the case, so stored due dates never
   * lag behind their anchors. With reportChange, returns whether any due date or open flag changed (else false).
   */
  async recomputeForCase(
    manager: EntityManager,
    entity: CaseEntity,
    calendar?: WorkingDayCalendar,
    options: { reportChange?: boolean } = {},
  ): Promise<boolean> {
    const cal = calendar ?? (await this.calendar.load(manager));
    // Stored rows do not depend on "today" (only PAUSED/open flags and due dates are kept), so any date works here.
    const clocks = computeClocks(entity.facts, cal, entity.facts.lastActOn, this.clockOptions());
    const rows = clocks
      .filter((c) => c.status !== 'NOT_STARTED')
      .map((c) => ({
        caseId: entity.id,
        clock: c.clock,
        organId: entity.organId,
        dueOn: c.status === 'PAUSED' ? null : c.dueOn,
        metOn: c.metOn,
        open: c.open,
        calendarMissing: c.status === 'CALENDAR_MISSING',
        legalBasis: c.legalBasis,
      }));
    if (!options.reportChange) {
      // An action just stores the clocks; only a calendar edit asks whether they moved (one SELECT fewer per action).
      await this.deadlines.replaceForCase(manager, entity.id, rows);
      return false;
    }
    const key = (r: { clock: string; dueOn: string | null; open: boolean; calendarMissing: boolean }) =>
      `${r.clock}|${r.dueOn}|${r.open}|${r.calendarMissing}`;
    const before = await this.deadlines.forCase(entity.id, manager);
    await this.deadlines.replaceForCase(manager, entity.id, rows);
    return before.map(key).sort().join(';') !== rows.map(key).sort().join(';');
  }

  /** The correction period's end as the CORRECTION clock computes it (R07 29: the notice; L23 31: ≥ 10 working days). */
  async correctionDueOn(manager: EntityManager, facts: CaseFacts): Promise<string | null> {
    const clocks = computeClocks(facts, await this.calendar.load(manager), facts.lastActOn, this.clockOptions());
    return clocks.find((c) => c.clock === 'CORRECTION')?.dueOn ?? null;
  }

  /** The n-th working day after `date`, or null when the calendar of a year on the way is not loaded. */
  async workingDaysAfter(manager: EntityManager, date: string, n: number): Promise<string | null> {
    try {
      return (await this.calendar.load(manager)).addWorkingDays(date, n).dueDate;
    } catch (error) {
      if (error instanceof CalendarMissingError) {
        return null;
      }
      throw error;
    }
  }

  clockOptions(): ClockOptions {
    return { l2017AcceptanceFromReceipt: this.env.L2017_ACCEPTANCE_FROM_RECEIPT };
  }

  /** After a calendar edit: recompute every case whose clocks can still move, in batches; returns counts. */
  async recomputeOpenCases(manager: EntityManager): Promise<{ recomputed: number; changed: number }> {
    const calendar = await this.calendar.load(manager);
    let afterId: string | null = null;
    let recomputed = 0;
    let changed = 0;
    for (;;) {
      const ids = await this.deadlines.openCaseIds(manager, afterId, 500);
      if (ids.length === 0) {
        break;
      }
      for (const entity of await this.deadlines.findCases(manager, ids)) {
        recomputed += 1;
        if (await this.recomputeForCase(manager, entity, calendar, { reportChange: true })) {
          changed += 1;
        }
      }
      afterId = ids[ids.length - 1] ?? null;
    }
    return { recomputed, changed };
  }

  async queue(query: QueueQuery): Promise<Page<QueueRow & { calendarDaysLeft: number | null }>> {
    const organ = query.organId
      ? await this.organs.findById(query.organId)
      : await this.organs.findByCode(this.env.DEFAULT_ORGAN_CODE);
    if (!organ) {
      throw new ProblemException('ORGAN_NOT_FOUND', `No organ ${query.organId ?? this.env.DEFAULT_ORGAN_CODE}.`);
    }
    const today = todayInChina();
    const calendar = await this.calendar.load();
    // "within" counts working days: the daily work list looks a working week ahead, holidays excluded.
    const until = query.status === 'DUE_SOON' ? calendar.addWorkingDays(today, query.within).dueDate : undefined;
    const after = decodeCursor({ ...QUEUE_CURSOR, key: `deadlines:${query.status}` }, query.cursor);
    const rows = await this.deadlines.queue({
      organId: organ.id,
      status: query.status,
      today,
      ...(until ? { until } : {}),
      ...(query.clock ? { clock: query.clock } : {}),
      ...(query.handler ? { handler: query.handler } : {}),
      limit: query.limit,
      ...(after ? { after } : {}),
    });
    const page = toPage(rows, query.limit, { ...QUEUE_CURSOR, key: `deadlines:${query.status}` }, (r) => ({
      sortValue: r.due_on ?? '0001-01-01',
      id: r.cursor_id,
    }));
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((r) => ({ ...r, calendarDaysLeft: r.due_on ? diffDays(today, r.due_on) : null })),
    };
  }
}
