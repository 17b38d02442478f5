import fc from 'fast-check';
import { addDays, diffDays } from '../../src/common/local-date';
import { CALENDAR_SEED } from '../../src/calendar/seed';
import { WorkingDayCalendar } from '../../src/calendar/working-day-calendar';
import { DEFAULT_CLOCK_OPTIONS, legalAcceptanceOf } from '../../src/workflow/clocks';
import {
  findCodeEntry,
  isCodeForRegime,
  NOT_ACCEPT_GROUNDS,
  NOT_COUNTED_PERIOD_KINDS,
  SUSPENSION_GROUNDS,
  TERMINATION_GROUNDS,
  type CaseAction,
  type DecisionType,
  type LegalRegime,
} from '../../src/code-lists/code-lists';
import type { CaseSummary } from '../../src/statistics/tally';
import { checkActionRules, type RuleContext } from '../../src/workflow/action-rules';
import type { ActionPayload } from '../../src/workflow/action-payloads';
import { currentSuspension, initialFacts, openNotCountedPeriod, type CaseFacts } from '../../src/workflow/case-facts';
import { applyAction, type FoldableEvent, lastUndoableEvent, replay } from '../../src/workflow/case-reducer';
import { failedGuard } from '../../src/workflow/guards';
import { type ProceduralAction, SUPERIOR_ORDER_ACTIONS, transitionsFor } from '../../src/workflow/transition-table';

/**
 * Random but valid case histories, built with the pure reducer: from a registration, repeatedly one of the
 * transitions the table allows in the current state (guards holding), dated on or after the previous act, with a
 * minimal payload that passes the domain rules (checkActionRules) — or, now and then, an UNDO of the latest act.
 * The same history can be replayed in memory (replay) or performed through the HTTP API.
 */

/** The calendar the service is seeded with (src/calendar/seed): acceptances are dated with it as the service does. */
const SEED_CALENDAR = new WorkingDayCalendar([...CALENDAR_SEED]);

/** One random decision of the generator; interpreted against the facts at that point (so histories shrink well). */
export interface Choice {
  /** Which of the available actions. */
  pick: number;
  /** Days after the earliest allowed date. */
  gap: number;
  /** Picks within the payload (ground, decision type, reason …). */
  sub: number;
  /** Undo the latest act instead (when there is one and the undo budget allows). */
  undo: boolean;
}

export interface GeneratedHistory {
  regime: LegalRegime;
  receivedOn: string;
  /** Events as stored: seq 1 REGISTER, then procedural acts, ASSIGN_HANDLERS and UNDO events. */
  events: FoldableEvent[];
  /** The facts after the whole history (equal to replay(…, events)). */
  facts: CaseFacts;
}

export interface HistoryOptions {
  /** No act is dated after this day (the service refuses dates in the future). */
  until?: string;
  /** At most this many UNDO events per history. */
  maxUndos?: number;
}

/** Decision types a case under review may get under L2017 (not CONFIRMED_VOID: L23 only; not MEDIATED: mediation). */
export const L2017_REVIEW_DECISIONS: readonly DecisionType[] = [
  'UPHELD',
  'DISMISSED',
  'REVOKED',
  'VARIED',
  'CONFIRMED_ILLEGAL',
  'ORDERED_TO_PERFORM',
];

/** The rule context the generated acts must satisfy: two handlers required, nothing is "in the future". */
export function ruleContext(today = '9999-12-31'): RuleContext {
  return {
    today,
    requireTwoHandlersToDecide: true,
    eligibility: { onTheSpot: false, amountAtMost3000: false, informationDisclosure: false, warningOrReprimand: false },
    correctionPeriodEndsOn: null,
    // The generator dates the acts of the review within five calendar days of its start, never after its end.
    acceptanceReviewEndsOn: null,
  };
}

