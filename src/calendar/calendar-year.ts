/**
 * One year of the State Council's holiday arrangement (国务院办公厅关于XXXX年部分节假日安排的通知).
 *
 * This is data, not code: the office updates it each year when the notice is published
 * (DOMAIN.md §2 — "keep it as data the office can update … never as constants in code").
 */
export interface CalendarDayEntry {
  /** 'YYYY-MM-DD' */
  date: string;
  /** Festival the day belongs to, as named in the notice (e.g. '国庆节', '国庆节、中秋节'). */
  holiday: string;
  /** Optional remark, e.g. which later notice changed this day. */
  note?: string;
}

export interface CalendarYear {
  year: number;
  /** Title (and document number where known) of the notice the data comes from. */
  notice: string;
  /** Later notices that changed the arrangement (e.g. the 2020 Spring Festival extension). */
  amendments?: string[];
  /**
   * Statutory holiday rest days: every day off in the notice's holiday blocks (放假 / 放假调休),
   * including the Saturdays/Sundays that fall inside a block.
   */
  restDays: CalendarDayEntry[];
  /** Saturdays/Sundays declared working days (调休上班). */
  makeUpWorkdays: CalendarDayEntry[];
}
