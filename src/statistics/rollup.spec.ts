import fc from 'fast-check';
import { addDays } from '../common/local-date';
import { ACT_CATEGORIES, MANAGEMENT_DOMAINS, RESPONDENT_KINDS } from '../code-lists/code-lists';
import { dateBetween, historyArbitrary, summaryOf } from '../../test/support/random-histories';
import { caseContributions, type DimensionedCase, windowSums } from '../../test/support/rollup-mirror';
import { assembleWindow, bucketStart, rollupSpans, type RollupSum, type RollupSpan } from './rollup';
import { effectiveEnd, POPULATION_FIGURE, POPULATIONS, tallyCases } from './tally';

const RUNS = { numRuns: 200 };

/** Does the bucket of `grain` holding day `d` fall in the span? (A MONTH bucket starts on the 1st, a YEAR on 1 January.) */
function covers(span: RollupSpan, d: string): boolean {
  const start = bucketStart(span.grain, d);
  return (span.from === '-infinity' || start >= span.from) && start <= span.to;
}

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    out.push(d);
  }
  return out;
}

/** The rollup in memory: the contributions of case_tally_contributions() (test/support/rollup-mirror.ts). */
const sumsOf = (cases: readonly DimensionedCase[], from: string, end: string): RollupSum[] =>
  windowSums(cases.flatMap(caseContributions), from, end);

const dimensionedCasesArb = fc.array(
  fc.tuple(
    historyArbitrary(),
    fc.constantFrom(...RESPONDENT_KINDS.slice(0, 3).map((r) => r.code)),
    fc.constantFrom(...ACT_CATEGORIES.slice(0, 3).map((a) => a.code)),
    fc.constantFrom(...MANAGEMENT_DOMAINS.slice(0, 3).map((m) => m.code)),
  ),
  { maxLength: 25 },
);

const windowArb = fc
  .tuple(dateBetween('2018-06-01', '2024-12-31'), fc.nat({ max: 800 }), fc.nat({ max: 1200 }))
  .map(([from, length, asOfOffset]) => ({ from, to: addDays(from, length), asOf: addDays(from, asOfOffset) }));

