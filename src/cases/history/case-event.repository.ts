import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { insertRows } from '../../database/insert-rows';
import { columnsSetBy, rowJson } from '../../database/row-json';
import type { WriteStep } from '../../database/write-statement';
import { CaseEventEntity } from './case-event.entity';

export type NewCaseEvent = Omit<CaseEventEntity, 'id' | 'recordedAt'>;

@Injectable()
export class CaseEventRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One INSERT: insert(), not save(), which would SELECT first and could attempt an UPDATE the table refuses. */
  async append(manager: EntityManager, event: NewCaseEvent): Promise<CaseEventEntity> {
    const repo = manager.getRepository(CaseEventEntity);
    const entity = repo.create(event);
    // INSERT … RETURNING gives the identity and recorded_at: the commit notice carries the event as stored.
    const result = await repo.insert(entity as Parameters<typeof repo.insert>[0]);
    return Object.assign(entity, result.generatedMaps[0]);
  }

  /**
   * The event as the step `act_event` of its case's commit statement (composeStatement), after `act_case`: appended
   * only if the case was written, RETURNING the identity and recorded_at. `numberFromCase`: the payload's caseNumber
   * is the one the statement assigned (a registration's, rendered in SQL).
   */
  appendStep(event: NewCaseEvent, options: { numberFromCase?: boolean } = {}): WriteStep {
    const columns = columnsSetBy(this.dataSource.getMetadata(CaseEventEntity).columns, event).filter(
      (c) => c.databaseName !== 'id' && c.databaseName !== 'recorded_at',
    );
    const select = columns.map((c) =>
      c.databaseName === 'payload' && options.numberFromCase
        ? `jsonb_set(r.payload, '{caseNumber}', to_jsonb(c.case_number))`
        : `r."${c.databaseName}"`,
    );
    return {
      sql: `INSERT INTO case_event (${columns.map((c) => `"${c.databaseName}"`).join(', ')})
            SELECT ${select.join(', ')}
              FROM jsonb_populate_record(NULL::case_event, $1::jsonb) r, act_case c
            RETURNING id, recorded_at`,
      params: [JSON.stringify(rowJson(columns, event))],
    };
  }

  /** Many events in one statement (the ledger import's batches), each returned with its identity and recorded_at. */
  async appendMany(manager: EntityManager, events: readonly NewCaseEvent[]): Promise<CaseEventEntity[]> {
    const stored = await insertRows(manager, CaseEventEntity, events, ['id', 'case_id', 'seq', 'recorded_at']);
    const byKey = new Map(stored.map((r) => [`${String(r.case_id)}:${Number(r.seq)}`, r]));
    return events.map((e) => {
      const row = byKey.get(`${e.caseId}:${e.seq}`)!;
      return Object.assign(new CaseEventEntity(), e, { id: String(row.id), recordedAt: row.recorded_at as Date });
    });
  }

  listForCase(caseId: string, manager?: EntityManager): Promise<CaseEventEntity[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(CaseEventEntity)
      .find({ where: { caseId }, order: { seq: 'ASC' } });
  }
}
