import fc from 'fast-check';
import { addDays, diffDays } from '../calendar/local-date';
import { dateBetween } from '../../test/support/random-histories';
import { chineseDate, previousPeriod } from './period';

const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const isWholeMonths = (from: string, to: string) =>
  from.endsWith('-01') && Number(to.slice(8)) === lastDayOfMonth(Number(to.slice(0, 4)), Number(to.slice(5, 7)));
const monthIndex = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;

describe('previousPeriod (同比: the previous equal period, DOMAIN §4)', () => {
  it('a calendar year → the year before', () => {
    expect(previousPeriod('2021-01-01', '2021-12-31')).toEqual({ from: '2020-01-01', to: '2020-12-31' });
    expect(previousPeriod('2024-01-01', '2024-12-31')).toEqual({ from: '2023-01-01', to: '2023-12-31' });
  });

  it('a calendar year after a leap year → the whole leap year, 29 February included (366 days)', () => {
    const prev = previousPeriod('2021-01-01', '2021-12-31');
    expect(diffDays(prev.from, prev.to) + 1).toBe(366);
    expect(previousPeriod('2020-01-01', '2020-12-31')).toEqual({ from: '2019-01-01', to: '2019-12-31' });
  });

  it('whole calendar months → the same number of months immediately before (month ends as they fall)', () => {
    expect(previousPeriod('2021-03-01', '2021-05-31')).toEqual({ from: '2020-12-01', to: '2021-02-28' });
    expect(previousPeriod('2020-03-01', '2020-05-31')).toEqual({ from: '2019-12-01', to: '2020-02-29' });
    expect(previousPeriod('2021-01-01', '2021-01-31')).toEqual({ from: '2020-12-01', to: '2020-12-31' });
    expect(previousPeriod('2021-03-01', '2021-03-31')).toEqual({ from: '2021-02-01', to: '2021-02-28' });
    // A quarter → the quarter before; a half-year across a year end.
    expect(previousPeriod('2021-04-01', '2021-06-30')).toEqual({ from: '2021-01-01', to: '2021-03-31' });
    expect(previousPeriod('2021-01-01', '2021-06-30')).toEqual({ from: '2020-07-01', to: '2020-12-31' });
    // Several years of whole months.
    expect(previousPeriod('2020-01-01', '2021-12-31')).toEqual({ from: '2018-01-01', to: '2019-12-31' });
  });

  it('an arbitrary range → the same number of days immediately before it', () => {
    expect(previousPeriod('2021-03-05', '2021-03-14')).toEqual({ from: '2021-02-23', to: '2021-03-04' });
    expect(previousPeriod('2021-06-15', '2021-06-15')).toEqual({ from: '2021-06-14', to: '2021-06-14' });
    // Starts on the 1st but does not end on a month end: days, not months.
    expect(previousPeriod('2021-03-01', '2021-03-30')).toEqual({ from: '2021-01-30', to: '2021-02-28' });
    // Ends on a month end but does not start on the 1st: days.
    expect(previousPeriod('2020-03-02', '2020-03-31')).toEqual({ from: '2020-02-01', to: '2020-03-01' });
  });

  it('property: the previous period ends the day before `from` and is equally long (in months or in days)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          // arbitrary ranges
          fc
            .tuple(dateBetween('2015-01-01', '2030-12-31'), fc.nat({ max: 1000 }))
            .map(([from, n]) => ({ from, to: addDays(from, n) })),
          // whole months
          fc.tuple(fc.integer({ min: 2015, max: 2030 }), fc.nat({ max: 11 }), fc.nat({ max: 40 })).map(([y, m, n]) => {
            const end = y * 12 + m + n;
            const ey = Math.floor(end / 12);
            const em = (end % 12) + 1;
            return {
              from: `${y}-${String(m + 1).padStart(2, '0')}-01`,
              to: `${ey}-${String(em).padStart(2, '0')}-${lastDayOfMonth(ey, em)}`,
            };
          }),
        ),
        ({ from, to }) => {
          const prev = previousPeriod(from, to);
          expect(prev.to).toBe(addDays(from, -1));
          expect(prev.from <= prev.to).toBe(true);
          if (isWholeMonths(from, to)) {
            expect(isWholeMonths(prev.from, prev.to)).toBe(true);
            expect(monthIndex(prev.to) - monthIndex(prev.from)).toBe(monthIndex(to) - monthIndex(from));
          } else {
            expect(diffDays(prev.from, prev.to)).toBe(diffDays(from, to));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('chineseDate (dates as Chinese official documents write them)', () => {
  it('has no leading zeros', () => {
    expect(chineseDate('2021-06-05')).toBe('2021年6月5日');
    expect(chineseDate('2021-12-31')).toBe('2021年12月31日');
    expect(chineseDate('2020-01-10')).toBe('2020年1月10日');
  });
});
