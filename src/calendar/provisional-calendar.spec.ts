import { getSolarDateFromLunar, getSolarTermDate, getYearLeapMonth, isWorkday } from 'chinese-days';
import { dayOfWeek } from '../common/local-date';
import { lunarToGregorian, lunarYear, newMoonJde, qingming, solarTermDay } from './lunar';
import { HOLIDAY_STATUTE_VERSIONS, provisionalCalendarYear } from './provisional-calendar';
import { CALENDAR_SEED } from './seed';

// Test-only reference data (chinese-days is a devDependency): its lunar table, solar terms and rest days 2004–2026.

/** Leap month (1–12) of the lunar year beginning in Gregorian `year`, or undefined. */
function leapMonthOf(year: number): number | undefined {
  const own = lunarYear(year).months;
  const first = own.findIndex((m) => m.month === 1 && !m.leap);
  const inYear = own.slice(first).find((m) => m.leap);
  if (inYear) {
    return inYear.month;
  }
  const next = lunarYear(year + 1).months;
  return next
    .slice(
      0,
      next.findIndex((m) => m.month === 1 && !m.leap),
    )
    .find((m) => m.leap)?.month;
}

describe('lunar calendar (GB/T 33661-2017; Meeus, Astronomical Algorithms)', () => {
  it('Meeus example 49.a: the new moon of 1977 February is JDE 2443192.65118', () => {
    expect(newMoonJde(-283)).toBeCloseTo(2443192.65118, 4);
  });

  it('known dates: 春节 2027-02-06, 端午 2027-06-09, 中秋 2027-09-15, 清明 2027-04-05; 冬至 2026-12-22', () => {
    expect(lunarToGregorian(2027, 1, 1)).toBe('2027-02-06');
    expect(lunarToGregorian(2027, 5, 5)).toBe('2027-06-09');
    expect(lunarToGregorian(2027, 8, 15)).toBe('2027-09-15');
    expect(qingming(2027)).toBe('2027-04-05');
    expect(solarTermDay(2026, 270)).toBe(Date.UTC(2026, 11, 22) / 86_400_000);
  });

  it('GB/T 33661-2017 leap-month rule: 闰四月 2020, 闰二月 2023, 闰六月 2025, 闰十一月 2033 (the "2033 problem")', () => {
    expect(leapMonthOf(2020)).toBe(4);
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2024)).toBeUndefined();
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2033)).toBe(11);
  });

  // chinese-days' lunar table uses Beijing local mean time before 1929 (1916's new year differs), and has 中秋 1996 on
  // 09-26, where the new moon of 1996-09-13 07:07 (UTC+8) puts 八月十五 on 09-27.
  const TABLE_ERRATA: Record<string, string> = { '1996-08-15': '1996-09-27' };

  it('春节, 端午, 中秋, 清明 and the leap month agree with chinese-days for every year 1930–2099', () => {
    const mismatches: string[] = [];
    for (let year = 1930; year <= 2099; year++) {
      for (const [month, day] of [
        [1, 1],
        [5, 5],
        [8, 15],
      ] as const) {
        const key = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const expected = TABLE_ERRATA[key] ?? getSolarDateFromLunar(key).date;
        const actual = lunarToGregorian(year, month, day);
        if (actual !== expected) {
          mismatches.push(`${key}: ${actual} ≠ ${expected}`);
        }
      }
      const qm = getSolarTermDate(year, 4, 'pure_brightness');
      if (qingming(year) !== qm) {
        mismatches.push(`${year} 清明: ${qingming(year)} ≠ ${qm}`);
      }
      if (leapMonthOf(year) !== getYearLeapMonth(year).leapMonth) {
        mismatches.push(`${year} leap month: ${leapMonthOf(year)} ≠ ${getYearLeapMonth(year).leapMonth}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('provisional calendar (全国年节及纪念日放假办法 第二条)', () => {
  const seedYears = CALENDAR_SEED.map((y) => y.year);

  it('L23 88 / 全国年节及纪念日放假办法 第二条: every provisional holiday of 2020–2026 is a rest day of that year’s State Council notice, under the festival’s name', () => {
    expect(seedYears).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const notice of CALENDAR_SEED) {
      const provisional = provisionalCalendarYear(notice.year);
      expect(provisional.makeUpWorkdays).toEqual([]);
      for (const day of provisional.restDays) {
        const rest = notice.restDays.find((d) => d.date === day.date);
        expect({ year: notice.year, date: day.date, inNotice: rest !== undefined }).toEqual({
          year: notice.year,
          date: day.date,
          inNotice: true,
        });
        for (const name of day.holiday.split('、')) {
          expect(rest?.holiday).toContain(name);
        }
      }
    }
  });

  it('全国年节及纪念日放假办法 (2013 version, 2014–2024): 11 days — 春节 初一至初三, 劳动节 1 day; 2020 中秋 is 国庆 10-01', () => {
    const y2024 = provisionalCalendarYear(2024).restDays;
    expect(y2024.map((d) => d.date)).toEqual([
      '2024-01-01',
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-04-04',
      '2024-05-01',
      '2024-06-10',
      '2024-09-17',
      '2024-10-01',
      '2024-10-02',
      '2024-10-03',
    ]);
    // 除夕 2024-02-09 was not a statutory rest day before the 2024 amendment (the 2024 notice only "encourages" it).
    expect(y2024.some((d) => d.date === '2024-02-09')).toBe(false);
    const y2020 = provisionalCalendarYear(2020).restDays;
    expect(y2020).toHaveLength(10);
    expect(y2020.find((d) => d.date === '2020-10-01')?.holiday).toBe('国庆节、中秋节');
  });

  it('全国年节及纪念日放假办法 (2024 amendment, in force 2025-01-01): 13 days — adds 除夕 and 5月2日', () => {
    const y2027 = provisionalCalendarYear(2027);
    expect(y2027.restDays.map((d) => `${d.date} ${d.holiday}`)).toEqual([
      '2027-01-01 元旦',
      '2027-02-05 春节',
      '2027-02-06 春节',
      '2027-02-07 春节',
      '2027-02-08 春节',
      '2027-04-05 清明节',
      '2027-05-01 劳动节',
      '2027-05-02 劳动节',
      '2027-06-09 端午节',
      '2027-09-15 中秋节',
      '2027-10-01 国庆节',
      '2027-10-02 国庆节',
      '2027-10-03 国庆节',
    ]);
    expect(y2027.makeUpWorkdays).toEqual([]);
    expect(y2027.notice).toContain('2024年11月10日第四次修订');
    expect(provisionalCalendarYear(2025).restDays).toHaveLength(13);
    // 除夕 is the last day of the lunar year, whether 腊月 has 29 or 30 days (2025-01-28, 2026-02-16).
    expect(provisionalCalendarYear(2025).restDays[1]?.date).toBe('2025-01-28');
    expect(provisionalCalendarYear(2026).restDays[1]?.date).toBe('2026-02-16');
  });

  it('全国年节及纪念日放假办法 第二条, each version in force on the day: every provisional holiday 2004–2019 is a rest day in chinese-days', () => {
    const missing: string[] = [];
    for (let year = 2004; year <= 2019; year++) {
      for (const day of provisionalCalendarYear(year).restDays) {
        // chinese-days lists a holiday on a weekend (e.g. 端午 Sat 2012-06-23) as a plain weekend: a rest day either way.
        if (isWorkday(day.date)) {
          missing.push(`${day.date} ${day.holiday}`);
        }
      }
    }
    expect(missing).toEqual([]);
    // 2007 version (2008–2013): 春节 is 除夕、初一、初二 — 2008-02-06 is 除夕; 1999 version: 劳动节 5月1日至3日.
    expect(provisionalCalendarYear(2008).restDays.map((d) => d.date)).toContain('2008-02-06');
    expect(provisionalCalendarYear(2008).restDays.map((d) => d.date)).not.toContain('2008-02-09');
    expect(provisionalCalendarYear(2007).restDays.filter((d) => d.holiday === '劳动节')).toHaveLength(3);
    // 1999: the first amendment is in force from 1999-09-18, so 国庆节 has 3 days and 劳动节 (before it) 1 day.
    const y1999 = provisionalCalendarYear(1999).restDays;
    expect(y1999.filter((d) => d.holiday === '劳动节')).toHaveLength(1);
    expect(y1999.filter((d) => d.holiday === '国庆节')).toHaveLength(3);
  });

  it('the versions are in date order and the result is memoised (pure per year)', () => {
    const dates = HOLIDAY_STATUTE_VERSIONS.map((v) => v.inForceFrom);
    expect([...dates].sort()).toEqual(dates);
    expect(provisionalCalendarYear(2031)).toBe(provisionalCalendarYear(2031));
    expect(() => provisionalCalendarYear(2100)).toThrow(RangeError);
    expect(() => provisionalCalendarYear(1900)).toThrow(RangeError);
  });

  it('全国年节及纪念日放假办法 第六条, 第七条: no make-up working days, no 补假 (a holiday on a weekend stays on it)', () => {
    // 2027-05-01 is a Saturday: the provisional calendar does not invent the working day the notice will give.
    expect(dayOfWeek('2027-05-01')).toBe(6);
    const dates = provisionalCalendarYear(2027).restDays.map((d) => d.date);
    expect(dates).not.toContain('2027-05-03');
    expect(dates).not.toContain('2027-05-04');
  });
});
