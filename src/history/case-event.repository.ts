import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CaseEventEntity } from './case-event.entity';

export type NewCaseEvent = Omit<CaseEventEntity, 'id' | 'recordedAt'>;

@Injectable()
export class CaseEventRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One INSERT: insert(), not save(), which would SELECT first and could attempt an UPDATE the table refuses. */
  async append(manager: EntityManager, event: NewCaseEvent): Promise<void> {
    const repo = manager.getRepository(CaseEventEntity);
    await repo.insert(repo.create(event) as Parameters<typeof repo.insert>[0]);
  }

  listForCase(caseId: string, manager?: EntityManager): Promise<CaseEventEntity[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(CaseEventEntity)
      .find({ where: { caseId }, order: { seq: 'ASC' } });
  }
}
