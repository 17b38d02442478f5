/** The same calendar date one year earlier; 29 February becomes 28 February. */
export function oneYearEarlier(date: string): string {
  const [y, m, d] = date.split('-') as [string, string, string];
  const year = Number(y) - 1;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === '02' && d === '29' && !leap ? '28' : d;
  return `${year}-${m}-${day}`;
}

/**
 * 同比 compares with the same period one year earlier, cut at the same point: Q2 2021 as of 2021-05-15 is compared
 * with 2020-04-01…2020-05-15 (as of 2020-05-15), so a report written mid-period is not set against a whole period.
 */
export function samePeriodLastYear(from: string, effectiveEnd: string): { from: string; to: string } {
  return {
    from: oneYearEarlier(from),
    to: isLastDayOfMonth(effectiveEnd) ? lastDayOfMonthYearEarlier(effectiveEnd) : oneYearEarlier(effectiveEnd),
  };
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isLastDayOfMonth(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return d === lastDayOfMonth(y, m);
}

/** A period ending with a month ends with that month a year earlier too (February 2021 ↔ 1–29 February 2020). */
function lastDayOfMonthYearEarlier(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return `${y - 1}-${String(m).padStart(2, '0')}-${String(lastDayOfMonth(y - 1, m)).padStart(2, '0')}`;
}

/** 2021-12-31 → 2021年12月31日 (no leading zeros, as Chinese official documents write dates). */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}
