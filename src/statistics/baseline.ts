import { findCodeEntry } from '../code-lists/code-lists';
import type { FieldProblem } from '../common/errors/problem.exception';
import { COMPARED_FIGURES, COMPARED_RATES, type ComparedFigure, type ComparedRate } from './compared';
import {
  ACCEPTANCE_RATE_BASES,
  type AcceptanceRateBase,
  CONCLUSION_RATE_BASES,
  type ConclusionRateBase,
  MAX_DECIMALS,
  type PercentMode,
  type Population,
  POPULATION_FIGURE,
  POPULATIONS,
  type RateBase,
  type Rates,
} from './tally';
import type { BreakdownRow } from './rollup';

/**
 * DECLARED BASELINES (issue 11 pt 5). 同比 compares a period with the same period one year earlier (period.ts). An
 * office that starts using the service mid-history has no (or only some) cases of that earlier period, and comparing
 * with them prints +817 %. So:
 *
 *   COMPLETENESS. An organ's case data is complete from `organ.caseDataFrom` on (set by an ADMIN, PATCH
 *   /v1/organs/{id}: the first day from which every case of the organ is in the service; null = all of its history
 *   is). The comparison period's data is complete when it does not start before that day, for every counted organ
 *   (scope=DESCENDANTS: the organ and each organ below it that is counted).
 *   - complete                                  → source CASES: the previous period computed from cases (as before);
 *   - incomplete, a declared baseline for exactly the comparison period (same organ, same from and to; scope SELF)
 *                                               → source DECLARED: the baseline's published figures;
 *   - incomplete, none                          → source INCOMPLETE: every previous value and change is null.
 *   The rule is explicit rather than guessed from the first recorded case: an organ whose first case of the year came
 *   in March has complete data, and an office that imports its history need not import a case of every year.
 *
 *   A BASELINE is the published figures of one organ's own cases for a period: any subset of the compared figures
 *   (counts) and rates (percent, as printed), optionally the bases the report computed its rates over, and counts per
 *   code of any breakdown with the population the report counted. What it lacks is null, with the reason in
 *   comparison.unavailable:
 *   - NOT_DECLARED: the report does not give that figure, rate or breakdown;
 *   - RATE_BASE_DIFFERS: the report's rate has another base than the request's (rateBase, acceptanceRateBase,
 *     conclusionRateBase): its number is not the rate asked for;
 *   - POPULATION_DIFFERS: the report's breakdown counts another population than the request's.
 *   A declared breakdown lists every code the report gives; a code it does not list counted 0.
 *   A published rate is re-expressed at the request's decimals and percent mode (12.5 at 0 decimals: 13 half-up, 12
 *   truncated) before the change in points is taken, as a computed rate would be.
 *
 *   Baselines are append-only: a new baseline for the same organ and period supersedes the previous one (the newest
 *   is active), and the old one stays readable.
 */
export const BASELINE_BREAKDOWNS = [
  'respondentKind',
  'actCategory',
  'managementDomain',
  'outcome',
  'outcomeDetail',
] as const;
export type BaselineBreakdownName = (typeof BASELINE_BREAKDOWNS)[number];

export type BaselineFigures = Partial<Record<ComparedFigure, number>>;
export type BaselineRates = Partial<Record<ComparedRate, number>>;
export interface BaselineRateBases {
  rateBase?: RateBase;
  acceptanceRateBase?: AcceptanceRateBase;
  conclusionRateBase?: ConclusionRateBase;
}
export interface BaselineBreakdown {
  population: Population;
  counts: Record<string, number>;
}
export type BaselineBreakdowns = Partial<Record<BaselineBreakdownName, BaselineBreakdown>>;

/** The lists of the breakdowns' codes; the first three are extensible per deployment (CodeListRegistry). */
export const BREAKDOWN_LIST = {
  respondentKind: 'RESPONDENT_KINDS',
  actCategory: 'ACT_CATEGORIES',
  managementDomain: 'MANAGEMENT_DOMAINS',
  outcome: 'OUTCOMES',
  outcomeDetail: 'OUTCOME_DETAILS',
} as const satisfies Record<BaselineBreakdownName, string>;

