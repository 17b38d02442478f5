import fc from 'fast-check';
import { diffDays } from '../common/local-date';
import { dateBetween } from '../../test/support/random-histories';
import { chineseDate, oneYearEarlier, samePeriodLastYear } from './period';

describe('samePeriodLastYear (同比: the same period one year earlier, cut at the same point; DOMAIN §4)', () => {
  it('a calendar year → the year before, 29 February of a leap year included (366 days)', () => {
    expect(samePeriodLastYear('2021-01-01', '2021-12-31')).toEqual({ from: '2020-01-01', to: '2020-12-31' });
    const prev = samePeriodLastYear('2021-01-01', '2021-12-31');
    expect(diffDays(prev.from, prev.to) + 1).toBe(366);
    expect(samePeriodLastYear('2020-01-01', '2020-12-31')).toEqual({ from: '2019-01-01', to: '2019-12-31' });
  });

  it('whole calendar months → the same months one year earlier', () => {
    expect(samePeriodLastYear('2021-03-01', '2021-05-31')).toEqual({ from: '2020-03-01', to: '2020-05-31' });
    expect(samePeriodLastYear('2021-04-01', '2021-06-30')).toEqual({ from: '2020-04-01', to: '2020-06-30' });
    // Across a year end.
    expect(samePeriodLastYear('2020-12-01', '2021-02-28')).toEqual({ from: '2019-12-01', to: '2020-02-29' });
  });

  it('an arbitrary range → the same dates one year earlier', () => {
    expect(samePeriodLastYear('2021-03-05', '2021-03-14')).toEqual({ from: '2020-03-05', to: '2020-03-14' });
    expect(samePeriodLastYear('2021-06-15', '2021-06-15')).toEqual({ from: '2020-06-15', to: '2020-06-15' });
  });

  it('a period cut mid-way (asOf before `to`) is compared with last year cut at the same day', () => {
    // Q2 2021 as of 2021-05-15: effective end 2021-05-15.
    expect(samePeriodLastYear('2021-04-01', '2021-05-15')).toEqual({ from: '2020-04-01', to: '2020-05-15' });
  });

  it('29 February becomes 28 February in a common year', () => {
    expect(oneYearEarlier('2024-02-29')).toBe('2023-02-28');
    expect(oneYearEarlier('2021-02-28')).toBe('2020-02-28');
    expect(oneYearEarlier('2021-03-01')).toBe('2020-03-01');
    expect(samePeriodLastYear('2024-02-29', '2024-03-31')).toEqual({ from: '2023-02-28', to: '2023-03-31' });
  });

  it('property: the dates move back one year exactly (day kept, or 29 Feb → 28 Feb), in order, equally long ± 1 day', () => {
    fc.assert(
      fc.property(dateBetween('2001-01-01', '2035-12-31'), fc.nat({ max: 800 }), (from, n) => {
        const to = new Date(Date.parse(`${from}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        const prev = samePeriodLastYear(from, to);
        for (const [now, before] of [
          [from, prev.from],
          [to, prev.to],
        ] as const) {
          expect(Number(before.slice(0, 4))).toBe(Number(now.slice(0, 4)) - 1);
          expect(before.slice(5, 7)).toBe(now.slice(5, 7));
          expect(before.slice(8)).toBe(now.slice(5) === '02-29' ? '28' : now.slice(8));
        }
        expect(prev.from <= prev.to).toBe(true);
        expect(Math.abs(diffDays(prev.from, prev.to) - diffDays(from, to))).toBeLessThanOrEqual(1);
      }),
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

describe('samePeriodLastYear: whole months', () => {
  it('同比 of February 2021 is all of February 2020, 29 February included', () => {
    expect(samePeriodLastYear('2021-02-01', '2021-02-28')).toEqual({ from: '2020-02-01', to: '2020-02-29' });
    expect(samePeriodLastYear('2020-02-01', '2020-02-29')).toEqual({ from: '2019-02-01', to: '2019-02-28' });
  });
});
