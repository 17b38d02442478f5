import { diffDays } from '../calendar/local-date';
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
  'HEARING_NOTICE',
  'PERFORMANCE',
  'COMPLIANCE_ORDER',
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
  HEARING_NOTICE: '听证通知期间',
  PERFORMANCE: '履行复议决定期限',
  COMPLIANCE_ORDER: '责令限期履行期限',
};

/** Clocks of the follow-up after the decision: they run after the case is concluded (L17 32; L23 77; R07 49). */
const FOLLOW_UP_CLOCKS: readonly ClockName[] = ['REMAKE', 'PERFORMANCE', 'COMPLIANCE_ORDER'];

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
  /** Calendar days added because the clock was paused (suspension). */
  pausedDays?: number;
  pauseNotes?: string[];
  extensionDays?: number;
  metOn: string | null;
  paused: boolean;
  startNote: string;
  /**
   * A minimum period (L23 51: notice at least 5 working days before the hearing): the act (metOn) must come on or
   * after dueOn, not before it. Such a clock is never "open": nothing is due, the office waits.
   */
  notBefore?: boolean;
  /** Extra lines for the explanation, after the start. */
  notes?: string[];
}

export interface ClockOptions {
  /**
   * L17 17 ¶2: an application not refused within 5 days counts as accepted *from the day it was received*, so the
   * decision and copy periods of an L2017 case run from receipt (or from receipt of the corrected materials), not
   * from the day ACCEPT was recorded. Configurable (L2017_ACCEPTANCE_FROM_RECEIPT) for offices that count otherwise.
   */
  l2017AcceptanceFromReceipt: boolean;
}

export const DEFAULT_CLOCK_OPTIONS: ClockOptions = { l2017AcceptanceFromReceipt: true };

/** L23 31: the applicant's correction period when the notice sets no other. */
export const L23_CORRECTION_WORKING_DAYS = 10;

