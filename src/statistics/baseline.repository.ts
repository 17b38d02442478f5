import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { andWhereOrganInScope } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { BaselineEntity } from './baseline.entity';

/** A baseline with the one that replaced it, if any (the newest of an organ and period has none: it is active). */
export interface BaselineRow {
  baseline: BaselineEntity;
  supersededBy: string | null;
}

/** SQL of the declared baselines (table statistics_baseline, append-only). */
@Injectable()
export class BaselineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts a baseline as the active one of its organ and period: it supersedes the active one, if any. One
   * transaction under an advisory lock of the (organ, period), so that two concurrent declarations form a chain (the
   * second supersedes the first) instead of both replacing the same one; the unique indexes are the guarantee.
   */
  declare(row: Omit<BaselineEntity, 'id' | 'createdAt' | 'supersedes'>): Promise<BaselineEntity> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `statistics_baseline:${row.organId}:${row.periodFrom}:${row.periodTo}`,
      ]);
      const active = await this.active(row.organId, row.periodFrom, row.periodTo, m);
      const repo = m.getRepository(BaselineEntity);
      return repo.save(repo.create({ ...row, supersedes: active?.id ?? null }));
    });
  }

  /** The active baseline of an organ for exactly [from, to]: the one no other replaced. */
  active(
    organId: string,
    from: string,
    to: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<BaselineEntity | null> {
    return m
      .getRepository(BaselineEntity)
      .createQueryBuilder('b')
      .where('b.organ_id = :organId AND b.period_from = :from AND b.period_to = :to', { organId, from, to })
      .andWhere('NOT EXISTS (SELECT 1 FROM statistics_baseline n WHERE n.supersedes = b.id)')
      .getOne();
  }

  async findById(id: string): Promise<BaselineRow | null> {
    const baseline = await this.dataSource.getRepository(BaselineEntity).findOneBy({ id });
    if (!baseline) {
      return null;
    }
    const next = await this.dataSource.getRepository(BaselineEntity).findOneBy({ supersedes: id });
    return { baseline, supersededBy: next?.id ?? null };
  }

  /** Newest first, of the caller's organs only, active and superseded alike. */
  async list(organId: string | undefined, limit: number, actor: Actor): Promise<BaselineRow[]> {
    const qb = this.dataSource
      .getRepository(BaselineEntity)
      .createQueryBuilder('b')
      .orderBy('b.created_at', 'DESC')
      .addOrderBy('b.id')
      .limit(limit);
    andWhereOrganInScope(qb, actor, 'b.organ_id');
    if (organId) {
      qb.andWhere('b.organ_id = :organId', { organId });
    }
    const rows = await qb.getMany();
    const ids = rows.map((r) => r.id);
    const successors =
      ids.length === 0
        ? []
        : await this.dataSource
            .getRepository(BaselineEntity)
            .createQueryBuilder('n')
            .where('n.supersedes IN (:...ids)', { ids })
            .getMany();
    const by = new Map(successors.map((n) => [n.supersedes, n.id]));
    return rows.map((baseline) => ({ baseline, supersededBy: by.get(baseline.id) ?? null }));
  }
}
