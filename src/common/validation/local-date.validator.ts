import { registerDecorator, ValidationOptions } from 'class-validator';
import { isLocalDate } from '../local-date';

/**
 * The dates a reconsideration file can carry. The earliest is the founding of the People's Republic (1949-10-01): no
 * act of its administrative organs, and so no contested act, decision or time limit of this service, is older. The
 * latest, 2100-12-31, is far beyond any time limit the law counts (the longest, 20 years from the act for real
 * property, L23 21), and keeps every computed date (previous periods, time limits, the working-day calendar) inside
 * what the date arithmetic and PostgreSQL handle; `from=0001-01-01` once reached the database and answered 500.
 */
export const EARLIEST_DATE = '1949-10-01';
export const LATEST_DATE = '2100-12-31';

/** True for a date (or the date part of an ISO 8601 instant) inside [EARLIEST_DATE, LATEST_DATE]. */
export function isDateInRange(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    return true; // the format rule reports it
  }
  const day = value.slice(0, 10);
  return day >= EARLIEST_DATE && day <= LATEST_DATE;
}

/** 400 DATE_OUT_OF_RANGE naming the field, for a date or instant outside [EARLIEST_DATE, LATEST_DATE]. */
export function IsDateInRange(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      // The code a client sees is derived from this name: DATE_OUT_OF_RANGE.
      name: 'dateOutOfRange',
      target: target.constructor,
      propertyName: String(propertyKey),
      ...(options ? { options } : {}),
      validator: {
        validate: (value: unknown) => isDateInRange(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a date between ${EARLIEST_DATE} and ${LATEST_DATE}`,
      },
    });
  };
}

/**
 * A legal date: 'YYYY-MM-DD', a real calendar date (Asia/Shanghai calendar day, no time, no zone), inside
 * [EARLIEST_DATE, LATEST_DATE]. Every date parameter of the API, in bodies and queries, goes through this.
 */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: String(propertyKey),
      ...(options ? { options } : {}),
      validator: {
        validate: (value: unknown) => isLocalDate(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a calendar date written YYYY-MM-DD`,
      },
    });
    IsDateInRange(options)(target, propertyKey);
  };
}

/** Today's calendar date in China (Asia/Shanghai, UTC+8 without daylight saving), whatever the server's zone. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
