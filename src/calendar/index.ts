export * from './calendar-year';
export * from '../common/local-date';
export * from './working-day-calendar';
export * from './provisional-calendar';
export { CALENDAR_SEED } from './seed';
