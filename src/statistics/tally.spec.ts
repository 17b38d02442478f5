import fc from 'fast-check';
import { addDays } from '../common/local-date';
import { OUTCOME_DETAILS, OUTCOMES } from '../code-lists/code-lists';
import type { Outcome } from '../code-lists/code-lists';
import { effectiveEvents, legalDateOf, replay } from '../workflow/case-reducer';
import { dateBetween, type GeneratedHistory, historyArbitrary, summaryOf } from '../../test/support/random-histories';
import {
  type CaseSummary,
  changePercent,
  conclusionAsOf,
  effectiveEnd,
  emptyByOutcome,
  formatPercentValue,
  percent,
  type PercentMode,
  type RateBase,
  rateOptions,
  rates,
  tallyCases,
} from './tally';

const RUNS = { numRuns: 200 };
const RATE_BASES: readonly RateBase[] = ['DECIDED', 'CONCLUDED', 'ACCEPTED'];
const MODES: readonly PercentMode[] = ['ROUND_HALF_UP', 'TRUNCATE'];

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

/** A period [from, to] and an asOf on or after `from` (the service refuses an asOf before the period). */
const windowArb = fc
  .tuple(dateBetween('2018-06-01', '2024-12-31'), fc.nat({ max: 800 }), fc.nat({ max: 1200 }))
  .map(([from, length, asOfOffset]) => ({ from, to: addDays(from, length), asOf: addDays(from, asOfOffset) }));

const casesArb = fc.array(historyArbitrary(), { maxLength: 25 });

/** The facts of a history as it stood at the end of day `e`: only the effective acts dated on or before it. */
function factsAsOf(h: GeneratedHistory, e: string) {
  // Acts count by their legal date: an acceptance from the day the law says it took effect (L17 17 ¶2; L23 30 ¶3).
  const dated = effectiveEvents(h.events).filter((ev) => legalDateOf(ev) <= e);
  return replay({ legalRegime: h.regime, receivedOn: h.receivedOn }, dated);
}

