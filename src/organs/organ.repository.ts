import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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

  list(): Promise<OrganEntity[]> {
    return this.repo().find({ order: { code: 'ASC' } });
  }

  insert(organ: Partial<OrganEntity>): Promise<OrganEntity> {
    return this.repo().save(this.repo().create(organ));
  }

  async update(id: string, changes: Partial<OrganEntity>): Promise<void> {
    await this.repo().update({ id }, changes);
  }
}
