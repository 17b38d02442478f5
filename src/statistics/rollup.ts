import { addDays } from '../common/local-date';
import type { LocalDate } from '../common/local-date';
import type { Outcome, OutcomeDetail } from '../code-lists/code-lists';
import type { RollupDimension, RollupGrain, RollupMeasure } from './statistics-rollup.entity';
import { type Counts, emptyByOutcome, emptyByOutcomeDetail } from './tally';

/**
 * THE FIGURES OF tally.ts FROM THE ROLLUP (statistics_rollup: cases received / accepted / concluded per day and per
 * month and per year, by legal date, in total and per breakdown code; kept equal to the projection by a trigger).
 *
 * Every figure is a count of cases whose received, accepted or concluded date falls in a range, so it is a sum of
 * rollup buckets:
 *   received             = Σ RECEIVED  over [from, E]
 *   reopened             = Σ REOPENED  over [from, E]   (a superior order reopened a concluded case: tally.ts)
 *   accepted             = Σ ACCEPTED  over [from, E]
 *     (a case accepted in [from, E] is handled: received before its acceptance, and not concluded before it)
 *   concluded, byOutcome = Σ CONCLUDED over [from, E]
 *     (a case concluded in [from, E] was received on or before its conclusion, hence before E: it is handled)
 *   carriedOver          = Σ (RECEIVED + REOPENED) before `from` − Σ CONCLUDED before `from`
 *     (episodes opened before `from` and not concluded before it; every conclusion before `from` ends an episode
 *      opened before it: received ≤ accepted ≤ concluded is the database's case_dates_ordered constraint, and a
 *      prior conclusion lies between its episode's opening and the reopening order, acts being in date order)
 *   accepted per code    = Σ ACCEPTED per code over [from, E]
 *   concludedAfterAcceptance, byOutcomeAfterAcceptance = Σ CONCLUDED_ACCEPTED over [from, E]
 *   acceptedCarriedOver  = Σ ACCEPTED_EPISODE before `from` − Σ CONCLUDED_ACCEPTED before `from`
 *     (accepted episodes open on `from`: an episode's acceptance precedes its conclusion after acceptance)
 * and the same per code for the breakdowns. A range is read as whole years plus the months and days at either end
 * (`rollupSpans`), so a calendar year costs one row per code and the time before it one row per earlier year: the
 * cost grows with the years of history, never with the number of cases.
 */

export type Dimension = 'respondentKind' | 'actCategory' | 'managementDomain';

/**
 * One code of a breakdown, counted in every population (tally.ts POPULATIONS). A row of `outcome` or `outcomeDetail`
 * counts concluded cases only: concluded and concludedAfterAcceptance (handled = concluded, the rest 0).
 */
export interface BreakdownRow {
  dimension: Dimension | 'outcome' | 'outcomeDetail';
  key: string;
  received: number;
  accepted: number;
  handled: number;
  concluded: number;
  concludedAfterAcceptance: number;
  pending: number;
}

/** Buckets with period_start in [from, to] at one grain; from '-infinity' (PostgreSQL's) means since the first case. */
export interface RollupSpan {
  grain: RollupGrain;
  from: string;
  to: LocalDate;
}

/** Which part of a window a summed row belongs to: the period [from, E], or everything before `from`. */
export type RollupPart = 'PERIOD' | 'BEFORE';

export interface RollupSum {
  part: RollupPart;
  measure: RollupMeasure;
  dimension: RollupDimension;
  key: string;
  cases: number;
}

export interface WindowTally {
  counts: Omit<Counts, 'correctionCount' | 'meritsDecisions' | 'overallCorrectionCount'>;
  breakdowns: BreakdownRow[];
}

const BREAKDOWN_DIMENSIONS: readonly Dimension[] = ['respondentKind', 'actCategory', 'managementDomain'];

function firstOfMonth(d: LocalDate): LocalDate {
  return `${d.slice(0, 8)}01`;
}

function nextMonth(firstOfAMonth: LocalDate): LocalDate {
  return firstOfMonth(addDays(firstOfAMonth, 31));
}

function firstOfYear(d: LocalDate): LocalDate {
  return `${d.slice(0, 4)}-01-01`;
}

/** The period_start of the bucket of `grain` that holds day `d` (statistics_rollup_buckets() in SQL). */
export function bucketStart(grain: RollupGrain, d: LocalDate): LocalDate {
  return grain === 'DAY' ? d : grain === 'MONTH' ? firstOfMonth(d) : firstOfYear(d);
}

