/**
 * A provisional calendar for a year whose State Council holiday notice (国务院办公厅关于XXXX年部分节假日安排的通知) is
 * not loaded yet: the holidays that 《全国年节及纪念日放假办法》 itself fixes, in the version in force on each day,
 * with the lunar dates computed (./lunar.ts) — plus the ordinary weekends, which WorkingDayCalendar adds.
 *
 * What it leaves out, on purpose:
 *  - make-up working days and bridged days (调休, 办法 第七条): only the yearly notice sets them;
 *  - 补假 (办法 第六条: a holiday on a Saturday/Sunday is made up on a working day): the 办法 does not say which working
 *    day, so no date can be derived from it — the notice fixes it;
 *  - the half-days for part of the population (第三条) and minority festivals (第四条): not 全体公民放假的节日.
 * Leaving rest days out only shortens periods, so a provisional due date errs on the early side for the rest days
 * added by a notice; the notice's make-up working days may move it either way. Every date computed from this
 * calendar is marked provisional, and loading the notice recomputes it (PUT /v1/calendar/{year}).
 *
 * Pure: the result depends only on the year, and is memoised per year (the calendar is rebuilt on every action).
 */
import type { CalendarDayEntry, CalendarYear } from './calendar-year';
import { addDays, formatLocalDate, type LocalDate } from '../common/local-date';
import { LUNAR_RANGE, lunarToGregorian, qingming } from './lunar';

/** The years for which a provisional calendar can be computed (the range of the lunar computation). */
export const PROVISIONAL_RANGE = LUNAR_RANGE;

interface HolidayRule {
  name: string;
  /** The days off in Gregorian `year` under this rule. */
  dates(year: number): LocalDate[];
}

/** One version of 《全国年节及纪念日放假办法》 第二条 (全体公民放假的节日). */
export interface HolidayStatuteVersion {
  /** First day in force. */
  inForceFrom: LocalDate;
  /** The act that made this version. */
  source: string;
  rules: HolidayRule[];
}

const fixed =
  (...monthDays: Array<[number, number]>) =>
  (year: number): LocalDate[] =>
    monthDays.map(([month, day]) => formatLocalDate({ year, month, day }));

const springFestival =
  (...offsets: number[]) =>
  (year: number): LocalDate[] => {
    const newYear = lunarToGregorian(year, 1, 1);
    return offsets.map((o) => addDays(newYear, o));
  };

const NEW_YEAR: HolidayRule = { name: '元旦', dates: fixed([1, 1]) };
const QINGMING: HolidayRule = { name: '清明节', dates: (y) => [qingming(y)] };
const DUANWU: HolidayRule = { name: '端午节', dates: (y) => [lunarToGregorian(y, 5, 5)] };
const ZHONGQIU: HolidayRule = { name: '中秋节', dates: (y) => [lunarToGregorian(y, 8, 15)] };
const NATIONAL_DAY_3: HolidayRule = { name: '国庆节', dates: fixed([10, 1], [10, 2], [10, 3]) };

/**
 * The versions of 第二条, oldest first. Each holiday date is taken from the version in force on that date, so that a
 * provisional calendar of any year from 1901 is the one the 办法 gave that year (the 2024 check runs 2020–2026).
 */