describe('random case histories (the generator the statistics properties rest on)', () => {
  it('are valid: every act passes the domain rules and the incremental fold equals replay of the stored events', () => {
    fc.assert(
      fc.property(historyArbitrary({ maxUndos: 3 }), (h) => {
        expect(replay({ legalRegime: h.regime, receivedOn: h.receivedOn }, h.events)).toEqual(h.facts);
        const effective = effectiveEvents(h.events);
        for (let i = 1; i < effective.length; i += 1) {
          expect(effective[i]!.occurredOn >= effective[i - 1]!.occurredOn).toBe(true);
        }
        if (h.facts.concludedOn !== null) {
          expect(h.facts.outcome).not.toBeNull();
          expect(h.facts.concludedOn >= h.receivedOn).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

describe('tallyCases: the invariants of DOMAIN §4', () => {
  it('§4 handled = carried over + received + reopened (L23 35 orders), handled = concluded + pending, Σ byOutcome = concluded', () => {
    fc.assert(
      fc.property(casesArb, windowArb, (hs, w) => {
        const c = tallyCases(
          hs.map((h) => summaryOf(h.facts)),
          w.from,
          w.to,
          w.asOf,
        );
        expect(c.handled).toBe(c.carriedOver + c.received + c.reopened);
        expect(c.handled).toBe(c.concluded + c.pending);
        // Every concluding act records its detail where the law has one (OUTCOME_DETAILS): the details of an outcome
        // add up to it (R07 28 / L23 30 grounds, R07 42 / L23 41 grounds, the withdrawal's reason, the dismissal).
        for (const outcome of ['DISMISSED', 'NOT_ACCEPTED', 'TERMINATED', 'WITHDRAWN'] as const) {
          const details = OUTCOME_DETAILS.filter((d) => d.outcome === outcome);
          expect({ outcome, n: details.reduce((n, d) => n + c.byOutcomeDetail[d.code], 0) }).toEqual({
            outcome,
            n: c.byOutcome[outcome],
          });
        }
        expect(
          OUTCOME_DETAILS.filter((d) => c.byOutcomeDetail[d.code] > 0).every((d) => c.byOutcome[d.outcome] > 0),
        ).toBe(true);
        expect(sum(c.byOutcome)).toBe(c.concluded);
        expect(c.pending).toBeGreaterThanOrEqual(0);
        expect(c.accepted).toBeLessThanOrEqual(c.handled);
      }),
      RUNS,
    );
  });

  it('§4 correction count ≤ decisions on the merits ≤ concluded; the special counts are parts of their outcome', () => {
    fc.assert(
      fc.property(casesArb, windowArb, (hs, w) => {
        const c = tallyCases(
          hs.map((h) => summaryOf(h.facts)),
          w.from,
          w.to,
          w.asOf,
        );
        expect(c.correctionCount).toBeLessThanOrEqual(c.meritsDecisions);
        expect(c.meritsDecisions).toBeLessThanOrEqual(c.concluded);
        expect(c.correctedTerminations).toBeLessThanOrEqual(c.byOutcome.TERMINATED);
        expect(c.settledBeforeAcceptance).toBeLessThanOrEqual(c.byOutcome.WITHDRAWN);
      }),
      RUNS,
    );
  });

  it('§4 "as of any date": a later asOf never takes back a conclusion counted in the period, even one a superior order reopened later', () => {
    fc.assert(
      fc.property(historyArbitrary(), windowArb, fc.nat({ max: 900 }), (h, w, later) => {
        const one = [summaryOf(h.facts)];
        const a1 = tallyCases(one, w.from, w.to, w.asOf);
        const a2 = tallyCases(one, w.from, w.to, addDays(w.asOf, later));
        expect(a2.concluded).toBeGreaterThanOrEqual(a1.concluded);
        expect(a2.received).toBeGreaterThanOrEqual(a1.received);
        expect(a2.accepted).toBeGreaterThanOrEqual(a1.accepted);
        for (const o of OUTCOMES) {
          expect(a2.byOutcome[o.code]).toBeGreaterThanOrEqual(a1.byOutcome[o.code]);
        }
        // Carried over depends on the period's start only: a case concluded before `from` is concluded as of any E.
        expect(a2.carriedOver).toBe(a1.carriedOver);
      }),
      RUNS,
    );
  });

  it('§4 an asOf on or after the end of the period gives the figures of the whole period (E = min(to, asOf))', () => {
    fc.assert(
      fc.property(casesArb, windowArb, fc.nat({ max: 500 }), (hs, w, extra) => {
        const cases = hs.map((h) => summaryOf(h.facts));
        expect(tallyCases(cases, w.from, w.to, addDays(w.to, extra))).toEqual(tallyCases(cases, w.from, w.to, w.to));
      }),
      RUNS,
    );
  });

  it('§4 pending at the end of a period = carried over into the period that follows it', () => {
    fc.assert(
      fc.property(casesArb, windowArb, fc.nat({ max: 400 }), fc.nat({ max: 400 }), (hs, w, nextLength, late) => {
        const cases = hs.map((h) => summaryOf(h.facts));
        const next = addDays(w.to, 1);
        const previous = tallyCases(cases, w.from, w.to, w.to);
        const following = tallyCases(cases, next, addDays(next, nextLength), addDays(next, late));
        expect(following.carriedOver).toBe(previous.pending);
      }),
      RUNS,
    );
  });

  it('§4 adjacent periods add up: received, accepted, concluded and every outcome count of [a, c] = [a, b] + [b+1, c]', () => {
    fc.assert(
      fc.property(casesArb, windowArb, fc.nat({ max: 400 }), fc.nat({ max: 400 }), (hs, w, second, late) => {
        const cases = hs.map((h) => summaryOf(h.facts));
        const mid = addDays(w.to, 1);
        const end = addDays(mid, second);
        const asOf = addDays(end, late);
        const whole = tallyCases(cases, w.from, end, asOf);
        const first = tallyCases(cases, w.from, w.to, asOf);
        const rest = tallyCases(cases, mid, end, asOf);
        for (const k of [
          'received',
          'reopened',
          'accepted',
          'concluded',
          'correctionCount',
          'meritsDecisions',
        ] as const) {
          expect(whole[k]).toBe(first[k] + rest[k]);
        }
        for (const o of OUTCOMES) {
          expect(whole.byOutcome[o.code]).toBe(first.byOutcome[o.code] + rest.byOutcome[o.code]);
        }
        expect(whole.carriedOver).toBe(first.carriedOver);
      }),
      RUNS,
    );
  });
});

describe('populations and the figures of issue 11 (tally.ts POPULATIONS, ACCEPTED EPISODES)', () => {
  it('handled = concluded + pending; concluded = concludedAfterAcceptance + concludedBeforeAcceptance; 审结 ≤ accepted episodes', () => {
    fc.assert(
      fc.property(casesArb, windowArb, (hs, w) => {
        const c = tallyCases(
          hs.map((h) => summaryOf(h.facts)),
          w.from,
          w.to,
          w.asOf,
        );
        expect(c.handled).toBe(c.concluded + c.pending);
        expect(c.concluded).toBe(c.concludedAfterAcceptance + c.concludedBeforeAcceptance);
        expect(c.concludedBeforeAcceptance).toBeGreaterThanOrEqual(0);
        expect(sum(c.byOutcomeAfterAcceptance)).toBe(c.concludedAfterAcceptance);
        expect(c.acceptedCarriedOver).toBeLessThanOrEqual(c.carriedOver);
        expect(c.overallCorrectionCount).toBe(c.correctionCount + c.correctedTerminations);
        // Every outcome concluded after acceptance is one of the concluded ones; a refusal never is (L17 17; L23 30).
        for (const o of OUTCOMES) {
          expect(c.byOutcomeAfterAcceptance[o.code]).toBeLessThanOrEqual(c.byOutcome[o.code]);
        }
        expect(c.byOutcomeAfterAcceptance.NOT_ACCEPTED).toBe(0);
        expect(c.byOutcomeAfterAcceptance.TRANSFERRED).toBe(0);
      }),
      RUNS,
    );
  });

  it('accepted episodes open at the start of a period are the accepted ones among those carried over into it', () => {
    fc.assert(
      fc.property(casesArb, windowArb, (hs, w) => {
        const summaries = hs.map((h) => summaryOf(h.facts));
        // An episode accepted before `from` and still open on it: as of the day before, accepted and pending.
        const before = addDays(w.from, -1);
        const open = summaries.filter((c) => conclusionAsOf(c, before) === null && c.receivedOn <= before);
        const c = tallyCases(summaries, w.from, w.to, w.asOf);
        expect(c.carriedOver).toBe(open.length);
        const accepted = open.filter((x) => {
          const reopenings = (x.priorConclusions ?? []).filter((p) => p.reopenedOn <= before);
          return reopenings.length > 0 || (x.acceptedOn !== null && x.acceptedOn <= before);
        });
        expect(c.acceptedCarriedOver).toBe(accepted.length);
      }),
      RUNS,
    );
  });

  it('acceptance and conclusion rates: accepted ÷ received, examined or handled; concluded ÷ handled; 审结 ÷ accepted cases', () => {
    fc.assert(
      fc.property(casesArb, windowArb, fc.constantFrom(...MODES), fc.integer({ min: 0, max: 4 }), (hs, w, mode, d) => {
        const c = tallyCases(
          hs.map((h) => summaryOf(h.facts)),
          w.from,
          w.to,
          w.asOf,
        );
        const of = (
          acceptanceRateBase: 'RECEIVED' | 'HANDLED' | 'EXAMINED',
          conclusionRateBase: 'HANDLED' | 'ACCEPTED',
        ) => rates(c, rateOptions('DECIDED', mode, { acceptanceRateBase, conclusionRateBase, decimals: d }));
        expect(of('RECEIVED', 'HANDLED').acceptanceRate).toBe(percent(c.accepted, c.received, mode, d));
        expect(of('HANDLED', 'HANDLED').acceptanceRate).toBe(percent(c.accepted, c.handled, mode, d));
        expect(of('EXAMINED', 'HANDLED').acceptanceRate).toBe(
          percent(c.accepted, c.accepted + c.concludedBeforeAcceptance, mode, d),
        );
        expect(of('RECEIVED', 'HANDLED').conclusionRate).toBe(percent(c.concluded, c.handled, mode, d));
        expect(of('RECEIVED', 'ACCEPTED').conclusionRate).toBe(
          percent(c.concludedAfterAcceptance, c.acceptedCarriedOver + c.accepted, mode, d),
        );
        const handledRate = of('RECEIVED', 'HANDLED').conclusionRate;
        expect(handledRate === null || (handledRate >= 0 && handledRate <= 100)).toBe(true);
      }),
      RUNS,
    );
  });
});

/** The reference of a percentage: the decimal string of count ÷ total × 100 to `d` places, in BigInt arithmetic. */
function referencePercent(count: number, total: number, mode: PercentMode, d: number): string {
  const scaled = BigInt(count) * 100n * 10n ** BigInt(d);
  const t = BigInt(total);
  const units = mode === 'TRUNCATE' ? scaled / t : (2n * scaled + t) / (2n * t);
  const digits = units.toString().padStart(d + 1, '0');
  return d === 0 ? digits : `${digits.slice(0, -d)}.${digits.slice(-d)}`;
}

describe('percent at any decimals (issue 11 point 3: decimals=0..4, ROUND_HALF_UP or TRUNCATE)', () => {
  it('equals the exact decimal computation for every count, total, mode and number of decimals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }),
        fc.nat({ max: 200_000 }),
        fc.constantFrom(...MODES),
        fc.integer({ min: 0, max: 4 }),
        (total, raw, mode, d) => {
          const count = raw % (total * 2 + 1); // up to 200 %, as rates over ACCEPTED can be
          const value = percent(count, total, mode, d);
          expect(value!.toFixed(d)).toBe(referencePercent(count, total, mode, d));
          expect(formatPercentValue(value, d)).toBe(`${referencePercent(count, total, mode, d)}%`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('prints 0 % as 0%, 1/8 as 13% half-up and 12% truncated at 0 decimals, 1/3 as 33.3% at 1', () => {
    expect(formatPercentValue(percent(0, 7, 'ROUND_HALF_UP', 0), 0)).toBe('0%');
    expect(formatPercentValue(percent(1, 8, 'ROUND_HALF_UP', 0), 0)).toBe('13%');
    expect(formatPercentValue(percent(1, 8, 'TRUNCATE', 0), 0)).toBe('12%');
    expect(formatPercentValue(percent(1, 3, 'ROUND_HALF_UP', 1), 1)).toBe('33.3%');
    expect(formatPercentValue(percent(2, 3, 'TRUNCATE', 4), 4)).toBe('66.6666%');
    expect(formatPercentValue(percent(1, 0, 'TRUNCATE', 1), 1)).toBe('—');
  });
});

describe('statistics from the projection (DOMAIN §4: computable as of any date from the history)', () => {
  it('replaying only the acts dated ≤ E concludes the case by E exactly when the projection says (conclusionAsOf, prior conclusions of superior orders included), with the same outcome', () => {
    fc.assert(
      fc.property(historyArbitrary({ maxUndos: 3 }), dateBetween('2018-12-01', '2026-12-31'), (h, e) => {
        const partial = factsAsOf(h, e);
        const full = h.facts;
        const byE = conclusionAsOf(summaryOf(full), e);
        expect(partial.concludedOn !== null && partial.concludedOn <= e).toBe(byE !== null);
        if (byE !== null) {
          expect(partial.concludedOn).toBe(byE.concludedOn);
          expect(partial.outcome).toBe(byE.outcome);
          expect(partial.outcomeDetail).toBe(byE.outcomeDetail);
          if (full.concludedOn === byE.concludedOn && full.priorConclusions.every((p) => p.reopenedOn > e)) {
            expect(partial.terminationGround).toBe(full.terminationGround);
            expect(partial.withdrawalReason).toBe(full.withdrawalReason);
          }
        } else {
          expect(partial.concludedOn).toBeNull();
          expect(partial.outcome).toBeNull();
        }
        // Acceptance, like conclusion, is read off the projection by its date.
        const acceptedByE = full.acceptedOn !== null && full.acceptedOn <= e ? full.acceptedOn : null;
        expect(partial.acceptedOn).toBe(acceptedByE);
      }),
      RUNS,
    );
  });

  it('so tallying the final projections equals tallying each case’s history as it stood on E = min(to, asOf)', () => {
    fc.assert(
      fc.property(fc.array(historyArbitrary({ maxUndos: 3 }), { maxLength: 15 }), windowArb, (hs, w) => {
        const end = effectiveEnd(w.to, w.asOf);
        const fromProjection = tallyCases(
          hs.map((h) => summaryOf(h.facts)),
          w.from,
          w.to,
          w.asOf,
        );
        const fromHistory = tallyCases(
          hs.map((h) => summaryOf(factsAsOf(h, end))),
          w.from,
          w.to,
          w.asOf,
        );
        expect(fromProjection).toEqual(fromHistory);
      }),
      RUNS,
    );
  });
});

describe('rates, percent and changePercent (DOMAIN §4 correction rate, 同比)', () => {
  const countTotal = fc
    .tuple(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }))
    .map(([a, b]) => ({ count: Math.min(a, b), total: b }));
  const bp = (x: number) => Math.round(x * 100);

  it('percent: ROUND_HALF_UP and TRUNCATE differ by less than 0.01, TRUNCATE ≤ ROUND_HALF_UP, both within [0, 100]', () => {
    fc.assert(
      fc.property(countTotal, ({ count, total }) => {
        const round = percent(count, total, 'ROUND_HALF_UP')!;
        const trunc = percent(count, total, 'TRUNCATE')!;
        expect(trunc).toBeLessThanOrEqual(round);
        expect(round - trunc).toBeLessThan(0.01 + 1e-9);
        expect([0, 1]).toContain(bp(round) - bp(trunc));
        expect(round).toBeGreaterThanOrEqual(0);
        expect(round).toBeLessThanOrEqual(100);
        // Exact: TRUNCATE is the floor and ROUND_HALF_UP the nearest (ties up) of count/total in hundredths of a percent.
        expect(bp(trunc)).toBe(Number((BigInt(count) * 10000n) / BigInt(total)));
        expect(bp(round)).toBe(Number((BigInt(count) * 20000n + BigInt(total)) / (2n * BigInt(total))));
        expect(Math.abs(round - (count / total) * 100)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
      RUNS,
    );
  });

  it('percent: null for a zero base; half a hundredth rounds up, not to even', () => {
    expect(percent(0, 0, 'ROUND_HALF_UP')).toBeNull();
    expect(percent(3, 0, 'TRUNCATE')).toBeNull();
    expect(percent(2, 3, 'ROUND_HALF_UP')).toBe(66.67);
    expect(percent(2, 3, 'TRUNCATE')).toBe(66.66);
    expect(percent(1, 20000, 'ROUND_HALF_UP')).toBe(0.01); // 0.005 %
    expect(percent(1, 20000, 'TRUNCATE')).toBe(0);
    expect(percent(1, 40000, 'ROUND_HALF_UP')).toBe(0); // 0.0025 %
  });

  it('§4 rates are within [0, 100] for the DECIDED and CONCLUDED bases, and the overall rate is never below the correction rate', () => {
    fc.assert(
      fc.property(casesArb, windowArb, (hs, w) => {
        const c = tallyCases(
          hs.map((h) => summaryOf(h.facts)),
          w.from,
          w.to,
          w.asOf,
        );
        for (const base of ['DECIDED', 'CONCLUDED'] as const) {
          for (const mode of MODES) {
            const r = rates(c, rateOptions(base, mode));
            for (const v of [r.correctionRate, r.overallCorrectionRate]) {
              if (v !== null) {
                expect(v).toBeGreaterThanOrEqual(0);
                expect(v).toBeLessThanOrEqual(100);
              }
            }
            if (r.correctionRate !== null && r.overallCorrectionRate !== null) {
              expect(r.overallCorrectionRate).toBeGreaterThanOrEqual(r.correctionRate);
            }
          }
        }
        for (const base of RATE_BASES) {
          const r = rates(c, rateOptions(base, 'ROUND_HALF_UP'));
          const denominator = base === 'DECIDED' ? c.meritsDecisions : base === 'CONCLUDED' ? c.concluded : c.accepted;
          expect(r.correctionRate === null).toBe(denominator === 0);
        }
      }),
      RUNS,
    );
  });

  it('§4 rateBase ACCEPTED is not bounded by 100: corrections of cases accepted before the period count, their acceptance does not', () => {
    // Documents the definition as written in tally.ts (numerator by conclusion date, base by acceptance date).
    const carried = (receivedOn: string, acceptedOn: string, outcome: Outcome): CaseSummary => ({
      receivedOn,
      acceptedOn,
      concludedOn: '2021-03-01',
      outcome,
      terminationGround: null,
      withdrawalReason: null,
    });
    const cases: CaseSummary[] = [
      carried('2020-10-01', '2020-10-05', 'REVOKED'),
      carried('2020-10-02', '2020-10-06', 'VARIED'),
      {
        receivedOn: '2021-05-01',
        acceptedOn: '2021-05-03',
        concludedOn: null,
        outcome: null,
        terminationGround: null,
        withdrawalReason: null,
      },
    ];
    const c = tallyCases(cases, '2021-01-01', '2021-12-31', '2021-12-31');
    expect(c).toMatchObject({ accepted: 1, correctionCount: 2 });
    expect(rates(c, rateOptions('ACCEPTED', 'ROUND_HALF_UP')).correctionRate).toBe(200);
  });

  it('同比 changePercent: null when the previous count is 0; otherwise its sign is the sign of the change', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.nat({ max: 100_000 }), (current, previous) => {
        for (const mode of MODES) {
          const change = changePercent(current, previous, mode);
          if (previous === 0) {
            expect(change).toBeNull();
            continue;
          }
          expect(change).not.toBeNull();
          expect(Math.sign(change!) || 0).toBe(
            Math.sign(current - previous) * (percent(Math.abs(current - previous), previous, mode) === 0 ? 0 : 1) || 0,
          );
          expect(Object.is(change, -0)).toBe(false);
          expect(Math.abs(change!)).toBe(percent(Math.abs(current - previous), previous, mode));
        }
      }),
      RUNS,
    );
    expect(changePercent(3, 2, 'ROUND_HALF_UP')).toBe(50);
    expect(changePercent(1, 3, 'ROUND_HALF_UP')).toBe(-66.67);
    expect(changePercent(1, 3, 'TRUNCATE')).toBe(-66.66);
    expect(changePercent(4, 4, 'TRUNCATE')).toBe(0);
  });
});

describe('the seed report (DOMAIN §4, 台前县 2021)', () => {
  const base = { acceptedOn: null, terminationGround: null, withdrawalReason: null };
  const make = (n: number, outcome: Outcome | null, start: number, extra: Partial<CaseSummary> = {}) =>
    Array.from({ length: n }, (_, i): CaseSummary => {
      const day = String(start + i).padStart(2, '0');
      const merits = outcome !== null && !['NOT_ACCEPTED', 'DEEMED_WITHDRAWN', 'WITHDRAWN'].includes(outcome);
      return {
        ...base,
        receivedOn: `2021-03-${day}`,
        acceptedOn: merits || outcome === null ? `2021-04-${day}` : null,
        concludedOn: outcome === null ? null : `2021-09-${day}`,
        outcome,
        ...extra,
      };
    });
  // 2 carried over from 2020 (a 驳回 and a 撤销 decided in 2021) + 24 received in 2021; 22 concluded, 4 pending.
  const carried: CaseSummary[] = [
    { ...base, receivedOn: '2020-11-20', acceptedOn: '2020-11-25', concludedOn: '2021-01-20', outcome: 'DISMISSED' },
    { ...base, receivedOn: '2020-12-10', acceptedOn: '2020-12-14', concludedOn: '2021-02-03', outcome: 'REVOKED' },
  ];
  const taiqian: CaseSummary[] = [
    ...carried,
    ...make(5, 'NOT_ACCEPTED', 1),
    ...make(2, 'REVOKED', 6),
    ...make(6, 'DISMISSED', 8),
    ...make(2, 'UPHELD', 14),
    ...make(3, 'ORDERED_TO_PERFORM', 16),
    ...make(2, 'DEEMED_WITHDRAWN', 19),
    ...make(4, null, 21),
  ];
  // Neither counted in 2021: concluded in 2020, or received in 2022.
  const outside: CaseSummary[] = [
    { ...base, receivedOn: '2020-05-01', acceptedOn: '2020-05-03', concludedOn: '2020-12-31', outcome: 'UPHELD' },
    { ...base, receivedOn: '2022-01-04', concludedOn: null, outcome: null },
  ];

  it('26 handled = 2 carried over + 24 received; 5 不予受理, 3 撤销, 7 驳回, 2 维持, 3 责令履行, 2 视为撤回, 4 pending', () => {
    const c = tallyCases([...taiqian, ...outside], '2021-01-01', '2021-12-31', '2021-12-31');
    expect(c).toMatchObject({ handled: 26, carriedOver: 2, received: 24, concluded: 22, pending: 4 });
    expect(c.byOutcome).toEqual({
      ...emptyByOutcome(),
      NOT_ACCEPTED: 5,
      REVOKED: 3,
      DISMISSED: 7,
      UPHELD: 2,
      ORDERED_TO_PERFORM: 3,
      DEEMED_WITHDRAWN: 2,
    });
    expect(c).toMatchObject({ correctionCount: 6, meritsDecisions: 15, correctedTerminations: 0 });
  });

  it('correction rate: 40 % of the 15 decided on the merits; 27.27 % of the 22 concluded, rounded or truncated', () => {
    const c = tallyCases(taiqian, '2021-01-01', '2021-12-31', '2021-12-31');
    expect(rates(c, rateOptions('DECIDED', 'ROUND_HALF_UP'))).toMatchObject({
      rateBase: 'DECIDED',
      correctionRate: 40,
      overallCorrectionRate: 40,
    });
    expect(rates(c, rateOptions('CONCLUDED', 'ROUND_HALF_UP')).correctionRate).toBe(27.27); // 6/22 = 27.2727…
    expect(rates(c, rateOptions('CONCLUDED', 'TRUNCATE')).correctionRate).toBe(27.27);
    // ACCEPTED: the 13 merits cases and the 4 pending ones were accepted in 2021 (the carried two in 2020): 6 ÷ 17.
    expect(c.accepted).toBe(17);
    expect(rates(c, rateOptions('ACCEPTED', 'ROUND_HALF_UP')).correctionRate).toBe(35.29);
  });

  it('overall correction rate (综合纠错率) adds a termination after the respondent corrected its act', () => {
    const corrected: CaseSummary = {
      receivedOn: '2021-06-01',
      acceptedOn: '2021-06-03',
      concludedOn: '2021-08-01',
      outcome: 'TERMINATED',
      terminationGround: 'WITHDRAWN_AFTER_RESPONDENT_CORRECTED',
      withdrawalReason: null,
    };
    const other: CaseSummary = { ...corrected, receivedOn: '2021-06-02', terminationGround: 'WITHDRAWAL_APPROVED' };
    const c = tallyCases([...taiqian, corrected, other], '2021-01-01', '2021-12-31', '2021-12-31');
    expect(c).toMatchObject({ concluded: 24, correctionCount: 6, meritsDecisions: 15, correctedTerminations: 1 });
    // DECIDED: (6 + 1) ÷ (15 + 1) = 43.75 %; the correction rate stays 6 ÷ 15.
    expect(rates(c, rateOptions('DECIDED', 'ROUND_HALF_UP'))).toMatchObject({
      rateBase: 'DECIDED',
      correctionRate: 40,
      overallCorrectionRate: 43.75,
    });
    // CONCLUDED: the termination is already in the base: 7 ÷ 24 = 29.1666… %.
    expect(rates(c, rateOptions('CONCLUDED', 'ROUND_HALF_UP'))).toMatchObject({
      correctionRate: 25,
      overallCorrectionRate: 29.17,
    });
    expect(rates(c, rateOptions('CONCLUDED', 'TRUNCATE'))).toMatchObject({
      correctionRate: 25,
      overallCorrectionRate: 29.16,
    });
  });

  it('as of mid-year: only the acts dated by the cut-off count, and the rest of the year is pending', () => {
    const c = tallyCases(taiqian, '2021-01-01', '2021-12-31', '2021-06-30');
    // By 2021-06-30 only the two carried-over cases were decided; all 24 received in March are open.
    expect(c).toMatchObject({ handled: 26, received: 24, concluded: 2, pending: 24, correctionCount: 1 });
    expect(rates(c, rateOptions('DECIDED', 'TRUNCATE')).correctionRate).toBe(50);
  });

  it('settled before acceptance (受理前协商化解) counts withdrawals with that reason only', () => {
    const w = (reason: string, day: string): CaseSummary => ({
      ...base,
      receivedOn: `2021-02-${day}`,
      concludedOn: `2021-02-${day}`,
      outcome: 'WITHDRAWN',
      withdrawalReason: reason,
    });
    const c = tallyCases(
      [w('SETTLED_BEFORE_ACCEPTANCE', '01'), w('VOLUNTARY', '02'), w('SETTLED_BEFORE_ACCEPTANCE', '03')],
      '2021-01-01',
      '2021-12-31',
      '2021-12-31',
    );
    expect(c).toMatchObject({ concluded: 3, settledBeforeAcceptance: 2 });
    expect(c.byOutcome.WITHDRAWN).toBe(3);
  });
});
