import { addDays, diffDays } from '../calendar/local-date';
import { findCodeEntry } from '../code-lists/code-lists';
import { CalendarMissingError, SkippedDay, WorkingDayCalendar } from '../calendar/working-day-calendar';
import type { CaseFacts } from '../workflow/case-facts';

/**
 * Statutory clocks of a case, computed from dates stored on the case (its facts) and the working-day calendar —
 * never from "today", which only decides whether a running clock is already missed.
 *
 * Units (DOMAIN.md §2): L17 Art. 40 makes the 5- and 7-day periods working days; L23 Art. 88 makes the 3-, 5-, 7- and
 * 10-day periods working days. Every other period counts calendar days under the Civil Procedure Law (2017 Art. 82 /
 * 2023 Art. 85): the start day is not counted, and a period whose last day is a rest day ends on the next working day.
 */
export const CLOCK_NAMES = [
  'ACCEPTANCE_REVIEW',
  'CORRECTION',
  'COPY_TO_RESPONDENT',
  'RESPONDENT_REPLY',
  'DECISION',
  'REMAKE',
  'SUSPENSION_60_DAYS',
] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];
export type ClockStatus = 'NOT_STARTED' | 'RUNNING' | 'PAUSED' | 'MET' | 'MISSED' | 'CALENDAR_MISSING';
export type ClockUnit = 'WORKING_DAYS' | 'CALENDAR_DAYS';

export const CLOCK_LABELS: Record<ClockName, string> = {
  ACCEPTANCE_REVIEW: '受理审查期限',
  CORRECTION: '申请人补正期限',
  COPY_TO_RESPONDENT: '发送申请书副本期限',
  RESPONDENT_REPLY: '被申请人答复期限',
  DECISION: '复议决定期限',
  REMAKE: '重新作出行政行为期限',
  SUSPENSION_60_DAYS: '中止满60日(应当终止)提醒',
};

export interface Clock {
  clock: ClockName;
  labelZh: string;
  legalBasis: string;
  unit: ClockUnit;
  /** Length of the period in its unit, including any extension; null when the law leaves it to the notice. */
  period: number | null;
  startOn: string | null;
  dueOn: string | null;
  /** Date of the act that satisfied the clock (e.g. the decision), if done. */
  metOn: string | null;
  status: ClockStatus;
  /** Working or calendar days (per unit) from asOf to dueOn; negative when overdue; null without a running due date. */
  daysLeft: number | null;
  /** Step by step: start, period and unit, rest days skipped, pauses, extension, roll-forward, article. */
  explanation: string[];
  /**
   * Whether the clock is awaiting its act: what the work queues list. False when met, not started, paused,
   * or moot (the case ended another way before the act was due).
   */
  open: boolean;
}

interface ClockSpec {
  clock: ClockName;
  legalBasis: string;
  unit: ClockUnit;
  period: number | null;
  startOn: string | null;
  /** Explicit due date (e.g. set in a correction notice), overriding start + period. */
  fixedDueOn?: string | null;
  /** The explanation line for a fixed due date without a period (default: the notice's date). */
  fixedDueNote?: string;
  /** Calendar days added because the clock was paused (suspension). */
  pausedDays?: number;
  pauseNotes?: string[];
  extensionDays?: number;
  metOn: string | null;
  paused: boolean;
  startNote: string;
}

export interface ClockOptions {
  /**
   * L17 17 ¶2: an application not refused within 5 days counts as accepted *from the day it was received*, so the
   * decision and copy periods of an L2017 case run from receipt (or from receipt of the corrected materials), not
   * from the day ACCEPT was recorded. Configurable (L2017_ACCEPTANCE_FROM_RECEIPT) for offices that count otherwise.
   */
  l2017AcceptanceFromReceipt: boolean;
  /**
   * R07 30, 34 ¶3, 37 exclude the time of determining the competent organ, on-site inspection and expert appraisal
   * from the decision period. L23 has no such rule; R07 still applies where it does not conflict with L23 (DOMAIN.md
   * "same presumed [unverified]"). True: those intervals are not counted under L2023 either
   * (R07_NOT_COUNTED_PERIODS_UNDER_L2023; absent = true). Under L2017 they are never counted.
   */
  r07NotCountedPeriodsUnderL2023?: boolean;
}

