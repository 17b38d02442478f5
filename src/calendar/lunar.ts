/**
 * The Chinese lunisolar calendar (农历), computed — no tables, no network — for the provisional holiday calendar
 * (./provisional-calendar.ts): 春节 / 除夕, 端午 (五月初五), 中秋 (八月十五) and the 清明 solar term.
 *
 * Rules (GB/T 33661-2017《农历的编算和颁行》):
 *  - dates are in Beijing time (UTC+8);
 *  - a month begins on the day of the new moon (朔);
 *  - the month containing the winter solstice (冬至) is the 11th month;
 *  - when 13 months begin between one 11th month and the next, the first of them that contains no 中气
 *    (solar longitude a multiple of 30°) is the leap month and repeats the number of the month before it;
 *  - a solar term falls on the Beijing day in which the Sun's apparent longitude reaches its value (清明: 15°).
 *
 * Astronomy (Jean Meeus, *Astronomical Algorithms*, 2nd ed., 1998):
 *  - new moons: ch. 49 (mean phase, the 25 periodic terms and the 14 planetary arguments; error well under a minute);
 *  - the Sun's apparent longitude: ch. 25, "low accuracy" (about 0.01°, i.e. about a quarter of an hour in time),
 *    solved for a given longitude by iteration;
 *  - ΔT = TT − UT: the polynomials of Espenak & Meeus (NASA, 2006).
 * A term or new moon within a few minutes of Beijing midnight could in principle land on the neighbouring day;
 * the unit test compares these results with an independent table (chinese-days) for every year 1930–2099.
 *
 * Valid for Gregorian years 1901–2099 ({@link LUNAR_RANGE}); pure and memoised per year.
 */
import { fromEpochDay, type LocalDate } from '../common/local-date';

export const LUNAR_RANGE = Object.freeze({ from: 1901, to: 2099 });

const RAD = Math.PI / 180;
/** Julian Day of 1970-01-01 00:00 UT. */
const JD_UNIX_EPOCH = 2440587.5;
const SYNODIC_MONTH = 29.530588861;
const TROPICAL_YEAR = 365.2422;

const sin = (deg: number): number => Math.sin(deg * RAD);
const normDeg = (deg: number): number => ((deg % 360) + 360) % 360;

