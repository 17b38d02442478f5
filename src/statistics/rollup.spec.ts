import fc from 'fast-check';
import { addDays } from '../common/local-date';
import { ACT_CATEGORIES, MANAGEMENT_DOMAINS, RESPONDENT_KINDS } from '../code-lists/code-lists';
import { dateBetween, historyArbitrary, summaryOf } from '../../test/support/random-histories';
import { assembleWindow, rollupSpans, type RollupSum, type RollupSpan, windowSpans } from './rollup';
import type { RollupDimension, RollupMeasure } from './statistics-rollup.entity';
import { type CaseSummary, effectiveEnd, tallyCases } from './tally';

const RUNS = { numRuns: 200 };

/** Does the bucket of `grain` holding day `d` fall in the span? (A MONTH bucket starts on the 1st.) */
function covers(span: RollupSpan, d: string): boolean {
  const start = span.grain === 'DAY' ? d : `${d.slice(0, 8)}01`;
  return (span.from === '-infinity' || start >= span.from) && start <= span.to;
}

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    out.push(d);
  }
  return out;
}

interface DimensionedCase extends CaseSummary {
  respondentKind: string;
  actCategory: string;
  managementDomain: string;
}

/**
 * The rollup in memory: the contributions of case_tally_contributions() (migration StatisticsRollup), each counted in
 * its DAY and its MONTH bucket.
 */
function rollupOf(cases: readonly DimensionedCase[]): Map<string, number> {
  const buckets = new Map<string, number>();
  const add = (day: string, measure: RollupMeasure, dimension: RollupDimension, key: string) => {
    for (const [grain, start] of [
      ['DAY', day],
      ['MONTH', `${day.slice(0, 8)}01`],
    ] as const) {
      const k = `${grain}|${start}|${measure}|${dimension}|${key}`;
      buckets.set(k, (buckets.get(k) ?? 0) + 1);
    }
  };
  for (const c of cases) {
    const dims = [
      ['total', ''],
      ['respondentKind', c.respondentKind],
      ['actCategory', c.actCategory],
      ['managementDomain', c.managementDomain],
    ] as const;
    for (const [dimension, key] of dims) {
      add(c.receivedOn, 'RECEIVED', dimension, key);
    }
    if (c.acceptedOn !== null) {
      add(c.acceptedOn, 'ACCEPTED', 'total', '');
    }
    if (c.concludedOn !== null && c.outcome !== null) {
      for (const [dimension, key] of dims) {
        add(c.concludedOn, 'CONCLUDED', dimension, key);
      }
      add(c.concludedOn, 'CONCLUDED', 'outcome', c.outcome);
      if (c.outcomeDetail) {
        add(c.concludedOn, 'CONCLUDED', 'outcomeDetail', c.outcomeDetail);
      }
      if (c.outcome === 'TERMINATED' && c.terminationGround !== null) {
        add(c.concludedOn, 'CONCLUDED', 'terminationGround', c.terminationGround);
      }
      if (c.outcome === 'WITHDRAWN' && c.withdrawalReason !== null) {
        add(c.concludedOn, 'CONCLUDED', 'withdrawalReason', c.withdrawalReason);
      }
    }
    // Migration OutcomeDetailAndReopening: a prior conclusion still counts on its date; its reopening on the order's.
    for (const p of c.priorConclusions ?? []) {
      for (const [dimension, key] of dims) {
        add(p.concludedOn, 'CONCLUDED', dimension, key);
        add(p.reopenedOn, 'REOPENED', dimension, key);
      }
      add(p.concludedOn, 'CONCLUDED', 'outcome', p.outcome);
      if (p.outcomeDetail) {
        add(p.concludedOn, 'CONCLUDED', 'outcomeDetail', p.outcomeDetail);
      }
    }
  }
  return buckets;
}

