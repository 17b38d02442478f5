/**
 * Working-day calendar for administrative-reconsideration time limits (DOMAIN.md §2).
 *
 * Which periods are counted in working days (工作日):
 *  - L17 (行政复议法 2017) Art. 40: the "5-day" and "7-day" periods in the law are working days;
 *  - L23 (行政复议法 2023) Art. 88: the "3-day", "5-day", "7-day" and "10-day" periods are working days.
 * Working days exclude statutory holidays and follow the State Council's yearly arrangement notice
 * (调休), which is passed in as data ({@link CalendarYear}, seeded in ./seed) — never hard-coded here.
 * For a year whose notice is not loaded, the calendar falls back (policy provisionalYears) to the provisional
 * calendar of 《全国年节及纪念日放假办法》 (./provisional-calendar): weekends plus the statutory holidays, lunar
 * dates computed, no make-up days; every result that used such a day says `provisional: true`.
 *
 * Every other period is in calendar days, counted under the Civil Procedure Law rule
 * (CPL 2017 Art. 82 / CPL 2023 Art. 85): the start day is not counted; when the last day of the period
 * is a rest day (法定休假日 — statutory holiday or an ordinary weekend), the period ends on the first
 * working day after it. Time in transit (在途时间) is not part of this calculation.
 *
 * Dates are plain 'YYYY-MM-DD' strings: legal dates on the Asia/Shanghai calendar (see ./local-date).
 * Pure logic: no database, no Nest, no dependency on third-party holiday packages.
 */
import type { CalendarDayEntry, CalendarYear } from './calendar-year';
import { addDays, diffDays, isWeekend, parseLocalDate, type LocalDate, yearOf } from '../common/local-date';
import { PROVISIONAL_RANGE, provisionalCalendarYear } from './provisional-calendar';

export type { CalendarDayEntry, CalendarYear } from './calendar-year';
export type { LocalDate } from '../common/local-date';

/**
 * Counting policy. Whether a make-up Saturday/Sunday (调休上班日) counts as a working day for legal
 * time limits is not settled law (DOMAIN.md §2 [unverified]), so it is configurable.
 */
export interface WorkingDayPolicy {
  /** true (default): a make-up weekend day is a working day; false: it stays a rest day. */
  makeUpDaysAreWorkingDays: boolean;
  /**
   * true (default): a year without loaded data uses the provisional calendar of 《全国年节及纪念日放假办法》
   * (PROVISIONAL_CALENDAR); false: such a year throws {@link CalendarMissingError}.
   */
  provisionalYears: boolean;
}

export const DEFAULT_WORKING_DAY_POLICY: Readonly<WorkingDayPolicy> = Object.freeze({
  makeUpDaysAreWorkingDays: true,
  provisionalYears: true,
});

/** Thrown when a computation needs a year for which no State Council calendar has been loaded. */
export class CalendarMissingError extends Error {
  readonly code = 'CALENDAR_MISSING' as const;

  constructor(
    readonly year: number,
    readonly date?: string,
  ) {
    super(
      `No working-day calendar for ${year}${date ? ` (needed for ${date})` : ''}: ` +
        `load the State Council holiday notice for ${year} before computing time limits that reach it`,
    );
    this.name = 'CalendarMissingError';
  }
}

/**
 * A computation that reached a year with no calendar: returned, not thrown, by the `try…` methods (issue 18 pt 3),
 * so that the clocks, which meet such years every December, never use an exception as control flow.
 */
export interface CalendarGap {
  readonly missingYear: number;
  /** The first date whose year has no calendar. */
  readonly date: LocalDate;
}

export function isCalendarGap(value: unknown): value is CalendarGap {
  return typeof value === 'object' && value !== null && 'missingYear' in value;
}

/** The value, or the CalendarMissingError a caller that prefers throwing expects. */
export function orThrowCalendarMissing<T>(value: T | CalendarGap): T {
  if (isCalendarGap(value)) {
    throw new CalendarMissingError(value.missingYear, value.date);
  }
  return value;
}

/** The value, or null where the calendar of a year on the way is missing. */
export function orNullOnGap<T>(value: T | CalendarGap): T | null {
  return isCalendarGap(value) ? null : value;
}

/** Thrown by the constructor when the year data is inconsistent. */
export class InvalidCalendarDataError extends Error {
  readonly code = 'CALENDAR_DATA_INVALID' as const;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidCalendarDataError';
  }
}

