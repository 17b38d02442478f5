import type { RollupSum } from '../../src/statistics/rollup';
import { bucketStart, windowSpans } from '../../src/statistics/rollup';
import type { RollupDimension, RollupMeasure } from '../../src/statistics/statistics-rollup.entity';
import type { CaseSummary } from '../../src/statistics/tally';

/** A case summary with its breakdown codes (absent: only the total is contributed, as in small hand-made tests). */
export interface DimensionedCase extends CaseSummary {
  respondentKind?: string;
  actCategory?: string;
  managementDomain?: string;
}

export interface Contribution {
  day: string;
  measure: RollupMeasure;
  dimension: RollupDimension;
  key: string;
}

/**
 * What case_tally_contributions() (migrations StatisticsRollup, OutcomeDetailAndReopening, StatisticsPopulations)
 * contributes for one case, in TypeScript: the property tests hold the rollup formulas (rollup.ts) to tallyCases over
 * these, so this mirror must say what the SQL says.
 */
export function caseContributions(c: DimensionedCase): Contribution[] {
  const out: Contribution[] = [];
  const carried: Array<[RollupDimension, string]> = [['total', '']];
  for (const dimension of ['respondentKind', 'actCategory', 'managementDomain'] as const) {
    const key = c[dimension];
    if (key !== undefined) {
      carried.push([dimension, key]);
    }
  }
  const add = (day: string, measure: RollupMeasure, dims: ReadonlyArray<[RollupDimension, string | null]>) => {
    for (const [dimension, key] of dims) {
      if (key !== null) {
        out.push({ day, measure, dimension, key });
      }
    }
  };
  const priors = c.priorConclusions ?? [];
  add(c.receivedOn, 'RECEIVED', carried);
  if (c.acceptedOn !== null) {
    add(c.acceptedOn, 'ACCEPTED', carried);
    if (priors.length === 0 || c.acceptedOn <= priors[0]!.concludedOn) {
      add(c.acceptedOn, 'ACCEPTED_EPISODE', [['total', '']]);
    }
  }
  if (c.concludedOn !== null && c.outcome !== null) {
    const byOutcome: Array<[RollupDimension, string | null]> = [
      ...carried,
      ['outcome', c.outcome],
      ['outcomeDetail', c.outcomeDetail ?? null],
    ];
    add(c.concludedOn, 'CONCLUDED', [
      ...byOutcome,
      ['terminationGround', c.outcome === 'TERMINATED' ? c.terminationGround : null],
      ['withdrawalReason', c.outcome === 'WITHDRAWN' ? c.withdrawalReason : null],
    ]);
    if (c.acceptedOn !== null) {
      add(c.concludedOn, 'CONCLUDED_ACCEPTED', byOutcome);
    }
  }
  priors.forEach((p, i) => {
    const byOutcome: Array<[RollupDimension, string | null]> = [
      ...carried,
      ['outcome', p.outcome],
      ['outcomeDetail', p.outcomeDetail],
    ];
    add(p.concludedOn, 'CONCLUDED', byOutcome);
    if (i > 0 || (c.acceptedOn !== null && c.acceptedOn <= p.concludedOn)) {
      add(p.concludedOn, 'CONCLUDED_ACCEPTED', byOutcome);
    }
    add(p.reopenedOn, 'REOPENED', carried);
    add(p.reopenedOn, 'ACCEPTED_EPISODE', [['total', '']]);
  });
  return out;
}

/** What StatisticsRepository.window's statement returns for these contributions: summed per part, measure and code. */
export function windowSums(contributions: readonly Contribution[], from: string, end: string): RollupSum[] {
  const sums = new Map<string, RollupSum>();
  for (const span of windowSpans(from, end)) {
    for (const x of contributions) {
      const start = bucketStart(span.grain, x.day);
      if ((span.from === '-infinity' || start >= span.from) && start <= span.to) {
        const id = `${span.part}|${x.measure}|${x.dimension}|${x.key}`;
        const s = sums.get(id) ?? { part: span.part, measure: x.measure, dimension: x.dimension, key: x.key, cases: 0 };
        s.cases += 1;
        sums.set(id, s);
      }
    }
  }
  return [...sums.values()];
}
