import { addDays, diffDays, formatLocalDate, parseLocalDate } from '../common/local-date';
import { CLOCKS, ClockCode, codesOf, findCodeEntry } from '../code-lists/code-lists';
import {
  CalendarGap,
  isCalendarGap,
  orNullOnGap,
  SkippedDay,
  WorkingDayCalendar,
} from '../calendar/working-day-calendar';
import type { CaseFacts } from './case-facts';

/**
 * Statutory clocks of a case, computed from dates stored on the case (its facts) and the working-day calendar —
 * never from "today", which only decides whether a running clock is already missed.
 *
 * Units (DOMAIN.md §2): L17 Art. 40 makes the 5- and 7-day periods working days; L23 Art. 88 makes the 3-, 5-, 7- and
 * 10-day periods working days. Every other period counts calendar days under the Civil Procedure Law (2017 Art. 82 /
 * 2023 Art. 85): the start day is not counted, and a period whose last day is a rest day ends on the next working day.
 */
/** The clock codes, in the order of the code list (CLOCKS in src/code-lists: one source for names and labels). */
export const CLOCK_NAMES: readonly ClockName[] = codesOf(CLOCKS) as ClockName[];
export type ClockName = ClockCode;
export type ClockStatus = 'NOT_STARTED' | 'RUNNING' | 'PAUSED' | 'MET' | 'MISSED' | 'CALENDAR_MISSING';
export type ClockUnit = 'WORKING_DAYS' | 'CALENDAR_DAYS';

