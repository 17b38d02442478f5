import { registerDecorator, ValidationOptions } from 'class-validator';
import { isLocalDate } from '../../calendar/local-date';

/** A legal date: 'YYYY-MM-DD', a real calendar date (Asia/Shanghai calendar day, no time, no zone). */
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
  };
}

/** Today's calendar date in China (Asia/Shanghai, UTC+8 without daylight saving), whatever the server's zone. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
