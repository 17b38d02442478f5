import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { isCalendarGap, orNullOnGap } from '../calendar/working-day-calendar';
import { Env } from '../config/env';
import type { CaseFacts } from '../workflow/case-facts';
import {
  ACCEPTANCE_REVIEW_WORKING_DAYS,
  acceptanceReviewEndsOn,
  ApplicationPeriodInput,
  applicationPeriodClock,
  Clock,
  ClockOptions,
  computeClocks,
  deemedAcceptanceDate,
  legalAcceptanceOf,
} from '../workflow/clocks';
import type { CaseDetails } from './case-details';

/** L17 18: the county government passes an application on within 7 (working, L17 40) days. */
const L17_TRANSFER_WORKING_DAYS = 7;

/**
 * The periods of the procedure that the write side itself needs to decide an act: the acceptance review's end, the
 * deemed acceptance, the correction period, the hearing notice. They are the pure rules of src/workflow/clocks.ts
 * applied with the office's working-day calendar. They live in cases/ (not deadlines/) so that the write side
 * depends on no subscriber: deadlines/ stores and queues the clocks after each commit and depends on cases/, never
 * the reverse (issue 15 pt 1).
 */
@Injectable()
export class ProcedurePeriods {
  constructor(
    private readonly calendar: CalendarService,
    private readonly env: Env,
  ) {}

  /** The configurable readings of the law that the clocks take (README "Where the law is unclear"). */
  clockOptions(): ClockOptions {
    return clockOptionsOf(this.env);
  }

  /** The correction period's end as the CORRECTION clock computes it (R07 29: the notice; L23 31: ≥ 10 working days). */
  async correctionDueOn(manager: EntityManager, facts: CaseFacts): Promise<string | null> {
    const clocks = computeClocks(facts, await this.calendar.current(manager), facts.lastActOn, this.clockOptions());
    return clocks.find((c) => c.clock === 'CORRECTION')?.dueOn ?? null;
  }

  /** The legal acceptance date of an ACCEPT recorded on `recordedOn` (L23 30 ¶3; L17 17 ¶2). */
  async legalAcceptance(
    manager: EntityManager,
    facts: CaseFacts,
    recordedOn: string,
  ): Promise<{ acceptedOn: string; deemed: boolean; reviewEndedOn: string | null }> {
    return legalAcceptanceOf(facts, recordedOn, await this.calendar.current(manager), this.clockOptions());
  }

  /** The n-th working day after `date`, or null when the calendar of a year on the way is not loaded. */
  async workingDaysAfter(manager: EntityManager, date: string, n: number): Promise<string | null> {
    const calendar = await this.calendar.current(manager);
    return orNullOnGap(calendar.tryAddWorkingDays(date, n))?.dueDate ?? null;
  }

  /** The last day of the acceptance review (L17 17, 40; L23 30, 31 ¶3, 88), or null when the calendar cannot tell. */
  async acceptanceReviewEndsOn(manager: EntityManager, facts: CaseFacts): Promise<string | null> {
    const calendar = await this.calendar.current(manager);
    return acceptanceReviewEndsOn(facts, calendar);
  }

  /**
   * For a case still awaiting its review's outcome: the deemed acceptance, if the review has run out before `today`
   * (its last day is still open for a refusal: L23 30 ¶2 「在审查期限内」).
   */
  async pendingDeemedAcceptance(
    manager: EntityManager,
    facts: CaseFacts,
    today: string,
  ): Promise<{ acceptedOn: string; reviewEndedOn: string } | null> {
    const calendar = await this.calendar.current(manager);
    // R07 30: while the competent organ is being determined, nobody can yet say this organ accepted the application.
    if ((facts.notCountedPeriods ?? []).some((p) => p.kind === 'COMPETENT_ORGAN_DETERMINATION' && p.to === null)) {
      return null;
    }
    const start = facts.correctionReceivedOn ?? facts.receivedOn;
    const review = calendar.tryAddWorkingDays(start, ACCEPTANCE_REVIEW_WORKING_DAYS);
    // An act written into history stays: never from a provisional calendar, whose review end may be days early
    // (the State Council notice adds rest days), nor without a calendar. The clocks derive the date meanwhile.
    if (isCalendarGap(review) || review.provisional === true) {
      return null;
    }
    // L17 18: a county government may still transfer the application within 7 working days; the L2017 deemed date
    // is the receipt anyway (L17 17 ¶2), so waiting costs nothing and keeps TRANSFER possible.
    const transfer = facts.regime === 'L2017' ? calendar.tryAddWorkingDays(start, L17_TRANSFER_WORKING_DAYS) : review;
    if (isCalendarGap(transfer)) {
      return null;
    }
    const deemedOn = deemedAcceptanceDate(facts, calendar, this.clockOptions());
    return today > transfer.dueDate && deemedOn !== null
      ? { acceptedOn: deemedOn, reviewEndedOn: review.dueDate }
      : null;
  }

  /** The APPLICATION_PERIOD clock of registered details (L17 9; R07 15–16; L23 20–21): shown, never stored. */
  async applicationPeriod(manager: EntityManager, facts: CaseFacts, details: CaseDetails): Promise<Clock> {
    return applicationPeriodClock(
      facts,
      applicationPeriodInput(details),
      await this.calendar.current(manager),
      this.clockOptions(),
    );
  }
}

export function clockOptionsOf(env: Env): ClockOptions {
  return {
    l2017AcceptanceFromReceipt: env.L2017_ACCEPTANCE_FROM_RECEIPT,
    l2017UntoldRightsOneYear: env.L2017_UNTOLD_RIGHTS_ONE_YEAR,
    r07NotCountedPeriodsUnderL2023: env.R07_NOT_COUNTED_PERIODS_UNDER_L2023,
  };
}

/** What the APPLICATION_PERIOD clock reads from the registered contested act (all optional at registration). */
export function applicationPeriodInput(details: CaseDetails): ApplicationPeriodInput {
  const act = details.contestedAct;
  return {
    madeOn: act.madeOn ?? null,
    knownOn: act.knownOn ?? null,
    rightsNotified: act.rightsNotified ?? null,
    rightsKnownOn: act.rightsKnownOn ?? null,
    realProperty: act.realProperty === true,
    nonPerformance: act.category === 'FAILURE_TO_PERFORM',
    performanceRequestedOn: act.performanceRequestedOn ?? null,
    performanceDueOn: act.performanceDueOn ?? null,
    emergency: act.emergencyProtection === true,
    statutoryPeriodDays: act.statutoryPeriodDays ?? null,
    channel: details.channel,
  };
}