export function computeClocks(
  facts: CaseFacts,
  calendar: WorkingDayCalendar,
  asOf: string,
  options: ClockOptions = DEFAULT_CLOCK_OPTIONS,
): Clock[] {
  return clockSpecs(facts, asOf, options).map((spec) => evaluate(spec, facts, calendar, asOf));
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

    // Decision: 60 days (+ ≤ 30 extension) from acceptance; L23 simplified 30 days. Suspension time is not counted.
    const pausedIntervals = f.suspensions.map((s) => ({ from: s.from, to: s.to ?? asOf, open: s.to === null }));
    const pausedDays = pausedIntervals.reduce((sum, s) => sum + Math.max(0, diffDays(s.from, s.to)), 0);
    specs.push({
      clock: 'DECISION',
      legalBasis: l17 ? 'L17 31' : simplified ? 'L23 62 ¶2' : 'L23 62 ¶1',
      unit: 'CALENDAR_DAYS',
      period: !l17 && simplified ? 30 : 60,
      startOn: acceptedOn,
      pausedDays,
      pauseNotes: pausedIntervals.map((s) =>
        s.open
          ? `中止自 ${s.from} 起至 ${asOf} 仍在中止中，已不计 ${diffDays(s.from, s.to)} 日`
          : `中止 ${s.from} 至 ${s.to}，不计入 ${diffDays(s.from, s.to)} 日`,
      ),
      extensionDays: f.extensionDays ?? 0,
      metOn: f.decidedOn,
      paused: pausedIntervals.some((s) => s.open),
      startNote: acceptanceNote,
    });
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
  // service (L17 31 / L23 75). Met by the remade act (RECORD_REMADE_ACT), not by closing the file.
  const servedNote = f.servedOn ? `起算：复议决定送达之日 ${f.servedOn}（当日不计入）` : '复议决定尚未送达，期限未起算';
  if (f.remakeDeadlineDays !== null) {
    specs.push({
      clock: 'REMAKE',
      legalBasis: 'R07 49',
      unit: 'CALENDAR_DAYS',
      period: f.remakeDeadlineDays,
      startOn: f.servedOn,
      metOn: f.remadeActOn ?? null,
      paused: false,
      startNote: servedNote,
      ...(f.remadeActOn
        ? { notes: [`被申请人重新作出的行政行为：${f.remadeActDocumentNumber ?? ''}（${f.remadeActOn}）`] }
        : {}),
    });
  }

  // L23 51: the notice of a hearing at least 5 working days before it (「举行听证的五日前」; working days: L23 88).
  // A minimum period: the hearing may be held from the end of the notice period on; met when it is held on or after.
  if (!l17 && (f.hearingNoticeOn ?? null) !== null) {
    specs.push({
      clock: 'HEARING_NOTICE',
      legalBasis: 'L23 51, 88',
      unit: 'WORKING_DAYS',
      period: 5,
      startOn: f.hearingNoticeOn,
      metOn: f.hearingPending ? null : (f.lastHearingOn ?? null),
      paused: false,
      notBefore: true,
      startNote: `起算：听证通知之日 ${f.hearingNoticeOn}（当日不计入）`,
      notes: [`听证定于 ${f.hearingScheduledFor}；听证应当在通知之日起满5个工作日后举行`],
    });
  }

  // Performance within the time limit of an order to perform (L17 28(1)(2); L23 66), from service (L17 31 ¶3; L23 75).
  if ((f.performanceDeadlineDays ?? null) !== null) {
    specs.push({
      clock: 'PERFORMANCE',
      legalBasis: l17 ? 'L17 28(1)(2), 31 ¶3' : 'L23 66, 75',
      unit: 'CALENDAR_DAYS',
      period: f.performanceDeadlineDays,
      startOn: f.servedOn,
      metOn: f.performedOn ?? null,
      paused: false,
      startNote: servedNote,
    });
  }

  // 责令限期履行 (L17 32 ¶2; L23 77 ¶2): the time limit set in the order; met by the remade act or the performance.
  if ((f.complianceOrderedOn ?? null) !== null) {
    specs.push({
      clock: 'COMPLIANCE_ORDER',
      legalBasis: l17 ? 'L17 32 ¶2' : 'L23 77 ¶2',
      unit: 'CALENDAR_DAYS',
      period: null,
      startOn: f.complianceOrderedOn,
      fixedDueOn: f.complianceDueOn,
      metOn: f.compliedOn ?? null,
      paused: false,
      startNote: `起算：责令限期履行之日 ${f.complianceOrderedOn}`,
    });
  }
  return specs;
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
  const explanation: string[] = [spec.startNote, ...(spec.notes ?? [])];
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
  if (spec.notBefore) {
    return evaluateMinimum(spec, base, dueOn, explanation, calendar, asOf);
  }
  if (spec.metOn !== null) {
    const status = dueOn === null || spec.metOn <= dueOn ? 'MET' : 'MISSED';
    explanation.push(
      status === 'MET' ? `已于 ${spec.metOn} 完成，未超期` : `于 ${spec.metOn} 完成，已超过期限 ${dueOn}`,
    );
    return { ...base, dueOn, status, daysLeft: null, explanation, open: false };
  }
  if (spec.paused) {
    explanation.push('期限暂停计算（中止或等待补正），恢复后继续计算');
    return { ...base, dueOn, status: 'PAUSED', daysLeft: null, explanation, open: false };
  }
  // The case ended another way before the act was due: the clock is moot unless it was already missed.
  if (facts.concludedOn !== null && !FOLLOW_UP_CLOCKS.includes(spec.clock)) {
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

/** A minimum period (HEARING_NOTICE): MET from its end on, never open, MISSED only if the act came before its end. */
function evaluateMinimum(
  spec: ClockSpec,
  base: Omit<Clock, 'dueOn' | 'status' | 'daysLeft' | 'explanation' | 'open'>,
  dueOn: string | null,
  explanation: string[],
  calendar: WorkingDayCalendar,
  asOf: string,
): Clock {
  if (spec.metOn !== null && dueOn !== null && spec.metOn < dueOn) {
    explanation.push(`行为于 ${spec.metOn} 作出，早于 ${dueOn}，通知期间不足`);
    return { ...base, dueOn, status: 'MISSED', daysLeft: null, explanation, open: false };
  }
  if (dueOn !== null && asOf >= dueOn) {
    explanation.push(`通知期间已于 ${dueOn} 届满，可以举行听证`);
    return { ...base, dueOn, status: 'MET', daysLeft: null, explanation, open: false };
  }
  explanation.push(`通知期间届满前（${dueOn ?? '未知'}）不得举行听证`);
  const daysLeft = dueOn === null ? null : safeWorkingDaysBetween(calendar, asOf, dueOn);
  return { ...base, dueOn, status: 'RUNNING', daysLeft, explanation, open: false };
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
    explanation.push(`期限：通知载明至 ${spec.fixedDueOn}`);
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
    explanation.push(`中止期间共 ${spec.pausedDays} 日不计入期限`);
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
