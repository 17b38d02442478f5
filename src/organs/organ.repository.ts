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

  /**
   * The organ and every organ below it (children, grandchildren …), by a recursive walk down parent_id
   * (index organ_parent). UNION, not UNION ALL: the walk ends even if a cycle had been written past the trigger.
   * Empty for an unknown organ.
   */
  async descendantIds(organId: string, manager?: EntityManager): Promise<string[]> {
    const rows = await (manager ?? this.dataSource.manager).query<Array<{ id: string }>>(
      `WITH RECURSIVE tree(id) AS (
         SELECT id FROM organ WHERE id = $1
         UNION
         SELECT o.id FROM organ o JOIN tree t ON o.parent_id = t.id
       )
       SELECT id FROM tree`,
      [organId],
    );
    return rows.map((r) => r.id);
  }

  /** Organs by id (any order; unknown ids are left out). */
  findByIds(ids: readonly string[]): Promise<OrganEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo().findBy({ id: In([...ids]) });
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
