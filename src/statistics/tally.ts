import { CORRECTION_OUTCOMES, MERITS_OUTCOMES, OUTCOMES } from '../code-lists/code-lists';
import type { Outcome } from '../code-lists/code-lists';

/**
 * THE DEFINITIONS OF THE PUBLISHED FIGURES (DOMAIN.md §4), for a period [from, to] as the history stood on `asOf`.
 * All dates are legal dates (the acts' occurredOn), so "as of" needs no snapshot: a case is concluded as of E exactly
 * when its concluding act is dated ≤ E, and undone acts never count.
 *
 *   E (effective end)   = min(to, asOf)
 *   received            = received in [from, E]
 *   carriedOver (结转)   = received before `from` and not concluded before `from`
 *   handled (办理)       = carriedOver + received
 *   accepted            = accepted (受理) in [from, E]
 *   concluded (审结/办结) = handled cases whose concluding act is dated in [from, E]
 *   pending (在办)       = handled − concluded  (open on E)
 *   byOutcome           = concluded cases by outcome code
 *   correctionCount     = concluded with outcome REVOKED, VARIED, CONFIRMED_ILLEGAL, ORDERED_TO_PERFORM, CONFIRMED_VOID
 *   correctionRate      = correctionCount ÷ base × 100, base by rateBase:
 *                           DECIDED   decisions on the merits (UPHELD, DISMISSED + the correction outcomes)
 *                           CONCLUDED all concluded cases
 *                           ACCEPTED  cases accepted in the period (as some published reports do; the rate can
 *                                     then exceed 100 when cases accepted earlier are corrected in the period)
 *   overallCorrectionRate (综合纠错率) = (correctionCount + terminations after the respondent corrected its act)
 *                           ÷ (base, plus those terminations when the base is DECIDED) × 100
 *   settledBeforeAcceptance = concluded as WITHDRAWN with reason SETTLED_BEFORE_ACCEPTANCE (受理前协商化解)
 *
 * `tallyCases` is the reference implementation over plain case summaries. The service computes the same numbers from
 * the statistics rollup (rollup.ts, statistics.repository.ts); property tests hold the rollup formulas to tallyCases
 * (rollup.spec.ts), the SQL over API-made histories to tallyCases (statistics-model.e2e-spec.ts), and tallyCases to
 * the invariants (tally.spec.ts).
 */
export type RateBase = 'DECIDED' | 'CONCLUDED' | 'ACCEPTED';
export type PercentMode = 'ROUND_HALF_UP' | 'TRUNCATE';

export interface CaseSummary {
  receivedOn: string;
  acceptedOn: string | null;
  concludedOn: string | null;
  outcome: Outcome | null;
  terminationGround: string | null;
  withdrawalReason: string | null;
}

export interface Counts {
  received: number;
  carriedOver: number;
  handled: number;
  accepted: number;
  concluded: number;
  pending: number;
  byOutcome: Record<Outcome, number>;
  correctionCount: number;
  meritsDecisions: number;
  correctedTerminations: number;
  settledBeforeAcceptance: number;
}

export function emptyByOutcome(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o.code, 0])) as Record<Outcome, number>;
}

export function effectiveEnd(to: string, asOf: string): string {
  return asOf < to ? asOf : to;
}

/** Reference implementation of the definitions above. */
export function tallyCases(cases: readonly CaseSummary[], from: string, to: string, asOf: string): Counts {
  const end = effectiveEnd(to, asOf);
  const counts: Counts = {
    received: 0,
    carriedOver: 0,
    handled: 0,
    accepted: 0,
    concluded: 0,
    pending: 0,
    byOutcome: emptyByOutcome(),
    correctionCount: 0,
    meritsDecisions: 0,
    correctedTerminations: 0,
    settledBeforeAcceptance: 0,
  };
  for (const c of cases) {
    // What the history said on `end`: acts dated after it have not happened yet.
    const concludedOn = c.concludedOn !== null && c.concludedOn <= end ? c.concludedOn : null;
    const received = c.receivedOn >= from && c.receivedOn <= end;
    const carried = c.receivedOn < from && (concludedOn === null || concludedOn >= from);
    if (!received && !carried) {
      continue;
    }
    counts.handled += 1;
    counts.received += received ? 1 : 0;
    counts.carriedOver += carried ? 1 : 0;
    if (c.acceptedOn !== null && c.acceptedOn >= from && c.acceptedOn <= end) {
      counts.accepted += 1;
    }
    if (concludedOn === null || c.outcome === null) {
      continue;
    }
    counts.concluded += 1;
    counts.byOutcome[c.outcome] += 1;
    counts.correctionCount += CORRECTION_OUTCOMES.includes(c.outcome) ? 1 : 0;
    counts.meritsDecisions += MERITS_OUTCOMES.includes(c.outcome) ? 1 : 0;
    counts.correctedTerminations +=
      c.outcome === 'TERMINATED' && c.terminationGround === 'WITHDRAWN_AFTER_RESPONDENT_CORRECTED' ? 1 : 0;
    counts.settledBeforeAcceptance +=
      c.outcome === 'WITHDRAWN' && c.withdrawalReason === 'SETTLED_BEFORE_ACCEPTANCE' ? 1 : 0;
  }
  counts.pending = counts.handled - counts.concluded;
  return counts;
}

/** count ÷ total as a percentage with 2 decimals, rounded half-up or truncated, in exact integer arithmetic. */
export function percent(count: number, total: number, mode: PercentMode): number | null {
  if (total === 0) {
    return null;
  }
  const scaled = count * 10000;
  const basisPoints = mode === 'TRUNCATE' ? Math.floor(scaled / total) : Math.floor((2 * scaled + total) / (2 * total));
  return basisPoints / 100;
}

export interface Rates {
  rateBase: RateBase;
  correctionRate: number | null;
  overallCorrectionRate: number | null;
}

export function rates(counts: Counts, rateBase: RateBase, mode: PercentMode): Rates {
  const base =
    rateBase === 'DECIDED' ? counts.meritsDecisions : rateBase === 'CONCLUDED' ? counts.concluded : counts.accepted;
  const overallBase = rateBase === 'DECIDED' ? base + counts.correctedTerminations : base;
  return {
    rateBase,
    correctionRate: percent(counts.correctionCount, base, mode),
    overallCorrectionRate: percent(counts.correctionCount + counts.correctedTerminations, overallBase, mode),
  };
}

/** 同比: change from the previous equal period in percent (null when the previous count is 0). */
export function changePercent(current: number, previous: number, mode: PercentMode): number | null {
  if (previous === 0) {
    return null;
  }
  const sign = current >= previous ? 1 : -1;
  const magnitude = percent(Math.abs(current - previous), previous, mode);
  // No -0: an unchanged (or rounded-to-nothing) figure is plain 0.
  return magnitude === null ? null : magnitude === 0 ? 0 : sign * magnitude;
}