/**
 * The buckets that add up to the days [from, to] (from null: every day up to `to`): the whole years inside the range
 * at YEAR grain, the whole months of the partial years at its ends at MONTH grain, the days of the partial months at
 * DAY grain. Each day is counted exactly once; a calendar year costs one row per code, and the history before it one
 * row per earlier year (migration RollupYearGrain).
 */
export function rollupSpans(from: LocalDate | null, to: LocalDate): RollupSpan[] {
  if (from !== null && from > to) {
    return [];
  }
  const monthsFrom = from === null ? null : from.endsWith('-01') ? from : nextMonth(firstOfMonth(from));
  // Months starting before this one end on or before `to`.
  const monthsUntil = firstOfMonth(addDays(to, 1));
  if (monthsFrom !== null && monthsFrom >= monthsUntil) {
    return [{ grain: 'DAY', from: from!, to }];
  }
  const spans: RollupSpan[] = [...monthSpans(monthsFrom, monthsUntil)];
  if (from !== null && from < monthsFrom!) {
    spans.push({ grain: 'DAY', from, to: addDays(monthsFrom!, -1) });
  }
  if (monthsUntil <= to) {
    spans.push({ grain: 'DAY', from: monthsUntil, to });
  }
  return spans;
}

/** The whole months [monthsFrom, monthsUntil) (null: since the first case) as whole years plus the months at the ends. */
function monthSpans(monthsFrom: LocalDate | null, monthsUntil: LocalDate): RollupSpan[] {
  const yearsFrom =
    monthsFrom === null
      ? null
      : monthsFrom.endsWith('-01-01')
        ? monthsFrom
        : `${Number(monthsFrom.slice(0, 4)) + 1}-01-01`;
  const yearsUntil = firstOfYear(monthsUntil);
  if (yearsFrom !== null && yearsFrom >= yearsUntil) {
    return [{ grain: 'MONTH', from: monthsFrom!, to: addDays(monthsUntil, -1) }];
  }
  const spans: RollupSpan[] = [{ grain: 'YEAR', from: yearsFrom ?? '-infinity', to: addDays(yearsUntil, -1) }];
  if (monthsFrom !== null && monthsFrom < yearsFrom!) {
    spans.push({ grain: 'MONTH', from: monthsFrom, to: addDays(yearsFrom!, -1) });
  }
  if (yearsUntil < monthsUntil) {
    spans.push({ grain: 'MONTH', from: yearsUntil, to: addDays(monthsUntil, -1) });
  }
  return spans;
}

/** The spans of a window [from, E] tagged by part: PERIOD for [from, E], BEFORE for every day before `from`. */
export function windowSpans(from: LocalDate, end: LocalDate): Array<RollupSpan & { part: RollupPart }> {
  return [
    ...rollupSpans(from, end).map((s) => ({ ...s, part: 'PERIOD' as const })),
    ...rollupSpans(null, addDays(from, -1)).map((s) => ({ ...s, part: 'BEFORE' as const })),
  ];
}

