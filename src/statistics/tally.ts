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
 *   concludedAfterAcceptance (审结) = concluded episodes that had been accepted (ACCEPTED EPISODES below); by outcome
 *                         byOutcomeAfterAcceptance, by detail byOutcomeDetailAfterAcceptance
 *   concludedBeforeAcceptance = concluded − concludedAfterAcceptance (不予受理, 告知, 转送, 视为撤回, 受理前协商化解 …)
 *   acceptedCarriedOver  = carried-over episodes accepted before `from` (上年结转的已受理案件)
 *   overallCorrectionCount = correctionCount + terminations after the respondent corrected its act (综合纠错数)
 *   acceptanceRate (受理率) = accepted ÷ base × 100, base by acceptanceRateBase:
 *                           RECEIVED  received in the period (default)
 *                           HANDLED   handled in the period
 *                           EXAMINED  the admissibility outcomes of the period: accepted + concludedBeforeAcceptance
 *   conclusionRate (结案率/审结率) by conclusionRateBase:
 *                           HANDLED   concluded ÷ handled × 100 (办结率, default)
 *                           ACCEPTED  concludedAfterAcceptance ÷ (acceptedCarriedOver + accepted) × 100 (审结率 of the
 *                                     accepted cases; a review resumed by a superior order in the period is concluded
 *                                     after acceptance without being accepted in it, so this rate can exceed 100)
 *
 * POPULATIONS. Every figure above counts one of these sets, and a breakdown (by respondent kind, act category,
 * management domain, outcome, outcome detail, organ) counts the members of one of them per code:
 *   RECEIVED = received, ACCEPTED = accepted, HANDLED = handled, CONCLUDED = concluded,
 *   CONCLUDED_AFTER_ACCEPTANCE = concludedAfterAcceptance, PENDING = pending.
 * A breakdown by outcome (or detail) counts the concluded members of its population: CONCLUDED for HANDLED and
 * CONCLUDED, CONCLUDED_AFTER_ACCEPTANCE for itself; the other populations are not broken down by outcome.
 *
 * ACCEPTED EPISODES. An episode is accepted from: the case's acceptance date, for the first episode, when that date
 * is not after the episode's conclusion (a refusal ends the first episode before the ordered acceptance, whose date is
 * the order's); the opening date, for every reopened episode (a reopening is an ordered acceptance, L17 20 / L23 35,
 * or a resumed review, R07 48 ¶2: the case is in review from the order on). Its conclusion then counts as after
 * acceptance (审结), the others before it.
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
export const ACCEPTANCE_RATE_BASES = ['RECEIVED', 'HANDLED', 'EXAMINED'] as const;
export type AcceptanceRateBase = (typeof ACCEPTANCE_RATE_BASES)[number];
export const CONCLUSION_RATE_BASES = ['HANDLED', 'ACCEPTED'] as const;
export type ConclusionRateBase = (typeof CONCLUSION_RATE_BASES)[number];
export type PercentMode = 'ROUND_HALF_UP' | 'TRUNCATE';
/** Decimals of a percentage or rate: 0 to 4 (reports print 0, 1 or 2). */
export const MAX_DECIMALS = 4;
export const DEFAULT_DECIMALS = 2;

