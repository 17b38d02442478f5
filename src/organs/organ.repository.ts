import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { andWhereOrganInScope } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { OrganEntity } from './organ.entity';

@Injectable()
export class OrganRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(OrganEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<OrganEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findByCode(code: string, manager?: EntityManager): Promise<OrganEntity | null> {
    return this.repo(manager).findOneBy({ code });
  }

  async findIds(ids: readonly string[]): Promise<string[]> {
    const rows = await this.repo().find({ select: { id: true }, where: { id: In([...ids]) } });
    return rows.map((r) => r.id);
  }

  /** The organs the caller may see (organ scope), by code. */
  list(actor: Pick<Actor, 'organIds'>): Promise<OrganEntity[]> {
    const qb = this.repo().createQueryBuilder('o').orderBy('o.code', 'ASC');
    return andWhereOrganInScope(qb, actor, 'o.id').getMany();
  }

  insert(organ: Partial<OrganEntity>): Promise<OrganEntity> {
    return this.repo().save(this.repo().create(organ));
  }

  async update(id: string, changes: Partial<OrganEntity>): Promise<void> {
    await this.repo().update({ id }, changes);
  }
}
