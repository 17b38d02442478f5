import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import type { CaseAction, LegalRegime } from '../../../src/code-lists/code-lists';
import { replay } from '../../../src/workflow/case-reducer';
import { readTestState, withDatabase } from '../../support/test-state';

export interface EmptyDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: readTestState().adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A new, EMPTY database on the run's test server (no schema: the service processes must migrate it themselves).
 * Named like createTestDatabase()'s clones, so that the global teardown of an external server drops it too.
 */
export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const state = readTestState();
  const name = `rcs_t_${state.runId}_f${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabase(state.adminUrl, name),
    name,
    drop: () =>
      withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

interface CaseRow {
  id: string;
  case_number: string;
  organ_id: string;
  received_year: number;
  sequence: number;
  state: string;
  outcome: string | null;
  procedure: string | null;
  accepted_on: string | null;
  decided_on: string | null;
  concluded_on: string | null;
  facts: Record<string, unknown>;
  handlers: unknown[];
  version: number;
}

interface EventRow {
  case_id: string;
  seq: number;
  action: CaseAction;
  occurred_on: string;
  payload: Record<string, unknown>;
  undoes_seq: number | null;
  state_before: string | null;
  state_after: string;
}

export interface ConsistencyReport {
  cases: number;
  events: number;
  problems: string[];
}

/**
 * The crash-recovery invariant, checked on the stored rows: for every case the projection (reconsideration_case)
 * equals replay(registration, history) — facts, state and the denormalised columns — version = max(seq) with seqs
 * 1…n, the last event's state_after is the projection's state (no event without its state change and no state
 * change without its event), the states chain from event to event, no event belongs to a missing case, and every
 * case_number_sequence.last_seq equals the highest (gap-free) sequence of its organ and year.
 */
export async function checkConsistency(client: Client): Promise<ConsistencyReport> {
  const problems: string[] = [];
  const cases = (
    await client.query<CaseRow>(
      `SELECT id, case_number, organ_id, received_year, sequence, state, outcome, procedure,
              accepted_on::text AS accepted_on, decided_on::text AS decided_on, concluded_on::text AS concluded_on,
              facts, handlers, version
         FROM reconsideration_case ORDER BY organ_id, received_year, sequence`,
    )
  ).rows;
  const events = (
    await client.query<EventRow>(
      `SELECT case_id, seq, action, occurred_on::text AS occurred_on, payload, undoes_seq, state_before, state_after
         FROM case_event ORDER BY case_id, seq`,
    )
  ).rows;
  const byCase = new Map<string, EventRow[]>();
  for (const e of events) {
    const list = byCase.get(e.case_id) ?? [];
    list.push(e);
    byCase.set(e.case_id, list);
  }
  const caseIds = new Set(cases.map((c) => c.id));
  for (const caseId of byCase.keys()) {
    if (!caseIds.has(caseId)) {
      problems.push(`events of case ${caseId}, which has no projection row`);
    }
  }
  for (const c of cases) {
    const where = `${c.case_number} (${c.id})`;
    const history = byCase.get(c.id) ?? [];
    const first = history[0];
    if (!first) {
      problems.push(`${where}: projection without any event`);
      continue;
    }
    const seqs = history.map((e) => e.seq);
    if (
      !isDeepStrictEqual(
        seqs,
        Array.from({ length: history.length }, (_, i) => i + 1),
      )
    ) {
      problems.push(`${where}: event seqs are not 1…n: ${seqs.join(',')}`);
    }
    const last = history[history.length - 1] as EventRow;
    if (c.version !== last.seq) {
      problems.push(`${where}: version ${c.version} but max(seq) ${last.seq}`);
    }
    if (first.action !== 'REGISTER' || first.state_before !== null || first.state_after !== 'RECEIVED') {
      problems.push(`${where}: history does not start with REGISTER → RECEIVED`);
    }
    for (let i = 1; i < history.length; i++) {
      const prev = history[i - 1] as EventRow;
      const e = history[i] as EventRow;
      if (e.state_before !== prev.state_after) {
        problems.push(
          `${where}: event ${e.seq} ${e.action} starts in ${e.state_before}, previous ended in ${prev.state_after}`,
        );
      }
    }
    if (last.state_after !== c.state) {
      problems.push(
        `${where}: last event ${last.seq} ${last.action} ends in ${last.state_after}, projection is ${c.state}`,
      );
    }
    const registration = first.payload as { legalRegime: LegalRegime; receivedOn: string };
    let replayed: Record<string, unknown>;
    try {
      const facts = replay(
        { legalRegime: registration.legalRegime, receivedOn: registration.receivedOn },
        history.map((e) => ({
          seq: e.seq,
          action: e.action,
          occurredOn: e.occurred_on,
          payload: e.payload,
          undoesSeq: e.undoes_seq,
        })),
      );
      replayed = JSON.parse(JSON.stringify(facts)) as Record<string, unknown>; // as the jsonb column stores it
    } catch (error) {
      problems.push(`${where}: history does not replay: ${(error as Error).message}`);
      continue;
    }
    if (!isDeepStrictEqual(replayed, c.facts)) {
      const keys = [...new Set([...Object.keys(replayed), ...Object.keys(c.facts)])].filter(
        (k) => !isDeepStrictEqual(replayed[k], c.facts[k]),
      );
      problems.push(
        `${where}: stored facts differ from the replay in ${keys
          .map((k) => `${k} (stored ${JSON.stringify(c.facts[k])}, replay ${JSON.stringify(replayed[k])})`)
          .join('; ')}`,
      );
    }
    const columns: Array<[string, unknown, unknown]> = [
      ['state', c.state, replayed.state],
      ['outcome', c.outcome, replayed.outcome],
      ['procedure', c.procedure, replayed.procedure],
      ['accepted_on', c.accepted_on, replayed.acceptedOn],
      ['decided_on', c.decided_on, replayed.decidedOn],
      ['concluded_on', c.concluded_on, replayed.concludedOn],
      ['handlers (count)', c.handlers.length, replayed.handlerCount],
    ];
    for (const [column, stored, expected] of columns) {
      if (stored !== expected) {
        problems.push(`${where}: column ${column} is ${String(stored)}, the replay gives ${String(expected)}`);
      }
    }
  }
  const sequences = (
    await client.query<{ organ_id: string; year: number; last_seq: number; max: number | null; n: number }>(
      `SELECT s.organ_id, s.year, s.last_seq, max(c.sequence) AS max, count(c.id)::int AS n
         FROM case_number_sequence s
         LEFT JOIN reconsideration_case c ON c.organ_id = s.organ_id AND c.received_year = s.year
        GROUP BY s.organ_id, s.year, s.last_seq`,
    )
  ).rows;
  for (const s of sequences) {
    if (s.last_seq !== (s.max ?? 0) || s.n !== s.last_seq) {
      problems.push(
        `case_number_sequence ${s.organ_id}/${s.year}: last_seq ${s.last_seq}, max sequence ${s.max}, ${s.n} cases`,
      );
    }
  }
  const unsequenced = (
    await client.query<{ organ_id: string; received_year: number }>(
      `SELECT DISTINCT c.organ_id, c.received_year FROM reconsideration_case c
        WHERE NOT EXISTS (SELECT 1 FROM case_number_sequence s WHERE s.organ_id = c.organ_id AND s.year = c.received_year)`,
    )
  ).rows;
  for (const u of unsequenced) {
    problems.push(`cases of ${u.organ_id}/${u.received_year} have no case_number_sequence row`);
  }
  return { cases: cases.length, events: events.length, problems };
}