/** The largest count a baseline may declare (a sanity bound, far above any organ's yearly cases). */
export const MAX_DECLARED_COUNT = 10_000_000;
/** Rates are percent; a rate over ACCEPTED can exceed 100 (tally.ts), so the bound is wide. */
export const MAX_DECLARED_RATE = 100_000;

export type RateBaseName = keyof BaselineRateBases;
/** The base each rate is computed over (tally.ts rates()). */
export const RATE_BASE_OF: Record<ComparedRate, RateBaseName> = {
  correctionRate: 'rateBase',
  overallCorrectionRate: 'rateBase',
  acceptanceRate: 'acceptanceRateBase',
  conclusionRate: 'conclusionRateBase',
};
const RATE_BASE_CHOICES: Record<RateBaseName, readonly string[]> = {
  rateBase: ['DECIDED', 'CONCLUDED', 'ACCEPTED'],
  acceptanceRateBase: ACCEPTANCE_RATE_BASES,
  conclusionRateBase: CONCLUSION_RATE_BASES,
};

export interface DeclaredValues {
  figures: BaselineFigures;
  rates: BaselineRates;
  rateBases: BaselineRateBases;
  breakdowns: BaselineBreakdowns;
}

/** A code that must be an extensible list's (checked against the deployment's codes by the service). */
export interface DeploymentCodeUse {
  path: string;
  list: 'RESPONDENT_KINDS' | 'ACT_CATEGORIES' | 'MANAGEMENT_DOMAINS';
  code: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_DECLARED_COUNT;
}

/** A percent with at most MAX_DECIMALS decimals: exact in units of 10^-4 (a binary 12.5 or 33.3333 is). */
function isRate(v: unknown): v is number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_DECLARED_RATE) {
    return false;
  }
  const units = v * 10 ** MAX_DECIMALS;
  return Math.abs(units - Math.round(units)) < 1e-6;
}

/**
 * The declared values of a request body, or the problems with them (each naming its path). Codes of the extensible
 * lists are returned for the service to check against the deployment's lists; the fixed lists are checked here.
 */
