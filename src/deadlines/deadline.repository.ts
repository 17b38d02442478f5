import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { organScopeCondition } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { CaseEntity } from '../cases/case.entity';
import { insertRows } from '../database/insert-rows';
import { columnsSetBy, rowJson } from '../database/row-json';
import type { WriteStep } from '../database/write-statement';
import { CaseDeadlineEntity } from './case-deadline.entity';

/** A stored clock as the service computes it (computed_at is the database's). */
export type StoredClock = Omit<CaseDeadlineEntity, 'computedAt' | 'case'>;
import type { ClockName } from '../workflow/clocks';

export interface QueueFilter {
  organId: string;
  /** The caller's organ scope; the organ was chosen within it, and the SQL says so again (src/auth/organ-scope.ts). */
  scope: Pick<Actor, 'organIds'>;
  status: 'OVERDUE' | 'DUE_SOON' | 'CALENDAR_MISSING';
  today: string;
  /** DUE_SOON: due on or before this date. */
  until?: string;
  clock?: ClockName;
  handler?: string;
  limit: number;
  after?: { sortValue: string; id: string };
}

export interface QueueRow {
  case_id: string;
  case_number: string;
  state: string;
  clock: ClockName;
  due_on: string | null;
  provisional: boolean;
  legal_basis: string;
  handler_names: string[];
  cursor_id: string;
}

const TERMINAL = `('NOT_ACCEPTED','INFORMED','DEEMED_WITHDRAWN','WITHDRAWN','TRANSFERRED','TERMINATED','CLOSED')`;

@Injectable()
export class DeadlineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  forCase(caseId: string, manager?: EntityManager): Promise<CaseDeadlineEntity[]> {
    return (manager ?? this.dataSource.manager).getRepository(CaseDeadlineEntity).findBy({ caseId });
  }

  /** Every stored clock of the cases named, replaced by `rows` (the ledger import's batches): two statements. */
  async replaceForCases(
    manager: EntityManager,
    caseIds: readonly string[],
    rows: readonly StoredClock[],
  ): Promise<void> {
    await manager.query('DELETE FROM case_deadline WHERE case_id = ANY($1::uuid[])', [caseIds]);
    await insertRows(manager, CaseDeadlineEntity, rows);
  }

  async replaceForCase(manager: EntityManager, caseId: string, rows: StoredClock[]): Promise<void> {
    const repo = manager.getRepository(CaseDeadlineEntity);
    const keep = rows.map((r) => r.clock);
    await repo
      .createQueryBuilder()
      .delete()
      .where('case_id = :caseId', { caseId })
      .andWhere(keep.length ? 'clock NOT IN (:...keep)' : 'TRUE', { keep })
      .execute();
    if (rows.length > 0) {
      await repo.upsert(rows, ['caseId', 'clock']);
    }
  }

  /**
   * replaceForCase as steps of the act's commit statement (composeStatement), written only if the case was
   * (`act_case`): the clocks no longer stored are deleted, the others upserted. Disjoint rows, so one statement may
   * do both.
   */
  replaceSteps(caseId: string, rows: readonly StoredClock[]): WriteStep[] {
    const steps: WriteStep[] = [
      {
        sql: `DELETE FROM case_deadline d USING act_case WHERE d.case_id = $1 AND d.clock <> ALL($2::text[])`,
        params: [caseId, rows.map((r) => r.clock)],
      },
    ];
    if (rows.length > 0) {
      const columns = columnsSetBy(this.dataSource.getMetadata(CaseDeadlineEntity).columns, rows[0]!).filter(
        (c) => c.databaseName !== 'computed_at',
      );
      const names = columns.map((c) => `"${c.databaseName}"`);
      const updated = columns.filter((c) => c.databaseName !== 'case_id' && c.databaseName !== 'clock');
      steps.push({
        sql: `INSERT INTO case_deadline (${names.join(', ')})
              SELECT ${names.map((n) => `r.${n}`).join(', ')}
                FROM jsonb_populate_recordset(NULL::case_deadline, $1::jsonb) r, act_case
              ON CONFLICT (case_id, clock) DO UPDATE
                SET ${updated.map((c) => `"${c.databaseName}" = EXCLUDED."${c.databaseName}"`).join(', ')}, computed_at = now()`,
        params: [JSON.stringify(rows.map((r) => rowJson(columns, r)))],
      });
    }
    return steps;
  }

  /**
   * Cases whose clocks can still change: not in a final state, or with a remake clock still open, or with a stored
   * date computed from a provisional calendar year or waiting for a missing one (whatever the case's state).
   */
  async openCaseIds(manager: EntityManager, afterId: string | null, batch: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM reconsideration_case
        WHERE (state NOT IN ${TERMINAL}
               OR id IN (SELECT case_id FROM case_deadline WHERE open OR provisional OR calendar_missing))
          AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      [afterId, batch],
    );
    return rows.map((r) => r.id);
  }

  findCases(manager: EntityManager, ids: string[]): Promise<CaseEntity[]> {
    return manager.getRepository(CaseEntity).createQueryBuilder('c').where('c.id IN (:...ids)', { ids }).getMany();
  }

  /** The work queue: served by the partial index case_deadline_open_due (see EXPLAIN in the README). */
  async queue(filter: QueueFilter): Promise<QueueRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (filter.status === 'CALENDAR_MISSING') {
      where.push('d.calendar_missing');
    } else {
      where.push('d.open');
      where.push(
        filter.status === 'OVERDUE'
          ? `d.due_on < ${p(filter.today)}::date`
          : `d.due_on BETWEEN ${p(filter.today)}::date AND ${p(filter.until)}::date`,
      );
    }
    where.push(`d.organ_id = ${p(filter.organId)}::uuid`);
    where.push(organScopeCondition(filter.scope, 'd.organ_id', p));
    if (filter.clock) {
      where.push(`d.clock = ${p(filter.clock)}`);
    }
    if (filter.handler) {
      where.push(`c.handler_names @> ARRAY[${p(filter.handler)}]::text[]`);
    }
    // The open queues (OVERDUE, DUE_SOON) all have a due date and are read in the order of case_deadline_open_due
    // (organ, due_on, case, clock), so a page stops after its rows whatever the number of open clocks. Clocks
    // missing a calendar have no due date; they are few and ordered by case and clock.
    const open = filter.status !== 'CALENDAR_MISSING';
    const order = open ? ['d.due_on', 'd.case_id', 'd.clock'] : ['d.case_id', 'd.clock'];
    if (filter.after) {
      // The cursor id is the case id (36 characters) followed by the clock name.
      const position = [
        ...(open ? [`${p(filter.after.sortValue)}::date`] : []),
        `${p(filter.after.id.slice(0, 36))}::uuid`,
        p(filter.after.id.slice(36)),
      ];
      where.push(`(${order.join(', ')}) > (${position.join(', ')})`);
    }
    return this.dataSource.query(
      `SELECT d.case_id, c.case_number, c.state, d.clock, d.due_on, d.provisional, d.legal_basis, c.handler_names, d.case_id::text || d.clock AS cursor_id
         FROM case_deadline d JOIN reconsideration_case c ON c.id = d.case_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${order.join(', ')}
        LIMIT ${p(filter.limit + 1)}`,
      params,
    );
  }
}