export const DEFAULT_CLOCK_OPTIONS: ClockOptions = {
  l2017AcceptanceFromReceipt: true,
  r07NotCountedPeriodsUnderL2023: true,
};

/** L23 31: the applicant's correction period when the notice sets no other. */
export const L23_CORRECTION_WORKING_DAYS = 10;

export function computeClocks(
  facts: CaseFacts,
  calendar: WorkingDayCalendar,
  asOf: string,
  options: ClockOptions = DEFAULT_CLOCK_OPTIONS,
): Clock[] {
  const clocks = clockSpecs(facts, asOf, options).map((spec) => evaluate(spec, facts, calendar, asOf));
  return facts.convertedToOrdinaryOn !== null && facts.procedure === 'ORDINARY'
    ? afterConversion(clocks, facts, calendar, asOf, options)
    : clocks;
}

/** The clocks whose period differs between the simplified and the ordinary procedure (L23 48 / 54, 62). */
const PROCEDURE_CLOCKS: readonly ClockName[] = ['COPY_TO_RESPONDENT', 'RESPONDENT_REPLY', 'DECISION'];

/**
 * L23 55: a simplified case converted to ordinary. What was done under the simplified procedure stays judged by its
 * periods: a clock met on or before the conversion, or already past its simplified due date by then, keeps the
 * simplified period (L23 54, 62 ¶2). A clock still running at the conversion switches to the ordinary period
 * (L23 48, 62 ¶1), counted from the same start. The explanation says which.
 */
function afterConversion(
  ordinary: Clock[],
  facts: CaseFacts,
  calendar: WorkingDayCalendar,
  asOf: string,
  options: ClockOptions,
): Clock[] {
  const convertedOn = facts.convertedToOrdinaryOn as string;
  const simplified = clockSpecs({ ...facts, procedure: 'SIMPLIFIED' }, asOf, options).map((spec) =>
    evaluate(spec, facts, calendar, asOf),
  );
  return ordinary.map((clock) => {
    const before = simplified.find((c) => c.clock === clock.clock);
    if (!PROCEDURE_CLOCKS.includes(clock.clock) || !before) {
      return clock;
    }
    const metBefore = before.metOn !== null && before.metOn <= convertedOn;
    const lapsedBefore = before.dueOn !== null && before.dueOn < convertedOn && !metBefore;
    if (metBefore || lapsedBefore) {
      return {
        ...before,
        explanation: [
          ...before.explanation,
          metBefore
            ? `${convertedOn} 经批准转为普通程序（L23 55）；本期限已于转换前的 ${before.metOn} 在简易程序下完成，仍按简易程序期间（${before.legalBasis}）认定`
            : `${convertedOn} 经批准转为普通程序（L23 55）；本期限在转换前已按简易程序届满（${before.dueOn}），转换不改变已经超过的期限`,
        ],
      };
    }
    return {
      ...clock,
      explanation: [
        ...clock.explanation,
        `${convertedOn} 经批准转为普通程序（L23 55）；转换时本期限尚未完成，改按普通程序计算：由简易程序的 ${before.period ?? '—'}${unitZh(before.unit)}（${before.legalBasis}，届满日 ${before.dueOn ?? '—'}）改为 ${clock.period ?? '—'}${unitZh(clock.unit)}（${clock.legalBasis}）`,
      ],
    };
  });
}

function unitZh(unit: ClockUnit): string {
  return unit === 'WORKING_DAYS' ? ' 个工作日' : ' 日';
}

/** The legal acceptance date that the review clocks count from (see ClockOptions). */
export function legalAcceptanceDate(f: CaseFacts, options: ClockOptions): string | null {
  if (f.acceptedOn === null) {
    return null;
  }
  return f.regime === 'L2017' && options.l2017AcceptanceFromReceipt
    ? (f.correctionReceivedOn ?? f.receivedOn)
    : f.acceptedOn;
}

