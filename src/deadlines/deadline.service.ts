import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { canSeeOrgan, resolveOrganInScope } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { CalendarService } from '../calendar/calendar.service';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { diffDays } from '../common/local-date';
import { CaseEntity } from '../cases/case.entity';
import { ProblemException } from '../common/errors/problem.exception';
import { CursorKind, DATE_PATTERN, decodeCursor, Page, toPage } from '../common/http/pagination';

/** Queue rows sort by due date then case id + clock name. */
const QUEUE_CURSOR: CursorKind = { key: 'deadlines', sortValue: DATE_PATTERN, id: /^[0-9a-f-]{36}[A-Z_]+$/ };
import { todayInChina } from '../common/validation/local-date.validator';
import { Env } from '../config/env';
import type { WriteStep } from '../database/write-statement';
import { OrganRepository } from '../organs/organ.repository';
import { applicationPeriodInput, clockOptionsOf } from '../cases/procedure-periods.service';
import { Clock, ClockName, computeClocks } from '../workflow/clocks';
import { DeadlineRepository, QueueRow, StoredClock } from './deadline.repository';

/** One clock whose stored due date, open flag or provisional mark a recomputation changed. */
export interface ClockChange {
  clock: ClockName;
  /** Before / after: null when the clock had (or now has) no stored row. */
  dueOnBefore: string | null;
  dueOnAfter: string | null;
  provisionalBefore: boolean;
  provisionalAfter: boolean;
}

