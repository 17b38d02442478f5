import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Env } from '../config/env';
import { DatabaseNotifications } from '../database/database-notifications';
import { InvalidatedCache } from '../database/invalidated-cache';
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

/** A calendar kept, notices or not, for at most this long (a safety net: the trigger's NOTIFY is what invalidates). */
const CALENDAR_MAX_AGE_MS = 10 * 60 * 1000;

/**
 * The working-day calendar as the database holds it. Built once and kept (issue 18 pt 1, 3: it was read and rebuilt
 * on every action), until the calendar_year trigger's NOTIFY tells every instance that a year changed
 * (DatabaseNotifications); while that connection is down every computation reads the table again.
 */
@Injectable()
export class CalendarService {
  private readonly cache: InvalidatedCache<'calendar', WorkingDayCalendar>;

  constructor(
    private readonly repository: CalendarRepository,
    private readonly env: Env,
    notifications: DatabaseNotifications,
  ) {
    this.cache = new InvalidatedCache(notifications, 'rcs_calendar', {
      maxAgeMs: CALENDAR_MAX_AGE_MS,
      maxEntries: 1,
    });
  }

  /**
   * The calendar every computation uses: built once, rebuilt after an edit of any year. `manager`: the caller's
   * transaction, which reads the table when the calendar must be built again, so that a transaction never waits for
   * a second pooled connection (twenty registrations holding ten connections would wait on each other).
   */
  current(manager?: EntityManager): Promise<WorkingDayCalendar> {
    return this.cache.get('calendar', () => this.load(manager));
  }

  /**
   * The calendar as `manager`'s transaction sees it, never cached: for the calendar edit itself, whose recomputation
   * must use the data it commits with.
   */
  async load(manager?: EntityManager): Promise<WorkingDayCalendar> {
    return this.build((await this.repository.allYears(manager)).map(toCalendarYear));
  }

  /** After an edit committed here: this instance forgets at once, without waiting for its own notice. */
  forget(): void {
    this.cache.clear();
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