function clockSpecs(f: CaseFacts, asOf: string, options: ClockOptions): ClockSpec[] {
  const l17 = f.regime === 'L2017';
  const simplified = f.procedure === 'SIMPLIFIED';
  const specs: ClockSpec[] = [];

  // Acceptance review: 5 working days from receipt, or from receipt of the corrected materials (L23 31 ¶3).
  // A correction notice is the office's timely answer to the application: the review is met by it, and paused while
  // the applicant corrects (R07 29: correction time is not counted); receipt of the materials restarts it.
  const restarted = f.correctionReceivedOn !== null;
  const waitingForCorrection = f.state === 'CORRECTION_REQUESTED';
  const answeredByNotice = f.correctionRequestedOn !== null && !restarted && !waitingForCorrection;
  const decidedAcceptance =
    f.acceptedOn ??
    (f.outcome && ['NOT_ACCEPTED', 'TRANSFERRED', 'WITHDRAWN', 'DEEMED_WITHDRAWN'].includes(f.outcome)
      ? f.concludedOn
      : null);
  specs.push({
    clock: 'ACCEPTANCE_REVIEW',
    legalBasis: l17 ? 'L17 17, 40' : 'L23 30, 31 ¶3, 88',
    unit: 'WORKING_DAYS',
    period: 5,
    startOn: restarted ? f.correctionReceivedOn : f.receivedOn,
    metOn: waitingForCorrection ? null : answeredByNotice ? f.correctionRequestedOn : decidedAcceptance,
    paused: waitingForCorrection,
    startNote: restarted
      ? `起算：收到补正材料之日 ${f.correctionReceivedOn}，重新审查（当日不计入）`
      : `起算：收到申请之日 ${f.receivedOn}（当日不计入）`,
  });

  // Correction: L23 31 gives the applicant 10 working days (extendable for good cause: an explicit due date in the
  // notice wins); R07 29 leaves the period to the notice.
  if (f.correctionRequestedOn !== null) {
    specs.push({
      clock: 'CORRECTION',
      legalBasis: l17 ? 'R07 29' : 'L23 31, 88',
      unit: l17 ? 'CALENDAR_DAYS' : 'WORKING_DAYS',
      period: l17 ? null : L23_CORRECTION_WORKING_DAYS,
      startOn: f.correctionRequestedOn,
      fixedDueOn: f.correctionDueOn,
      metOn: f.correctionReceivedOn,
      paused: false,
      startNote: `起算：补正通知之日 ${f.correctionRequestedOn}（当日不计入）`,
    });
  }

  const acceptedOn = legalAcceptanceDate(f, options);
  const acceptanceNote =
    acceptedOn !== f.acceptedOn
      ? `起算：受理之日，依 L17 17 ¶2 自收到申请之日 ${acceptedOn} 起即为受理（当日不计入）`
      : `起算：受理之日 ${acceptedOn}（当日不计入）`;
  if (acceptedOn !== null) {
    // Copy of the application to the respondent: L17 23 (7 days, working days by L17 40); L23 48 (7) / 54 (3).
    specs.push({
      clock: 'COPY_TO_RESPONDENT',
      legalBasis: l17 ? 'L17 23, 40' : simplified ? 'L23 54, 88' : 'L23 48, 88',
      unit: 'WORKING_DAYS',
      period: !l17 && simplified ? 3 : 7,
      startOn: acceptedOn,
      metOn: f.copySentOn,
      paused: false,
      startNote: acceptanceNote,
    });

    // Decision: 60 days (+ ≤ 30 extension) from acceptance; L23 simplified 30 days. Suspension time is not counted
    // (practice), nor the periods of R07 30, 34 ¶3, 37 (see decisionPauses).
    const { pausedDays, pauseNotes, paused } = decisionPauses(f, acceptedOn, asOf, options);
    specs.push({
      clock: 'DECISION',
      legalBasis: l17 ? 'L17 31' : simplified ? 'L23 62 ¶2' : 'L23 62 ¶1',
      unit: 'CALENDAR_DAYS',
      period: !l17 && simplified ? 30 : 60,
      startOn: acceptedOn,
      pausedDays,
      pauseNotes,
      extensionDays: f.extensionDays ?? 0,
      metOn: f.decidedOn,
      paused,
      startNote: acceptanceNote,
    });

    // R07 42 ¶2 / L23 41(5): a suspension on R07 41(1)–(3) / L23 39(1),(2),(4) that reaches 60 days while its cause
    // remains ends in termination. A reminder, due on the 60th day after the suspension began (the date from which
    // TERMINATE on that ground is allowed, see terminateRules), open while the suspension lasts; "met" when it ends.
    const qualifying = [...f.suspensions]
      .reverse()
      .find((s) => findCodeEntry('SUSPENSION_GROUNDS', s.ground)?.terminatesAfter60Days === true);
    if (qualifying) {
      const article = f.regime === 'L2017' ? 'R07 42 ¶2' : 'L23 41(5)';
      specs.push({
        clock: 'SUSPENSION_60_DAYS',
        legalBasis: article,
        unit: 'CALENDAR_DAYS',
        period: null,
        startOn: qualifying.from,
        fixedDueOn: addDays(qualifying.from, 60),
        fixedDueNote: `满60日：${addDays(qualifying.from, 60)}（中止事由 ${findCodeEntry('SUSPENSION_GROUNDS', qualifying.ground)?.legalBasis ?? qualifying.ground}；中止原因仍未消除的，行政复议终止，${article}）`,
        metOn: qualifying.to,
        paused: false,
        startNote: `起算：中止之日 ${qualifying.from}（当日不计入）`,
      });
    }
  }

  if (f.copySentOn !== null) {
    // Reply: L17 23 — 10 days from receipt of the copy, calendar days (L17 40 covers only 5- and 7-day periods);
    // L23 48 — 10 working days, L23 54 — 5 working days. The send date stands in for receipt (receipt is not recorded).
    specs.push({
      clock: 'RESPONDENT_REPLY',
      legalBasis: l17 ? 'L17 23' : simplified ? 'L23 54, 88' : 'L23 48, 88',
      unit: l17 ? 'CALENDAR_DAYS' : 'WORKING_DAYS',
      period: !l17 && simplified ? 5 : 10,
      startOn: f.copySentOn,
      metOn: f.replyReceivedOn,
      paused: false,
      startNote: `起算：发送申请书副本之日 ${f.copySentOn}（以发送日代替被申请人收到日，当日不计入）`,
    });
  }

  // Remaking a revoked act: 60 days unless the decision says otherwise (R07 49), from the decision taking effect on
  // service (L17 31 / L23 75). Compliance is recorded by CLOSE (L17 32 / L23 77 follow-up).
  if (f.remakeDeadlineDays !== null) {
    specs.push({
      clock: 'REMAKE',
      legalBasis: 'R07 49',
      unit: 'CALENDAR_DAYS',
      period: f.remakeDeadlineDays,
      startOn: f.servedOn,
      metOn: f.closedOn,
      paused: false,
      startNote: f.servedOn ? `起算：复议决定送达之日 ${f.servedOn}（当日不计入）` : '复议决定尚未送达，期限未起算',
    });
  }
  return specs;
}

