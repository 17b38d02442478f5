import type { Response } from 'supertest';
import { addDays } from '../../src/common/local-date';
import { CALENDAR_SEED } from '../../src/calendar/seed';
import { WorkingDayCalendar } from '../../src/calendar/working-day-calendar';
import { todayInChina } from '../../src/common/validation/local-date.validator';
import { CaseClient } from './case-client';
import { registration } from './factories';
import type { TestApp } from './test-app';

type Json = Record<string, unknown>;
/** A case as GET /v1/cases/{id} returns it (loosely typed: tests compare it with matchers). */
export type CaseJson = Json & { facts: Json };
export type Regime = 'L2017' | 'L2023';

const SEED_CALENDAR = new WorkingDayCalendar([...CALENDAR_SEED]);

/** One key per role, each wrapped in a CaseClient. */
export interface Actors {
  clerk: CaseClient;
  officer: CaseClient;
  sup: CaseClient;
  reporter: CaseClient;
  /** The raw API keys, for requests CaseClient does not wrap. */
  keys: { clerk: string; officer: string; sup: string; reporter: string };
}

export async function makeActors(t: TestApp): Promise<Actors> {
  const keys = {
    clerk: await t.createKey(['CLERK']),
    officer: await t.createKey(['OFFICER']),
    sup: await t.createKey(['SUPERVISOR']),
    reporter: await t.createKey(['REPORTER']),
  };
  return {
    clerk: new CaseClient(t.http, keys.clerk),
    officer: new CaseClient(t.http, keys.officer),
    sup: new CaseClient(t.http, keys.sup),
    reporter: new CaseClient(t.http, keys.reporter),
    keys,
  };
}

/**
 * A calendar of legal dates for a case of each regime, in the order the procedure uses them. L2017 cases are received
 * in 2021 (the seed report's year), L2023 cases in 2024 (the first year of the revised law).
 */
export interface RegimeDates {
  received: string;
  /** A refusal, withdrawal or correction notice within the acceptance review (L23 30 ¶2, 31 ¶1; L17 17; R07 29). */
  refused: string;
  /** The last day of the acceptance review of the application (5 working days, L17 17, 40; L23 30, 88). */
  reviewEnds: string;
  /** A refusal within the fresh review after the corrected materials arrived (L23 31 ¶3). */
  refusedAfterCorrection: string;
  correctionRequested: string;
  correctionDue: string;
  correctionReceived: string;
  accepted: string;
  copySent: string;
  replyReceived: string;
  suspended: string;
  resumed: string;
  mediationStarted: string;
  extended: string;
  decided: string;
  served: string;
  closed: string;
}

export function datesFor(year: number): RegimeDates {
  const y = String(year);
  const received = `${y}-03-01`;
  return {
    received,
    refused: `${y}-03-04`,
    reviewEnds: SEED_CALENDAR.addWorkingDays(received, 5).dueDate,
    refusedAfterCorrection: `${y}-03-12`,
    correctionRequested: `${y}-03-02`,
    correctionDue: `${y}-03-16`,
    correctionReceived: `${y}-03-10`,
    accepted: `${y}-03-18`,
    copySent: `${y}-03-19`,
    replyReceived: `${y}-03-28`,
    suspended: `${y}-04-01`,
    resumed: `${y}-04-15`,
    mediationStarted: `${y}-04-20`,
    extended: `${y}-05-06`,
    decided: `${y}-05-10`,
    served: `${y}-05-15`,
    closed: `${y}-06-01`,
  };
}

/**
 * The legal acceptance date of a case received on `d.received` and accepted on `d.accepted` (after the review ran
 * out): the day of receipt under L17 17 ¶2, the review's last day under L23 30 ¶3.
 */
export function legalAcceptanceDate(regime: Regime, d: RegimeDates): string {
  return regime === 'L2017' ? d.received : d.reviewEnds;
}

/** A registration body received on `receivedOn`; the regime follows from the date unless overridden. */
export function registrationOn(receivedOn: string, overrides: Json = {}): Json {
  const year = receivedOn.slice(0, 4);
  const base = registration({ receivedOn });
  return {
    ...base,
    contestedAct: {
      ...(base.contestedAct as Json),
      madeOn: `${year}-02-01`,
      knownOn: `${year}-02-03`,
      documentNumber: `台市监罚〔${year}〕15号`,
    },
    ...overrides,
  };
}