/** How often each available action is picked, relative to the others (so that decisions on the merits are common). */
const WEIGHTS: Record<ProceduralAction, number> = {
  REQUEST_CORRECTION: 2,
  RECORD_CORRECTION_SERVICE: 1,
  EXTEND_CORRECTION_PERIOD: 1,
  RECEIVE_CORRECTION: 2,
  DEEM_WITHDRAWN: 2,
  WITHDRAW: 2,
  NOT_ACCEPT: 2,
  ACCEPT: 6,
  // Recorded by the service itself, never by a client (its transition allows no role): never generated.
  DEEM_ACCEPTED: 0,
  SEND_ACCEPTANCE_NOTICE: 1,
  TRANSFER: 1,
  INFORM: 1,
  SEND_COPY: 6,
  RECORD_COPY_RECEIPT: 1,
  RECEIVE_REPLY: 2,
  HOLD_HEARING: 1,
  SCHEDULE_HEARING: 1,
  HEAR_OPINIONS: 2,
  SUSPEND: 1,
  RESUME: 2,
  START_MEDIATION: 1,
  MEDIATION_FAILED: 2,
  START_NOT_COUNTED_PERIOD: 1,
  END_NOT_COUNTED_PERIOD: 2,
  EXTEND: 1,
  CONVERT_TO_ORDINARY: 1,
  DECIDE_STAY_OF_EXECUTION: 1,
  TERMINATE: 2,
  ORDER_TO_ACCEPT: 1,
  ORDER_TO_RESUME: 1,
  DECIDE: 6,
  SERVE_DECISION: 3,
  CLOSE: 3,
  RECORD_REMADE_ACT: 2,
  RECORD_PERFORMANCE: 2,
  SUPERVISE_COMPLIANCE: 1,
};

function weightedPick(actions: readonly ProceduralAction[], pick: number): ProceduralAction {
  const total = actions.reduce((n, a) => n + WEIGHTS[a], 0);
  let r = pick % total;
  for (const a of actions) {
    r -= WEIGHTS[a];
    if (r < 0) {
      return a;
    }
  }
  return actions[actions.length - 1] as ProceduralAction;
}

const maxDate = (a: string, b: string): string => (a > b ? a : b);
const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/** Whether the action can be given a valid payload in these facts (a settlement cannot end in a 调解书). */
function feasible(facts: CaseFacts, action: ProceduralAction): boolean {
  // The acts of the acceptance review are dated within five calendar days of its start (never past its five working
  // days, L17 17; L23 30 ¶2, 31 ¶1): not possible once an earlier act is dated later than that.
  if (REVIEW_ACTS.includes(action) && facts.lastActOn > addDays(facts.correctionReceivedOn ?? facts.receivedOn, 5)) {
    return false;
  }
  if (action === 'START_NOT_COUNTED_PERIOD') {
    return NOT_COUNTED_PERIOD_KINDS.some(
      (k) =>
        !openNotCountedPeriod(facts, k.code) &&
        (facts.state !== 'RECEIVED' || k.code === 'COMPETENT_ORGAN_DETERMINATION'),
    );
  }
  if (action === 'DECIDE' && facts.state === 'MEDIATION') {
    return facts.mediationKind === 'MEDIATION';
  }
  // L23 31 ¶2: the period runs from the applicant's receipt of the notice, which must be recorded first.
  if (action === 'DEEM_WITHDRAWN' && facts.regime === 'L2023') {
    return facts.correctionServedOn !== null;
  }
  // L23 49: an ordinary L2023 case is decided only after the parties' opinions are heard (or a hearing held).
  if (action === 'DECIDE' && facts.regime === 'L2023' && facts.procedure === 'ORDINARY') {
    return facts.opinionsHeardOn !== null || facts.lastHearingOn !== null;
  }
  // L23 51: under L2023 a hearing follows its notice (SCHEDULE_HEARING).
  if (action === 'HOLD_HEARING' && facts.regime === 'L2023') {
    return facts.hearingPending;
  }
  return WEIGHTS[action] > 0;
}

/** Acts of the acceptance review: dated within it (L23 30 ¶2; L23 31 ¶1; L17 17), or the application counts as accepted. */
const REVIEW_ACTS: readonly ProceduralAction[] = ['NOT_ACCEPT', 'INFORM', 'REQUEST_CORRECTION', 'WITHDRAW'];

/** Payload fields the service derives and stores itself: not part of a request body. */
const DERIVED_FIELDS = ['legalAcceptedOn', 'acceptanceDeemed', 'reviewEndedOn'];

/** The request body that performs a generated event through the API (without the fields the service derives). */
export function requestBody(e: FoldableEvent): Record<string, unknown> {
  const body: Record<string, unknown> = { occurredOn: e.occurredOn, ...e.payload };
  for (const field of DERIVED_FIELDS) {
    delete body[field];
  }
  return body;
}