/** ΔT in seconds for a decimal year (Espenak & Meeus 2006, 1900–2150). */
export function deltaTSeconds(y: number): number {
  if (y < 1920) {
    const t = y - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (y < 1941) {
    const t = y - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (y < 1961) {
    const t = y - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (y < 1986) {
    const t = y - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (y < 2005) {
    const t = y - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (y < 2050) {
    const t = y - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  return -20 + 32 * ((y - 1820) / 100) ** 2 - 0.5628 * (2150 - y);
}

/** The Beijing-time (UTC+8) calendar day, as days since 1970-01-01, of an instant given in Julian Ephemeris Days. */
export function beijingEpochDay(jde: number): number {
  const year = 2000 + (jde - 2451545) / 365.25;
  const jdUt = jde - deltaTSeconds(year) / 86400;
  return Math.floor(jdUt + 8 / 24 - JD_UNIX_EPOCH);
}

/** Meeus ch. 49: the true new moon of lunation k (k = 0 is the new moon of 2000-01-06), in JDE. */
export function newMoonJde(k: number): number {
  const T = k / 1236.85;
  const jde = 2451550.09766 + SYNODIC_MONTH * k + 0.00015437 * T ** 2 - 0.00000015 * T ** 3 + 0.00000000073 * T ** 4;
  const E = 1 - 0.002516 * T - 0.0000074 * T ** 2;
  const M = 2.5534 + 29.1053567 * k - 0.0000014 * T ** 2 - 0.00000011 * T ** 3;
  const Mp = 201.5643 + 385.81693528 * k + 0.0107582 * T ** 2 + 0.00001238 * T ** 3 - 0.000000058 * T ** 4;
  const F = 160.7108 + 390.67050284 * k - 0.0016118 * T ** 2 - 0.00000227 * T ** 3 + 0.000000011 * T ** 4;
  const Om = 124.7746 - 1.56375588 * k + 0.0020672 * T ** 2 + 0.00000215 * T ** 3;
  const periodic =
    -0.4072 * sin(Mp) +
    0.17241 * E * sin(M) +
    0.01608 * sin(2 * Mp) +
    0.01039 * sin(2 * F) +
    0.00739 * E * sin(Mp - M) -
    0.00514 * E * sin(Mp + M) +
    0.00208 * E * E * sin(2 * M) -
    0.00111 * sin(Mp - 2 * F) -
    0.00057 * sin(Mp + 2 * F) +
    0.00056 * E * sin(2 * Mp + M) -
    0.00042 * sin(3 * Mp) +
    0.00042 * E * sin(M + 2 * F) +
    0.00038 * E * sin(M - 2 * F) -
    0.00024 * E * sin(2 * Mp - M) -
    0.00017 * sin(Om) -
    0.00007 * sin(Mp + 2 * M) +
    0.00004 * sin(2 * Mp - 2 * F) +
    0.00004 * sin(3 * M) +
    0.00003 * sin(Mp + M - 2 * F) +
    0.00003 * sin(2 * Mp + 2 * F) -
    0.00003 * sin(Mp + M + 2 * F) +
    0.00003 * sin(Mp - M + 2 * F) -
    0.00002 * sin(Mp - M - 2 * F) -
    0.00002 * sin(3 * Mp + M) +
    0.00002 * sin(4 * Mp);
  const planetary: Array<[number, number]> = [
    [0.000325, 299.77 + 0.107408 * k - 0.009173 * T ** 2],
    [0.000165, 251.88 + 0.016321 * k],
    [0.000164, 251.83 + 26.651886 * k],
    [0.000126, 349.42 + 36.412478 * k],
    [0.00011, 84.66 + 18.206239 * k],
    [0.000062, 141.74 + 53.303771 * k],
    [0.00006, 207.14 + 2.453732 * k],
    [0.000056, 154.84 + 7.30686 * k],
    [0.000047, 34.52 + 27.261239 * k],
    [0.000042, 207.19 + 0.121824 * k],
    [0.00004, 291.34 + 1.844379 * k],
    [0.000037, 161.72 + 24.198154 * k],
    [0.000035, 239.56 + 25.513099 * k],
    [0.000023, 331.55 + 3.592518 * k],
  ];
  return jde + periodic + planetary.reduce((sum, [c, a]) => sum + c * sin(a), 0);
}

/** Meeus ch. 25 (low accuracy): the Sun's apparent geocentric longitude in degrees at an instant in JDE. */
export function sunApparentLongitude(jde: number): number {
  const T = (jde - 2451545) / 36525;
  const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T ** 2;
  const M = 357.52911 + 35999.05029 * T - 0.0001537 * T ** 2;
  const C =
    (1.914602 - 0.004817 * T - 0.000014 * T ** 2) * sin(M) +
    (0.019993 - 0.000101 * T) * sin(2 * M) +
    0.000289 * sin(3 * M);
  const omega = 125.04 - 1934.136 * T;
  return normDeg(L0 + C - 0.00569 - 0.00478 * sin(omega));
}

/** JDE at which the Sun's apparent longitude reaches `longitude` (a multiple of 15°) during Gregorian `year`. */
export function solarTermJde(year: number, longitude: number): number {
  // Start from the March equinox (~20 March) and the mean motion; terms from 285° (小寒) to 345° (惊蛰) fall in
  // January–March, before that year's equinox.
  const march20 = Date.UTC(year, 2, 20) / 86_400_000 + JD_UNIX_EPOCH;
  const lon = normDeg(longitude);
  let jde = march20 + (lon / 360) * TROPICAL_YEAR - (lon >= 285 ? TROPICAL_YEAR : 0);
  for (let i = 0; i < 20; i++) {
    const delta = ((normDeg(lon - sunApparentLongitude(jde)) + 180) % 360) - 180;
    jde += (delta / 360) * TROPICAL_YEAR;
    if (Math.abs(delta) < 1e-7) {
      break;
    }
  }
  return jde;
}

/** The Beijing day (days since 1970-01-01) of a solar term (solar longitude in degrees) in Gregorian `year`. */
export function solarTermDay(year: number, longitude: number): number {
  return beijingEpochDay(solarTermJde(year, longitude));
}

/** The lunation number k of the last new moon whose Beijing day is on or before `epochDay`. */
function lunationOnOrBefore(epochDay: number): number {
  let k = Math.floor((epochDay + JD_UNIX_EPOCH - 2451550.09766) / SYNODIC_MONTH);
  while (beijingEpochDay(newMoonJde(k + 1)) <= epochDay) {
    k += 1;
  }
  while (beijingEpochDay(newMoonJde(k)) > epochDay) {
    k -= 1;
  }
  return k;
}

export interface LunarMonth {
  /** 1–12 (正月 = 1). */
  month: number;
  leap: boolean;
  /** First day (初一), days since 1970-01-01. */
  start: number;
  /** Number of days (29 or 30). */
  length: number;
}

export interface LunarYear {
  /** The Gregorian year in which this lunar year's 正月初一 falls. */
  year: number;
  /** The months from the 11th month of the previous lunar year up to, not including, the next 11th month. */
  months: LunarMonth[];
}

const lunarYears = new Map<number, LunarYear>();

/**
 * The lunar months of the 岁 (suì) from the 11th month containing the winter solstice of `year − 1` to the one
 * containing that of `year`: they hold 正月 … 十月 of the lunar year that begins in Gregorian `year`.
 */
export function lunarYear(year: number): LunarYear {
  if (!Number.isSafeInteger(year) || year < LUNAR_RANGE.from || year > LUNAR_RANGE.to) {
    throw new RangeError(`The lunar calendar is computed for ${LUNAR_RANGE.from}–${LUNAR_RANGE.to}, not ${year}`);
  }
  const cached = lunarYears.get(year);
  if (cached) {
    return cached;
  }
  const k0 = lunationOnOrBefore(solarTermDay(year - 1, 270));
  const k1 = lunationOnOrBefore(solarTermDay(year, 270));
  const starts: number[] = [];
  for (let k = k0; k <= k1; k++) {
    starts.push(beijingEpochDay(newMoonJde(k)));
  }
  // 中气 after the first winter solstice: 大寒 300°, 雨水 330°, 春分 0°, … 小雪 240° (all in `year`), then 冬至.
  const zhongqi = [300, 330, 0, 30, 60, 90, 120, 150, 180, 210, 240, 270].map((lon) => solarTermDay(year, lon));
  const count = k1 - k0; // 12, or 13 in a year with a leap month
  let leapIndex = -1;
  if (count === 13) {
    for (let i = 1; i < count; i++) {
      const from = starts[i] as number;
      const to = starts[i + 1] as number;
      if (!zhongqi.some((d) => d >= from && d < to)) {
        leapIndex = i;
        break;
      }
    }
  }
  const months: LunarMonth[] = [];
  let number = 11;
  for (let i = 0; i < count; i++) {
    const leap = i === leapIndex;
    if (i > 0 && !leap) {
      number = (number % 12) + 1;
    }
    const start = starts[i] as number;
    months.push({ month: number, leap, start, length: (starts[i + 1] as number) - start });
  }
  const result: LunarYear = { year, months };
  lunarYears.set(year, result);
  return result;
}

/**
 * The Gregorian date of a day of a non-leap month of the lunar year beginning in Gregorian `year`
 * (month 1–10; e.g. lunarToGregorian(2027, 8, 15) = 中秋 2027).
 */
export function lunarToGregorian(year: number, month: number, day: number): LocalDate {
  if (month < 1 || month > 10) {
    throw new RangeError(`Lunar month ${month}: only months 1–10 of a lunar year are computed from its Gregorian year`);
  }
  const { months } = lunarYear(year);
  const first = months.findIndex((m) => m.month === 1 && !m.leap);
  const m = months.slice(first).find((x) => x.month === month && !x.leap);
  if (!m || day < 1 || day > m.length) {
    throw new RangeError(`No lunar day ${month}/${day} in the lunar year beginning in ${year}`);
  }
  return fromEpochDay(m.start + day - 1);
}

/** 清明: the day the Sun's apparent longitude reaches 15°. */
export function qingming(year: number): LocalDate {
  if (!Number.isSafeInteger(year) || year < LUNAR_RANGE.from || year > LUNAR_RANGE.to) {
    throw new RangeError(`Solar terms are computed for ${LUNAR_RANGE.from}–${LUNAR_RANGE.to}, not ${year}`);
  }
  return fromEpochDay(solarTermDay(year, 15));
}