/** What StatisticsRepository.window's statement returns: the buckets of each span summed per part, measure and code. */
function sumsFor(buckets: Map<string, number>, from: string, end: string): RollupSum[] {
  const sums = new Map<string, RollupSum>();
  for (const span of windowSpans(from, end)) {
    for (const [k, n] of buckets) {
      const [grain, start, measure, dimension, key] = k.split('|') as [
        string,
        string,
        RollupMeasure,
        RollupDimension,
        string,
      ];
      if (grain !== span.grain || (span.from !== '-infinity' && start < span.from) || start > span.to) {
        continue;
      }
      const id = `${span.part}|${measure}|${dimension}|${key}`;
      const s = sums.get(id) ?? { part: span.part, measure, dimension, key, cases: 0 };
      s.cases += n;
      sums.set(id, s);
    }
  }
  return [...sums.values()];
}

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

describe('rollupSpans: a range of days as whole months plus the days at its ends', () => {
  it('a calendar year is its twelve months; the time before it is every earlier month', () => {
    expect(rollupSpans('2024-01-01', '2024-12-31')).toEqual([{ grain: 'MONTH', from: '2024-01-01', to: '2024-12-31' }]);
    expect(rollupSpans(null, '2023-12-31')).toEqual([{ grain: 'MONTH', from: '-infinity', to: '2023-12-31' }]);
  });

  it('partial months at either end are read day by day; a range inside one month only by day', () => {
    expect(rollupSpans('2024-01-15', '2024-03-10')).toEqual([
      { grain: 'MONTH', from: '2024-02-01', to: '2024-02-29' },
      { grain: 'DAY', from: '2024-01-15', to: '2024-01-31' },
      { grain: 'DAY', from: '2024-03-01', to: '2024-03-10' },
    ]);
    expect(rollupSpans('2024-02-03', '2024-02-27')).toEqual([{ grain: 'DAY', from: '2024-02-03', to: '2024-02-27' }]);
    expect(rollupSpans(null, '2024-06-29')).toEqual([
      { grain: 'MONTH', from: '-infinity', to: '2024-05-31' },
      { grain: 'DAY', from: '2024-06-01', to: '2024-06-29' },
    ]);
  });

  it('every day of the range is in exactly one span, and no day outside it', () => {
    fc.assert(
      fc.property(dateBetween('2019-01-01', '2025-12-31'), fc.nat({ max: 500 }), (from, length) => {
        const to = addDays(from, length);
        const spans = rollupSpans(from, to);
        for (const d of daysBetween(addDays(from, -40), addDays(to, 40))) {
          const inRange = d >= from && d <= to;
          expect([d, spans.filter((s) => covers(s, d)).length]).toEqual([d, inRange ? 1 : 0]);
        }
        const before = rollupSpans(null, addDays(from, -1));
        for (const d of daysBetween(addDays(from, -70), addDays(from, 40))) {
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
        const cases: DimensionedCase[] = generated.map(([h, respondentKind, actCategory, managementDomain]) => ({
          ...summaryOf(h.facts),
          respondentKind,
          actCategory,
          managementDomain,
        }));
        const end = effectiveEnd(w.to, w.asOf);
        const { counts, breakdowns } = assembleWindow(sumsFor(rollupOf(cases), w.from, end));
        const expected = tallyCases(cases, w.from, w.to, w.asOf);
        const { correctionCount: _c, meritsDecisions: _m, ...rest } = expected;
        expect(counts).toEqual(rest);

        // Breakdowns: each code's handled and concluded cases, as tallyCases counts them over that code's cases.
        for (const dimension of ['respondentKind', 'actCategory', 'managementDomain'] as const) {
          for (const key of new Set(cases.map((c) => c[dimension]))) {
            const own = tallyCases(
              cases.filter((c) => c[dimension] === key),
              w.from,
              w.to,
              w.asOf,
            );
            const row = breakdowns.find((b) => b.dimension === dimension && b.key === key);
            expect([dimension, key, row?.handled ?? 0, row?.concluded ?? 0]).toEqual([
              dimension,
              key,
              own.handled,
              own.concluded,
            ]);
          }
        }
        const outcomeRows = breakdowns.filter((b) => b.dimension === 'outcome');
        expect(Object.fromEntries(outcomeRows.map((b) => [b.key, b.concluded]))).toEqual(
          Object.fromEntries(Object.entries(expected.byOutcome).filter(([, n]) => n > 0)),
        );
      }),
      RUNS,
    );
  });
});