/** L17 31 / L23 62 for an extension; L17 28 / L23 61 for a decision. approvedOn is the act's date (see actBody). */
function approvalFor(regime: LegalRegime, action: 'DECIDE' | 'EXTEND', sub: number): Record<string, unknown> {
  if (action === 'EXTEND') {
    return { kind: regime === 'L2017' ? 'ORGAN_HEAD_APPROVAL' : 'OFFICE_HEAD_APPROVAL', approverName: '张县长' };
  }
  return sub % 4 === 0
    ? { kind: 'COLLECTIVE_DISCUSSION', approverName: '县政府常务会议' }
    : { kind: 'ORGAN_HEAD_APPROVAL', approverName: '张县长' };
}

/** A minimal valid payload (without occurredOn) and the earliest date the act may bear. */
function payloadFor(
  facts: CaseFacts,
  action: ProceduralAction,
  sub: number,
): { payload: Record<string, unknown>; earliest: string } {
  const regime = facts.regime;
  const earliest = facts.lastActOn;
  const reasons = '经审查，依法处理。';
  switch (action) {
    case 'REQUEST_CORRECTION':
      // correctionDueOn is set relative to the act's date by `actOn` below (it must be after the notice date).
      return { payload: { items: ['申请人身份证明'], correctionDueDays: 5 + (sub % 15) }, earliest };
    case 'DEEM_WITHDRAWN':
      // R07 29: only after the period stated in the notice has passed.
      return {
        payload: { reasons },
        earliest: facts.correctionDueOn ? maxDate(earliest, addDays(facts.correctionDueOn, 1)) : earliest,
      };
    case 'WITHDRAW':
      return { payload: { reason: sub % 3 === 0 ? 'SETTLED_BEFORE_ACCEPTANCE' : 'VOLUNTARY' }, earliest };
    case 'NOT_ACCEPT': {
      const grounds = NOT_ACCEPT_GROUNDS.filter((g) => isCodeForRegime('NOT_ACCEPT_GROUNDS', g.code, regime));
      const ground = at(grounds, sub).code;
      return {
        payload: {
          ground,
          documentNumber: `台政复不受字〔${sub % 1000}〕号`,
          reasons,
          ...(ground.endsWith('OUTSIDE_JURISDICTION') ? { competentOrgan: '濮阳市人民政府' } : {}),
        },
        earliest,
      };
    }
    case 'ACCEPT':
      // The legal acceptance fields are added by buildHistory, as the service derives them (L17 17 ¶2; L23 30 ¶3).
      return { payload: regime === 'L2023' ? { procedure: 'ORDINARY' } : {}, earliest };
    case 'RECORD_CORRECTION_SERVICE':
      return { payload: { servedOn: earliest }, earliest };
    case 'EXTEND_CORRECTION_PERIOD':
      // correctionDueOn is set by `actBody`: after the act's date and after the period's current end.
      return { payload: { extendCorrectionDays: 3 + (sub % 10), reasons }, earliest };
    case 'RECORD_COPY_RECEIPT':
      return { payload: { receivedOn: facts.copySentOn ?? earliest }, earliest };
    case 'SEND_ACCEPTANCE_NOTICE':
    case 'DEEM_ACCEPTED':
      return { payload: {}, earliest };
    case 'TRANSFER':
      return { payload: { receivingOrgan: '濮阳市人民政府' }, earliest };
    case 'INFORM':
      return { payload: { competentOrgan: '濮阳市人民政府' }, earliest };
    case 'SEND_COPY':
    case 'RESUME':
    case 'MEDIATION_FAILED':
    case 'SERVE_DECISION':
    case 'CLOSE':
    case 'RECEIVE_CORRECTION':
      return { payload: {}, earliest };
    case 'RECEIVE_REPLY':
      return { payload: { evidenceSubmitted: sub % 2 === 0 }, earliest };
    case 'HOLD_HEARING':
      return {
        payload: {},
        earliest:
          regime === 'L2023' && facts.hearingScheduledFor ? maxDate(earliest, facts.hearingScheduledFor) : earliest,
      };
    case 'SCHEDULE_HEARING':
      // hearingOn is set relative to the notice by `actBody`: 21 days always hold 5 working days (L23 51, 88).
      return {
        payload: { hearingInDays: 21, place: '县政府行政复议听证室', matters: '被申请行为的事实和依据' },
        earliest,
      };
    case 'HEAR_OPINIONS':
      return {
        payload:
          sub % 5 === 0
            ? { result: 'NOT_POSSIBLE_PARTIES_REASON', reasons: '申请人经多次联系未回复' }
            : { result: 'HEARD', method: sub % 2 === 0 ? 'IN_PERSON' : 'TELEPHONE' },
        earliest,
      };
    case 'RECORD_REMADE_ACT':
      return { payload: { documentNumber: `台市监罚〔${sub % 1000}〕号` }, earliest };
    case 'RECORD_PERFORMANCE':
      return { payload: {}, earliest };
    case 'SUPERVISE_COMPLIANCE': {
      const measures =
        regime === 'L2023'
          ? ['ORDER_TO_PERFORM_WITHIN_LIMIT', 'ADMONITORY_TALK', 'PUBLIC_CRITICISM']
          : ['ORDER_TO_PERFORM_WITHIN_LIMIT'];
      const measure = at(measures, sub);
      return {
        payload: { measure, ...(measure === 'ORDER_TO_PERFORM_WITHIN_LIMIT' ? { dueInDays: 15 } : {}) },
        earliest,
      };
    }
    case 'SUSPEND': {
      const grounds = SUSPENSION_GROUNDS.filter((g) => isCodeForRegime('SUSPENSION_GROUNDS', g.code, regime));
      return { payload: { ground: at(grounds, sub).code }, earliest };
    }
    case 'START_MEDIATION':
      return { payload: { kind: sub % 3 === 0 ? 'SETTLEMENT' : 'MEDIATION' }, earliest };
    case 'START_NOT_COUNTED_PERIOD': {
      // R07 34 ¶3 / 37 only after acceptance; a kind already open cannot start again.
      const kinds = NOT_COUNTED_PERIOD_KINDS.map((k) => k.code).filter(
        (k) => !openNotCountedPeriod(facts, k) && (facts.state !== 'RECEIVED' || k === 'COMPETENT_ORGAN_DETERMINATION'),
      );
      return { payload: { kind: at(kinds, sub) }, earliest };
    }
    case 'END_NOT_COUNTED_PERIOD': {
      const open = (facts.notCountedPeriods ?? []).filter((i) => i.to === null);
      return { payload: { kind: at(open, sub).kind }, earliest };
    }
    case 'EXTEND':
      // L17 31 / L23 62: at most 30 days in all, in any number of extensions, each approved by the right head.
      return {
        payload: {
          days: 1 + (sub % (30 - (facts.extensionDays ?? 0))),
          reasons,
          approval: approvalFor(regime, 'EXTEND', sub),
          partiesNotified: true,
        },
        earliest,
      };
    case 'CONVERT_TO_ORDINARY':
      return { payload: { reasons }, earliest };
    case 'DECIDE_STAY_OF_EXECUTION':
      // L17 21 / L23 42: a refusal names no ground; a stay names the organ's own ground (2).
      return {
        payload:
          sub % 2 === 0
            ? { granted: false, reasons }
            : {
                granted: true,
                ground: regime === 'L2023' ? 'L23_42_2_ORGAN_DEEMS_NECESSARY' : 'L17_21_2_ORGAN_DEEMS_NECESSARY',
                reasons,
              },
        earliest,
      };
    case 'TERMINATE': {
      const open = currentSuspension(facts);
      const sixtyDaysPossible =
        open !== undefined && findCodeEntry('SUSPENSION_GROUNDS', open.ground)?.terminatesAfter60Days === true;
      const grounds = TERMINATION_GROUNDS.filter((g) => sixtyDaysPossible || g.code !== 'SUSPENSION_EXCEEDED_60_DAYS');
      const ground = at(grounds, sub).code;
      return {
        payload: { ground, documentNumber: `台政复终字〔${sub % 1000}〕号`, reasons },
        earliest:
          ground === 'SUSPENSION_EXCEEDED_60_DAYS' && open ? maxDate(earliest, addDays(open.from, 60)) : earliest,
      };
    }
    case 'ORDER_TO_ACCEPT':
    case 'ORDER_TO_RESUME':
      // L17 20; R07 31, 48 ¶2; L23 35, 40: the superior organ's order, recorded with its organ and number.
      return {
        payload: {
          orderingOrgan: '濮阳市人民政府',
          documentNumber: `濮政复责字〔${sub % 1000}〕号`,
          ...(action === 'ORDER_TO_ACCEPT' && regime === 'L2023' ? { procedure: 'ORDINARY' } : {}),
        },
        earliest,
      };
    case 'DECIDE': {
      const decisionType: DecisionType = facts.state === 'MEDIATION' ? 'MEDIATED' : at(L2017_REVIEW_DECISIONS, sub);
      // R07 48 ¶1: a dismissal says which; the generated cases' act category is not known here, so only the
      // procedural dismissal (valid for any category) is generated: it is the one that leaves the DECIDED base.
      const dismissal = decisionType === 'DISMISSED' ? { outcomeDetail: 'DISMISSED_APPLICATION' } : {};
      const remake =
        Math.floor(sub / 7) % 2 === 0 && (decisionType === 'REVOKED' || decisionType === 'CONFIRMED_ILLEGAL');
      return {
        payload: {
          decisionType,
          documentNumber: `台政复决字〔${sub % 1000}〕号`,
          legalBasis: '行政复议法第二十八条',
          reasons,
          ...dismissal,
          ...(remake ? { remakeOrdered: true } : {}),
          ...(decisionType === 'ORDERED_TO_PERFORM' ? { performanceDeadlineDays: 15 + (sub % 60) } : {}),
          ...(decisionType === 'MEDIATED' ? {} : { approval: approvalFor(regime, 'DECIDE', sub) }),
        },
        earliest: facts.acceptedOn ? maxDate(earliest, facts.acceptedOn) : earliest,
      };
    }
  }
}