export const CLOCK_LABELS = Object.fromEntries(CLOCKS.map((c) => [c.code, c.labelZh])) as Record<ClockName, string>;

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
   * True when the start date is an estimate: the act that starts the period (the addressee's receipt of a document)
   * is not yet recorded, and the sending date stands in for it. The explanation says so.
   */
  estimated: boolean;
  /**
   * The due date used a year whose State Council notice is not loaded: computed from the provisional
   * calendar of 《全国年节及纪念日放假办法》, recomputed when the notice is loaded (PUT /v1/calendar/{year}).
   */
  provisional: boolean;
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
  /** Intervals whose working days are not counted in a working-day period (a suspension before the copy, L23 39). */
  pausedWorkingIntervals?: Array<{ from: string; to: string }>;
  /** The start date stands in for a receipt not yet recorded (see Clock.estimated). */
  estimated?: boolean;
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
   * from the day ACCEPT was recorded; the statistics count the acceptance on that day too (legalAcceptanceOf).
   * Configurable (L2017_ACCEPTANCE_FROM_RECEIPT) for offices that count otherwise: false uses the end of the review.
   */
  l2017AcceptanceFromReceipt: boolean;
  /**
   * Whether L23 20 ¶3 (not told of the right to apply: the period runs from knowing of it, at most one year from
   * knowing the act) is applied by analogy to L2017 cases, for which L17 and R07 have no such rule
   * (L2017_UNTOLD_RIGHTS_ONE_YEAR, default false).
   */
  l2017UntoldRightsOneYear?: boolean;
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

/** What the application period (APPLICATION_PERIOD) is computed from: the registered contested act and request. */
export interface ApplicationPeriodInput {
  /** Date the contested act was made (L23 21: the 5- and 20-year caps run from it). */
  madeOn: string | null;
  /** Date the applicant knew or should have known of the act (L17 9; R07 15; L23 20 ¶1). */
  knownOn: string | null;
  /** false when the act did not tell the applicant of the right to apply, the organ and the period (L23 20 ¶3). */
  rightsNotified: boolean | null;
  /** When the applicant knew or should have known of that right, the organ and the period (L23 20 ¶3). */
  rightsKnownOn: string | null;
  /** The application concerns real property (因不动产提出): 20-year cap instead of 5 (L23 21). */
  realProperty: boolean;
  /** A claim that the respondent failed to perform a statutory duty (R07 16). */
  nonPerformance: boolean;
  /** Non-performance: the day the respondent received the request to perform (R07 16 ¶1(2)). */
  performanceRequestedOn: string | null;
  /** Non-performance: the last day of the performance period set by law (R07 16 ¶1(1)). */
  performanceDueOn: string | null;
  /** Non-performance in an emergency to protect personal or property rights: no period (R07 16 ¶2). */
  emergency: boolean;
  /** A law sets a period longer than 60 days (L17 9 ¶1; L23 20 ¶1 「但是法律规定的申请期限超过六十日的除外」). */
  statutoryPeriodDays: number | null;
  /** How the application was made; by post, time in transit is not counted (CPL). */
  channel: string | null;
}

/** L23 31: the applicant's correction period when the notice sets no other. */
export const L23_CORRECTION_WORKING_DAYS = 10;

export function computeClocks(
  facts: CaseFacts,
  calendar: WorkingDayCalendar,
  asOf: string,
  options: ClockOptions = DEFAULT_CLOCK_OPTIONS,
  application: ApplicationPeriodInput | null = null,
): Clock[] {
  // The application period comes first: it is about the applicant, not the office, so it is computed from the
  // registered details (given only where it is shown; the stored work-queue clocks leave it out).
  const applicationClock = application ? [applicationPeriodClock(facts, application, calendar, options)] : [];
  const deemed = pendingDeemedAcceptance(facts, calendar, asOf, options);
  const clocks = clockSpecs(facts, asOf, options, deemed).map((spec) => evaluate(spec, facts, calendar, asOf));
  const procedural =
    facts.convertedToOrdinaryOn !== null && facts.procedure === 'ORDINARY'
      ? afterConversion(clocks, facts, calendar, asOf, options)
      : clocks;
  return [...applicationClock, ...procedural];
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
  const simplified = clockSpecs({ ...facts, procedure: 'SIMPLIFIED' }, asOf, options, null).map((spec) =>
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

/** L23 20 ¶1 / L17 9 ¶1: the general application period. */
export const APPLICATION_PERIOD_DAYS = 60;

/** Adds whole years, landing on the corresponding day (29 February → 28 February): 民法典 202 as CPL applies it. */
export function addYears(date: string, years: number): string {
  const p = parseLocalDate(date);
  const year = p.year + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = p.month === 2 && p.day === 29 && !leap ? 28 : p.day;
  return formatLocalDate({ year, month: p.month, day });
}

interface ApplicationLimit {
  /** zh-CN description of the limit, e.g. 「自知道该行政行为之日起六十日」. */
  what: string;
  basis: string;
  startOn: string;
  nominalEnd: string;
}

/**
 * APPLICATION_PERIOD: whether the application was made in time (L17 9; R07 15–16; L23 20–21). It is shown, never
 * enforced: the organ decides (L23 30(4) / R07 28(4)), e.g. because an obstacle suspended the period (L23 20 ¶2;
 * L17 9 ¶2), which the service does not record. The period is met when the application was received on or before
 * the earliest limit that applies (after the CPL roll-forward of a last day that is a rest day). It is never open:
 * it is no deadline of the office, so it is in no work queue.
 */
export function applicationPeriodClock(
  f: CaseFacts,
  a: ApplicationPeriodInput,
  calendar: WorkingDayCalendar,
  options: ClockOptions = DEFAULT_CLOCK_OPTIONS,
): Clock {
  const l23 = f.regime === 'L2023';
  const explanation: string[] = [];
  const limits: ApplicationLimit[] = [];
  const days = a.statutoryPeriodDays ?? APPLICATION_PERIOD_DAYS;
  const daysText = a.statutoryPeriodDays ? `${days}日（法律规定的较长申请期限）` : '六十日';
  let basis: string;
  if (a.nonPerformance) {
    // R07 16 (applied under L2023 too: L23 has no rule of its own for non-performance, and R07 does not conflict).
    basis = l23 ? 'R07 16; L23 20' : 'L17 9; R07 16';
    if (a.emergency) {
      explanation.push(
        '紧急情况下请求履行保护人身权、财产权的法定职责，行政机关不履行的，申请期限不受限制（R07 16 ¶2）',
      );
      return applicationResult(f, basis, null, null, 'MET', explanation, days);
    }
    if (a.performanceDueOn) {
      limits.push({
        what: `自履行期限届满之日 ${a.performanceDueOn} 起${daysText}（R07 16 ¶1(1)）`,
        basis: 'R07 16 ¶1(1)',
        startOn: a.performanceDueOn,
        nominalEnd: addDays(a.performanceDueOn, days),
      });
    } else if (a.performanceRequestedOn) {
      const start = addDays(a.performanceRequestedOn, 60);
      limits.push({
        what: `行政机关于 ${a.performanceRequestedOn} 收到履责申请，满60日即 ${start} 起${daysText}（R07 16 ¶1(2)）`,
        basis: 'R07 16 ¶1(2)',
        startOn: start,
        nominalEnd: addDays(start, days),
      });
    } else {
      explanation.push(
        '不履行法定职责案件：未登记履行期限届满日（performanceDueOn）或行政机关收到履责申请之日（performanceRequestedOn），无法计算申请期限（R07 16）',
      );
      return applicationResult(f, basis, null, null, 'NOT_STARTED', explanation, days);
    }
  } else {
    basis = l23 ? 'L23 20, 21' : 'L17 9; R07 15';
    const untold = a.rightsNotified === false;
    // L23 20 ¶3 has no counterpart in L17/R07 (R07 17 only imposes the duty to tell); applying it to L2017 cases by
    // analogy is configurable (L2017_UNTOLD_RIGHTS_ONE_YEAR).
    const oneYearRule = untold && (l23 || options.l2017UntoldRightsOneYear === true);
    const rule = l23 ? 'L23 20 ¶3' : 'L23 20 ¶3（参照适用，L2017_UNTOLD_RIGHTS_ONE_YEAR）';
    if (a.knownOn) {
      if (oneYearRule) {
        explanation.push(`行政机关作出行政行为时未告知申请行政复议的权利、行政复议机关和申请期限（${rule}）`);
        if (a.rightsKnownOn) {
          limits.push({
            what: `自知道或者应当知道申请权利、行政复议机关和申请期限之日 ${a.rightsKnownOn} 起${daysText}`,
            basis: rule,
            startOn: a.rightsKnownOn,
            nominalEnd: addDays(a.rightsKnownOn, days),
          });
        } else {
          explanation.push('未登记知道申请权利之日（rightsKnownOn），仅核对一年的最长期限');
        }
        limits.push({
          what: `自知道或者应当知道行政行为内容之日 ${a.knownOn} 起最长不得超过一年`,
          basis: rule,
          startOn: a.knownOn,
          nominalEnd: addYears(a.knownOn, 1),
        });
      } else {
        if (untold) {
          explanation.push(
            '行政机关未告知申请权利：L17、R07 未规定申请期限因此另行起算（R07 17 仅规定告知义务），按六十日计算，由行政复议机关判断',
          );
        }
        limits.push({
          what: `自${l23 ? '知道或者应当知道' : '知道'}该行政行为之日 ${a.knownOn} 起${daysText}`,
          basis: l23 ? 'L23 20 ¶1' : 'L17 9 ¶1; R07 15',
          startOn: a.knownOn,
          nominalEnd: addDays(a.knownOn, days),
        });
      }
    }
    if (l23 && a.madeOn) {
      // L23 21: the outer limits from the day the act was made, whatever the applicant knew.
      limits.push({
        what: `${a.realProperty ? '因不动产提出的申请，自行政行为作出之日' : '自行政行为作出之日'} ${a.madeOn} 起最长${a.realProperty ? '二十年' : '五年'}`,
        basis: 'L23 21',
        startOn: a.madeOn,
        nominalEnd: addYears(a.madeOn, a.realProperty ? 20 : 5),
      });
    }
    if (!a.knownOn) {
      explanation.push(
        `未登记知道${l23 ? '或者应当知道' : ''}该行政行为之日（knownOn），无法计算${daysText}的申请期限（${l23 ? 'L23 20' : 'L17 9; R07 15'}）`,
      );
      const cap = limits[0];
      if (!cap || f.receivedOn <= cap.nominalEnd) {
        if (cap) {
          explanation.push(`最长期限：${cap.what}，至 ${cap.nominalEnd}，申请未超过该期限（${cap.basis}）`);
        }
        return applicationResult(f, basis, null, null, 'NOT_STARTED', explanation, days);
      }
    }
  }

  let due: { on: string; limit: ApplicationLimit } | null = null;
  for (const limit of limits) {
    let end: string;
    const result = calendar.tryAddCalendarDays(limit.startOn, diffDays(limit.startOn, limit.nominalEnd));
    if (!isCalendarGap(result)) {
      end = result.dueDate;
      explanation.push(
        result.rolledForwardDays > 0
          ? `${limit.what}：期间末日 ${result.nominalDueDate} 为休息日，顺延至 ${end}（${limit.basis}；民事诉讼法关于期间计算的规定，当日不计入）`
          : `${limit.what}：届满日 ${end}（${limit.basis}；当日不计入）`,
      );
    } else if (f.receivedOn > limit.nominalEnd) {
      // Whether the last day is a rest day only matters for an application received after it.
      explanation.push(
        `${limit.what}：末日 ${limit.nominalEnd} 是否顺延无法确定：${result.missingYear}年节假日安排尚未录入（CALENDAR_MISSING）`,
      );
      return applicationResult(f, basis, limit.startOn, null, 'CALENDAR_MISSING', explanation, days);
    } else {
      end = limit.nominalEnd;
      explanation.push(
        `${limit.what}：届满日 ${end}（${limit.basis}；${result.missingYear}年节假日安排尚未录入，未核对顺延）`,
      );
    }
    if (due === null || end < due.on) {
      due = { on: end, limit };
    }
  }
  if (due === null) {
    return applicationResult(f, basis, null, null, 'NOT_STARTED', explanation, days);
  }
  if (limits.length > 1) {
    explanation.push(`以最先届满者为准：${due.on}（${due.limit.basis}）`);
  }
  if (a.channel === 'POST') {
    explanation.push(
      '邮寄提出的申请，在途时间不计入期间，以交邮之日为准（民事诉讼法关于期间的规定）；此处以收到日核对',
    );
  }
  const inTime = f.receivedOn <= due.on;
  explanation.push(
    inTime ? `申请于 ${f.receivedOn} 收到，在申请期限内` : `申请于 ${f.receivedOn} 收到，已超过申请期限 ${due.on}`,
  );
  const result = applicationResult(f, basis, due.limit.startOn, due.on, inTime ? 'MET' : 'MISSED', explanation, days);
  // A due date in a year whose notice is not loaded rests on the provisional calendar (its roll-forward).
  return { ...result, provisional: calendar.isProvisionalYear(Number(due.on.slice(0, 4))) };
}

function applicationResult(
  f: CaseFacts,
  legalBasis: string,
  startOn: string | null,
  dueOn: string | null,
  status: ClockStatus,
  explanation: string[],
  period: number,
): Clock {
  explanation.push(`依据：${legalBasis}`);
  explanation.push(
    `仅为提示：是否在法定申请期限内由行政复议机关审查认定（${f.regime === 'L2023' ? 'L23 30(4)' : 'R07 28(4)'}）；因不可抗力或者其他正当理由耽误法定申请期限的，申请期限自障碍消除之日起继续计算（${f.regime === 'L2023' ? 'L23 20 ¶2' : 'L17 9 ¶2'}）`,
  );
  return {
    clock: 'APPLICATION_PERIOD',
    labelZh: CLOCK_LABELS.APPLICATION_PERIOD,
    legalBasis,
    unit: 'CALENDAR_DAYS',
    period: startOn && dueOn ? period : null,
    startOn,
    dueOn,
    metOn: status === 'MET' || status === 'MISSED' ? f.receivedOn : null,
    status,
    daysLeft: null,
    explanation,
    open: false,
    // The applicant's period ends on a day the applicant knew of: no estimate; provisional only through the calendar.
    estimated: false,
    provisional: false,
  };
}

/** L17 17 / L23 30: the acceptance review is 5 working days (L17 40; L23 88). */
export const ACCEPTANCE_REVIEW_WORKING_DAYS = 5;

/**
 * The last day of the acceptance review: 5 working days from receipt of the application, or from receipt of the
 * corrected materials (L23 31 ¶3: 「收到补正材料后，依照本法第三十条的规定处理」). Null when the calendar cannot tell.
 */
export function acceptanceReviewEndsOn(f: CaseFacts, calendar: WorkingDayCalendar): string | null {
  const review = calendar.tryAddWorkingDays(f.correctionReceivedOn ?? f.receivedOn, ACCEPTANCE_REVIEW_WORKING_DAYS);
  return isCalendarGap(review) ? null : review.dueDate;
}

/**
 * The day from which an application that was not refused in time counts as accepted:
 * - L23 30 ¶3 「审查期限届满，行政复议机关未作出不予受理决定的，审查期限届满之日起视为受理」: the review's last day;
 * - L17 17 ¶2 「除前款规定外，行政复议申请自行政复议机构收到之日起即为受理」: the day of receipt (of the corrected
 *   materials, after a correction), unless L2017_ACCEPTANCE_FROM_RECEIPT is off, when the review's last day is used.
 */
export function deemedAcceptanceDate(f: CaseFacts, calendar: WorkingDayCalendar, options: ClockOptions): string | null {
  if (f.regime === 'L2017' && options.l2017AcceptanceFromReceipt) {
    return f.correctionReceivedOn ?? f.receivedOn;
  }
  return acceptanceReviewEndsOn(f, calendar);
}

/**
 * The legal acceptance date of an ACCEPT recorded on `recordedOn`: the earlier of the recorded date and the deemed
 * date (L23 30 ¶3; L17 17 ¶2). `deemed` says the review had already run out when the office accepted. The L2017 rule
 * needs no calendar; where the calendar cannot tell the review's end, `reviewEndedOn` is null and the L2023 date is
 * the recorded one.
 */
export function legalAcceptanceOf(
  f: CaseFacts,
  recordedOn: string,
  calendar: WorkingDayCalendar,
  options: ClockOptions,
): { acceptedOn: string; deemed: boolean; reviewEndedOn: string | null } {
  const reviewEndedOn = acceptanceReviewEndsOn(f, calendar);
  const deemedOn =
    f.regime === 'L2017' && options.l2017AcceptanceFromReceipt
      ? (f.correctionReceivedOn ?? f.receivedOn)
      : reviewEndedOn;
  return {
    acceptedOn: deemedOn !== null && deemedOn < recordedOn ? deemedOn : recordedOn,
    deemed: reviewEndedOn !== null && recordedOn > reviewEndedOn,
    reviewEndedOn,
  };
}

/**
 * A case still RECEIVED whose review period has run out as of `asOf` is accepted in law from the deemed date even
 * before the service has recorded DEEM_ACCEPTED (its job runs every few minutes): the copy and decision clocks run
 * from that date at once, so that no deadline is missed in the gap.
 */
function pendingDeemedAcceptance(
  f: CaseFacts,
  calendar: WorkingDayCalendar,
  asOf: string,
  options: ClockOptions,
): { acceptedOn: string; reviewEndedOn: string } | null {
  if (f.state !== 'RECEIVED' || f.acceptedOn !== null) {
    return null;
  }
  const reviewEndedOn = acceptanceReviewEndsOn(f, calendar);
  return reviewEndedOn !== null && asOf > reviewEndedOn
    ? { acceptedOn: deemedAcceptanceDate(f, calendar, options) ?? reviewEndedOn, reviewEndedOn }
    : null;
}

/**
 * The legal acceptance date that the review clocks count from. New events store it (facts.acceptedOn); for L2017
 * history recorded before that, L17 17 ¶2 still makes it the day of receipt (see ClockOptions).
 */
export function legalAcceptanceDate(f: CaseFacts, options: ClockOptions): string | null {
  if (f.acceptedOn === null) {
    return null;
  }
  // An acceptance ordered by the superior organ counts from the order's date (L17 20; R07 31 / L23 35), not receipt.
  if (acceptedByOrder(f)) {
    return f.acceptedOn;
  }
  return f.regime === 'L2017' && options.l2017AcceptanceFromReceipt
    ? (f.correctionReceivedOn ?? f.receivedOn)
    : f.acceptedOn;
}

/** The case was accepted because the superior organ ordered it after a refusal (L17 20; R07 31 / L23 35). */
function acceptedByOrder(f: CaseFacts): boolean {
  return (f.priorConclusions ?? []).some((p) => p.reopenedBy === 'ORDER_TO_ACCEPT' && p.reopenedOn === f.acceptedOn);
}

function clockSpecs(
  f: CaseFacts,
  asOf: string,
  options: ClockOptions,
  deemed: { acceptedOn: string; reviewEndedOn: string } | null,
): ClockSpec[] {
  const l17 = f.regime === 'L2017';
  const simplified = f.procedure === 'SIMPLIFIED';
  const specs: ClockSpec[] = [];

  // Acceptance review: 5 working days from receipt, or from receipt of the corrected materials (L23 31 ¶3).
  // A correction notice is the office's timely answer to the application: the review is met by it, and paused while
  // the applicant corrects (R07 29: correction time is not counted); receipt of the materials restarts it.
  const restarted = f.correctionReceivedOn !== null;
  const waitingForCorrection = f.state === 'CORRECTION_REQUESTED';
  const answeredByNotice = f.correctionRequestedOn !== null && !restarted && !waitingForCorrection;
  // A refusal later overturned by the superior organ's order still answered the review, on its own date.
  const firstRefusal = (f.priorConclusions ?? []).find((p) => p.outcome === 'NOT_ACCEPTED')?.concludedOn ?? null;
  const decidedAcceptance =
    firstRefusal ??
    f.acceptedOn ??
    (f.outcome && ['NOT_ACCEPTED', 'INFORMED', 'TRANSFERRED', 'WITHDRAWN', 'DEEMED_WITHDRAWN'].includes(f.outcome)
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
    notes: f.acceptanceDeemed
      ? [`审查期限届满未作出不予受理决定，依 ${l17 ? 'L17 17 ¶2' : 'L23 30 ¶3'} 自 ${f.acceptedOn} 起视为受理`]
      : deemed
        ? [
            `审查期限于 ${deemed.reviewEndedOn} 届满，未作出不予受理决定：依 ${l17 ? 'L17 17 ¶2' : 'L23 30 ¶3'} 自 ${deemed.acceptedOn} 起视为受理（系统将自动记录）`,
          ]
        : [],
  });

  // Correction: L23 31 ¶2 gives the applicant 10 working days 「自收到补正通知之日起」 — from the applicant's receipt of
  // the notice, estimated from the notice's date until that receipt is recorded — extendable for good cause (a later
  // due date in the notice or an EXTEND_CORRECTION_PERIOD wins). R07 29 leaves the period to the notice.
  if (f.correctionRequestedOn !== null) {
    const served = f.correctionServedOn;
    specs.push({
      clock: 'CORRECTION',
      legalBasis: l17 ? 'R07 29' : 'L23 31 ¶2, 88',
      unit: l17 ? 'CALENDAR_DAYS' : 'WORKING_DAYS',
      period: l17 ? null : L23_CORRECTION_WORKING_DAYS,
      startOn: l17 ? f.correctionRequestedOn : (served ?? f.correctionRequestedOn),
      fixedDueOn: f.correctionDueOn,
      metOn: f.correctionReceivedOn,
      paused: false,
      estimated: !l17 && served === null,
      startNote: l17
        ? `起算：补正通知之日 ${f.correctionRequestedOn}（当日不计入）`
        : served !== null
          ? `起算：申请人收到补正通知之日 ${served}（L23 31 ¶2「自收到补正通知之日起」，当日不计入）`
          : `起算（估算）：申请人收到补正通知的日期尚未录入，暂以通知之日 ${f.correctionRequestedOn} 估算；录入送达日期后重新计算（L23 31 ¶2）`,
      notes: f.correctionExtensions.map(
        (e) => `${e.on} 因正当理由延长补正期限至 ${e.dueOn}（${l17 ? 'R07 29' : 'L23 31 ¶2'}）`,
      ),
    });
  }

  const acceptedOn = legalAcceptanceDate(f, options) ?? deemed?.acceptedOn ?? null;
  const acceptanceNote =
    f.acceptedOn === null && deemed
      ? `起算：视为受理之日 ${deemed.acceptedOn}（审查期限 ${deemed.reviewEndedOn} 届满未作出不予受理决定，${l17 ? 'L17 17 ¶2' : 'L23 30 ¶3'}；当日不计入）`
      : f.acceptanceDeemed
        ? `起算：视为受理之日 ${acceptedOn}（${l17 ? 'L17 17 ¶2' : 'L23 30 ¶3'}；当日不计入）`
        : l17 && options.l2017AcceptanceFromReceipt && acceptedOn !== f.acceptanceRecordedOn
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
      // L23 39: a case suspended before the copy is sent cannot send it; those working days are not counted.
      paused: f.copySentOn === null && f.suspensions.some((s) => s.fromState === 'ACCEPTED' && s.to === null),
      pausedWorkingIntervals: f.suspensions
        .filter((s) => s.fromState === 'ACCEPTED')
        .map((s) => ({ from: s.from, to: s.to ?? asOf })),
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
      // L17 31 / L23 62 cap the total at 30 days, not the number of extensions: each one is listed.
      notes: f.extensions.length > 1 ? f.extensions.map((e) => `${e.on} 经批准延长 ${e.days} 日`) : [],
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
    // Reply: L17 23 — 10 days 「自收到申请书副本…之日起」, calendar days (L17 40 covers only 5- and 7-day periods);
    // L23 48 — 10 working days, L23 54 — 5 working days, from the respondent's receipt of the copy. Until that receipt
    // is recorded the sending date stands in for it, and the clock says it is an estimate.
    const received = f.copyReceivedOn;
    specs.push({
      clock: 'RESPONDENT_REPLY',
      legalBasis: l17 ? 'L17 23' : simplified ? 'L23 54, 88' : 'L23 48, 88',
      unit: l17 ? 'CALENDAR_DAYS' : 'WORKING_DAYS',
      period: !l17 && simplified ? 5 : 10,
      startOn: received ?? f.copySentOn,
      metOn: f.replyReceivedOn,
      paused: false,
      estimated: received === null,
      startNote:
        received !== null
          ? `起算：被申请人收到申请书副本之日 ${received}（当日不计入）`
          : `起算（估算）：被申请人收到申请书副本的日期尚未录入，暂以发送之日 ${f.copySentOn} 估算；录入收到日期后重新计算（${l17 ? 'L17 23' : 'L23 48'}「自收到…副本之日起」）`,
    });
  }

  // Transfer: L17 18 — the county government passes an application for another organ on 「自接到该行政复议申请之日起
  // 七日内」, working days by L17 40. Shown once the case was transferred, so that a late transfer shows as missed.
  if (l17 && f.outcome === 'TRANSFERRED') {
    specs.push({
      clock: 'TRANSFER',
      legalBasis: 'L17 18, 40',
      unit: 'WORKING_DAYS',
      period: 7,
      startOn: f.receivedOn,
      metOn: f.concludedOn,
      paused: false,
      startNote: `起算：接到行政复议申请之日 ${f.receivedOn}（当日不计入）`,
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
  // R07 48 ¶2 / L23 35: an order to resume a dismissed review reopens it from the order's date; the days between the
  // dismissal and the order were no review time of this organ and are not counted.
  for (const p of f.priorConclusions ?? []) {
    if (p.reopenedBy === 'ORDER_TO_RESUME' && p.concludedOn >= acceptedOn) {
      intervals.push({
        from: p.concludedOn,
        to: p.reopenedOn,
        open: false,
        label: `驳回后经上级行政机关责令恢复审理（${f.regime === 'L2017' ? 'R07 48 ¶2' : 'L23 35; R07 48 ¶2'}）`,
      });
    }
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
    estimated: spec.estimated === true,
    provisional: false,
  };
  const explanation: string[] = [spec.startNote, ...(spec.notes ?? [])];
  const provisionalYears = new Set<number>();
  if (spec.startOn === null) {
    return { ...base, dueOn: null, status: 'NOT_STARTED', daysLeft: null, explanation, open: false };
  }
  const due = dueDate(spec, calendar, explanation, provisionalYears);
  if (isCalendarGap(due)) {
    explanation.push(
      `无法计算：${due.missingYear}年节假日安排尚未录入（CALENDAR_MISSING），请管理员通过 PUT /v1/calendar/${due.missingYear} 录入`,
    );
    return { ...base, dueOn: null, status: 'CALENDAR_MISSING', daysLeft: null, explanation, open: false };
  }
  const dueOn: string | null = due;
  explanation.push(`依据：${spec.legalBasis}`);
  provisionalNote(base, explanation, provisionalYears);
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
    explanation.push('期限暂停计算（中止、不计入审理期限的期间进行中或等待补正），恢复后继续计算');
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

/**
 * 全国年节及纪念日放假办法: a due date computed from a year whose notice is not loaded is provisional; mark the clock
 * and say so. (Only the due date: the days left, counted from asOf, are not part of what is stored.)
 */
function provisionalNote(base: { provisional: boolean }, explanation: string[], years: Set<number>): void {
  if (years.size === 0) {
    return;
  }
  base.provisional = true;
  const list = [...years].sort((a, b) => a - b).join('年、');
  explanation.push(
    `${list}年节假日安排尚未录入，按《全国年节及纪念日放假办法》暂行推算（不含调休），届时以国务院通知为准`,
  );
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
  return orNullOnGap(calendar.tryWorkingDaysBetween(from, to));
}

function dueDate(
  spec: ClockSpec,
  calendar: WorkingDayCalendar,
  explanation: string[],
  provisionalYears: Set<number>,
): string | null | CalendarGap {
  if (spec.fixedDueOn && spec.period === null) {
    explanation.push(spec.fixedDueNote ?? `期限：通知载明至 ${spec.fixedDueOn}`);
    return spec.fixedDueOn;
  }
  if (spec.period === null || spec.startOn === null) {
    return null;
  }
  if (spec.unit === 'WORKING_DAYS') {
    explanation.push(`期间：${spec.period} 个工作日`);
    let notCounted = 0;
    for (const i of spec.pausedWorkingIntervals ?? []) {
      const between = calendar.tryWorkingDaysBetween(i.from, i.to);
      if (isCalendarGap(between)) {
        return between;
      }
      const days = Math.max(0, between);
      notCounted += days;
      explanation.push(`中止 ${i.from} 至 ${i.to}，其间 ${days} 个工作日不计入（L23 39）`);
    }
    const result = calendar.tryAddWorkingDays(spec.startOn, spec.period + notCounted);
    if (isCalendarGap(result)) {
      return result;
    }
    result.provisionalYears?.forEach((y) => provisionalYears.add(y));
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
  const result = calendar.tryAddCalendarDays(spec.startOn, days);
  if (isCalendarGap(result)) {
    return result;
  }
  result.provisionalYears?.forEach((y) => provisionalYears.add(y));
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