export const HOLIDAY_STATUTE_VERSIONS: readonly HolidayStatuteVersion[] = [
  {
    // 政务院 1949-12-23: 新年1天（1月1日）；春节3天（正月初一至初三）；劳动节1天（5月1日）；国庆纪念日2天（10月1日、2日）.
    inForceFrom: '1949-12-23',
    source: '《全国年节及纪念日放假办法》（1949年12月23日政务院发布）',
    rules: [
      NEW_YEAR,
      { name: '春节', dates: springFestival(0, 1, 2) },
      { name: '劳动节', dates: fixed([5, 1]) },
      { name: '国庆节', dates: fixed([10, 1], [10, 2]) },
    ],
  },
  {
    // 国务院令第270号 (1999-09-18, in force on publication): 春节3天（初一至初三）；劳动节3天（5月1日至3日）；国庆节3天.
    inForceFrom: '1999-09-18',
    source: '《全国年节及纪念日放假办法》（1999年9月18日第一次修订）',
    rules: [
      NEW_YEAR,
      { name: '春节', dates: springFestival(0, 1, 2) },
      { name: '劳动节', dates: fixed([5, 1], [5, 2], [5, 3]) },
      NATIONAL_DAY_3,
    ],
  },
  {
    // 国务院令第513号 (2007-12-14, in force 2008-01-01): 春节3天（农历除夕、正月初一、初二）；清明、端午、中秋各1天；
    // 劳动节1天（5月1日）.
    inForceFrom: '2008-01-01',
    source: '《全国年节及纪念日放假办法》（2007年12月14日第二次修订）',
    rules: [
      NEW_YEAR,
      { name: '春节', dates: springFestival(-1, 0, 1) },
      QINGMING,
      { name: '劳动节', dates: fixed([5, 1]) },
      DUANWU,
      ZHONGQIU,
      NATIONAL_DAY_3,
    ],
  },
  {
    // 国务院令第644号 (2013-12-11, in force 2014-01-01): 春节3天（农历正月初一、初二、初三）.
    inForceFrom: '2014-01-01',
    source: '《全国年节及纪念日放假办法》（2013年12月11日第三次修订）',
    rules: [
      NEW_YEAR,
      { name: '春节', dates: springFestival(0, 1, 2) },
      QINGMING,
      { name: '劳动节', dates: fixed([5, 1]) },
      DUANWU,
      ZHONGQIU,
      NATIONAL_DAY_3,
    ],
  },
  {
    // 国务院令第795号 (2024-11-10, in force 2025-01-01), 第二条: 春节4天（农历除夕、正月初一至初三）；劳动节2天（5月1日、2日）.
    inForceFrom: '2025-01-01',
    source: '《全国年节及纪念日放假办法》（2024年11月10日第四次修订）',
    rules: [
      NEW_YEAR,
      { name: '春节', dates: springFestival(-1, 0, 1, 2) },
      QINGMING,
      { name: '劳动节', dates: fixed([5, 1], [5, 2]) },
      DUANWU,
      ZHONGQIU,
      NATIONAL_DAY_3,
    ],
  },
];

const NOTE = '暂行推算：国务院当年节假日安排通知尚未录入';

const memo = new Map<number, CalendarYear>();

/**
 * The provisional calendar of `year`: the statutory holiday rest days of 办法 第二条 (version in force on each day),
 * no make-up working days. Throws RangeError outside {@link PROVISIONAL_RANGE}.
 */
export function provisionalCalendarYear(year: number): CalendarYear {
  const cached = memo.get(year);
  if (cached) {
    return cached;
  }
  if (!Number.isSafeInteger(year) || year < PROVISIONAL_RANGE.from || year > PROVISIONAL_RANGE.to) {
    throw new RangeError(
      `A provisional calendar is computed for ${PROVISIONAL_RANGE.from}–${PROVISIONAL_RANGE.to}, not ${year}`,
    );
  }
  const byDate = new Map<LocalDate, string[]>();
  const sources = new Set<string>();
  HOLIDAY_STATUTE_VERSIONS.forEach((version, i) => {
    const until = HOLIDAY_STATUTE_VERSIONS[i + 1]?.inForceFrom;
    if (version.inForceFrom > `${year}-12-31` || (until !== undefined && until <= `${year}-01-01`)) {
      return;
    }
    for (const rule of version.rules) {
      for (const date of rule.dates(year)) {
        // Only the days of `year` on which this version is in force.
        if (!date.startsWith(`${year}-`) || date < version.inForceFrom || (until !== undefined && date >= until)) {
          continue;
        }
        sources.add(version.source);
        const names = byDate.get(date) ?? [];
        if (!names.includes(rule.name)) {
          names.push(rule.name);
        }
        byDate.set(date, names);
      }
    }
  });
  // 国庆节 first when it coincides with 中秋节, as the notices write it (「国庆节、中秋节」).
  const order = ['元旦', '春节', '清明节', '劳动节', '端午节', '国庆节', '中秋节'];
  const restDays: CalendarDayEntry[] = [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, names]) => ({
      date,
      holiday: [...names].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join('、'),
      note: NOTE,
    }));
  const result: CalendarYear = Object.freeze({
    year,
    notice: `暂行推算：${[...sources].join('、')} 第二条（不含调休、补假），${year}年国务院节假日安排通知尚未录入`,
    restDays,
    makeUpWorkdays: [],
  });
  memo.set(year, result);
  return result;
}
