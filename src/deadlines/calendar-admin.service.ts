import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/roles';
import { CalendarYearEntity } from '../calendar/calendar-year.entity';
import { PutCalendarYearDto } from '../calendar/calendar.dto';
import { CalendarRepository } from '../calendar/calendar.repository';
import { CalendarService, toCalendarYear } from '../calendar/calendar.service';
import { InvalidCalendarDataError } from '../calendar/working-day-calendar';
import { ProblemException } from '../common/errors/problem.exception';
import { CaseChange, DeadlineService } from './deadline.service';

/**
 * Edits of the working-day calendar. The next year's State Council notice arrives every November; saving it
 * recomputes the stored due dates of every open case in the same transaction, so queues never show dates computed
 * from an old calendar, and the number of cases that changed is recorded (calendar_change) and returned with the list
 * of those cases. Loading the notice of a year that was computed provisionally (全国年节及纪念日放假办法) is such an
 * edit: every case with a provisional due date is recomputed and, if anything moved or firmed up, listed.
 */
@Injectable()
export class CalendarAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: CalendarRepository,
    private readonly calendar: CalendarService,
    private readonly deadlines: DeadlineService,
  ) {}

  async years(): Promise<number[]> {
    return (await this.repository.allYears()).map((y) => y.year);
  }

  async get(year: number): Promise<CalendarYearEntity> {
    const row = await this.repository.findYear(year);
    if (!row) {
      throw new ProblemException(
        'CALENDAR_MISSING',
        `No calendar loaded for ${year}; an admin can PUT /v1/calendar/${year}.`,
      );
    }
    return row;
  }

  async put(
    year: number,
    dto: PutCalendarYearDto,
    actor: Actor,
  ): Promise<{ row: CalendarYearEntity; recomputed: number; changed: number; changes: CaseChange[] }> {
    const data = {
      year,
      notice: dto.notice,
      amendments: dto.amendments ?? [],
      restDays: dto.restDays,
      makeUpWorkdays: dto.makeUpWorkdays,
    };
    const foreign = [...dto.restDays, ...dto.makeUpWorkdays].find((d) => !d.date.startsWith(`${year}-`));
    if (foreign) {
      throw new ProblemException(
        'CALENDAR_DATA_INVALID',
        `${foreign.date} is not in ${year}; record it under its own year.`,
      );
    }
    const result = await this.dataSource.transaction(async (m) => {
      await this.repository.lockCalendar(m);
      const others = (await this.repository.allYears(m)).filter((y) => y.year !== year).map(toCalendarYear);
      try {
        this.calendar.build([...others, data]); // validates: dates in the year, weekends only as make-up days, no overlaps
      } catch (error) {
        if (error instanceof InvalidCalendarDataError) {
          throw new ProblemException('CALENDAR_DATA_INVALID', error.message);
        }
        throw error;
      }
      await this.repository.upsertYear(m, { ...data, updatedBy: actor.keyName });
      const { recomputed, changed, changes } = await this.deadlines.recomputeOpenCases(m);
      await this.repository.recordChange(m, {
        year,
        changedBy: actor.keyName,
        recomputedCases: recomputed,
        changedCases: changed,
      });
      const row = (await m.getRepository(CalendarYearEntity).findOneBy({ year })) as CalendarYearEntity;
      return { row, recomputed, changed, changes };
    });
    // The other instances learn of it from the calendar_year trigger's NOTIFY; this one forgets at once.
    this.calendar.forget();
    return result;
  }
}
