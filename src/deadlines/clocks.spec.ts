import { CALENDAR_SEED } from '../calendar/seed';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { CaseFacts, initialFacts } from '../workflow/case-facts';
import {
  addYears,
  ApplicationPeriodInput,
  applicationPeriodClock,
  Clock,
  ClockName,
  CLOCK_NAMES,
  computeClocks,
} from './clocks';

const calendar = new WorkingDayCalendar(CALENDAR_SEED);
const strictCalendar = new WorkingDayCalendar(CALENDAR_SEED, { makeUpDaysAreWorkingDays: false });

function facts(overrides: Partial<CaseFacts> = {}, regime: CaseFacts['regime'] = 'L2017'): CaseFacts {
  // Received and accepted the same day unless a test says otherwise (L17 17 ¶2 counts L2017 periods from receipt).
  const receivedOn = overrides.receivedOn ?? overrides.acceptedOn ?? '2021-07-01';
  return { ...initialFacts(regime, receivedOn), ...overrides };
}

function clock(all: Clock[], name: ClockName): Clock {
  const found = all.find((c) => c.clock === name);
  if (!found) {
    throw new Error(`no ${name} clock`);
  }
  return found;
}

describe('statutory clocks (DOMAIN §2)', () => {
  it('L17 17, 40: received Wed 2021-09-29 → 5-working-day acceptance review due 2021-10-12 (National Day skipped, Sun 26 Sep / Sat 9 Oct worked)', () => {
    const c = clock(
      computeClocks(facts({ receivedOn: '2021-09-29', lastActOn: '2021-09-29' }), calendar, '2021-09-30'),
      'ACCEPTANCE_REVIEW',
    );
    expect(c).toMatchObject({ dueOn: '2021-10-12', status: 'RUNNING', unit: 'WORKING_DAYS', period: 5, open: true });
    expect(c.explanation.join('\n')).toContain('国庆节');
  });

  it('make-up days not counted (configurable policy) → acceptance review due 2021-10-13', () => {
    const c = clock(
      computeClocks(facts({ receivedOn: '2021-09-29', lastActOn: '2021-09-29' }), strictCalendar, '2021-09-30'),
      'ACCEPTANCE_REVIEW',
    );
    expect(c.dueOn).toBe('2021-10-13');
  });

  it('L17 31 + CPL: accepted 2021-08-03 → 60th day 2021-10-02 is a rest day → decision due 2021-10-08', () => {
    const f = facts({
      state: 'UNDER_REVIEW',
      acceptedOn: '2021-08-03',
      lastActOn: '2021-08-03',
      procedure: 'ORDINARY',
    });
    const c = clock(computeClocks(f, calendar, '2021-08-10'), 'DECISION');
    expect(c).toMatchObject({ dueOn: '2021-10-08', status: 'RUNNING', unit: 'CALENDAR_DAYS' });
    expect(c.explanation.join('\n')).toMatch(/2021-10-02.*顺延.*2021-10-08/);
  });

  it('R07 41 (suspension not counted): a 20-day suspension moves the decision due date by exactly 20 days', () => {
    const base = facts({
      state: 'UNDER_REVIEW',
      acceptedOn: '2021-03-01',
      lastActOn: '2021-03-01',
      procedure: 'ORDINARY',
    });
    const before = clock(computeClocks(base, calendar, '2021-03-02'), 'DECISION').dueOn as string;
    const suspended = {
      ...base,
      suspensions: [{ from: '2021-03-10', to: '2021-03-30', ground: 'R07_41_5_FORCE_MAJEURE' as const }],
    };
    const after = clock(computeClocks(suspended, calendar, '2021-04-01'), 'DECISION').dueOn as string;
    expect(before).toBe('2021-04-30');
    expect(after).toBe('2021-05-20');
  });

  it('an open suspension pauses the decision clock (PAUSED, not open in the queues)', () => {
    const f = facts({
      state: 'SUSPENDED',
      acceptedOn: '2021-03-01',
      lastActOn: '2021-03-10',
      suspensions: [{ from: '2021-03-10', to: null, ground: 'R07_41_5_FORCE_MAJEURE' }],
    });
    const c = clock(computeClocks(f, calendar, '2021-03-20'), 'DECISION');
    expect(c.status).toBe('PAUSED');
    expect(c.open).toBe(false);
  });

  it('L17 31 / L23 62: EXTEND by 30 days moves the decision due date by 30 days', () => {
    const base = facts({
      receivedOn: '2021-03-01',
      state: 'UNDER_REVIEW',
      acceptedOn: '2021-03-01',
      lastActOn: '2021-03-01',
    });
    const extended = { ...base, extensionDays: 30, extendedOn: '2021-04-20' };
    expect(clock(computeClocks(base, calendar, '2021-03-02'), 'DECISION').dueOn).toBe('2021-04-30');
    expect(clock(computeClocks(extended, calendar, '2021-03-02'), 'DECISION').dueOn).toBe('2021-05-31');
  });

  it('L23 62 ¶2: simplified procedure decides within 30 days; L23 54: copy in 3 working days, reply in 5', () => {
    const f = facts(
      {
        receivedOn: '2024-03-01',
        state: 'UNDER_REVIEW',
        acceptedOn: '2024-03-04',
        copySentOn: '2024-03-05',
        lastActOn: '2024-03-05',
        procedure: 'SIMPLIFIED',
      },
      'L2023',
    );
    const all = computeClocks(f, calendar, '2024-03-06');
    expect(clock(all, 'DECISION')).toMatchObject({ period: 30, dueOn: '2024-04-03' });
    expect(clock(all, 'COPY_TO_RESPONDENT')).toMatchObject({ period: 3, status: 'MET', metOn: '2024-03-05' });
    expect(clock(all, 'RESPONDENT_REPLY')).toMatchObject({ period: 5, unit: 'WORKING_DAYS', dueOn: '2024-03-12' });
  });

  it('L17 17 ¶2: an L2017 decision period runs from receipt (即为受理), configurable to run from the ACCEPT date', () => {
    const f = facts({
      receivedOn: '2021-03-01',
      state: 'UNDER_REVIEW',
      acceptedOn: '2021-03-04',
      lastActOn: '2021-03-04',
    });
    expect(clock(computeClocks(f, calendar, '2021-03-05'), 'DECISION')).toMatchObject({
      startOn: '2021-03-01',
      dueOn: '2021-04-30',
    });
    const fromAct = computeClocks(f, calendar, '2021-03-05', { l2017AcceptanceFromReceipt: false });
    expect(clock(fromAct, 'DECISION')).toMatchObject({ startOn: '2021-03-04', dueOn: '2021-05-06' });
  });

  it('L17 23: the respondent’s 10-day reply period counts calendar days under L2017', () => {
    const f = facts({
      state: 'UNDER_REVIEW',
      acceptedOn: '2021-03-01',
      copySentOn: '2021-03-02',
      lastActOn: '2021-03-02',
    });
    expect(clock(computeClocks(f, calendar, '2021-03-03'), 'RESPONDENT_REPLY')).toMatchObject({
      unit: 'CALENDAR_DAYS',
      dueOn: '2021-03-12',
    });
  });

  it('a decision after its due date is MISSED; before it, MET; an overdue open clock is MISSED with negative daysLeft', () => {
    const f = facts({
      state: 'DECIDED',
      acceptedOn: '2021-03-01',
      decidedOn: '2021-05-10',
      concludedOn: '2021-05-10',
      outcome: 'UPHELD',
      lastActOn: '2021-05-10',
    });
    expect(clock(computeClocks(f, calendar, '2021-06-01'), 'DECISION')).toMatchObject({
      status: 'MISSED',
      metOn: '2021-05-10',
    });
    const open = facts({
      receivedOn: '2021-03-01',
      state: 'UNDER_REVIEW',
      acceptedOn: '2021-03-01',
      lastActOn: '2021-03-01',
    });
    const late = clock(computeClocks(open, calendar, '2021-05-05'), 'DECISION');
    expect(late.status).toBe('MISSED');
    expect(late.daysLeft).toBe(-5);
    expect(late.open).toBe(true);
  });

  it('L23 31, 88: the applicant has 10 working days to correct (Sat 2024-05-11 is a make-up workday); R07 29: the notice sets the period', () => {
    const l23 = facts(
      {
        receivedOn: '2024-05-06',
        state: 'CORRECTION_REQUESTED',
        correctionRequestedOn: '2024-05-07',
        correctionRequestCount: 1,
        lastActOn: '2024-05-07',
      },
      'L2023',
    );
    const all = computeClocks(l23, calendar, '2024-05-08');
    expect(clock(all, 'CORRECTION')).toMatchObject({
      unit: 'WORKING_DAYS',
      period: 10,
      dueOn: '2024-05-20',
      status: 'RUNNING',
    });
    expect(clock(all, 'ACCEPTANCE_REVIEW').status).toBe('PAUSED');
    const l17 = facts({
      state: 'CORRECTION_REQUESTED',
      correctionRequestedOn: '2021-07-02',
      correctionDueOn: '2021-07-20',
      lastActOn: '2021-07-02',
    });
    expect(clock(computeClocks(l17, calendar, '2021-07-03'), 'CORRECTION')).toMatchObject({ dueOn: '2021-07-20' });
  });

  it('L23 31 ¶3: receipt of corrected materials restarts the 5-working-day acceptance review', () => {
    const f = facts(
      {
        receivedOn: '2024-05-06',
        correctionRequestedOn: '2024-05-07',
        correctionReceivedOn: '2024-05-15',
        lastActOn: '2024-05-15',
      },
      'L2023',
    );
    expect(clock(computeClocks(f, calendar, '2024-05-16'), 'ACCEPTANCE_REVIEW')).toMatchObject({
      startOn: '2024-05-15',
      dueOn: '2024-05-22',
    });
  });

  it('R07 49: a remake order runs 60 days from service and is met by CLOSE', () => {
    const f = facts({
      state: 'SERVED',
      acceptedOn: '2021-03-01',
      decidedOn: '2021-04-01',
      servedOn: '2021-04-05',
      remakeDeadlineDays: 60,
      outcome: 'REVOKED',
      concludedOn: '2021-04-01',
      lastActOn: '2021-04-05',
    });
    expect(clock(computeClocks(f, calendar, '2021-04-06'), 'REMAKE')).toMatchObject({
      startOn: '2021-04-05',
      dueOn: '2021-06-04',
      status: 'RUNNING',
    });
  });

  it('a due date in a year without a calendar is CALENDAR_MISSING, never computed from weekends alone', () => {
    const f = facts({ receivedOn: '2026-12-28', lastActOn: '2026-12-28' }, 'L2023');
    const c = clock(computeClocks(f, calendar, '2026-12-29'), 'ACCEPTANCE_REVIEW');
    expect(c).toMatchObject({ status: 'CALENDAR_MISSING', dueOn: null, open: false });
    expect(c.explanation.join('\n')).toContain('2027');
  });

  it('clocks of a case that ended another way are moot (not open) unless already missed', () => {
    const f = facts({
      state: 'NOT_ACCEPTED',
      outcome: 'NOT_ACCEPTED',
      concludedOn: '2021-07-05',
      lastActOn: '2021-07-05',
    });
    expect(clock(computeClocks(f, calendar, '2021-08-01'), 'ACCEPTANCE_REVIEW')).toMatchObject({
      status: 'MET',
      open: false,
    });
  });
});