export type DayKind =
  /** Monday–Friday that is not a holiday rest day. */
  | 'WORKDAY'
  /** Saturday/Sunday declared a working day (调休上班). */
  | 'MAKE_UP_WORKDAY'
  /** Ordinary Saturday/Sunday. */
  | 'WEEKEND'
  /** Statutory holiday rest day (including weekend days inside the holiday block). */
  | 'HOLIDAY';

export interface DayInfo {
  date: LocalDate;
  kind: DayKind;
  /** Whether the day counts as a working day under this calendar's policy. */
  isWorkingDay: boolean;
  /** Festival name for HOLIDAY and MAKE_UP_WORKDAY days. */
  holiday?: string;
  /** Set when the year has no loaded notice and the day comes from the provisional calendar. */
  provisional?: true;
}

/** Present on a result only when it used a day of a provisional year. */
export interface ProvisionalMark {
  provisional?: true;
  /** The provisional years whose days the result used, ascending. */
  provisionalYears?: number[];
}

export interface SkippedDay {
  date: LocalDate;
  reason: 'WEEKEND' | 'HOLIDAY';
  /** Festival name when reason is HOLIDAY. */
  holiday?: string;
  /**
   * Set when the day is a make-up weekend day (调休上班) skipped because the policy
   * makeUpDaysAreWorkingDays is false; value = the festival it was declared for.
   */
  makeUpWorkdayFor?: string;
}

export interface AddWorkingDaysResult extends ProvisionalMark {
  dueDate: LocalDate;
  /** Non-working days passed over between the start (exclusive) and the due date, in walking order. */
  skipped: SkippedDay[];
}

export interface AddCalendarDaysResult extends ProvisionalMark {
  /** Last day of the period after rolling forward over rest days. */
  dueDate: LocalDate;
  /** start + n calendar days. */
  nominalDueDate: LocalDate;
  /** dueDate − nominalDueDate, in calendar days (0 when the nominal day is a working day). */
  rolledForwardDays: number;
  /** The rest days rolled over (starting with the nominal due date), empty when not rolled. */
  skipped: SkippedDay[];
}

export interface WorkingDaysBetweenResult extends ProvisionalMark {
  /** As {@link WorkingDayCalendar.workingDaysBetween}. */
  days: number;
}

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`${what} must be an integer, got ${n}`);
  }
}

export class WorkingDayCalendar {
  readonly policy: Readonly<WorkingDayPolicy>;
  private readonly years = new Map<number, CalendarYear>();
  private readonly restDays = new Map<LocalDate, CalendarDayEntry>();
  private readonly makeUpWorkdays = new Map<LocalDate, CalendarDayEntry>();
  /** Rest days of provisional years, filled on first use (the year data itself is memoised in provisional-calendar). */
  private readonly provisionalRestDays = new Map<number, Map<LocalDate, CalendarDayEntry>>();

  /**
   * @param data one entry per year (e.g. CALENDAR_SEED plus rows the office has added).
   *   Entries are indexed by date, so a notice may also declare a day of the adjacent year
   *   (e.g. a 31 December make-up day); coverage is by each entry's `year`.
   * @param policy see {@link WorkingDayPolicy}; defaults to make-up days being working days.
   */
  constructor(data: readonly CalendarYear[], policy: Partial<WorkingDayPolicy> = {}) {
    this.policy = Object.freeze({ ...DEFAULT_WORKING_DAY_POLICY, ...policy });
    for (const y of data) {
      assertInteger(y.year, 'Calendar year');
      if (this.years.has(y.year)) {
        throw new InvalidCalendarDataError(`Duplicate calendar data for ${y.year}`);
      }
      this.years.set(y.year, y);
    }
    for (const y of data) {
      for (const e of y.restDays) {
        this.index(this.restDays, e, y.year, 'rest day');
      }
      for (const e of y.makeUpWorkdays) {
        this.index(this.makeUpWorkdays, e, y.year, 'make-up workday');
        if (!isWeekend(e.date)) {
          throw new InvalidCalendarDataError(`${y.year}: make-up workday ${e.date} is not a Saturday or Sunday`);
        }
      }
    }
    for (const date of this.restDays.keys()) {
      if (this.makeUpWorkdays.has(date)) {
        throw new InvalidCalendarDataError(`${date} is listed both as a rest day and as a make-up workday`);
      }
    }
  }