interface PauseInterval {
  from: string;
  /** Exclusive end: the day the interval ended (or asOf while it lasts). */
  to: string;
  open: boolean;
  label: string;
}

/**
 * The days not counted towards the decision period, every day at most once:
 * - suspensions (中止): practice, not text, that they pause the clock (DOMAIN.md §5) — except L17 26/27 and
 *   L23 39(9), where the statute itself suspends the review;
 * - the periods of R07 30 (determining the competent organ), 34 ¶3 (on-site inspection) and 37 (expert appraisal),
 *   under L2023 only when configured (ClockOptions.r07NotCountedPeriodsUnderL2023).
 * Intervals are cut to the decision period (from the legal acceptance date) and to asOf; overlapping intervals (an
 * appraisal during a suspension, two kinds at once) are merged, and the explanation says how many days overlapped.
 */
function decisionPauses(
  f: CaseFacts,
  acceptedOn: string,
  asOf: string,
  options: ClockOptions,
): { pausedDays: number; pauseNotes: string[]; paused: boolean } {
  const maxDate = (a: string, b: string) => (a > b ? a : b);
  const minDate = (a: string, b: string) => (a < b ? a : b);
  const intervals: PauseInterval[] = [];
  const notes: string[] = [];
  for (const s of f.suspensions) {
    const entry = findCodeEntry('SUSPENSION_GROUNDS', s.ground);
    intervals.push({
      from: s.from,
      to: s.to ?? asOf,
      open: s.to === null,
      label: `中止（${entry?.legalBasis ?? s.ground}）`,
    });
  }
  const r07Applies = f.regime === 'L2017' || options.r07NotCountedPeriodsUnderL2023 !== false;
  for (const p of f.notCountedPeriods ?? []) {
    const entry = findCodeEntry('NOT_COUNTED_PERIOD_KINDS', p.kind);
    const label = `${entry?.labelZh ?? p.kind}（${entry?.legalBasis ?? ''}）`;
    if (!r07Applies) {
      notes.push(
        `${label} ${p.from} 至 ${p.to ?? '今'}：已记录，但按配置 R07_NOT_COUNTED_PERIODS_UNDER_L2023=false，L2023 案件不扣除该期间`,
      );
      continue;
    }
    intervals.push({ from: p.from, to: p.to ?? asOf, open: p.to === null, label });
  }
  // Cut to [acceptance, asOf]: days before the decision period began or after the date asked about do not count.
  const cut = intervals
    .map((i) => ({ ...i, from: maxDate(i.from, acceptedOn), to: minDate(i.to, asOf) }))
    .map((i) => ({ ...i, days: Math.max(0, diffDays(i.from, i.to)) }));
  for (const i of cut) {
    notes.push(
      i.open
        ? `${i.label}自 ${i.from} 起至 ${asOf} 仍在进行，已不计 ${i.days} 日`
        : `${i.label} ${i.from} 至 ${i.to}，不计入 ${i.days} 日`,
    );
  }
  const sorted = cut.filter((i) => i.days > 0).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let pausedDays = 0;
  let end: string | null = null;
  for (const i of sorted) {
    if (end === null || i.from >= end) {
      pausedDays += diffDays(i.from, i.to);
      end = i.to;
    } else if (i.to > end) {
      pausedDays += diffDays(end, i.to);
      end = i.to;
    }
  }
  const overlap = cut.reduce((sum, i) => sum + i.days, 0) - pausedDays;
  if (overlap > 0) {
    notes.push(`上述期间重叠 ${overlap} 日，重叠日只计一次`);
  }
  return { pausedDays, pauseNotes: notes, paused: cut.some((i) => i.open) };
}

