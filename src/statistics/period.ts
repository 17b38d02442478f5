import { addDays, diffDays } from '../calendar/local-date';

/**
 * The previous equal period, for 同比 (change on the same period before): a calendar year → the year before; whole
 * calendar months → the same number of months before; otherwise the same number of days immediately before.
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const isMonthStart = fd === 1;
  const isMonthEnd = Number(to.slice(8, 10)) === lastDayOfMonth(ty, tm);
  if (isMonthStart && isMonthEnd) {
    const months = (ty - fy) * 12 + (tm - fm) + 1;
    const startIndex = fy * 12 + (fm - 1) - months;
    const endIndex = startIndex + months - 1;
    const sy = Math.floor(startIndex / 12);
    const sm = (startIndex % 12) + 1;
    const ey = Math.floor(endIndex / 12);
    const em = (endIndex % 12) + 1;
    const pad = (n: number) => String(n).padStart(2, '0');
    return { from: `${sy}-${pad(sm)}-01`, to: `${ey}-${pad(em)}-${pad(lastDayOfMonth(ey, em))}` };
  }
  const length = diffDays(from, to) + 1;
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

/** 2021-12-31 → 2021年12月31日 (no leading zeros, as Chinese official documents write dates). */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}