  private index(map: Map<LocalDate, CalendarDayEntry>, e: CalendarDayEntry, year: number, what: string): void {
    try {
      parseLocalDate(e.date);
    } catch {
      throw new InvalidCalendarDataError(`${year}: invalid ${what} date ${JSON.stringify(e.date)}`);
    }
    if (map.has(e.date)) {
      throw new InvalidCalendarDataError(`${year}: ${what} ${e.date} listed twice`);
    }
    map.set(e.date, e);
  }

  /** Years with loaded data, ascending. */
  coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  /** The loaded data for a year (notice title etc.), or undefined. */
  yearData(year: number): CalendarYear | undefined {
    return this.years.get(year);
  }

  /** Whether `year` has no loaded data and is served by the provisional calendar under this policy. */
  isProvisionalYear(year: number): boolean {
    return (
      !this.years.has(year) &&
      this.policy.provisionalYears &&
      year >= PROVISIONAL_RANGE.from &&
      year <= PROVISIONAL_RANGE.to
    );
  }

  /**
   * Classifies a date. A year without data uses the provisional calendar when the policy allows it (the DayInfo
   * then says `provisional: true`); otherwise — or outside the provisional range — throws
   * {@link CalendarMissingError}. There is deliberately no fallback to "weekends only", which would silently
   * give wrong deadlines.
   */
  describeDay(date: LocalDate): DayInfo {
    return orThrowCalendarMissing(this.tryDescribeDay(date));
  }

  /** As describeDay, with a year without calendar returned as a CalendarGap. */
  tryDescribeDay(date: LocalDate): DayInfo | CalendarGap {
    const year = yearOf(date);
    if (!this.years.has(year)) {
      if (!this.isProvisionalYear(year)) {
        return { missingYear: year, date };
      }
      return this.describeProvisionalDay(date, year);
    }
    const rest = this.restDays.get(date);
    if (rest) {
      return { date, kind: 'HOLIDAY', isWorkingDay: false, holiday: rest.holiday };
    }
    const makeUp = this.makeUpWorkdays.get(date);
    if (makeUp) {
      return {
        date,
        kind: 'MAKE_UP_WORKDAY',
        isWorkingDay: this.policy.makeUpDaysAreWorkingDays,
        holiday: makeUp.holiday,
      };
    }
    if (isWeekend(date)) {
      return { date, kind: 'WEEKEND', isWorkingDay: false };
    }
    return { date, kind: 'WORKDAY', isWorkingDay: true };
  }

  private describeProvisionalDay(date: LocalDate, year: number): DayInfo {
    let rest = this.provisionalRestDays.get(year);
    if (!rest) {
      rest = new Map(provisionalCalendarYear(year).restDays.map((e) => [e.date, e]));
      this.provisionalRestDays.set(year, rest);
    }
    const holiday = rest.get(date);
    if (holiday) {
      return { date, kind: 'HOLIDAY', isWorkingDay: false, holiday: holiday.holiday, provisional: true };
    }
    return isWeekend(date)
      ? { date, kind: 'WEEKEND', isWorkingDay: false, provisional: true }
      : { date, kind: 'WORKDAY', isWorkingDay: true, provisional: true };
  }

  /**
   * A Monday–Friday that is not a statutory holiday rest day, or a make-up weekend day (调休上班)
   * when the policy counts those. Throws {@link CalendarMissingError} for years without data.
   */
  isWorkingDay(date: LocalDate): boolean {
    return this.describeDay(date).isWorkingDay;
  }

  /**
   * Working-day periods (L17 Art. 40; L23 Art. 88): the n-th working day after `start`; the start
   * day itself is not counted. A negative n counts backwards (the |n|-th working day before start,
   * e.g. "notify 5 working days before the hearing"); n = 0 returns start unchanged.
   */
  addWorkingDays(start: LocalDate, n: number): AddWorkingDaysResult {
    return orThrowCalendarMissing(this.tryAddWorkingDays(start, n));
  }

  /** As addWorkingDays, with a year without calendar on the way returned as a CalendarGap. */
  tryAddWorkingDays(start: LocalDate, n: number): AddWorkingDaysResult | CalendarGap {
    parseLocalDate(start);
    assertInteger(n, 'Number of working days');
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let date = start;
    const skipped: SkippedDay[] = [];
    const provisional = new Set<number>();
    while (remaining > 0) {
      date = addDays(date, step);
      const info = this.tryDescribeDay(date);
      if (isCalendarGap(info)) {
        return info;
      }
      if (info.provisional) {
        provisional.add(yearOf(date));
      }
      if (info.isWorkingDay) {
        remaining -= 1;
      } else {
        skipped.push(toSkipped(info));
      }
    }
    return { dueDate: date, skipped, ...provisionalMark(provisional) };
  }

