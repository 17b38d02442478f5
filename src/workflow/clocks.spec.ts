import { CALENDAR_SEED } from '../calendar/seed';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { CaseFacts, initialFacts } from './case-facts';
import {
  acceptanceReviewEndsOn,
  Clock,
  ClockName,
  computeClocks,
  DEFAULT_CLOCK_OPTIONS,
  deemedAcceptanceDate,
  legalAcceptanceOf,
  addYears,
  ApplicationPeriodInput,
  applicationPeriodClock,
  CLOCK_NAMES,
} from './clocks';

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

  it('with PROVISIONAL_CALENDAR off, a due date in a year without a calendar is CALENDAR_MISSING, never computed from weekends alone', () => {
    const f = facts({ receivedOn: '2026-12-28', lastActOn: '2026-12-28' }, 'L2023');
    const c = clock(computeClocks(f, noFallback, '2026-12-29'), 'ACCEPTANCE_REVIEW');
    expect(c).toMatchObject({ status: 'CALENDAR_MISSING', dueOn: null, open: false, provisional: false });
    expect(c.explanation.join('\n')).toContain('2027');
  });

  it('issue 18 pt 3: computing the clocks never throws to say a year is missing — the December case, with and without the provisional calendar', () => {
    // The throwing methods are booby-trapped: the clocks must use the try… ones, which return the gap as a value.
    class NoThrowCalendar extends WorkingDayCalendar {
      override describeDay(): never {
        throw new Error('describeDay called');
      }
      override addWorkingDays(): never {
        throw new Error('addWorkingDays called');
      }
      override addCalendarDays(): never {
        throw new Error('addCalendarDays called');
      }
      override workingDaysBetween(): never {
        throw new Error('workingDaysBetween called');
      }
      override countWorkingDays(): never {
        throw new Error('countWorkingDays called');
      }
      override isWorkingDay(): never {
        throw new Error('isWorkingDay called');
      }
    }
    const lastYear = CALENDAR_SEED.filter((y) => y.year <= 2026);
    for (const provisionalYears of [true, false]) {
      const trap = new NoThrowCalendar(lastYear, { provisionalYears });
      // L23 30, 62: received and accepted in late December 2026; the review and the decision run into 2027.
      for (const f of [
        facts({ receivedOn: '2026-12-28', lastActOn: '2026-12-28' }, 'L2023'),
        facts(
          {
            receivedOn: '2026-12-21',
            acceptedOn: '2026-12-24',
            lastActOn: '2026-12-24',
            state: 'UNDER_REVIEW',
            procedure: 'ORDINARY',
          },
          'L2023',
        ),
      ]) {
        const clocks = computeClocks(f, trap, '2026-12-29', DEFAULT_CLOCK_OPTIONS);
        expect(clocks.length).toBeGreaterThan(0);
        const statuses = clocks.filter((c) => c.status !== 'NOT_STARTED').map((c) => c.status);
        expect(statuses).toContain(provisionalYears ? 'RUNNING' : 'CALENDAR_MISSING');
        expect(legalAcceptanceOf(f, '2026-12-29', trap, DEFAULT_CLOCK_OPTIONS).acceptedOn).toBeDefined();
        // The review of the application received on the 28th ends in 2027: unknown without its calendar.
        expect(acceptanceReviewEndsOn(f, trap) === null).toBe(!provisionalYears && f.receivedOn === '2026-12-28');
      }
    }
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

describe('issue 10: acceptance, service and receipt dates', () => {
  const l23 = (overrides: Partial<CaseFacts> = {}) => facts(overrides, 'L2023');

  it('L23 30 ¶3: received Mon 2025-03-03, no refusal → deemed accepted 2025-03-10, decision due 2025-05-09 with no ACCEPT recorded', () => {
    const f = l23({ receivedOn: '2025-03-03', lastActOn: '2025-03-03' });
    expect(acceptanceReviewEndsOn(f, calendar)).toBe('2025-03-10');
    expect(deemedAcceptanceDate(f, calendar, DEFAULT_CLOCK_OPTIONS)).toBe('2025-03-10');
    // On the review's last day a refusal is still possible: no deemed acceptance yet.
    const onLastDay = computeClocks(f, calendar, '2025-03-10');
    expect(onLastDay.map((c) => c.clock)).not.toContain('DECISION');
    const after = computeClocks(f, calendar, '2025-03-11');
    expect(clock(after, 'DECISION')).toMatchObject({ startOn: '2025-03-10', dueOn: '2025-05-09', status: 'RUNNING' });
    expect(clock(after, 'COPY_TO_RESPONDENT')).toMatchObject({ startOn: '2025-03-10', status: 'RUNNING' });
    expect(clock(after, 'DECISION').explanation.join('\n')).toMatch(/视为受理.*2025-03-10.*L23 30 ¶3/);
    expect(clock(after, 'ACCEPTANCE_REVIEW').explanation.join('\n')).toMatch(/L23 30 ¶3.*2025-03-10.*视为受理/);
  });

  it('L23 30 ¶3: an ACCEPT recorded after the review counts from the review’s last day; one within it from its own date', () => {
    const f = l23({ receivedOn: '2025-03-03', lastActOn: '2025-03-03' });
    expect(legalAcceptanceOf(f, '2025-03-20', calendar, DEFAULT_CLOCK_OPTIONS)).toEqual({
      acceptedOn: '2025-03-10',
      deemed: true,
      reviewEndedOn: '2025-03-10',
    });
    expect(legalAcceptanceOf(f, '2025-03-06', calendar, DEFAULT_CLOCK_OPTIONS)).toEqual({
      acceptedOn: '2025-03-06',
      deemed: false,
      reviewEndedOn: '2025-03-10',
    });
  });

  it('L17 17 ¶2: under L2017 an application is accepted from receipt (of the corrected materials, after a correction); configurable', () => {
    const f = facts({ receivedOn: '2021-03-01', lastActOn: '2021-03-01' });
    expect(legalAcceptanceOf(f, '2021-03-18', calendar, DEFAULT_CLOCK_OPTIONS).acceptedOn).toBe('2021-03-01');
    const corrected = facts({ receivedOn: '2021-03-01', correctionReceivedOn: '2021-03-10', lastActOn: '2021-03-10' });
    expect(legalAcceptanceOf(corrected, '2021-03-12', calendar, DEFAULT_CLOCK_OPTIONS).acceptedOn).toBe('2021-03-10');
    // L2017_ACCEPTANCE_FROM_RECEIPT=false: the review's last day, as under L23 30 ¶3.
    expect(legalAcceptanceOf(f, '2021-03-18', calendar, { l2017AcceptanceFromReceipt: false }).acceptedOn).toBe(
      '2021-03-08',
    );
  });

  it('L23 31 ¶2: the correction period runs from the applicant’s receipt of the notice; estimated from the notice until then', () => {
    const notice = l23({
      state: 'CORRECTION_REQUESTED',
      receivedOn: '2025-03-03',
      correctionRequestedOn: '2025-03-04',
      correctionRequestCount: 1,
      lastActOn: '2025-03-04',
    });
    const estimated = clock(computeClocks(notice, calendar, '2025-03-05'), 'CORRECTION');
    expect(estimated).toMatchObject({ startOn: '2025-03-04', dueOn: '2025-03-18', estimated: true });
    expect(estimated.explanation[0]).toMatch(/估算.*尚未录入/);
    const served = clock(
      computeClocks({ ...notice, correctionServedOn: '2025-03-07' }, calendar, '2025-03-08'),
      'CORRECTION',
    );
    expect(served).toMatchObject({ startOn: '2025-03-07', dueOn: '2025-03-21', estimated: false });
    expect(served.explanation[0]).toMatch(/收到补正通知之日 2025-03-07/);
  });

  it('L23 31 ¶2: an extension for good cause moves the correction period’s end and is listed', () => {
    const f = l23({
      state: 'CORRECTION_REQUESTED',
      receivedOn: '2025-03-03',
      correctionRequestedOn: '2025-03-04',
      correctionServedOn: '2025-03-04',
      correctionRequestCount: 1,
      correctionDueOn: '2025-04-01',
      correctionExtensions: [{ on: '2025-03-17', dueOn: '2025-04-01' }],
      lastActOn: '2025-03-17',
    });
    const c = clock(computeClocks(f, calendar, '2025-03-18'), 'CORRECTION');
    expect(c.dueOn).toBe('2025-04-01');
    expect(c.explanation.join('\n')).toMatch(/2025-03-17 因正当理由延长补正期限至 2025-04-01（L23 31 ¶2）/);
  });

  it('L17 23 / L23 48: the reply period runs from the respondent’s receipt of the copy; estimated from sending until recorded', () => {
    const base = l23({
      state: 'UNDER_REVIEW',
      receivedOn: '2025-03-03',
      acceptedOn: '2025-03-05',
      procedure: 'ORDINARY',
      copySentOn: '2025-03-06',
      lastActOn: '2025-03-06',
    });
    const estimated = clock(computeClocks(base, calendar, '2025-03-07'), 'RESPONDENT_REPLY');
    expect(estimated).toMatchObject({ startOn: '2025-03-06', dueOn: '2025-03-20', estimated: true });
    expect(estimated.explanation[0]).toMatch(/估算.*L23 48/);
    const received = clock(
      computeClocks({ ...base, copyReceivedOn: '2025-03-10' }, calendar, '2025-03-11'),
      'RESPONDENT_REPLY',
    );
    expect(received).toMatchObject({ startOn: '2025-03-10', dueOn: '2025-03-24', estimated: false });
    // L17 23: 10 calendar days from receipt.
    const l17 = facts({
      state: 'UNDER_REVIEW',
      acceptedOn: '2021-03-01',
      copySentOn: '2021-03-02',
      copyReceivedOn: '2021-03-05',
      lastActOn: '2021-03-05',
      procedure: 'ORDINARY',
    });
    expect(clock(computeClocks(l17, calendar, '2021-03-06'), 'RESPONDENT_REPLY').dueOn).toBe('2021-03-15');
  });

  it('L17 18, 40: a transfer within 7 working days of receipt is met; a later one is shown as missed', () => {
    const transferred = (on: string) =>
      facts({
        state: 'TRANSFERRED',
        receivedOn: '2021-03-01',
        outcome: 'TRANSFERRED',
        concludedOn: on,
        lastActOn: on,
      });
    expect(clock(computeClocks(transferred('2021-03-10'), calendar, '2021-03-20'), 'TRANSFER')).toMatchObject({
      dueOn: '2021-03-10',
      status: 'MET',
      legalBasis: 'L17 18, 40',
    });
    expect(clock(computeClocks(transferred('2021-03-11'), calendar, '2021-03-20'), 'TRANSFER')).toMatchObject({
      status: 'MISSED',
    });
    // Not an L2023 institution, and no clock for a case that was not transferred.
    expect(
      computeClocks(facts({ receivedOn: '2021-03-01' }), calendar, '2021-03-02').map((c) => c.clock),
    ).not.toContain('TRANSFER');
  });

  it('L17 31 / L23 62: 15 + 15 days of extension add up to a 90-day decision period, each extension listed', () => {
    const f = facts({
      state: 'UNDER_REVIEW',
      acceptedOn: '2021-03-01',
      lastActOn: '2021-05-20',
      procedure: 'ORDINARY',
      extensionDays: 30,
      extendedOn: '2021-05-20',
      extensions: [
        { on: '2021-04-20', days: 15 },
        { on: '2021-05-20', days: 15 },
      ],
    });
    const c = clock(computeClocks(f, calendar, '2021-05-21'), 'DECISION');
    expect(c.period).toBe(90);
    expect(c.dueOn).toBe('2021-05-31');
    expect(c.explanation.filter((l) => /经批准延长 15 日/.test(l))).toHaveLength(2);
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
    expect(CLOCK_NAMES).toContain('APPLICATION_PERIOD');
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

describe('issue 10: periods not counted, mediation in a suspension, the 60-day reminder, conversion', () => {
  const l17Review = (overrides: Partial<CaseFacts> = {}): CaseFacts =>
    facts({
      state: 'UNDER_REVIEW',
      acceptedOn: '2021-03-01',
      lastActOn: '2021-03-01',
      procedure: 'ORDINARY',
      ...overrides,
    });
  const l23Review = (overrides: Partial<CaseFacts> = {}): CaseFacts =>
    facts(
      {
        receivedOn: '2024-03-01',
        state: 'UNDER_REVIEW',
        acceptedOn: '2024-03-04',
        copySentOn: '2024-03-05',
        lastActOn: '2024-03-05',
        procedure: 'ORDINARY',
        ...overrides,
      },
      'L2023',
    );

  it('R07 34 ¶3: a 10-day on-site inspection moves the L2017 decision due date by 10 days, and is explained', () => {
    const f = l17Review({
      notCountedPeriods: [{ kind: 'ON_SITE_INSPECTION', from: '2021-03-10', to: '2021-03-20' }],
    });
    const c = clock(computeClocks(f, calendar, '2021-03-21'), 'DECISION');
    expect(c.dueOn).toBe('2021-05-10'); // 2021-04-30 + 10 days
    expect(c.explanation.join('\n')).toContain('现场勘验（R07 34 ¶3） 2021-03-10 至 2021-03-20，不计入 10 日');
  });

  it('R07 37 + R07 41: an appraisal overlapping a suspension is counted once (30 days, not 40)', () => {
    const f = l17Review({
      suspensions: [{ from: '2021-03-10', to: '2021-03-30', ground: 'R07_41_5_FORCE_MAJEURE' }],
      notCountedPeriods: [{ kind: 'EXPERT_APPRAISAL', from: '2021-03-20', to: '2021-04-09' }],
    });
    const c = clock(computeClocks(f, calendar, '2021-04-10'), 'DECISION');
    // 2021-04-30 + 30 days = 2021-05-30 (Sunday) → rolls forward to Monday 2021-05-31.
    expect(c.dueOn).toBe('2021-05-31');
    const text = c.explanation.join('\n');
    expect(text).toContain('中止（R07 41(5)） 2021-03-10 至 2021-03-30，不计入 20 日');
    expect(text).toContain('鉴定（R07 37） 2021-03-20 至 2021-04-09，不计入 20 日');
    expect(text).toContain('重叠 10 日');
    expect(text).toContain('共 30 日不计入期限');
  });

  it('R07 37: an appraisal still under way pauses the decision clock (PAUSED, not in the queues)', () => {
    const f = l17Review({ notCountedPeriods: [{ kind: 'EXPERT_APPRAISAL', from: '2021-03-10', to: null }] });
    expect(clock(computeClocks(f, calendar, '2021-03-20'), 'DECISION')).toMatchObject({
      status: 'PAUSED',
      open: false,
    });
  });

  it('R07 30: time spent determining the competent organ before acceptance is not inside the decision period (cut at acceptance)', () => {
    const f = l23Review({
      acceptedOn: '2024-03-11',
      notCountedPeriods: [{ kind: 'COMPETENT_ORGAN_DETERMINATION', from: '2024-03-02', to: '2024-03-12' }],
      lastActOn: '2024-03-12',
    });
    const c = clock(computeClocks(f, calendar, '2024-03-13'), 'DECISION');
    expect(c.explanation.join('\n')).toContain('2024-03-11 至 2024-03-12，不计入 1 日');
  });

  it('R07 34 ¶3 under L2023: deducted by default; with R07_NOT_COUNTED_PERIODS_UNDER_L2023=false recorded but not deducted', () => {
    const f = l23Review({ notCountedPeriods: [{ kind: 'ON_SITE_INSPECTION', from: '2024-03-10', to: '2024-03-20' }] });
    const plain = clock(computeClocks(l23Review(), calendar, '2024-03-21'), 'DECISION').dueOn as string;
    expect(plain).toBe('2024-05-06'); // 2024-05-03 (labour-day holiday) rolls forward
    expect(clock(computeClocks(f, calendar, '2024-03-21'), 'DECISION').dueOn).toBe('2024-05-13');
    const off = clock(
      computeClocks(f, calendar, '2024-03-21', {
        l2017AcceptanceFromReceipt: true,
        r07NotCountedPeriodsUnderL2023: false,
      }),
      'DECISION',
    );
    expect(off.dueOn).toBe(plain);
    expect(off.explanation.join('\n')).toContain('R07_NOT_COUNTED_PERIODS_UNDER_L2023=false');
  });

  it('L23 39(6): mediation inside a suspension for mediation keeps the decision clock PAUSED', () => {
    const f = l23Review({
      state: 'MEDIATION',
      mediationKind: 'MEDIATION',
      mediationStartedFrom: 'SUSPENDED',
      suspensions: [
        { from: '2024-03-10', to: null, ground: 'L23_39_6_MEDIATION_OR_SETTLEMENT', fromState: 'UNDER_REVIEW' },
      ],
    });
    expect(clock(computeClocks(f, calendar, '2024-04-01'), 'DECISION')).toMatchObject({ status: 'PAUSED' });
  });

  it('R07 50: under L2017 mediation does not pause the decision clock', () => {
    const f = l17Review({ state: 'MEDIATION', mediationKind: 'MEDIATION', mediationStartedFrom: 'UNDER_REVIEW' });
    expect(clock(computeClocks(f, calendar, '2021-03-20'), 'DECISION')).toMatchObject({
      status: 'RUNNING',
      dueOn: '2021-04-30',
      open: true,
    });
  });

  it('R07 42 ¶2 / L23 41(5): a suspension on L23 39(1) shows a 60-day reminder, due 60 days after it began, open while it lasts', () => {
    const open = l23Review({
      state: 'SUSPENDED',
      suspensions: [{ from: '2024-03-10', to: null, ground: 'L23_39_1_APPLICANT_DIED', fromState: 'UNDER_REVIEW' }],
    });
    const c = clock(computeClocks(open, calendar, '2024-04-01'), 'SUSPENSION_60_DAYS');
    expect(c).toMatchObject({ dueOn: '2024-05-09', status: 'RUNNING', open: true, legalBasis: 'L23 41(5)' });
    expect(c.explanation.join('\n')).toContain('L23 39(1)');
    // Overdue once the 60 days are reached while still suspended: the queue lists it as OVERDUE.
    expect(clock(computeClocks(open, calendar, '2024-05-10'), 'SUSPENSION_60_DAYS')).toMatchObject({
      status: 'MISSED',
      open: true,
    });
    // Ended by resumption within 60 days: no longer open.
    const resumed = {
      ...open,
      state: 'UNDER_REVIEW' as const,
      suspensions: [{ ...open.suspensions[0]!, to: '2024-04-15' }],
    };
    expect(clock(computeClocks(resumed, calendar, '2024-05-10'), 'SUSPENSION_60_DAYS')).toMatchObject({
      status: 'MET',
      open: false,
    });
  });

  it('R07 42 ¶2: no 60-day reminder for a suspension on a ground that does not lead to termination (R07 41(5))', () => {
    const f = l17Review({
      state: 'SUSPENDED',
      suspensions: [{ from: '2021-03-10', to: null, ground: 'R07_41_5_FORCE_MAJEURE', fromState: 'UNDER_REVIEW' }],
    });
    expect(computeClocks(f, calendar, '2021-04-01').map((c) => c.clock)).not.toContain('SUSPENSION_60_DAYS');
  });

  it('L23 55: converting keeps the copy clock met under the simplified 3 days, switches the running reply and decision clocks, and says so', () => {
    const f = l23Review({
      procedure: 'ORDINARY',
      convertedToOrdinaryOn: '2024-03-08',
      lastActOn: '2024-03-08',
    });
    const all = computeClocks(f, calendar, '2024-03-09');
    const copy = clock(all, 'COPY_TO_RESPONDENT');
    expect(copy).toMatchObject({ period: 3, status: 'MET', legalBasis: 'L23 54, 88' });
    expect(copy.explanation.join('\n')).toContain('仍按简易程序期间');
    const reply = clock(all, 'RESPONDENT_REPLY');
    expect(reply).toMatchObject({ period: 10, legalBasis: 'L23 48, 88', status: 'RUNNING' });
    expect(reply.explanation.join('\n')).toMatch(/改按普通程序计算：由简易程序的 5 个工作日.*改为 10 个工作日/);
    const decision = clock(all, 'DECISION');
    expect(decision).toMatchObject({ period: 60, legalBasis: 'L23 62 ¶1' });
    expect(decision.explanation.join('\n')).toMatch(/由简易程序的 30 日.*改为 60 日/);
  });

  it('L23 55: a reply already received under the simplified procedure stays judged by its 5 working days', () => {
    const f = l23Review({
      procedure: 'ORDINARY',
      replyReceivedOn: '2024-03-07',
      convertedToOrdinaryOn: '2024-03-08',
      lastActOn: '2024-03-08',
    });
    expect(clock(computeClocks(f, calendar, '2024-03-09'), 'RESPONDENT_REPLY')).toMatchObject({
      period: 5,
      status: 'MET',
    });
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

describe('issue 10 review: acceptance and decision periods after a superior order', () => {
  it('L17 20 / R07 31: an acceptance ordered by the superior organ runs the copy and decision clocks from the order, and the refusal met the review', () => {
    const f = facts({
      state: 'ACCEPTED',
      receivedOn: '2021-03-01',
      acceptedOn: '2021-06-01',
      procedure: 'ORDINARY',
      lastActOn: '2021-06-01',
      priorConclusions: [
        {
          outcome: 'NOT_ACCEPTED',
          outcomeDetail: null,
          concludedOn: '2021-03-04',
          reopenedOn: '2021-06-01',
          reopenedBy: 'ORDER_TO_ACCEPT',
        },
      ],
    });
    const all = computeClocks(f, calendar, '2021-06-02');
    // 60 days from 2021-06-01 end on Saturday 2021-07-31 → Monday 2021-08-02 (CPL).
    expect(clock(all, 'DECISION')).toMatchObject({ startOn: '2021-06-01', dueOn: '2021-08-02', status: 'RUNNING' });
    expect(clock(all, 'COPY_TO_RESPONDENT')).toMatchObject({ startOn: '2021-06-01', status: 'RUNNING' });
    expect(clock(all, 'ACCEPTANCE_REVIEW')).toMatchObject({ status: 'MET', metOn: '2021-03-04' });
  });

  it('R07 48 ¶2 / L23 35: after an order to resume a dismissed review, the days from the dismissal to the order are not counted', () => {
    const f = facts(
      {
        state: 'UNDER_REVIEW',
        receivedOn: '2024-03-01',
        acceptedOn: '2024-03-05',
        copySentOn: '2024-03-06',
        procedure: 'ORDINARY',
        lastActOn: '2024-07-01',
        priorConclusions: [
          {
            outcome: 'DISMISSED',
            outcomeDetail: 'DISMISSED_APPLICATION',
            concludedOn: '2024-04-01',
            reopenedOn: '2024-07-01',
            reopenedBy: 'ORDER_TO_RESUME',
          },
        ],
      },
      'L2023',
    );
    const c = clock(computeClocks(f, calendar, '2024-07-02'), 'DECISION');
    // 60 days from 2024-03-05 is 2024-05-04; 91 days between dismissal and order are not counted → 2024-08-03 (Sat) → 08-05.
    expect(c).toMatchObject({ status: 'RUNNING', dueOn: '2024-08-05' });
    expect(c.explanation.join('\n')).toContain('责令恢复审理');
  });
});

describe('issue 10 review: the copy clock in a suspension before the copy is sent', () => {
  it('L23 39, 48: suspended the day after acceptance, the copy clock pauses, and after resumption the suspended working days are added', () => {
    const base = facts(
      {
        state: 'SUSPENDED',
        receivedOn: '2024-03-01',
        acceptedOn: '2024-03-05',
        procedure: 'ORDINARY',
        lastActOn: '2024-03-06',
        suspensions: [{ from: '2024-03-06', to: null, ground: 'L23_39_10_OTHER', fromState: 'ACCEPTED' }],
      },
      'L2023',
    );
    expect(clock(computeClocks(base, calendar, '2024-03-20'), 'COPY_TO_RESPONDENT')).toMatchObject({
      status: 'PAUSED',
      open: false,
    });
    // Resumed 2024-03-13: 5 working days (7, 8, 11, 12, 13 March) not counted; 7 + 5 working days from 03-05.
    const resumed = {
      ...base,
      state: 'ACCEPTED' as const,
      lastActOn: '2024-03-13',
      suspensions: [
        { from: '2024-03-06', to: '2024-03-13', ground: 'L23_39_10_OTHER' as const, fromState: 'ACCEPTED' as const },
      ],
    };
    const c = clock(computeClocks(resumed, calendar, '2024-03-14'), 'COPY_TO_RESPONDENT');
    expect(c).toMatchObject({ status: 'RUNNING', dueOn: '2024-03-21' });
    expect(c.explanation.join('\n')).toContain('5 个工作日不计入');
  });
});