/** The request body of an act: occurredOn plus the payload, with correctionDueOn made concrete. */
function actBody(facts: CaseFacts, payload: Record<string, unknown>, occurredOn: string): Record<string, unknown> {
  const { correctionDueDays, extendCorrectionDays, hearingInDays, dueInDays, partiesNotified, approval, ...rest } =
    payload;
  const extendedFrom = maxDate(occurredOn, facts.correctionDueOn ?? occurredOn);
  return {
    occurredOn,
    ...rest,
    ...(typeof correctionDueDays === 'number' ? { correctionDueOn: addDays(occurredOn, correctionDueDays) } : {}),
    ...(typeof extendCorrectionDays === 'number'
      ? { correctionDueOn: addDays(extendedFrom, extendCorrectionDays) }
      : {}),
    ...(typeof hearingInDays === 'number' ? { hearingOn: addDays(occurredOn, hearingInDays) } : {}),
    ...(typeof dueInDays === 'number' ? { dueOn: addDays(occurredOn, dueInDays) } : {}),
    ...(partiesNotified === true ? { partiesNotifiedOn: occurredOn } : {}),
    ...(approval ? { approval: { ...(approval as Record<string, unknown>), approvedOn: occurredOn } } : {}),
  };
}

/**
 * Interprets `choices` into a valid history of a case received on `receivedOn`. Throws if a generated act would
 * break a domain rule (a bug in the generator, not in the service).
 */
