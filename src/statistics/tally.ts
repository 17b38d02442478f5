import { CORRECTION_OUTCOMES, isMeritsDecision, OUTCOME_DETAILS, OUTCOMES } from '../code-lists/code-lists';
import type { Outcome, OutcomeDetail } from '../code-lists/code-lists';

/**
 * THE DEFINITIONS OF THE PUBLISHED FIGURES (DOMAIN.md §4), for a period [from, to] as the history stood on `asOf`.
 * All dates are legal dates (the acts' occurredOn), so "as of" needs no snapshot: a case is concluded as of E exactly
 * when its concluding act is dated ≤ E, and undone acts never count.
 *
 *   E (effective end)   = min(to, asOf)
 *   received            = received in [from, E]
 *   reopened (重新办理)  = reopened in [from, E] by an order of the superior organ (see REOPENED CASES below)
 *   carriedOver (结转)   = open at the start of `from`: received or reopened before `from`, and not concluded
 *                         (again) before `from`
 *   handled (办理)       = carriedOver + received + reopened
 *   accepted            = accepted (受理) in [from, E]
 *   concluded (审结/办结) = handled cases whose concluding act is dated in [from, E]
 *   pending (在办)       = handled − concluded  (open on E)
 *   byOutcome           = concluded cases by outcome code; byOutcomeDetail by outcome detail
 *                         (OUTCOME_DETAILS: the dismissal, the not-accept or termination ground, the withdrawal's reason;
 *                         a case's detail as recorded by its concluding act, current or prior, as the rollup counts it)
 *   correctionCount     = concluded with outcome REVOKED, VARIED, CONFIRMED_ILLEGAL, ORDERED_TO_PERFORM, CONFIRMED_VOID
 *   correctionRate      = correctionCount ÷ base × 100, base by rateBase:
 *                           DECIDED   decisions on the merits (UPHELD, DISMISSED + the correction outcomes), less the
 *                                     procedural dismissals (驳回行政复议申请, R07 48 ¶1(2); L23 33: not on the merits)
 *                           CONCLUDED all concluded cases
 *                           ACCEPTED  cases accepted in the period (as some published reports do; the rate can
 *                                     then exceed 100 when cases accepted earlier are corrected in the period)
 *   overallCorrectionRate (综合纠错率) = (correctionCount + terminations after the respondent corrected its act)
 *                           ÷ (base, plus those terminations when the base is DECIDED) × 100
 *   settledBeforeAcceptance = concluded as WITHDRAWN with reason SETTLED_BEFORE_ACCEPTANCE (受理前协商化解)
 *
 *
 * REOPENED CASES. An order of the superior organ (责令受理, L17 20; R07 31; L23 35 — 责令恢复审理, R07 48 ¶2; L23 35)
 * reopens a refused or dismissed case FROM THE ORDER'S DATE. The refusal or dismissal happened and stays counted:
 * the case keeps it as a prior conclusion (CaseFacts.priorConclusions, column prior_conclusions) with the date of the
 * order that reopened it. A case's history is then a chain of episodes — [received, 1st conclusion],
 * [1st reopening, 2nd conclusion], … — and every figure counts episodes:
 *   - a conclusion, current or prior, counts (by its outcome) in the period of its date, whatever happened later;
 *   - the reopening counts as REOPENED on the order's date, so the reopened case is handled again from then on;
 *   - as of a date before the order the case is concluded (pending does not count it); after it, it is open;
 *   - an ordered acceptance is the case's acceptance, dated on the order (acceptedOn = the order's date).
 * So handled = carriedOver + received + reopened = concluded + pending holds in every period and as of every date,
 * pending is the number of cases open on E, and pending at the end of a period is what the next one carries over.
 * "Handled" then counts a case once per episode in the period (a case refused in March and ordered accepted in June
 * is handled twice in that year: once refused, once open or decided). UNDO, by contrast, erases an act from every
 * count: it corrects the record, it is never the way to carry out an order.
 *
 * `tallyCases` is the reference implementation over plain case summaries. The service computes the same numbers from
 * the statistics rollup (rollup.ts, statistics.repository.ts); property tests hold the rollup formulas to tallyCases
 * (rollup.spec.ts), the SQL over API-made histories to tallyCases (statistics-model.e2e-spec.ts), and tallyCases to
 * the invariants (tally.spec.ts).
 */
export type RateBase = 'DECIDED' | 'CONCLUDED' | 'ACCEPTED';
export type PercentMode = 'ROUND_HALF_UP' | 'TRUNCATE';

/** A conclusion a superior order reopened: counted on its date; the case is open again from `reopenedOn`. */
export interface PriorConclusionSummary {
  concludedOn: string;
  outcome: Outcome;
  outcomeDetail: string | null;
  reopenedOn: string;
}

export interface CaseSummary {
  receivedOn: string;
  acceptedOn: string | null;
  concludedOn: string | null;
  outcome: Outcome | null;
  /** The outcome's detail (OUTCOME_DETAILS, column outcome_detail); absent or null when it has none. */
  outcomeDetail?: string | null;
  terminationGround: string | null;
  withdrawalReason: string | null;
  /** Conclusions reopened by superior orders, oldest first; absent = none. */
  priorConclusions?: readonly PriorConclusionSummary[];
}