  /**
   * Calendar-day periods (CPL 2017 Art. 82 / CPL 2023 Art. 85): the start day is not counted, so the
   * nominal last day is start + n; if that day is a rest day (statutory holiday, or a weekend that is
   * not a make-up working day under this policy) the period ends on the next working day.
   * Only the days from the nominal due date onward need calendar data.
   */
  addCalendarDays(start: LocalDate, n: number): AddCalendarDaysResult {
    return orThrowCalendarMissing(this.tryAddCalendarDays(start, n));
  }

  /** As addCalendarDays, with a year without calendar on the way returned as a CalendarGap. */
  tryAddCalendarDays(start: LocalDate, n: number): AddCalendarDaysResult | CalendarGap {
    parseLocalDate(start);
    assertInteger(n, 'Number of calendar days');
    if (n < 0) {
      throw new RangeError(`Number of calendar days must not be negative, got ${n}`);
    }
    const nominalDueDate = addDays(start, n);
    let dueDate = nominalDueDate;
    const skipped: SkippedDay[] = [];
    const provisional = new Set<number>();
    for (let info = this.tryDescribeDay(dueDate); ; info = this.tryDescribeDay(dueDate)) {
      if (isCalendarGap(info)) {
        return info;
      }
      if (info.provisional) {
        provisional.add(yearOf(dueDate));
      }
      if (info.isWorkingDay) {
        break;
      }
      skipped.push(toSkipped(info));
      dueDate = addDays(dueDate, 1);
    }
    return {
      dueDate,
      nominalDueDate,
      rolledForwardDays: diffDays(nominalDueDate, dueDate),
      skipped,
      ...provisionalMark(provisional),
    };
  }

  /**
   * Working days in the interval (from, to] — exclusive of `from`, inclusive of `to` — so that
   * workingDaysBetween(s, addWorkingDays(s, n).dueDate) === n. Negative when to < from.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    return this.countWorkingDays(from, to).days;
  }

  /** As workingDaysBetween, with a year without calendar in the interval returned as a CalendarGap. */
  tryWorkingDaysBetween(from: LocalDate, to: LocalDate): number | CalendarGap {
    const counted = this.tryCountWorkingDays(from, to);
    return isCalendarGap(counted) ? counted : counted.days;
  }

  /** {@link workingDaysBetween} with the provisional mark: says whether a day counted came from a provisional year. */
  countWorkingDays(from: LocalDate, to: LocalDate): WorkingDaysBetweenResult {
    return orThrowCalendarMissing(this.tryCountWorkingDays(from, to));
  }

  tryCountWorkingDays(from: LocalDate, to: LocalDate): WorkingDaysBetweenResult | CalendarGap {
    const span = diffDays(from, to);
    if (span < 0) {
      const reverse = this.tryCountWorkingDays(to, from);
      return isCalendarGap(reverse) ? reverse : { ...reverse, days: -reverse.days };
    }
    let count = 0;
    const provisional = new Set<number>();
    for (let i = 1; i <= span; i++) {
      const date = addDays(from, i);
      const info = this.tryDescribeDay(date);
      if (isCalendarGap(info)) {
        return info;
      }
      if (info.provisional) {
        provisional.add(yearOf(date));
      }
      if (info.isWorkingDay) {
        count += 1;
      }
    }
    return { days: count, ...provisionalMark(provisional) };
  }

  /** Calendar days from `from` to `to` (to − from; negative when to < from). Needs no calendar data. */
  calendarDaysBetween(from: LocalDate, to: LocalDate): number {
    return diffDays(from, to);
  }
}

function provisionalMark(years: Set<number>): ProvisionalMark {
  return years.size === 0 ? {} : { provisional: true, provisionalYears: [...years].sort((a, b) => a - b) };
}

function toSkipped(info: DayInfo): SkippedDay {
  if (info.kind === 'HOLIDAY') {
    return info.holiday === undefined
      ? { date: info.date, reason: 'HOLIDAY' }
      : { date: info.date, reason: 'HOLIDAY', holiday: info.holiday };
  }
  if (info.kind === 'MAKE_UP_WORKDAY' && info.holiday !== undefined) {
    return { date: info.date, reason: 'WEEKEND', makeUpWorkdayFor: info.holiday };
  }
  return { date: info.date, reason: 'WEEKEND' };
}
