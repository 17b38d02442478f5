import type { CalendarYear } from '../calendar-year';
import { CALENDAR_2020 } from './2020';
import { CALENDAR_2021 } from './2021';
import { CALENDAR_2022 } from './2022';
import { CALENDAR_2023 } from './2023';
import { CALENDAR_2024 } from './2024';
import { CALENDAR_2025 } from './2025';
import { CALENDAR_2026 } from './2026';

/**
 * Seed holiday calendars, one file per year, transcribed from the State Council notices
 * (国务院办公厅关于XXXX年部分节假日安排的通知). Add a file per year when the notice is published
 * (usually in November/December of the preceding year).
 */
export const CALENDAR_SEED: readonly CalendarYear[] = [
  CALENDAR_2020,
  CALENDAR_2021,
  CALENDAR_2022,
  CALENDAR_2023,
  CALENDAR_2024,
  CALENDAR_2025,
  CALENDAR_2026,
];

export { CALENDAR_2020, CALENDAR_2021, CALENDAR_2022, CALENDAR_2023, CALENDAR_2024, CALENDAR_2025, CALENDAR_2026 };