export function parseDeclaredValues(body: {
  figures?: unknown;
  rates?: unknown;
  rateBases?: unknown;
  breakdowns?: unknown;
}): { values: DeclaredValues; problems: FieldProblem[]; codes: DeploymentCodeUse[] } {
  const problems: FieldProblem[] = [];
  const codes: DeploymentCodeUse[] = [];
  const values: DeclaredValues = { figures: {}, rates: {}, rateBases: {}, breakdowns: {} };
  const objectAt = (path: string, v: unknown): Record<string, unknown> => {
    if (v === undefined) {
      return {};
    }
    if (!isObject(v)) {
      problems.push({ path, code: 'IS_OBJECT', message: `${path} must be an object` });
      return {};
    }
    return v;
  };
  for (const [name, v] of Object.entries(objectAt('figures', body.figures))) {
    const path = `figures.${name}`;
    if (!(COMPARED_FIGURES as readonly string[]).includes(name)) {
      problems.push({
        path,
        code: 'UNKNOWN_FIGURE',
        message: `${name} is not a figure (${COMPARED_FIGURES.join(', ')})`,
      });
    } else if (!isCount(v)) {
      problems.push({
        path,
        code: 'NOT_A_COUNT',
        message: `${path} must be an integer from 0 to ${MAX_DECLARED_COUNT}`,
      });
    } else {
      values.figures[name as ComparedFigure] = v;
    }
  }
  for (const [name, v] of Object.entries(objectAt('rates', body.rates))) {
    const path = `rates.${name}`;
    if (!(COMPARED_RATES as readonly string[]).includes(name)) {
      problems.push({ path, code: 'UNKNOWN_RATE', message: `${name} is not a rate (${COMPARED_RATES.join(', ')})` });
    } else if (!isRate(v)) {
      problems.push({
        path,
        code: 'NOT_A_RATE',
        message: `${path} must be a percent from 0 to ${MAX_DECLARED_RATE} with at most ${MAX_DECIMALS} decimals`,
      });
    } else {
      values.rates[name as ComparedRate] = v;
    }
  }
  for (const [name, v] of Object.entries(objectAt('rateBases', body.rateBases))) {
    const path = `rateBases.${name}`;
    const choices = RATE_BASE_CHOICES[name as RateBaseName] as readonly string[] | undefined;
    if (!choices) {
      problems.push({
        path,
        code: 'UNKNOWN_RATE_BASE',
        message: `${name} is not a rate base (${Object.keys(RATE_BASE_CHOICES).join(', ')})`,
      });
    } else if (typeof v !== 'string' || !choices.includes(v)) {
      problems.push({ path, code: 'IS_IN', message: `${path} must be one of ${choices.join(', ')}` });
    } else {
      (values.rateBases as Record<string, string>)[name] = v;
    }
  }
  for (const [name, v] of Object.entries(objectAt('breakdowns', body.breakdowns))) {
    const path = `breakdowns.${name}`;
    if (!(BASELINE_BREAKDOWNS as readonly string[]).includes(name)) {
      problems.push({
        path,
        code: 'UNKNOWN_BREAKDOWN',
        message: `${name} is not a breakdown (${BASELINE_BREAKDOWNS.join(', ')})`,
      });
      continue;
    }
    const dimension = name as BaselineBreakdownName;
    const entry = objectAt(path, v);
    const population = entry.population;
    if (typeof population !== 'string' || !(POPULATIONS as readonly string[]).includes(population)) {
      problems.push({
        path: `${path}.population`,
        code: 'IS_IN',
        message: `population must be one of ${POPULATIONS.join(', ')}`,
      });
    }
    const counts: Record<string, number> = {};
    for (const [code, n] of Object.entries(objectAt(`${path}.counts`, entry.counts))) {
      const at = `${path}.counts.${code}`;
      const list = BREAKDOWN_LIST[dimension];
      if (!isCount(n)) {
        problems.push({
          path: at,
          code: 'NOT_A_COUNT',
          message: `${at} must be an integer from 0 to ${MAX_DECLARED_COUNT}`,
        });
      } else if (list === 'OUTCOMES' || list === 'OUTCOME_DETAILS') {
        if (findCodeEntry(list, code) === undefined) {
          problems.push({ path: at, code: 'IS_IN', message: `${code} is not a code of ${list} (GET /v1/code-lists)` });
        } else {
          counts[code] = n;
        }
      } else {
        codes.push({ path: at, list, code });
        counts[code] = n;
      }
    }
    for (const key of Object.keys(entry).filter((k) => k !== 'population' && k !== 'counts')) {
      problems.push({
        path: `${path}.${key}`,
        code: 'UNKNOWN_FIELD',
        message: `${key} is not a field of a breakdown (population, counts)`,
      });
    }
    values.breakdowns[dimension] = { population: population as Population, counts };
  }
  const declared =
    Object.keys(values.figures).length + Object.keys(values.rates).length + Object.keys(values.breakdowns).length;
  if (problems.length === 0 && declared === 0) {
    problems.push({
      path: 'figures',
      code: 'NOTHING_DECLARED',
      message: 'declare at least one figure, rate or breakdown',
    });
  }
  return { values, problems, codes };
}

// ── The comparison's basis ─────────────────────────────────────────────────────────────────────────────────────

export type ComparisonSource = 'CASES' | 'DECLARED' | 'INCOMPLETE';
export type UnavailableReason = 'NOT_DECLARED' | 'RATE_BASE_DIFFERS' | 'POPULATION_DIFFERS';

/** What the previous period is compared from (the rule above). */
export type ComparisonBasis =
  | { source: 'CASES' }
  | { source: 'DECLARED'; baseline: { id: string; source: string; sourceUrl: string | null } & DeclaredValues }
  | { source: 'INCOMPLETE'; reason: string };

export interface PreviousValues {
  figures: Record<ComparedFigure, number | null>;
  rates: Record<ComparedRate, number | null>;
  /** The previous counts per code of a breakdown over a population; null: not known. */
  breakdown: (name: BaselineBreakdownName, population: Population) => ReadonlyMap<string, number> | null;
  unavailable: Array<{ path: string; reason: UnavailableReason }>;
}

