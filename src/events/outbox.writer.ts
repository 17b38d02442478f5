import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseCommitted, PendingCommit } from '../cases/case-committed';
import type { WriteStep } from '../database/write-statement';
import type { CaseActEventData, DeadlineEventData } from './cloud-event.view';
import { caseEventType } from './event-types';

/** What a new outbox row holds: the CloudEvent minus what the database assigns (id, time, position). */
export interface NewOutboxEvent {
  type: string;
  caseId: string;
  organId: string;
  /** The case's version the event is about: the feed orders a case's events by it. */
  caseSeq: number;
  caseEventId: string | null;
  data: CaseActEventData | DeadlineEventData;
}

/**
 * Writes the outbox row of every committed act, as a subscriber of the write side (CaseCommitPublisher): in the
 * act's transaction, so the event exists if and only if the act was committed (issue 15 pt 2). One INSERT, no read.
 * The data holds the history's payload as stored: personal values are vault references (`pd:…`), never plaintext,
 * and are resolved or masked for each reader when the event is read (PersonalDataPresenter).
 */
@Injectable()
export class OutboxWriter {
  /**
   * The outbox row as a step of the act's commit statement (CaseCommitPublisher): written with the event it announces
   * (`act_event`, whose identity it takes) and the case's number as the statement wrote it (`act_case`: a
   * registration's is assigned there).
   */
  planCaseCommitted(pending: PendingCommit): WriteStep[] {
    const row = outboxEventOf({ case: pending.case, event: { ...pending.event, id: '0', recordedAt: new Date(0) } });
    return [
      {
        sql: `INSERT INTO event_outbox (type, case_id, organ_id, case_seq, case_event_id, data)
              SELECT $1, $2::uuid, $3::uuid, $4::int, e.id, jsonb_set($5::jsonb, '{caseNumber}', to_jsonb(c.case_number))
                FROM act_event e, act_case c`,
        params: [row.type, row.caseId, row.organId, row.caseSeq, JSON.stringify(row.data)],
      },
    ];
  }

  /** Many acts of one transaction (the ledger import's batches): one statement. */
  async onCasesCommitted(manager: EntityManager, notices: readonly CaseCommitted[]): Promise<void> {
    await insertOutboxEvents(manager, notices.map(outboxEventOf));
  }
}

function outboxEventOf({ case: entity, event }: Pick<CaseCommitted, 'case' | 'event'>): NewOutboxEvent {
  const data: CaseActEventData = {
    caseId: entity.id,
    caseNumber: entity.caseNumber,
    organId: entity.organId,
    action: event.action,
    state: event.stateAfter,
    stateBefore: event.stateBefore,
    version: entity.version,
    legalDate: event.occurredOn,
    legalBasis: event.legalBasis,
    concludedOn: entity.concludedOn,
    outcome: entity.outcome,
    act: outboxAct(event.action, event.payload),
  };
  return {
    type: caseEventType(event.action),
    caseId: entity.id,
    organId: entity.organId,
    caseSeq: event.seq,
    caseEventId: String(event.id),
    data,
  };
}

/**
 * The act as the event carries it: the history's payload, except that an IMPORT's leaves out `facts`, the
 * projection the ledger's dates were folded into (the event's state, concludedOn and outcome say what a subscriber
 * needs of it; GET /v1/cases/{id} has the rest). Written 100,000 times by a ledger import, it was most of each
 * event's size, and of the cost of writing and sequencing the events.
 */
function outboxAct(action: string, payload: Record<string, unknown>): Record<string, unknown> {
  if (action !== 'IMPORT') {
    return payload;
  }
  const { facts: _facts, ...act } = payload;
  return act;
}

/** One statement for any number of events (the deadline check writes them in batches). */
export async function insertOutboxEvents(manager: EntityManager, events: readonly NewOutboxEvent[]): Promise<void> {
  if (events.length === 0) {
    return;
  }
  await manager.query(
    `INSERT INTO event_outbox (type, case_id, organ_id, case_seq, case_event_id, data)
     SELECT e.type, e.case_id, e.organ_id, e.case_seq, e.case_event_id, e.data
       FROM jsonb_to_recordset($1::jsonb)
         AS e(type text, case_id uuid, organ_id uuid, case_seq int, case_event_id bigint, data jsonb)`,
    [
      JSON.stringify(
        events.map((e) => ({
          type: e.type,
          case_id: e.caseId,
          organ_id: e.organId,
          case_seq: e.caseSeq,
          case_event_id: e.caseEventId,
          data: e.data,
        })),
      ),
    ],
  );
}