export const POPULATIONS = [
  'RECEIVED',
  'ACCEPTED',
  'HANDLED',
  'CONCLUDED',
  'CONCLUDED_AFTER_ACCEPTANCE',
  'PENDING',
] as const;
export type Population = (typeof POPULATIONS)[number];
/** The figure that counts each population (POPULATIONS above). */
export const POPULATION_FIGURE = {
  RECEIVED: 'received',
  ACCEPTED: 'accepted',
  HANDLED: 'handled',
  CONCLUDED: 'concluded',
  CONCLUDED_AFTER_ACCEPTANCE: 'concludedAfterAcceptance',
  PENDING: 'pending',
} as const satisfies Record<Population, keyof Counts>;
export type PopulationFigure = (typeof POPULATION_FIGURE)[Population];
/** The population a breakdown by outcome counts for a requested population (null: none). */
export function outcomePopulation(population: Population): 'CONCLUDED' | 'CONCLUDED_AFTER_ACCEPTANCE' | null {
  return population === 'HANDLED' || population === 'CONCLUDED'
    ? 'CONCLUDED'
    : population === 'CONCLUDED_AFTER_ACCEPTANCE'
      ? population
      : null;
}

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
  /** From when the episode was in review (ACCEPTED EPISODES above); null: it never was. */
  acceptedOn: string | null;
  concludedOn: string | null;
  outcome: Outcome | null;
  outcomeDetail: string | null;
  terminationGround: string | null;
  withdrawalReason: string | null;
}

