import { CALENDAR_SEED } from '../calendar/seed';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { CaseFacts, initialFacts } from '../workflow/case-facts';
import { Clock, ClockName, computeClocks } from './clocks';

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

  it('R07 49: a remake order runs 60 days from service', () => {
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

describe('follow-up clocks after the decision (R07 49; L17 28(1)(2), 32; L23 66, 77)', () => {
  const served = (overrides: Partial<CaseFacts> = {}, regime: CaseFacts['regime'] = 'L2017') =>
    facts(
      {
        state: 'SERVED',
        acceptedOn: '2021-03-01',
        decidedOn: '2021-04-01',
        servedOn: '2021-04-05',
        concludedOn: '2021-04-01',
        lastActOn: '2021-04-05',
        ...overrides,
      },
      regime,
    );

  it('R07 49: the remake clock is met by the remade act (RECORD_REMADE_ACT), not by closing the file', () => {
    const closed = served({ state: 'CLOSED', closedOn: '2021-04-20', remakeDeadlineDays: 60, outcome: 'REVOKED' });
    expect(clock(computeClocks(closed, calendar, '2021-06-10'), 'REMAKE')).toMatchObject({
      dueOn: '2021-06-04',
      status: 'MISSED',
      open: true,
    });
    const remade = { ...closed, remadeActOn: '2021-05-20', remadeActDocumentNumber: '台市监罚〔2021〕31号' };
    const c = clock(computeClocks(remade, calendar, '2021-06-10'), 'REMAKE');
    expect(c).toMatchObject({ status: 'MET', metOn: '2021-05-20', open: false });
    expect(c.explanation.join('\n')).toContain('台市监罚〔2021〕31号');
  });

  it('L17 28(1)(2), 31 ¶3: an order to perform within 20 days runs from service and is met by RECORD_PERFORMANCE', () => {
    const f = served({
      decisionType: 'ORDERED_TO_PERFORM',
      outcome: 'ORDERED_TO_PERFORM',
      performanceDeadlineDays: 20,
    });
    const running = clock(computeClocks(f, calendar, '2021-04-10'), 'PERFORMANCE');
    expect(running).toMatchObject({
      legalBasis: 'L17 28(1)(2), 31 ¶3',
      startOn: '2021-04-05',
      dueOn: '2021-04-25',
      status: 'RUNNING',
      open: true,
    });
    expect(
      clock(computeClocks({ ...f, performedOn: '2021-04-20' }, calendar, '2021-05-01'), 'PERFORMANCE'),
    ).toMatchObject({ status: 'MET', open: false });
  });

  it('L23 66, 75: under L2023 the performance clock cites L23 66 and 75; none without an order to perform', () => {
    const f = served(
      { decisionType: 'ORDERED_TO_PERFORM', outcome: 'ORDERED_TO_PERFORM', performanceDeadlineDays: 30 },
      'L2023',
    );
    expect(clock(computeClocks(f, calendar, '2021-04-10'), 'PERFORMANCE').legalBasis).toBe('L23 66, 75');
    expect(computeClocks(served({ outcome: 'UPHELD' }), calendar, '2021-04-10').map((c) => c.clock)).not.toContain(
      'PERFORMANCE',
    );
  });

  it('L17 32 ¶2 / L23 77 ¶2: 责令限期履行 sets a time limit (a clock) that the remade act or the performance meets', () => {
    const f = served({
      state: 'CLOSED',
      remakeDeadlineDays: 60,
      complianceOrderedOn: '2021-06-10',
      complianceDueOn: '2021-06-30',
    });
    expect(clock(computeClocks(f, calendar, '2021-07-01'), 'COMPLIANCE_ORDER')).toMatchObject({
      legalBasis: 'L17 32 ¶2',
      dueOn: '2021-06-30',
      status: 'MISSED',
      open: true,
    });
    expect(
      clock(computeClocks({ ...f, compliedOn: '2021-06-25' }, calendar, '2021-07-01'), 'COMPLIANCE_ORDER'),
    ).toMatchObject({ status: 'MET', open: false });
  });
});

describe('hearing notice (L23 51, 88)', () => {
  const review = (overrides: Partial<CaseFacts> = {}) =>
    facts(
      {
        state: 'UNDER_REVIEW',
        acceptedOn: '2024-09-02',
        procedure: 'ORDINARY',
        lastActOn: '2024-09-26',
        hearingNoticeOn: '2024-09-26',
        hearingScheduledFor: '2024-10-15',
        hearingPending: true,
        ...overrides,
      },
      'L2023',
    );

  it('L23 51, 88: a notice on Thu 2024-09-26 runs 5 working days over National Day to 2024-10-09; never an open deadline', () => {
    const c = clock(computeClocks(review(), calendar, '2024-09-27'), 'HEARING_NOTICE');
    expect(c).toMatchObject({
      unit: 'WORKING_DAYS',
      period: 5,
      startOn: '2024-09-26',
      dueOn: '2024-10-09',
      status: 'RUNNING',
      open: false,
    });
    expect(c.explanation.join('\n')).toContain('2024-10-15');
    expect(clock(computeClocks(review(), calendar, '2024-10-10'), 'HEARING_NOTICE').status).toBe('MET');
  });

  it('L23 51: met by the hearing held on or after the end of the notice period; no such clock under L2017', () => {
    const held = review({ hearingPending: false, lastHearingOn: '2024-10-15', hearingCount: 1 });
    expect(clock(computeClocks(held, calendar, '2024-10-16'), 'HEARING_NOTICE')).toMatchObject({
      status: 'MET',
      metOn: '2024-10-15',
    });
    const early = review({ hearingPending: false, lastHearingOn: '2024-10-08', hearingCount: 1 });
    expect(clock(computeClocks(early, calendar, '2024-10-16'), 'HEARING_NOTICE').status).toBe('MISSED');
    const l17 = { ...review(), regime: 'L2017' as const };
    expect(computeClocks(l17, calendar, '2024-10-16').map((c) => c.clock)).not.toContain('HEARING_NOTICE');
  });
});