/** The figures and breakdowns of a window from the summed rollup rows of its two parts (formulas above). */
export function assembleWindow(sums: readonly RollupSum[]): WindowTally {
  const index = new Map<string, number>();
  const keysOf = new Map<RollupDimension, Set<string>>();
  for (const s of sums) {
    const k = `${s.part}|${s.measure}|${s.dimension}|${s.key}`;
    index.set(k, (index.get(k) ?? 0) + s.cases);
    const keys = keysOf.get(s.dimension) ?? new Set<string>();
    keys.add(s.key);
    keysOf.set(s.dimension, keys);
  }
  const sum = (part: RollupPart, measure: RollupMeasure, dimension: RollupDimension, key = ''): number =>
    index.get(`${part}|${measure}|${dimension}|${key}`) ?? 0;
  const handledOf = (dimension: RollupDimension, key: string): number =>
    sum('PERIOD', 'RECEIVED', dimension, key) +
    sum('PERIOD', 'REOPENED', dimension, key) +
    sum('BEFORE', 'RECEIVED', dimension, key) +
    sum('BEFORE', 'REOPENED', dimension, key) -
    sum('BEFORE', 'CONCLUDED', dimension, key);

  const received = sum('PERIOD', 'RECEIVED', 'total');
  const reopened = sum('PERIOD', 'REOPENED', 'total');
  const handled = handledOf('total', '');
  const concluded = sum('PERIOD', 'CONCLUDED', 'total');
  const byOutcome = emptyByOutcome();
  for (const outcome of keysOf.get('outcome') ?? []) {
    byOutcome[outcome as Outcome] = sum('PERIOD', 'CONCLUDED', 'outcome', outcome);
  }
  const byOutcomeDetail = emptyByOutcomeDetail();
  for (const detail of keysOf.get('outcomeDetail') ?? []) {
    if (detail in byOutcomeDetail) {
      byOutcomeDetail[detail as OutcomeDetail] = sum('PERIOD', 'CONCLUDED', 'outcomeDetail', detail);
    }
  }

  const byOutcomeAfterAcceptance = emptyByOutcome();
  for (const outcome of keysOf.get('outcome') ?? []) {
    byOutcomeAfterAcceptance[outcome as Outcome] = sum('PERIOD', 'CONCLUDED_ACCEPTED', 'outcome', outcome);
  }
  const byOutcomeDetailAfterAcceptance = emptyByOutcomeDetail();
  for (const detail of keysOf.get('outcomeDetail') ?? []) {
    if (detail in byOutcomeDetailAfterAcceptance) {
      byOutcomeDetailAfterAcceptance[detail as OutcomeDetail] = sum(
        'PERIOD',
        'CONCLUDED_ACCEPTED',
        'outcomeDetail',
        detail,
      );
    }
  }

  const breakdowns: BreakdownRow[] = [];
  for (const dimension of BREAKDOWN_DIMENSIONS) {
    for (const key of [...(keysOf.get(dimension) ?? [])].sort()) {
      const handledHere = handledOf(dimension, key);
      const concludedHere = sum('PERIOD', 'CONCLUDED', dimension, key);
      const row: BreakdownRow = {
        dimension,
        key,
        received: sum('PERIOD', 'RECEIVED', dimension, key),
        accepted: sum('PERIOD', 'ACCEPTED', dimension, key),
        handled: handledHere,
        concluded: concludedHere,
        concludedAfterAcceptance: sum('PERIOD', 'CONCLUDED_ACCEPTED', dimension, key),
        pending: handledHere - concludedHere,
      };
      if (row.handled !== 0 || row.concluded !== 0 || row.accepted !== 0) {
        breakdowns.push(row);
      }
    }
  }
  const outcomeRow = (dimension: 'outcome' | 'outcomeDetail', key: string, n: number, after: number) => ({
    dimension,
    key,
    received: 0,
    accepted: 0,
    handled: n,
    concluded: n,
    concludedAfterAcceptance: after,
    pending: 0,
  });
  for (const [outcome, n] of Object.entries(byOutcome)) {
    if (n !== 0) {
      breakdowns.push(outcomeRow('outcome', outcome, n, byOutcomeAfterAcceptance[outcome as Outcome]));
    }
  }
  for (const [detail, n] of Object.entries(byOutcomeDetail)) {
    if (n !== 0) {
      breakdowns.push(outcomeRow('outcomeDetail', detail, n, byOutcomeDetailAfterAcceptance[detail as OutcomeDetail]));
    }
  }

  const correctedTerminations = sum('PERIOD', 'CONCLUDED', 'terminationGround', 'WITHDRAWN_AFTER_RESPONDENT_CORRECTED');
  const concludedAfterAcceptance = sum('PERIOD', 'CONCLUDED_ACCEPTED', 'total');
  return {
    counts: {
      handled,
      received,
      reopened,
      carriedOver: handled - received - reopened,
      accepted: sum('PERIOD', 'ACCEPTED', 'total'),
      concluded,
      pending: handled - concluded,
      byOutcome,
      byOutcomeDetail,
      correctedTerminations,
      settledBeforeAcceptance: sum('PERIOD', 'CONCLUDED', 'withdrawalReason', 'SETTLED_BEFORE_ACCEPTANCE'),
      concludedAfterAcceptance,
      concludedBeforeAcceptance: concluded - concludedAfterAcceptance,
      acceptedCarriedOver: sum('BEFORE', 'ACCEPTED_EPISODE', 'total') - sum('BEFORE', 'CONCLUDED_ACCEPTED', 'total'),
      byOutcomeAfterAcceptance,
      byOutcomeDetailAfterAcceptance,
    },
    breakdowns,
  };
}