function episodesOf(c: CaseSummary): Episode[] {
  const priors = c.priorConclusions ?? [];
  // The first episode is accepted on the case's acceptance date unless it was concluded before it.
  const first = priors[0];
  const firstAccepted =
    c.acceptedOn !== null && (first === undefined || c.acceptedOn <= first.concludedOn) ? c.acceptedOn : null;
  const episodes: Episode[] = priors.map((p, i) => ({
    openedOn: i === 0 ? c.receivedOn : priors[i - 1]!.reopenedOn,
    reopening: i > 0,
    acceptedOn: i === 0 ? firstAccepted : priors[i - 1]!.reopenedOn,
    concludedOn: p.concludedOn,
    outcome: p.outcome,
    outcomeDetail: p.outcomeDetail,
    terminationGround: null,
    withdrawalReason: null,
  }));
  episodes.push({
    openedOn: priors.length === 0 ? c.receivedOn : priors[priors.length - 1]!.reopenedOn,
    reopening: priors.length > 0,
    acceptedOn: priors.length === 0 ? firstAccepted : priors[priors.length - 1]!.reopenedOn,
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
  concludedAfterAcceptance: number;
  concludedBeforeAcceptance: number;
  acceptedCarriedOver: number;
  overallCorrectionCount: number;
  byOutcomeAfterAcceptance: Record<Outcome, number>;
  byOutcomeDetailAfterAcceptance: Record<OutcomeDetail, number>;
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
    concludedAfterAcceptance: 0,
    concludedBeforeAcceptance: 0,
    acceptedCarriedOver: 0,
    overallCorrectionCount: 0,
    byOutcomeAfterAcceptance: emptyByOutcome(),
    byOutcomeDetailAfterAcceptance: emptyByOutcomeDetail(),
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
      counts.acceptedCarriedOver += carried && ep.acceptedOn !== null && ep.acceptedOn < from ? 1 : 0;
      if (concludedOn === null || ep.outcome === null) {
        continue;
      }
      const detail =
        ep.outcomeDetail !== null && ep.outcomeDetail in counts.byOutcomeDetail
          ? (ep.outcomeDetail as OutcomeDetail)
          : null;
      counts.concluded += 1;
      counts.byOutcome[ep.outcome] += 1;
      if (detail !== null) {
        counts.byOutcomeDetail[detail] += 1;
      }
      // The acceptance of an episode precedes its conclusion, so a conclusion ≤ E after acceptance is known on E.
      if (ep.acceptedOn !== null && ep.acceptedOn <= concludedOn) {
        counts.concludedAfterAcceptance += 1;
        counts.byOutcomeAfterAcceptance[ep.outcome] += 1;
        if (detail !== null) {
          counts.byOutcomeDetailAfterAcceptance[detail] += 1;
        }
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
  counts.concludedBeforeAcceptance = counts.concluded - counts.concludedAfterAcceptance;
  counts.overallCorrectionCount = counts.correctionCount + counts.correctedTerminations;
  return counts;
}

/**
 * count ÷ total as a percentage with `decimals` decimals (0–4), rounded half-up or truncated, in exact integer
 * arithmetic: the result is the decimal a report prints, never a binary approximation rounded the wrong way
 * (1 ÷ 8 = 12.5 % is 13 % half-up at 0 decimals, 12 % truncated). Null when the total is 0.
 */
export function percent(count: number, total: number, mode: PercentMode, decimals = DEFAULT_DECIMALS): number | null {
  if (total === 0) {
    return null;
  }
  const scale = 10 ** decimals;
  const scaled = count * 100 * scale;
  const units = mode === 'TRUNCATE' ? Math.floor(scaled / total) : Math.floor((2 * scaled + total) / (2 * total));
  return units / scale;
}

/** A percentage as reports print it: `decimals` digits after the point (0 % stays 0 %), or — when there is none. */
export function formatPercentValue(value: number | null, decimals = DEFAULT_DECIMALS): string {
  return value === null ? '—' : `${value.toFixed(decimals)}%`;
}

export interface RateOptions {
  rateBase: RateBase;
  acceptanceRateBase: AcceptanceRateBase;
  conclusionRateBase: ConclusionRateBase;
  mode: PercentMode;
  decimals: number;
}

export interface Rates {
  rateBase: RateBase;
  acceptanceRateBase: AcceptanceRateBase;
  conclusionRateBase: ConclusionRateBase;
  correctionRate: number | null;
  overallCorrectionRate: number | null;
  acceptanceRate: number | null;
  conclusionRate: number | null;
}

/** Rate options with the defaults for what is not given. */
export function rateOptions(rateBase: RateBase, mode: PercentMode, more: Partial<RateOptions> = {}): RateOptions {
  return {
    rateBase,
    mode,
    acceptanceRateBase: 'RECEIVED',
    conclusionRateBase: 'HANDLED',
    decimals: DEFAULT_DECIMALS,
    ...more,
  };
}

/** The rates of the header, each over its declared base. */
export function rates(counts: Counts, o: RateOptions): Rates {
  const base =
    o.rateBase === 'DECIDED' ? counts.meritsDecisions : o.rateBase === 'CONCLUDED' ? counts.concluded : counts.accepted;
  const overallBase = o.rateBase === 'DECIDED' ? base + counts.correctedTerminations : base;
  const acceptanceBase =
    o.acceptanceRateBase === 'RECEIVED'
      ? counts.received
      : o.acceptanceRateBase === 'HANDLED'
        ? counts.handled
        : counts.accepted + counts.concludedBeforeAcceptance;
  const [concluded, conclusionBase] =
    o.conclusionRateBase === 'HANDLED'
      ? [counts.concluded, counts.handled]
      : [counts.concludedAfterAcceptance, counts.acceptedCarriedOver + counts.accepted];
  return {
    rateBase: o.rateBase,
    acceptanceRateBase: o.acceptanceRateBase,
    conclusionRateBase: o.conclusionRateBase,
    correctionRate: percent(counts.correctionCount, base, o.mode, o.decimals),
    overallCorrectionRate: percent(counts.overallCorrectionCount, overallBase, o.mode, o.decimals),
    acceptanceRate: percent(counts.accepted, acceptanceBase, o.mode, o.decimals),
    conclusionRate: percent(concluded, conclusionBase, o.mode, o.decimals),
  };
}

/** 同比: change from the previous equal period in percent (null when the previous count is 0). */
export function changePercent(
  current: number,
  previous: number,
  mode: PercentMode,
  decimals = DEFAULT_DECIMALS,
): number | null {
  if (previous === 0) {
    return null;
  }
  const sign = current >= previous ? 1 : -1;
  const magnitude = percent(Math.abs(current - previous), previous, mode, decimals);
  // No -0: an unchanged (or rounded-to-nothing) figure is plain 0.
  return magnitude === null ? null : magnitude === 0 ? 0 : sign * magnitude;
}
