import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { READ_DATA_SOURCE } from '../database/read-data-source';
import { TERMINAL_STATES } from '../workflow/transition-table';

export interface OpenCasesRow {
  organ: string;
  state: string;
  count: number;
}

export interface OverdueClocksRow {
  organ: string;
  clock: string;
  count: number;
}

/** Not open: the final states, and CLOSED (a closed file only records the follow-up), as the work queues count it. */
const NOT_OPEN = [...TERMINAL_STATES, 'CLOSED'];

/**
 * The two counts the scrape shows, each one grouped query over an index (so a scrape costs an index scan, not a walk
 * of the cases), on the read data source (a replica when configured: a scrape never competes with officers' writes).
 * Organs are named by their code, never by id: the metrics carry no identifiers.
 */
@Injectable()
export class MetricsRepository {
  constructor(@Inject(READ_DATA_SOURCE) private readonly read: DataSource) {}

  /** Cases not in a final state, per organ and state: an index-only scan of case_organ_state (organ_id, state). */
  async openCases(): Promise<OpenCasesRow[]> {
    const rows: Array<{ organ: string; state: string; count: string }> = await this.read.query(
      `SELECT o.code AS organ, s.state, s.count
         FROM (SELECT organ_id, state, count(*) AS count
                 FROM reconsideration_case
                WHERE state <> ALL($1::text[])
                GROUP BY organ_id, state) s
         JOIN organ o ON o.id = s.organ_id`,
      [NOT_OPEN],
    );
    return rows.map((r) => ({ organ: r.organ, state: r.state, count: Number(r.count) }));
  }

  /**
   * Open clocks whose due date has passed, per organ and clock (what the OVERDUE work queue lists): the partial index
   * case_deadline_open_due (organ_id, due_on, …) WHERE open.
   */
  async overdueClocks(today: string): Promise<OverdueClocksRow[]> {
    const rows: Array<{ organ: string; clock: string; count: string }> = await this.read.query(
      `SELECT o.code AS organ, d.clock, d.count
         FROM (SELECT organ_id, clock, count(*) AS count
                 FROM case_deadline
                WHERE open AND due_on < $1::date
                GROUP BY organ_id, clock) d
         JOIN organ o ON o.id = d.organ_id`,
      [today],
    );
    return rows.map((r) => ({ organ: r.organ, clock: r.clock, count: Number(r.count) }));
  }
}
