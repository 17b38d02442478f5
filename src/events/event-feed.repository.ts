import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The advisory lock that makes sequencing one batch at a time across every instance (an arbitrary constant). */
const SEQUENCER_LOCK = 1_500_000_015;
/** At most this many events get their position in one batch (a backlog is worked off over several reads). */
const SEQUENCE_BATCH = 5000;

export interface OutboxRow {
  position: string;
  event_id: string;
  type: string;
  case_id: string;
  organ_id: string;
  case_seq: number;
  occurred_at: Date;
  data: Record<string, unknown>;
}

export interface FeedFilter {
  after: string;
  types: readonly string[] | null;
  /** null: every organ (the caller's scope, already expanded, else a chosen organ). */
  organIds: readonly string[] | null;
  limit: number;
}

/**
 * The feed's order (issue 15 pt 3). Outbox rows are inserted with no position, in the acts' transactions, and
 * commit in any order. The sequencer gives positions to the rows that are committed, one batch at a time under a
 * transaction-level advisory lock, continuing from the highest position. A batch becomes visible at once when its
 * transaction commits, and the next batch starts only after that (the lock is released at commit), so positions
 * become visible in increasing order: a reader who has seen position N will never later find a position below N.
 * That is the "ordered sequence assigned at commit": a row committed after a batch gets a later position.
 *
 * Within one batch the rows are ordered by the time they were written, except that a case's own events always take
 * the case's order (case_seq): the case's slots in the batch are given to its events sorted by case_seq. For acts,
 * the case row lock already makes case_seq the commit order.
 */
@Injectable()
export class EventFeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Positions for every committed, unsequenced row (up to one batch); returns how many were sequenced. */
  async sequence(manager: EntityManager): Promise<number> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SEQUENCER_LOCK]);
    const rows: unknown[] = await manager.query(
      `WITH batch AS (
         SELECT id, case_id, case_seq, occurred_at FROM event_outbox WHERE position IS NULL ORDER BY id LIMIT $1
       ), slots AS (
         SELECT case_id, row_number() OVER (ORDER BY occurred_at, id) AS slot FROM batch
       ), case_slots AS (
         SELECT case_id, slot, row_number() OVER (PARTITION BY case_id ORDER BY slot) AS k FROM slots
       ), case_rows AS (
         SELECT id, case_id, row_number() OVER (PARTITION BY case_id ORDER BY case_seq, id) AS k FROM batch
       ), head AS (
         SELECT coalesce(max(position), 0) AS p FROM event_outbox WHERE position IS NOT NULL
       )
       UPDATE event_outbox o SET position = head.p + s.slot
         FROM case_rows r JOIN case_slots s ON s.case_id = r.case_id AND s.k = r.k, head
        WHERE o.id = r.id
       RETURNING o.id`,
      [SEQUENCE_BATCH],
    );
    return rows.length;
  }

  /**
   * Sequences what is committed, then reads one page after `after` in feed order. The page and the head (the
   * highest position, where a reader at the end of the feed resumes) come from one statement, hence one snapshot:
   * a head never names a position the page could not have shown.
   */
  async readPage(filter: FeedFilter): Promise<{ rows: OutboxRow[]; head: string }> {
    await this.sequenceAll();
    const result: (Partial<OutboxRow> & { head: string })[] = await this.dataSource.query(
      `WITH head AS (
         SELECT coalesce(max(position), 0) AS p FROM event_outbox WHERE position IS NOT NULL
       ), page AS (
         SELECT position, event_id, type, case_id, organ_id, case_seq, occurred_at, data
           FROM event_outbox
          WHERE position > $1::bigint AND position <= (SELECT p FROM head)
            AND ($2::text[] IS NULL OR type = ANY($2::text[]))
            AND ($3::uuid[] IS NULL OR organ_id = ANY($3::uuid[]))
          ORDER BY position
          LIMIT $4
       )
       SELECT head.p::text AS head, page.position::text AS position, page.event_id, page.type, page.case_id,
              page.organ_id, page.case_seq, page.occurred_at, page.data
         FROM head LEFT JOIN page ON true
        ORDER BY page.position`,
      [filter.after, filter.types, filter.organIds, filter.limit],
    );
    const head = result[0]?.head ?? '0';
    return { rows: result.filter((r) => r.position !== null && r.position !== undefined) as OutboxRow[], head };
  }

  /** Sequences the whole committed backlog, one batch per transaction (after a bulk load it takes several). */
  async sequenceAll(): Promise<void> {
    while ((await this.dataSource.transaction((m) => this.sequence(m))) === SEQUENCE_BATCH) {
      // the next batch
    }
  }
}
