import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CaseEventEntity } from './case-event.entity';

export type NewCaseEvent = Omit<CaseEventEntity, 'id' | 'recordedAt'>;

@Injectable()
export class CaseEventRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, event: NewCaseEvent): Promise<CaseEventEntity> {
    const repo = manager.getRepository(CaseEventEntity);
    // insert(), not save(): save() would SELECT first and could attempt an UPDATE, which the table refuses anyway.
    const result = await repo.insert(repo.create(event) as Parameters<typeof repo.insert>[0]);
    const id = (result.identifiers[0] as { id: string }).id;
    return repo.findOneByOrFail({ id });
  }

  listForCase(caseId: string, manager?: EntityManager): Promise<CaseEventEntity[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(CaseEventEntity)
      .find({ where: { caseId }, order: { seq: 'ASC' } });
  }
}