/** One episode of a case: opened (received or reopened) on `openedOn`, concluded or not. */
interface Episode {
  openedOn: string;
  reopening: boolean;
  concludedOn: string | null;
  outcome: Outcome | null;
  outcomeDetail: string | null;
  terminationGround: string | null;
  withdrawalReason: string | null;
}

function episodesOf(c: CaseSummary): Episode[] {
  const priors = c.priorConclusions ?? [];
  const episodes: Episode[] = priors.map((p, i) => ({
    openedOn: i === 0 ? c.receivedOn : priors[i - 1]!.reopenedOn,
    reopening: i > 0,
    concludedOn: p.concludedOn,
    outcome: p.outcome,
    outcomeDetail: p.outcomeDetail,
    terminationGround: null,
    withdrawalReason: null,
  }));
  episodes.push({
    openedOn: priors.length === 0 ? c.receivedOn : priors[priors.length - 1]!.reopenedOn,
    reopening: priors.length > 0,
    concludedOn: c.concludedOn,
    outcome: c.outcome,
    outcomeDetail: c.outcomeDetail ?? null,
    terminationGround: c.terminationGround,
    withdrawalReason: c.withdrawalReason,
  });
  return episodes;
}

/**
 * The conclusion in force on day `e` (the end of `e`), read off the projection: the episode opened on or before `e`
 * that was open last, and its conclusion if it is dated ≤ e; null when the case is open on `e` (or not yet received).
 * Equals the conclusion of the case's history replayed up to `e` (tally.spec.ts holds them equal).
 */
export function conclusionAsOf(
  c: CaseSummary,
  e: string,
): { concludedOn: string; outcome: Outcome; outcomeDetail: string | null } | null {
  const current = episodesOf(c)
    .filter((ep) => ep.openedOn <= e)
    .at(-1);
  if (!current || current.concludedOn === null || current.concludedOn > e || current.outcome === null) {
    return null;
  }
  return { concludedOn: current.concludedOn, outcome: current.outcome, outcomeDetail: current.outcomeDetail };
}

export interface Counts {
  received: number;
  /** Reopened in the period by an order of the superior organ (REOPENED CASES above). */
  reopened: number;
  carriedOver: number;
  handled: number;
  accepted: number;
  concluded: number;
  pending: number;
  byOutcome: Record<Outcome, number>;
  byOutcomeDetail: Record<OutcomeDetail, number>;
  correctionCount: number;
  meritsDecisions: number;
  correctedTerminations: number;
  settledBeforeAcceptance: number;
}

export function emptyByOutcome(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o.code, 0])) as Record<Outcome, number>;
}

export function emptyByOutcomeDetail(): Record<OutcomeDetail, number> {
  return Object.fromEntries(OUTCOME_DETAILS.map((d) => [d.code, 0])) as Record<OutcomeDetail, number>;
}

export function effectiveEnd(to: string, asOf: string): string {
  return asOf < to ? asOf : to;
}

/** Reference implementation of the definitions above. */
export function tallyCases(cases: readonly CaseSummary[], from: string, to: string, asOf: string): Counts {
  const end = effectiveEnd(to, asOf);
  const counts: Counts = {
    received: 0,
    reopened: 0,
    carriedOver: 0,
    handled: 0,
    accepted: 0,
    concluded: 0,
    pending: 0,
    byOutcome: emptyByOutcome(),
    byOutcomeDetail: emptyByOutcomeDetail(),
    correctionCount: 0,
    meritsDecisions: 0,
    correctedTerminations: 0,
    settledBeforeAcceptance: 0,
  };
  for (const c of cases) {
    if (c.acceptedOn !== null && c.acceptedOn >= from && c.acceptedOn <= end) {
      counts.accepted += 1;
    }
    for (const ep of episodesOf(c)) {
      // What the history said on `end`: acts dated after it have not happened yet.
      if (ep.openedOn > end) {
        continue;
      }
      const concludedOn = ep.concludedOn !== null && ep.concludedOn <= end ? ep.concludedOn : null;
      const opened = ep.openedOn >= from;
      const carried = ep.openedOn < from && (concludedOn === null || concludedOn >= from);
      if (!opened && !carried) {
        continue;
      }
      counts.handled += 1;
      counts.received += opened && !ep.reopening ? 1 : 0;
      counts.reopened += opened && ep.reopening ? 1 : 0;
      counts.carriedOver += carried ? 1 : 0;
      if (concludedOn === null || ep.outcome === null) {
        continue;
      }
      counts.concluded += 1;
      counts.byOutcome[ep.outcome] += 1;
      if (ep.outcomeDetail !== null && ep.outcomeDetail in counts.byOutcomeDetail) {
        counts.byOutcomeDetail[ep.outcomeDetail as OutcomeDetail] += 1;
      }
      counts.correctionCount += CORRECTION_OUTCOMES.includes(ep.outcome) ? 1 : 0;
      counts.meritsDecisions += isMeritsDecision(ep.outcome, ep.outcomeDetail) ? 1 : 0;
      counts.correctedTerminations +=
        ep.outcome === 'TERMINATED' && ep.terminationGround === 'WITHDRAWN_AFTER_RESPONDENT_CORRECTED' ? 1 : 0;
      counts.settledBeforeAcceptance +=
        ep.outcome === 'WITHDRAWN' && ep.withdrawalReason === 'SETTLED_BEFORE_ACCEPTANCE' ? 1 : 0;
    }
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
