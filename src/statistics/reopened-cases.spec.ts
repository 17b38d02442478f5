import { caseContributions, windowSums } from '../../test/support/rollup-mirror';
import { assembleWindow } from './rollup';
import { type CaseSummary, conclusionAsOf, rateOptions, rates, tallyCases } from './tally';

/**
 * Issue 10, points 6 and 12 in the statistics: procedural dismissals leave the DECIDED base of the correction rate
 * (R07 48 ¶1(2); L23 33), and a case reopened by a superior order (L17 20; R07 31, 48 ¶2; L23 35) keeps its refusal
 * or dismissal in the period of its date and is handled again from the order's date (REOPENED).
 */

const base = { terminationGround: null, withdrawalReason: null };

/** Refused on 2021-03-05, ordered accepted by the superior organ on 2021-06-10 (L17 20), upheld on 2021-08-02. */
const orderedToAccept: CaseSummary = {
  ...base,
  receivedOn: '2021-03-01',
  acceptedOn: '2021-06-10',
  concludedOn: '2021-08-02',
  outcome: 'UPHELD',
  priorConclusions: [
    { concludedOn: '2021-03-05', outcome: 'NOT_ACCEPTED', outcomeDetail: null, reopenedOn: '2021-06-10' },
  ],
};

/** Dismissed (procedural) on 2021-11-20, the review ordered resumed on 2022-01-15 (R07 48 ¶2), still open. */
const orderedToResume: CaseSummary = {
  ...base,
  receivedOn: '2021-09-01',
  acceptedOn: '2021-09-03',
  concludedOn: null,
  outcome: null,
  outcomeDetail: null,
  priorConclusions: [
    {
      concludedOn: '2021-11-20',
      outcome: 'DISMISSED',
      outcomeDetail: 'DISMISSED_APPLICATION',
      reopenedOn: '2022-01-15',
    },
  ],
};

/** The same sums the rollup trigger writes for these cases (test/support/rollup-mirror.ts), summed per window. */
function fromRollup(cases: readonly CaseSummary[], from: string, end: string) {
  return assembleWindow(windowSums(cases.flatMap(caseContributions), from, end)).counts;
}

describe('a refusal reopened by an order to accept (L17 20; R07 31; L23 35)', () => {
  it('L17 20: as of a date before the order the case is NOT_ACCEPTED and concluded', () => {
    const c = tallyCases([orderedToAccept], '2021-01-01', '2021-12-31', '2021-06-09');
    expect(c).toMatchObject({ received: 1, reopened: 0, handled: 1, accepted: 0, concluded: 1, pending: 0 });
    expect(c.byOutcome.NOT_ACCEPTED).toBe(1);
    expect(conclusionAsOf(orderedToAccept, '2021-06-09')).toEqual({
      concludedOn: '2021-03-05',
      outcome: 'NOT_ACCEPTED',
      outcomeDetail: null,
    });
  });

  it('L17 20: from the order’s date it is open again and accepted on that date; the refusal still counts in its period', () => {
    const c = tallyCases([orderedToAccept], '2021-01-01', '2021-12-31', '2021-06-10');
    expect(c).toMatchObject({ received: 1, reopened: 1, handled: 2, accepted: 1, concluded: 1, pending: 1 });
    expect(c.byOutcome.NOT_ACCEPTED).toBe(1);
    expect(conclusionAsOf(orderedToAccept, '2021-06-10')).toBeNull();
    // A quarter that starts after the refusal and contains the order: reopened there, not carried over.
    expect(tallyCases([orderedToAccept], '2021-04-01', '2021-06-30', '2021-06-30')).toMatchObject({
      carriedOver: 0,
      received: 0,
      reopened: 1,
      handled: 1,
      pending: 1,
      accepted: 1,
    });
  });

  it('§4 the year’s identity: handled = carried over + received + reopened = Σ concluded + pending, and the rollup agrees', () => {
    const c = tallyCases([orderedToAccept, orderedToResume], '2021-01-01', '2021-12-31', '2021-12-31');
    // Refused + upheld (one case, two episodes) and the September case dismissed in November.
    expect(c).toMatchObject({ carriedOver: 0, received: 2, reopened: 1, handled: 3, concluded: 3, pending: 0 });
    expect(c.byOutcome).toMatchObject({ NOT_ACCEPTED: 1, UPHELD: 1, DISMISSED: 1 });
    expect(c.handled).toBe(c.carriedOver + c.received + c.reopened);
    expect(c.handled).toBe(c.concluded + c.pending);
    const { correctionCount: _c, meritsDecisions: _m, overallCorrectionCount: _o, ...rest } = c;
    expect(fromRollup([orderedToAccept, orderedToResume], '2021-01-01', '2021-12-31')).toEqual(rest);
  });
});

describe('a dismissal reopened by an order to resume (R07 48 ¶2; L23 35)', () => {
  it('R07 48 ¶2: 2021 as published stays dismissed and concluded; 2022 reopens it on the order’s date', () => {
    const y2021 = tallyCases([orderedToResume], '2021-01-01', '2021-12-31', '2022-06-30');
    expect(y2021).toMatchObject({ handled: 1, concluded: 1, pending: 0 });
    expect(y2021.byOutcomeDetail.DISMISSED_APPLICATION).toBe(1);
    // 2022 before the order: nothing carried over (it was concluded), nothing open.
    expect(tallyCases([orderedToResume], '2022-01-01', '2022-12-31', '2022-01-14')).toMatchObject({
      carriedOver: 0,
      reopened: 0,
      handled: 0,
      pending: 0,
    });
    // From the order on: reopened, pending, and carried over into the following year.
    expect(tallyCases([orderedToResume], '2022-01-01', '2022-12-31', '2022-01-15')).toMatchObject({
      carriedOver: 0,
      reopened: 1,
      handled: 1,
      pending: 1,
    });
    expect(tallyCases([orderedToResume], '2023-01-01', '2023-12-31', '2023-01-01')).toMatchObject({
      carriedOver: 1,
      handled: 1,
      pending: 1,
    });
  });
});

describe('the correction rate without procedural dismissals (R07 48 ¶1(2); L23 33)', () => {
  const decided = (outcome: CaseSummary['outcome'], day: string, outcomeDetail: string | null = null): CaseSummary => ({
    ...base,
    receivedOn: `2021-02-${day}`,
    acceptedOn: `2021-02-${day}`,
    concludedOn: `2021-06-${day}`,
    outcome,
    outcomeDetail,
  });

  it('R07 48 ¶1(2) / L23 33: 驳回申请 counts as 驳回 but leaves the DECIDED base; 驳回请求 stays in it', () => {
    const cases = [
      decided('REVOKED', '01'),
      decided('UPHELD', '02'),
      decided('DISMISSED', '03', 'DISMISSED_CLAIM'),
      decided('DISMISSED', '04', 'DISMISSED_APPLICATION'),
    ];
    const c = tallyCases(cases, '2021-01-01', '2021-12-31', '2021-12-31');
    expect(c.byOutcome.DISMISSED).toBe(2);
    expect(c.byOutcomeDetail).toMatchObject({ DISMISSED_APPLICATION: 1, DISMISSED_CLAIM: 1 });
    expect(c.meritsDecisions).toBe(3);
    expect(rates(c, rateOptions('DECIDED', 'ROUND_HALF_UP')).correctionRate).toBe(33.33); // 1 ÷ 3, not 1 ÷ 4
    expect(rates(c, rateOptions('CONCLUDED', 'ROUND_HALF_UP')).correctionRate).toBe(25); // CONCLUDED keeps every concluded case
  });
});
