import { CALENDAR_SEED } from '../calendar/seed';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { CaseFacts, initialFacts } from '../workflow/case-facts';
import { Clock, ClockName, computeClocks } from './clocks';

const calendar = new WorkingDayCalendar(CALENDAR_SEED);
const strictCalendar = new WorkingDayCalendar(CALENDAR_SEED, { makeUpDaysAreWorkingDays: false });
const noFallback = new WorkingDayCalendar(CALENDAR_SEED, { provisionalYears: false });

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

  it('with PROVISIONAL_CALENDAR off, a due date in a year without a calendar is CALENDAR_MISSING, never computed from weekends alone', () => {
    const f = facts({ receivedOn: '2026-12-28', lastActOn: '2026-12-28' }, 'L2023');
    const c = clock(computeClocks(f, noFallback, '2026-12-29'), 'ACCEPTANCE_REVIEW');
    expect(c).toMatchObject({ status: 'CALENDAR_MISSING', dueOn: null, open: false, provisional: false });
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

describe('provisional clocks (全国年节及纪念日放假办法: a year whose notice is not loaded)', () => {
  // An L2023 case accepted Mon 2026-12-07: 60 days (L23 62 ¶1) → nominal 2027-02-05, the computed 除夕 of 2027.
  const accepted = facts(
    { receivedOn: '2026-12-01', acceptedOn: '2026-12-07', state: 'ACCEPTED', lastActOn: '2026-12-07' },
    'L2023',
  );

  it('L23 62 ¶1 / 全国年节及纪念日放假办法: a DECISION clock due in 2027 is computed from the provisional 春节 and marked provisional', () => {
    const c = clock(computeClocks(accepted, calendar, '2027-01-20'), 'DECISION');
    expect(c).toMatchObject({ status: 'RUNNING', dueOn: '2027-02-09', open: true, provisional: true, daysLeft: 20 });
    expect(c.explanation).toContain(
      '2027年节假日安排尚未录入，按《全国年节及纪念日放假办法》暂行推算（不含调休），届时以国务院通知为准',
    );
    expect(c.explanation.join('\n')).toContain('2027-02-05（春节）');
    // …and it is in the work queues once due: MISSED (overdue) after 2027-02-09.
    expect(clock(computeClocks(accepted, calendar, '2027-02-10'), 'DECISION')).toMatchObject({
      status: 'MISSED',
      open: true,
      provisional: true,
    });
  });

  it('L23 48, 88: a clock that stays within a loaded year is not provisional', () => {
    const copy = clock(computeClocks(accepted, calendar, '2026-12-08'), 'COPY_TO_RESPONDENT');
    expect(copy).toMatchObject({ dueOn: '2026-12-16', provisional: false });
    expect(copy.explanation.join('\n')).not.toContain('暂行推算');
  });

  it('L23 88 / 全国年节及纪念日放假办法: a working-day clock running into 2027 is provisional; one due in 2026 is not, even counted from 2027', () => {
    // A 10-working-day reply period (L23 48) from Mon 2026-12-28 ends in 2027, past the provisional 元旦.
    const sent = { ...accepted, copySentOn: '2026-12-28', lastActOn: '2026-12-28' };
    expect(clock(computeClocks(sent, calendar, '2026-12-29'), 'RESPONDENT_REPLY')).toMatchObject({
      dueOn: '2027-01-12',
      provisional: true,
      daysLeft: 9,
    });
    // The copy was due 2026-12-16 (a loaded year): its due date is firm, even as of 2027 (only days left move).
    const overdue = clock(computeClocks(accepted, calendar, '2027-01-05'), 'COPY_TO_RESPONDENT');
    expect(overdue).toMatchObject({ dueOn: '2026-12-16', status: 'MISSED', open: true, provisional: false });
    expect(clock(computeClocks(accepted, calendar, '2026-12-20'), 'COPY_TO_RESPONDENT').provisional).toBe(false);
  });

  it('with PROVISIONAL_CALENDAR off the same DECISION clock is CALENDAR_MISSING (the old behaviour)', () => {
    expect(clock(computeClocks(accepted, noFallback, '2027-01-20'), 'DECISION')).toMatchObject({
      status: 'CALENDAR_MISSING',
      dueOn: null,
      open: false,
      provisional: false,
    });
  });

  it('once 2027 is loaded the due date follows the notice and is no longer provisional', () => {
    const y2027 = {
      year: 2027,
      notice: 'test',
      restDays: ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map(
        (date) => ({ date, holiday: '春节' }),
      ),
      makeUpWorkdays: [],
    };
    const c = clock(
      computeClocks(accepted, new WorkingDayCalendar([...CALENDAR_SEED, y2027]), '2027-01-20'),
      'DECISION',
    );
    expect(c).toMatchObject({ dueOn: '2027-02-05', provisional: false });
    expect(c.explanation.join('\n')).not.toContain('暂行推算');
  });
});