function describeSkipped(skipped: SkippedDay[]): string | undefined {
  if (skipped.length === 0) {
    return undefined;
  }
  const parts = skipped.map(
    (d) =>
      `${d.date}${d.reason === 'HOLIDAY' ? `（${d.holiday ?? '法定节假日'}）` : d.makeUpWorkdayFor ? `（${d.makeUpWorkdayFor}调休日，按配置不计为工作日）` : '（周末）'}`,
  );
  return `跳过非工作日 ${skipped.length} 天：${parts.join('、')}`;
}

function evaluate(spec: ClockSpec, facts: CaseFacts, calendar: WorkingDayCalendar, asOf: string): Clock {
  const base = {
    clock: spec.clock,
    labelZh: CLOCK_LABELS[spec.clock],
    legalBasis: spec.legalBasis,
    unit: spec.unit,
    period: spec.period === null ? null : spec.period + (spec.extensionDays ?? 0),
    startOn: spec.startOn,
    metOn: spec.metOn,
  };
  const explanation: string[] = [spec.startNote];
  if (spec.startOn === null) {
    return { ...base, dueOn: null, status: 'NOT_STARTED', daysLeft: null, explanation, open: false };
  }
  let dueOn: string | null;
  try {
    dueOn = dueDate(spec, calendar, explanation);
  } catch (error) {
    if (error instanceof CalendarMissingError) {
      explanation.push(
        `无法计算：${error.year}年节假日安排尚未录入（CALENDAR_MISSING），请管理员通过 PUT /v1/calendar/${error.year} 录入`,
      );
      return { ...base, dueOn: null, status: 'CALENDAR_MISSING', daysLeft: null, explanation, open: false };
    }
    throw error;
  }
  explanation.push(`依据：${spec.legalBasis}`);
  if (spec.metOn !== null) {
    const status = dueOn === null || spec.metOn <= dueOn ? 'MET' : 'MISSED';
    explanation.push(
      status === 'MET' ? `已于 ${spec.metOn} 完成，未超期` : `于 ${spec.metOn} 完成，已超过期限 ${dueOn}`,
    );
    return { ...base, dueOn, status, daysLeft: null, explanation, open: false };
  }
  if (spec.paused) {
    explanation.push('期限暂停计算（中止、不计入审理期限的期间进行中或等待补正），恢复后继续计算');
    return { ...base, dueOn, status: 'PAUSED', daysLeft: null, explanation, open: false };
  }
  // The case ended another way before the act was due: the clock is moot unless it was already missed.
  if (facts.concludedOn !== null && spec.clock !== 'REMAKE') {
    if (dueOn !== null && facts.concludedOn > dueOn) {
      explanation.push(`案件于 ${facts.concludedOn} 结束，此前已超过期限`);
      return { ...base, dueOn, status: 'MISSED', daysLeft: null, explanation, open: false };
    }
    explanation.push(`案件已于 ${facts.concludedOn} 以其他方式结束，该期限不再适用`);
    return { ...base, dueOn, status: 'MET', daysLeft: null, explanation, open: false };
  }
  if (dueOn === null) {
    explanation.push('补正通知未载明期限');
    return { ...base, dueOn, status: 'RUNNING', daysLeft: null, explanation, open: false };
  }
  const daysLeft = spec.unit === 'WORKING_DAYS' ? safeWorkingDaysBetween(calendar, asOf, dueOn) : diffDays(asOf, dueOn);
  return { ...base, dueOn, status: asOf > dueOn ? 'MISSED' : 'RUNNING', daysLeft, explanation, open: true };
}

