import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { insertRows } from '../../database/insert-rows';
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
