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