export function buildHistory(
  receivedOn: string,
  choices: readonly Choice[],
  options: HistoryOptions = {},
  regime: LegalRegime = 'L2017',
): GeneratedHistory {
  const until = options.until ?? '9999-12-31';
  const maxUndos = options.maxUndos ?? 2;
  const events: FoldableEvent[] = [
    {
      seq: 1,
      action: 'REGISTER',
      occurredOn: receivedOn,
      payload: { legalRegime: regime, receivedOn },
      undoesSeq: null,
    },
  ];
  let facts = initialFacts(regime, receivedOn);
  let undos = 0;
  const push = (action: CaseAction, occurredOn: string, payload: Record<string, unknown>, undoesSeq: number | null) => {
    events.push({ seq: events.length + 1, action, occurredOn, payload, undoesSeq });
  };
  for (const choice of choices) {
    const target = lastUndoableEvent(events);
    if (choice.undo && undos < maxUndos && target !== undefined) {
      undos += 1;
      push('UNDO', facts.lastActOn, { reason: '录入错误，撤销上一操作' }, target.seq);
      facts = replay({ legalRegime: regime, receivedOn }, events);
      continue;
    }
    const available = transitionsFor(facts.regime, facts.state)
      .filter((t) => failedGuard(t.guards, facts) === undefined)
      .filter((t) => feasible(facts, t.action))
      .map((t) => t.action)
      // A superior order is the exception: most refused or dismissed cases stay concluded (and end the history).
      .filter((a) => !SUPERIOR_ORDER_ACTIONS.includes(a) || choice.sub % 4 === 0);
    if (available.length === 0) {
      break; // a final state
    }
    const action = weightedPick(available, choice.pick);
    const { payload, earliest } = payloadFor(facts, action, choice.sub);
    // Acts of the acceptance review (and an L2023 acceptance, whose legal date the calendar would move) stay within
    // five calendar days of the review's start, which never passes its five working days.
    const withinReview = REVIEW_ACTS.includes(action) || (action === 'ACCEPT' && regime === 'L2023');
    const reviewStart = facts.correctionReceivedOn ?? facts.receivedOn;
    const room = Math.max(0, 5 - diffDays(reviewStart, earliest));
    const occurredOn = addDays(earliest, withinReview ? choice.gap % (room + 1) : choice.gap);
    if (occurredOn > until) {
      break; // the rest of this case has not happened yet
    }
    if (action === 'DECIDE' && facts.handlerCount < 2) {
      // R07 32: two handlers review the case; the assignment is an event of its own (PUT /handlers).
      const handlers = { handlers: [{ name: '王明' }, { name: '李华' }] };
      push('ASSIGN_HANDLERS', facts.lastActOn, handlers, null);
      facts = applyAction(facts, 'ASSIGN_HANDLERS', facts.lastActOn, handlers);
    }
    const body = actBody(facts, payload, occurredOn);
    const violation = checkActionRules(facts, action, body as unknown as ActionPayload, ruleContext(until));
    if (violation) {
      throw new Error(`generator produced an invalid ${action}: ${violation.code} ${violation.detail}`);
    }
    const { occurredOn: _on, ...stored } = body;
    if (action === 'ACCEPT') {
      // What the service stores with an acceptance: its legal date, computed with the seeded calendar.
      const legal = legalAcceptanceOf(facts, occurredOn, SEED_CALENDAR, DEFAULT_CLOCK_OPTIONS);
      Object.assign(stored, {
        legalAcceptedOn: legal.acceptedOn,
        acceptanceDeemed: legal.deemed,
        reviewEndedOn: legal.reviewEndedOn,
      });
    }
    push(action, occurredOn, stored, null);
    facts = applyAction(facts, action, occurredOn, stored);
  }
  return { regime, receivedOn, events, facts };
}