/**
 * A percent with up to 4 decimals re-expressed at `decimals` and `mode`, in exact integer arithmetic (tally.ts
 * percent()): the published 12.5 at 0 decimals is 13 half-up, 12 truncated.
 */
export function atDecimals(value: number, decimals: number, mode: PercentMode): number {
  const units = Math.round(value * 10 ** MAX_DECIMALS);
  const step = 10 ** (MAX_DECIMALS - decimals);
  const scaled = mode === 'TRUNCATE' ? Math.floor(units / step) : Math.floor((2 * units + step) / (2 * step));
  return scaled / 10 ** decimals;
}

/**
 * The previous period's values a comparison uses: computed from cases (CASES), the baseline's (DECLARED), or none
 * (INCOMPLETE). `computed` is the previous period's figures for CASES.
 */
export function previousValues(
  basis: ComparisonBasis,
  computed: (Record<ComparedFigure, number> & Record<ComparedRate, number | null>) | null,
  computedBreakdown: (name: BaselineBreakdownName, population: Population) => ReadonlyMap<string, number>,
  request: Pick<Rates, RateBaseName> & { mode: PercentMode; decimals: number },
): PreviousValues {
  if (basis.source === 'CASES' && computed) {
    return {
      figures: Object.fromEntries(COMPARED_FIGURES.map((k) => [k, computed[k]])) as Record<ComparedFigure, number>,
      rates: Object.fromEntries(COMPARED_RATES.map((k) => [k, computed[k]])) as Record<ComparedRate, number | null>,
      breakdown: computedBreakdown,
      unavailable: [],
    };
  }
  if (basis.source !== 'DECLARED') {
    return {
      figures: Object.fromEntries(COMPARED_FIGURES.map((k) => [k, null])) as Record<ComparedFigure, null>,
      rates: Object.fromEntries(COMPARED_RATES.map((k) => [k, null])) as Record<ComparedRate, null>,
      breakdown: () => null,
      unavailable: [],
    };
  }
  const b = basis.baseline;
  const unavailable: PreviousValues['unavailable'] = [];
  const figures = Object.fromEntries(
    COMPARED_FIGURES.map((k) => {
      const v = b.figures[k];
      if (v === undefined) {
        unavailable.push({ path: `previous.${k}`, reason: 'NOT_DECLARED' });
      }
      return [k, v ?? null];
    }),
  ) as Record<ComparedFigure, number | null>;
  const rates = Object.fromEntries(
    COMPARED_RATES.map((k) => {
      const v = b.rates[k];
      const declaredBase = b.rateBases[RATE_BASE_OF[k]];
      if (v === undefined) {
        unavailable.push({ path: `previousRates.${k}`, reason: 'NOT_DECLARED' });
        return [k, null];
      }
      if (declaredBase !== undefined && declaredBase !== request[RATE_BASE_OF[k]]) {
        unavailable.push({ path: `previousRates.${k}`, reason: 'RATE_BASE_DIFFERS' });
        return [k, null];
      }
      return [k, atDecimals(v, request.decimals, request.mode)];
    }),
  ) as Record<ComparedRate, number | null>;
  for (const name of BASELINE_BREAKDOWNS) {
    if (!b.breakdowns[name]) {
      unavailable.push({ path: `breakdowns.${name}`, reason: 'NOT_DECLARED' });
    }
  }
  return {
    figures,
    rates,
    breakdown: (name, population) => {
      const declared = b.breakdowns[name];
      if (!declared) {
        return null;
      }
      if (declared.population !== population) {
        unavailable.push({ path: `breakdowns.${name}`, reason: 'POPULATION_DIFFERS' });
        return null;
      }
      return new Map(Object.entries(declared.counts).filter(([, n]) => n !== 0));
    },
    unavailable,
  };
}

/** A breakdown's counts per code over a population, from the rollup's rows (codes with none left out). */
export function rowsOf(rows: readonly BreakdownRow[], dimension: string, population: Population): Map<string, number> {
  const field = POPULATION_FIGURE[population];
  return new Map(rows.filter((r) => r.dimension === dimension && r[field] !== 0).map((r) => [r.key, r[field]]));
}
