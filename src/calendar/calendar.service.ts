import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Env } from '../config/env';
import { CalendarYear } from './calendar-year';
import { CalendarYearEntity } from './calendar-year.entity';
import { CalendarRepository } from './calendar.repository';
import { WorkingDayCalendar } from './working-day-calendar';

export function toCalendarYear(row: CalendarYearEntity): CalendarYear {
  return {
    year: row.year,
    notice: row.notice,
    amendments: row.amendments,
    restDays: row.restDays,
    makeUpWorkdays: row.makeUpWorkdays,
  };
}

/**
 * The working-day calendar as the database holds it. Loaded per computation inside the caller's transaction
 * (a few hundred rows), so that every instance sees an edit at once and a recomputation uses exactly the data it
 * commits with.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly repository: CalendarRepository,
    private readonly env: Env,
  ) {}

  async load(manager?: EntityManager): Promise<WorkingDayCalendar> {
    return this.build((await this.repository.allYears(manager)).map(toCalendarYear));
  }

  /**
   * Builds a calendar with the configured make-up-day policy (MAKE_UP_DAYS_ARE_WORKING_DAYS) and provisional-year
   * fallback (PROVISIONAL_CALENDAR); throws on bad data.
   */
  build(years: CalendarYear[]): WorkingDayCalendar {
    return new WorkingDayCalendar(years, {
      makeUpDaysAreWorkingDays: this.env.MAKE_UP_DAYS_ARE_WORKING_DAYS,
      provisionalYears: this.env.PROVISIONAL_CALENDAR,
    });
  }
}