/** The summary the statistics need, from a case's facts. */
export function summaryOf(facts: CaseFacts): CaseSummary {
  return {
    receivedOn: facts.receivedOn,
    acceptedOn: facts.acceptedOn,
    concludedOn: facts.concludedOn,
    outcome: facts.outcome,
    outcomeDetail: facts.outcomeDetail,
    terminationGround: facts.terminationGround,
    withdrawalReason: facts.withdrawalReason,
    priorConclusions: facts.priorConclusions.map((p) => ({
      concludedOn: p.concludedOn,
      outcome: p.outcome,
      outcomeDetail: p.outcomeDetail,
      reopenedOn: p.reopenedOn,
    })),
  };
}

/** Days since 1970-01-01 → date (fast-check works with integers; dates are derived from them). */
export function dateBetween(from: string, to: string): fc.Arbitrary<string> {
  const start = Date.parse(`${from}T00:00:00Z`) / 86_400_000;
  const end = Date.parse(`${to}T00:00:00Z`) / 86_400_000;
  return fc.integer({ min: start, max: end }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
}

export const choiceArbitrary: fc.Arbitrary<Choice> = fc.record({
  pick: fc.nat({ max: 1000 }),
  // Mostly a few weeks between acts, sometimes many months, so that cases straddle period boundaries.
  gap: fc.oneof({ arbitrary: fc.nat({ max: 40 }), weight: 4 }, { arbitrary: fc.nat({ max: 400 }), weight: 1 }),
  sub: fc.nat({ max: 1000 }),
  undo: fc.nat({ max: 11 }).map((n) => n === 0),
});

export interface HistoryArbitraryOptions extends HistoryOptions {
  receivedFrom?: string;
  receivedTo?: string;
  maxSteps?: number;
}

/** Random valid L2017 histories (received 2019–2023 unless told otherwise). */
export function historyArbitrary(options: HistoryArbitraryOptions = {}): fc.Arbitrary<GeneratedHistory> {
  return fc
    .tuple(
      dateBetween(options.receivedFrom ?? '2019-01-01', options.receivedTo ?? '2023-12-31'),
      fc.array(choiceArbitrary, { maxLength: options.maxSteps ?? 12 }),
    )
    .map(([receivedOn, choices]) => buildHistory(receivedOn, choices, options));
}