describe('clocks after a correction (R07 29 / L23 31)', () => {
  it('R07 29: a timely correction notice meets the acceptance review; a deemed-withdrawn case leaves no open clock', () => {
    const f = facts({
      receivedOn: '2021-03-29',
      state: 'DEEMED_WITHDRAWN',
      correctionRequestedOn: '2021-03-31',
      correctionDueOn: '2021-04-12',
      correctionRequestCount: 1,
      outcome: 'DEEMED_WITHDRAWN',
      concludedOn: '2021-04-16',
      lastActOn: '2021-04-16',
    });
    const all = computeClocks(f, calendar, '2026-01-01');
    expect(clock(all, 'ACCEPTANCE_REVIEW')).toMatchObject({ status: 'MET', metOn: '2021-03-31', open: false });
    expect(clock(all, 'CORRECTION')).toMatchObject({ status: 'MISSED', open: false });
  });
});

describe('APPLICATION_PERIOD: whether the application was made in time (L17 9; R07 15–16; L23 20–21)', () => {
  const none: ApplicationPeriodInput = {
    madeOn: null,
    knownOn: null,
    rightsNotified: null,
    rightsKnownOn: null,
    realProperty: false,
    nonPerformance: false,
    performanceRequestedOn: null,
    performanceDueOn: null,
    emergency: false,
    statutoryPeriodDays: null,
    channel: 'IN_PERSON',
  };
  const period = (
    receivedOn: string,
    input: Partial<ApplicationPeriodInput>,
    regime: CaseFacts['regime'] = 'L2017',
    options = { l2017AcceptanceFromReceipt: true, l2017UntoldRightsOneYear: false },
  ) => applicationPeriodClock(facts({ receivedOn }, regime), { ...none, ...input }, calendar, options);

  it('L17 9 ¶1: known 2021-02-03 → 60 days end Sun 2021-04-04 (清明), rolled forward to 2021-04-06: received that day is in time', () => {
    const c = period('2021-04-06', { madeOn: '2021-02-01', knownOn: '2021-02-03' });
    expect(c).toMatchObject({ status: 'MET', dueOn: '2021-04-06', metOn: '2021-04-06', open: false, period: 60 });
    expect(c.explanation.join('\n')).toContain('顺延至 2021-04-06');
    expect(c.explanation.join('\n')).toContain('在申请期限内');
    expect(c.explanation.join('\n')).toContain('由行政复议机关审查认定');
  });

  it('L17 9 ¶1: received the day after the period → MISSED (shown, not refused), never open', () => {
    const c = period('2021-04-07', { knownOn: '2021-02-03' });
    expect(c).toMatchObject({ status: 'MISSED', dueOn: '2021-04-06', open: false, daysLeft: null });
    expect(c.explanation.join('\n')).toContain('已超过申请期限 2021-04-06');
  });

  it('L23 20 ¶1: 60 days from knowing (2024-03-01 → 2024-04-30); a longer statutory period replaces it', () => {
    expect(period('2024-04-30', { knownOn: '2024-03-01' }, 'L2023')).toMatchObject({
      status: 'MET',
      dueOn: '2024-04-30',
    });
    expect(period('2024-05-06', { knownOn: '2024-03-01' }, 'L2023').status).toBe('MISSED');
    expect(period('2024-05-06', { knownOn: '2024-03-01', statutoryPeriodDays: 90 }, 'L2023')).toMatchObject({
      status: 'MET',
      dueOn: '2024-05-30',
      period: 90,
    });
  });

  it('L23 20 ¶3: not told of the right to apply → at most one year from knowing the act (2024-03-01 → Sat 2025-03-01 → Mon 2025-03-03)', () => {
    const c = period('2025-03-03', { knownOn: '2024-03-01', rightsNotified: false }, 'L2023');
    expect(c).toMatchObject({ status: 'MET', dueOn: '2025-03-03' });
    expect(c.explanation.join('\n')).toContain('最长不得超过一年');
    expect(period('2025-03-04', { knownOn: '2024-03-01', rightsNotified: false }, 'L2023').status).toBe('MISSED');
  });

  it('L23 20 ¶3: once the applicant learnt of the right (2024-06-03), 60 days from then (2024-08-02), within the year', () => {
    const input = { knownOn: '2024-03-01', rightsNotified: false, rightsKnownOn: '2024-06-03' };
    expect(period('2024-08-02', input, 'L2023')).toMatchObject({ status: 'MET', dueOn: '2024-08-02' });
    expect(period('2024-08-05', input, 'L2023').status).toBe('MISSED');
  });

  it('R07 17: L17/R07 have no one-year rule; L2017_UNTOLD_RIGHTS_ONE_YEAR applies L23 20 ¶3 by analogy', () => {
    const input = { knownOn: '2021-02-03', rightsNotified: false };
    const plain = period('2021-06-01', input);
    expect(plain).toMatchObject({ status: 'MISSED', dueOn: '2021-04-06' });
    expect(plain.explanation.join('\n')).toContain('R07 17');
    const analogy = period('2021-06-01', input, 'L2017', {
      l2017AcceptanceFromReceipt: true,
      l2017UntoldRightsOneYear: true,
    });
    // 2022-02-03 falls in the Spring Festival holiday (1.31–2.6): rolled forward to Mon 2022-02-07.
    expect(analogy).toMatchObject({ status: 'MET', dueOn: '2022-02-07' });
  });

  it('L23 21: five years from the act (made 2019-01-10, cap 2024-01-10) even when the applicant learnt of it late', () => {
    const c = period('2024-03-01', { madeOn: '2019-01-10', knownOn: '2024-02-01' }, 'L2023');
    expect(c).toMatchObject({ status: 'MISSED', dueOn: '2024-01-10' });
    expect(c.explanation.join('\n')).toContain('以最先届满者为准');
  });

  it('L23 21: real property — twenty years (to 2039, no calendar needed when received long before)', () => {
    const c = period('2024-03-01', { madeOn: '2019-01-10', knownOn: '2024-02-01', realProperty: true }, 'L2023');
    expect(c).toMatchObject({ status: 'MET', dueOn: '2024-04-01' });
    expect(c.explanation.join('\n')).toContain('二十年');
  });

  it('L23 21: the caps do not exist under L2017', () => {
    expect(period('2021-03-01', { madeOn: '2015-01-10', knownOn: '2021-02-01' }).status).toBe('MET');
  });

  it('L23 21: without the date of knowing, an application beyond the cap is MISSED, within it not computable', () => {
    expect(period('2024-03-01', { madeOn: '2019-01-10' }, 'L2023')).toMatchObject({
      status: 'MISSED',
      dueOn: '2024-01-10',
    });
    const open = period('2024-03-01', { madeOn: '2023-01-10' }, 'L2023');
    expect(open).toMatchObject({ status: 'NOT_STARTED', dueOn: null, metOn: null });
    expect(open.explanation.join('\n')).toContain('knownOn');
  });

  it('R07 16 ¶1(2): non-performance — from 60 days after the request was received (2021-01-04 → 2021-03-05), then 60 days (劳动节: 2021-05-06)', () => {
    const c = period('2021-05-06', { nonPerformance: true, performanceRequestedOn: '2021-01-04' });
    expect(c).toMatchObject({ status: 'MET', startOn: '2021-03-05', dueOn: '2021-05-06' });
    expect(c.legalBasis).toBe('L17 9; R07 16');
  });

  it('R07 16 ¶1(1): non-performance with a statutory performance period — from its end (2021-02-01 → 2021-04-02)', () => {
    expect(period('2021-04-06', { nonPerformance: true, performanceDueOn: '2021-02-01' })).toMatchObject({
      status: 'MISSED',
      dueOn: '2021-04-02',
    });
  });

  it('R07 16 ¶2: an emergency request to protect person or property is not limited by the period', () => {
    const c = period('2025-01-01', { nonPerformance: true, emergency: true }, 'L2023');
    expect(c).toMatchObject({ status: 'MET', dueOn: null, metOn: '2025-01-01' });
    expect(c.explanation.join('\n')).toContain('R07 16 ¶2');
  });

  it('R07 16: non-performance without its dates is not computable (NOT_STARTED)', () => {
    expect(period('2021-03-01', { nonPerformance: true }).status).toBe('NOT_STARTED');
  });

  it('computeClocks lists APPLICATION_PERIOD first when given the registered details, and the name is last in CLOCK_NAMES', () => {
    const all = computeClocks(facts({ receivedOn: '2021-03-01' }), calendar, '2021-03-02', undefined, {
      ...none,
      knownOn: '2021-02-03',
    });
    expect(all[0]?.clock).toBe('APPLICATION_PERIOD');
    expect(all[0]?.labelZh).toBe('行政复议申请期限');
    expect(CLOCK_NAMES[CLOCK_NAMES.length - 1]).toBe('APPLICATION_PERIOD');
    expect(
      computeClocks(facts({ receivedOn: '2021-03-01' }), calendar, '2021-03-02').map((c) => c.clock),
    ).not.toContain('APPLICATION_PERIOD');
  });

  it('CPL (民法典 202): a period in years ends on the corresponding day; 29 February → 28 February', () => {
    expect(addYears('2024-03-01', 1)).toBe('2025-03-01');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});
