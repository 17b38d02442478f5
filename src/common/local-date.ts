/**
 * Plain calendar dates ('YYYY-MM-DD') for legal time limits.
 *
 * A legal date is a day on the Asia/Shanghai calendar, not an instant. These helpers never touch
 * the process time zone: internally a date is mapped to a whole number of days since 1970-01-01
 * using UTC arithmetic only, so results do not depend on TZ or daylight-saving rules.
 */

/** A date string in the form 'YYYY-MM-DD' (e.g. '2021-10-08'). */
export type LocalDate = string;

const MS_PER_DAY = 86_400_000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export class InvalidLocalDateError extends Error {
  readonly code = 'INVALID_DATE' as const;

  constructor(readonly value: unknown) {
    super(`Invalid date ${JSON.stringify(value)}: expected an existing calendar date in the form YYYY-MM-DD`);
    this.name = 'InvalidLocalDateError';
  }
}

export interface LocalDateParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

function utcDate(year: number, month: number, day: number): Date {
  const d = new Date(0);
  // setUTCFullYear (unlike Date.UTC) does not map years 0–99 onto 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  return d;
}

/** Parses and validates a 'YYYY-MM-DD' string; rejects impossible dates such as '2021-02-30'. */
export function parseLocalDate(value: string): LocalDateParts {
  if (typeof value !== 'string') {
    throw new InvalidLocalDateError(value);
  }
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) {
    throw new InvalidLocalDateError(value);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const d = utcDate(year, month, day);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    throw new InvalidLocalDateError(value);
  }
  return { year, month, day };
}

/** True when `value` is a valid 'YYYY-MM-DD' date. */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') {
    return false;
  }
  try {
    parseLocalDate(value);
    return true;
  } catch {
    return false;
  }
}

/** Formats date parts as 'YYYY-MM-DD' (validating them). */
export function formatLocalDate(parts: LocalDateParts): LocalDate {
  const s = `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
  parseLocalDate(s);
  return s;
}

/** Days since 1970-01-01 (negative before it). */
export function toEpochDay(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return Math.round(utcDate(year, month, day).getTime() / MS_PER_DAY);
}

/** Inverse of {@link toEpochDay}. */
export function fromEpochDay(epochDay: number): LocalDate {
  if (!Number.isSafeInteger(epochDay)) {
    throw new RangeError(`Epoch day must be an integer, got ${epochDay}`);
  }
  const d = new Date(epochDay * MS_PER_DAY);
  if (Number.isNaN(d.getTime())) {
    throw new RangeError(`Epoch day out of range: ${epochDay}`);
  }
  return formatLocalDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** `date` plus `days` calendar days (`days` may be negative). */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isSafeInteger(days)) {
    throw new RangeError(`Number of days must be an integer, got ${days}`);
  }
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function diffDays(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Day of week: 0 = Sunday, 1 = Monday, … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

/** Saturday or Sunday. */
export function isWeekend(date: LocalDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

export function yearOf(date: LocalDate): number {
  return parseLocalDate(date).year;
}

/** Negative, zero or positive like a comparator (valid dates compare correctly as strings too). */
export function compareLocalDate(a: LocalDate, b: LocalDate): number {
  return Math.sign(toEpochDay(a) - toEpochDay(b));
}