function safeWorkingDaysBetween(calendar: WorkingDayCalendar, from: string, to: string): number | null {
  try {
    return calendar.workingDaysBetween(from, to);
  } catch (error) {
    if (error instanceof CalendarMissingError) {
      return null;
    }
    throw error;
  }
}

function dueDate(spec: ClockSpec, calendar: WorkingDayCalendar, explanation: string[]): string | null {
  if (spec.fixedDueOn && spec.period === null) {
    explanation.push(spec.fixedDueNote ?? `期限：通知载明至 ${spec.fixedDueOn}`);
    return spec.fixedDueOn;
  }
  if (spec.period === null || spec.startOn === null) {
    return null;
  }
  if (spec.unit === 'WORKING_DAYS') {
    explanation.push(`期间：${spec.period} 个工作日`);
    const result = calendar.addWorkingDays(spec.startOn, spec.period);
    const skipped = describeSkipped(result.skipped);
    if (skipped) {
      explanation.push(skipped);
    }
    explanation.push(`届满日：${result.dueDate}`);
    // A date set in the notice may extend a statutory period (L23 31 ¶2: for good cause) but never shorten it.
    if (spec.fixedDueOn && spec.fixedDueOn > result.dueDate) {
      explanation.push(`通知载明的期限 ${spec.fixedDueOn} 晚于法定期限，以通知为准（延长）`);
      return spec.fixedDueOn;
    }
    if (spec.fixedDueOn && spec.fixedDueOn < result.dueDate) {
      explanation.push(`通知载明的期限 ${spec.fixedDueOn} 早于法定期限，不得缩短，以法定期限为准`);
    }
    return result.dueDate;
  }
  explanation.push(`期间：${spec.period} 日（自然日）`);
  let days = spec.period;
  if (spec.extensionDays) {
    days += spec.extensionDays;
    explanation.push(`延期：经批准延长 ${spec.extensionDays} 日`);
  }
  for (const note of spec.pauseNotes ?? []) {
    explanation.push(note);
  }
  if (spec.pausedDays) {
    days += spec.pausedDays;
    explanation.push(`中止及不计入审理期限的期间共 ${spec.pausedDays} 日不计入期限`);
  }
  const result = calendar.addCalendarDays(spec.startOn, days);
  if (result.rolledForwardDays > 0) {
    const skipped = describeSkipped(result.skipped);
    explanation.push(
      `期间末日 ${result.nominalDueDate} 为休息日，顺延至其后第一个工作日 ${result.dueDate}（民事诉讼法关于期间计算的规定）${skipped ? `；${skipped}` : ''}`,
    );
  } else {
    explanation.push(`届满日：${result.dueDate}`);
  }
  return result.dueDate;
}