describe('rollupSpans: a range of days as whole years plus the months and days at its ends', () => {
  it('a calendar year is one year bucket; the time before it is every earlier year', () => {
    expect(rollupSpans('2024-01-01', '2024-12-31')).toEqual([{ grain: 'YEAR', from: '2024-01-01', to: '2024-12-31' }]);
    expect(rollupSpans(null, '2023-12-31')).toEqual([{ grain: 'YEAR', from: '-infinity', to: '2023-12-31' }]);
  });

  it('partial years at either end are read month by month, partial months day by day', () => {
    expect(rollupSpans('2022-03-15', '2024-05-10')).toEqual([
      { grain: 'YEAR', from: '2023-01-01', to: '2023-12-31' },
      { grain: 'MONTH', from: '2022-04-01', to: '2022-12-31' },
      { grain: 'MONTH', from: '2024-01-01', to: '2024-04-30' },
      { grain: 'DAY', from: '2022-03-15', to: '2022-03-31' },
      { grain: 'DAY', from: '2024-05-01', to: '2024-05-10' },
    ]);
    expect(rollupSpans('2024-01-01', '2024-06-30')).toEqual([{ grain: 'MONTH', from: '2024-01-01', to: '2024-06-30' }]);
  });

  it('partial months at either end are read day by day; a range inside one month only by day', () => {
    expect(rollupSpans('2024-01-15', '2024-03-10')).toEqual([
      { grain: 'MONTH', from: '2024-02-01', to: '2024-02-29' },
      { grain: 'DAY', from: '2024-01-15', to: '2024-01-31' },
      { grain: 'DAY', from: '2024-03-01', to: '2024-03-10' },
    ]);
    expect(rollupSpans('2024-02-03', '2024-02-27')).toEqual([{ grain: 'DAY', from: '2024-02-03', to: '2024-02-27' }]);
    expect(rollupSpans(null, '2024-06-29')).toEqual([
      { grain: 'YEAR', from: '-infinity', to: '2023-12-31' },
      { grain: 'MONTH', from: '2024-01-01', to: '2024-05-31' },
      { grain: 'DAY', from: '2024-06-01', to: '2024-06-29' },
    ]);
  });

  it('every day of the range is in exactly one span, and no day outside it', () => {
    fc.assert(
      fc.property(dateBetween('2019-01-01', '2025-12-31'), fc.nat({ max: 1200 }), (from, length) => {
        const to = addDays(from, length);
        const spans = rollupSpans(from, to);
        for (const d of daysBetween(addDays(from, -400), addDays(to, 400))) {
          const inRange = d >= from && d <= to;
          expect([d, spans.filter((s) => covers(s, d)).length]).toEqual([d, inRange ? 1 : 0]);
        }
        const before = rollupSpans(null, addDays(from, -1));
        for (const d of daysBetween(addDays(from, -800), addDays(from, 400))) {
          expect([d, before.filter((s) => covers(s, d)).length]).toEqual([d, d < from ? 1 : 0]);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('assembleWindow: the figures of tally.ts from rollup sums (DOMAIN §4)', () => {
  it('§4 equals tallyCases for random valid histories and windows (carried over = received + reopened before − concluded before)', () => {
    fc.assert(
      fc.property(dimensionedCasesArb, windowArb, (generated, w) => {
        const cases: Array<DimensionedCase & Record<'respondentKind' | 'actCategory' | 'managementDomain', string>> =
          generated.map(([h, respondentKind, actCategory, managementDomain]) => ({
            ...summaryOf(h.facts),
            respondentKind,
            actCategory,
            managementDomain,
          }));
        const end = effectiveEnd(w.to, w.asOf);
        const { counts, breakdowns } = assembleWindow(sumsOf(cases, w.from, end));
        const expected = tallyCases(cases, w.from, w.to, w.asOf);
        const { correctionCount: _c, meritsDecisions: _m, overallCorrectionCount: _o, ...rest } = expected;
        expect(counts).toEqual(rest);

        // Breakdowns: each code's cases in every population, as tallyCases counts them over that code's cases; and
        // every population's breakdown sums to its total (issue 11).
        for (const dimension of ['respondentKind', 'actCategory', 'managementDomain'] as const) {
          for (const key of new Set(cases.map((c) => c[dimension]))) {
            const own = tallyCases(
              cases.filter((c) => c[dimension] === key),
              w.from,
              w.to,
              w.asOf,
            );
            const row = breakdowns.find((b) => b.dimension === dimension && b.key === key);
            for (const population of POPULATIONS) {
              const field = POPULATION_FIGURE[population];
              expect([dimension, key, population, row?.[field] ?? 0]).toEqual([dimension, key, population, own[field]]);
            }
          }
          for (const population of POPULATIONS) {
            const field = POPULATION_FIGURE[population];
            const rows = breakdowns.filter((b) => b.dimension === dimension);
            expect([dimension, population, rows.reduce((n, b) => n + b[field], 0)]).toEqual([
              dimension,
              population,
              expected[field],
            ]);
          }
        }
        for (const dimension of ['outcome', 'outcomeDetail'] as const) {
          const rows = breakdowns.filter((b) => b.dimension === dimension);
          const byCode = dimension === 'outcome' ? expected.byOutcome : expected.byOutcomeDetail;
          const after =
            dimension === 'outcome' ? expected.byOutcomeAfterAcceptance : expected.byOutcomeDetailAfterAcceptance;
          for (const [code, n] of Object.entries(byCode)) {
            const row = rows.find((b) => b.key === code);
            expect([code, row?.concluded ?? 0, row?.concludedAfterAcceptance ?? 0]).toEqual([
              code,
              n,
              (after as Record<string, number>)[code],
            ]);
          }
        }
        expect(
          breakdowns.filter((b) => b.dimension === 'outcome').reduce((n, b) => n + b.concludedAfterAcceptance, 0),
        ).toBe(expected.concludedAfterAcceptance);
        const outcomeRows = breakdowns.filter((b) => b.dimension === 'outcome');
        expect(Object.fromEntries(outcomeRows.map((b) => [b.key, b.concluded]))).toEqual(
          Object.fromEntries(Object.entries(expected.byOutcome).filter(([, n]) => n > 0)),
        );
      }),
      RUNS,
    );
  });
});