/** A case whose stored due dates a calendar edit changed. */
export interface CaseChange {
  caseId: string;
  caseNumber: string;
  clocks: ClockChange[];
}

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
    actor: Actor,
  ): Promise<{ caseId: string; asOf: string; clocks: Clock[] }> {
    const entity = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    // Another organ's case is not found, exactly like a missing one (organ scope, src/auth/organ-scope.ts).
    if (!entity || !canSeeOrgan(actor, entity.organId)) {
      throw new ProblemException('CASE_NOT_FOUND', `No case ${caseId}.`);
    }
    const date = asOf ?? todayInChina();
    return {
      caseId,
      asOf: date,
      clocks: computeClocks(
        entity.facts,
        await this.calendar.current(),
        date,
        clockOptionsOf(this.env),
        applicationPeriodInput(entity.details),
      ),
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
    return (await this.recomputeClocks(manager, entity, calendar, options)).length > 0;
  }

  /**
   * The stored due dates of a case as just changed, as steps of the act's commit statement (CaseCommitPublisher):
   * written in the statement that writes the act, so they never lag behind their anchors.
   */
  async planForCase(manager: EntityManager, entity: CaseEntity): Promise<WriteStep[]> {
    return this.deadlines.replaceSteps(entity.id, this.storedClocks(entity, await this.calendar.current(manager)));
  }

  /** As recomputeForCase for many cases of one transaction (the ledger import's batches): one calendar, one write. */
  async recomputeForCases(manager: EntityManager, entities: readonly CaseEntity[]): Promise<void> {
    if (entities.length === 0) {
      return;
    }
    const cal = await this.calendar.current(manager);
    await this.deadlines.replaceForCases(
      manager,
      entities.map((e) => e.id),
      entities.flatMap((e) => this.storedClocks(e, cal)),
    );
  }

  /** The rows case_deadline keeps of a case's clocks: every clock that has started. */
  private storedClocks(entity: CaseEntity, cal: WorkingDayCalendar): StoredClock[] {
    // Stored rows do not depend on "today" (only PAUSED/open flags and due dates are kept), so any date works here.
    const clocks = computeClocks(entity.facts, cal, entity.facts.lastActOn, clockOptionsOf(this.env));
    return clocks
      .filter((c) => c.status !== 'NOT_STARTED')
      .map((c) => ({
        caseId: entity.id,
        clock: c.clock,
        organId: entity.organId,
        dueOn: c.status === 'PAUSED' ? null : c.dueOn,
        metOn: c.metOn,
        open: c.open,
        calendarMissing: c.status === 'CALENDAR_MISSING',
        // 全国年节及纪念日放假办法: computed from a year whose notice is not loaded; recomputed when it is.
        provisional: c.provisional,
        legalBasis: c.legalBasis,
      }));
  }

  /** As recomputeForCase; with reportChange, returns the clocks whose stored row changed (else []). */
  private async recomputeClocks(
    manager: EntityManager,
    entity: CaseEntity,
    calendar?: WorkingDayCalendar,
    options: { reportChange?: boolean } = {},
  ): Promise<ClockChange[]> {
    const cal = calendar ?? (await this.calendar.current(manager));
    const rows = this.storedClocks(entity, cal);
    if (!options.reportChange) {
      // An action just stores the clocks; only a calendar edit asks whether they moved (one SELECT fewer per action).
      await this.deadlines.replaceForCase(manager, entity.id, rows);
      return [];
    }
    type Stored = {
      clock: ClockName;
      dueOn: string | null;
      open: boolean;
      calendarMissing: boolean;
      provisional: boolean;
    };
    const key = (r: Stored | undefined) => (r ? `${r.dueOn}|${r.open}|${r.calendarMissing}|${r.provisional}` : 'none');
    const before = await this.deadlines.forCase(entity.id, manager);
    await this.deadlines.replaceForCase(manager, entity.id, rows);
    const names = [...new Set<ClockName>([...before.map((r) => r.clock), ...rows.map((r) => r.clock)])];
    return names.flatMap((clock): ClockChange[] => {
      const was = before.find((r) => r.clock === clock);
      const now = rows.find((r) => r.clock === clock);
      return key(was) === key(now)
        ? []
        : [
            {
              clock,
              dueOnBefore: was?.dueOn ?? null,
              dueOnAfter: now?.dueOn ?? null,
              provisionalBefore: was?.provisional ?? false,
              provisionalAfter: now?.provisional ?? false,
            },
          ];
    });
  }

  /**
   * After a calendar edit: recompute every case whose clocks can still move or that has a provisional date, in
   * batches; returns the counts and the cases that changed (by case number).
   */
  async recomputeOpenCases(
    manager: EntityManager,
  ): Promise<{ recomputed: number; changed: number; changes: CaseChange[] }> {
    const calendar = await this.calendar.load(manager);
    let afterId: string | null = null;
    let recomputed = 0;
    let changed = 0;
    const changes: CaseChange[] = [];
    for (;;) {
      const ids = await this.deadlines.openCaseIds(manager, afterId, 500);
      if (ids.length === 0) {
        break;
      }
      for (const entity of await this.deadlines.findCases(manager, ids)) {
        recomputed += 1;
        const clocks = await this.recomputeClocks(manager, entity, calendar, { reportChange: true });
        if (clocks.length > 0) {
          changed += 1;
          changes.push({ caseId: entity.id, caseNumber: entity.caseNumber, clocks });
        }
      }
      afterId = ids[ids.length - 1] ?? null;
    }
    changes.sort((a, b) => (a.caseNumber < b.caseNumber ? -1 : a.caseNumber > b.caseNumber ? 1 : 0));
    return { recomputed, changed, changes };
  }

  /** One organ's queue; the organ is chosen within the caller's scope (resolveOrganInScope), the SQL filters by it. */
  async queue(query: QueueQuery, actor: Actor): Promise<Page<QueueRow & { calendarDaysLeft: number | null }>> {
    const organ = await resolveOrganInScope(actor, query.organId, this.organs, this.env.DEFAULT_ORGAN_CODE);
    const today = todayInChina();
    const calendar = await this.calendar.current();
    // "within" counts working days: the daily work list looks a working week ahead, holidays excluded.
    const until = query.status === 'DUE_SOON' ? calendar.addWorkingDays(today, query.within).dueDate : undefined;
    const after = decodeCursor({ ...QUEUE_CURSOR, key: `deadlines:${query.status}` }, query.cursor);
    const rows = await this.deadlines.queue({
      organId: organ.id,
      scope: actor,
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