/** Fails with the response body in the message, so a broken step says why. */
export function expectStatus(res: Response, status: number, what = ''): void {
  if (res.status !== status) {
    throw new Error(`${what || 'request'}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Performs an action that must succeed; returns the case view. */
export async function step(client: CaseClient, id: string, action: string, body: Json): Promise<CaseJson> {
  const res = await client.act(id, action, body);
  expectStatus(res, 200, action);
  return res.body as CaseJson;
}

export async function registerCase(client: CaseClient, receivedOn: string, overrides: Json = {}): Promise<string> {
  const res = await client.register(registrationOn(receivedOn, overrides));
  expectStatus(res, 201, 'REGISTER');
  return (res.body as { id: string }).id;
}

export async function assignTwoHandlers(client: CaseClient, id: string): Promise<void> {
  expectStatus(await client.assignHandlers(id, ['王明', '李华']), 200, 'PUT /handlers');
}

/**
 * RECEIVED → ACCEPTED (OFFICER) → UNDER_REVIEW (SEND_COPY by OFFICER) → reply recorded (CLERK) → two handlers
 * assigned (R07 32). Under L2023 acceptance names the procedure (L23 36).
 */
export async function toUnderReview(
  a: Actors,
  id: string,
  regime: Regime,
  d: RegimeDates,
  accept: Json = {},
): Promise<void> {
  await step(a.officer, id, 'ACCEPT', {
    occurredOn: d.accepted,
    ...(regime === 'L2023' ? { procedure: 'ORDINARY' } : {}),
    ...accept,
  });
  await step(a.officer, id, 'SEND_COPY', { occurredOn: d.copySent });
  await step(a.clerk, id, 'RECEIVE_REPLY', { occurredOn: d.replyReceived, evidenceSubmitted: true });
  // L23 49: an ordinary L2023 case is decided only after hearing the parties; L17 22 allows it under L2017 too.
  await step(a.officer, id, 'HEAR_OPINIONS', { occurredOn: d.replyReceived, result: 'HEARD', method: 'IN_PERSON' });
  await assignTwoHandlers(a.officer, id);
}

/** The history of the actions that `toUnderReview` records. */
export const REVIEW_PATH = ['REGISTER', 'ACCEPT', 'SEND_COPY', 'RECEIVE_REPLY', 'HEAR_OPINIONS', 'ASSIGN_HANDLERS'];

/** A decision approved by the organ's head on its own date (L17 28; L23 61). */
export const ORGAN_HEAD_APPROVAL = (approvedOn: string): Json => ({
  kind: 'ORGAN_HEAD_APPROVAL',
  approverName: '张县长',
  approvedOn,
});

/**
 * A DECIDE body approved by the organ's head (L17 28; L23 61); ORDERED_TO_PERFORM gets a 30-day time limit
 * (L17 28(1)(2); L23 66). A dismissal must say which it is (R07 48 ¶1; L23 33 / 69): unless `extra` names it,
 * the procedural dismissal of the application (DISMISSED_APPLICATION), which fits any contested act;
 * DISMISSED_CLAIM needs a non-performance case. `extra` overrides any of these.
 */
export function decideBody(decisionType: string, occurredOn: string, legalBasis: string, extra: Json = {}): Json {
  return {
    occurredOn,
    decisionType,
    documentNumber: `台政复决字〔${occurredOn.slice(0, 4)}〕${decisionType}号`,
    legalBasis,
    reasons: '经审理查明，据此作出决定。',
    ...(decisionType === 'DISMISSED' ? { outcomeDetail: 'DISMISSED_APPLICATION' } : {}),
    approval: ORGAN_HEAD_APPROVAL(occurredOn),
    ...(decisionType === 'ORDERED_TO_PERFORM' ? { performanceDeadlineDays: 30 } : {}),
    ...extra,
  };
}

/**
 * An EXTEND body with the approval the regime requires — the organ's head under L2017 (L17 31), the office's head
 * under L2023 (L23 62) — and the parties told the same day.
 */
export function extendBody(regime: Regime, occurredOn: string, days: number, extra: Json = {}): Json {
  return {
    occurredOn,
    days,
    reasons: '案情复杂',
    approval: {
      kind: regime === 'L2017' ? 'ORGAN_HEAD_APPROVAL' : 'OFFICE_HEAD_APPROVAL',
      approverName: regime === 'L2017' ? '张县长' : '李主任',
      approvedOn: occurredOn,
    },
    partiesNotifiedOn: occurredOn,
    ...extra,
  };
}

export interface HistoryEvent {
  seq: number;
  action: string;
  occurredOn: string;
  stateBefore: string | null;
  stateAfter: string;
  legalBasis: string | null;
  payload: Json;
  undoesSeq: number | null;
  undone: boolean;
}

export async function historyOf(client: CaseClient, id: string): Promise<HistoryEvent[]> {
  const res = await client.history(id);
  expectStatus(res, 200, 'GET /history');
  return (res.body as { events: HistoryEvent[] }).events;
}

export async function historyActions(client: CaseClient, id: string): Promise<string[]> {
  return (await historyOf(client, id)).map((e) => e.action);
}

export async function availableActions(client: CaseClient, id: string): Promise<string[]> {
  const res = await client.actions(id);
  expectStatus(res, 200, 'GET /actions');
  return (res.body as { actions: Array<{ action: string }> }).actions.map((x) => x.action);
}

export async function caseView(client: CaseClient, id: string): Promise<CaseJson> {
  const res = await client.get(id);
  expectStatus(res, 200, 'GET /cases/{id}');
  return res.body as CaseJson;
}

/** Tomorrow on the China calendar: always "in the future" for the service. */
export function tomorrowInChina(): string {
  return addDays(todayInChina(), 1);
}
