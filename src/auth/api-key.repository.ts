import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { CursorPosition } from '../common/http/pagination';
import { ApiKeyEntity } from './api-key.entity';

@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ApiKeyEntity);
  }

  findBySecretHash(secretHash: string): Promise<ApiKeyEntity | null> {
    return this.repo().findOneBy({ secretHash });
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.repo().findOneBy({ id });
  }

  insert(key: Partial<ApiKeyEntity>, manager?: EntityManager): Promise<ApiKeyEntity> {
    return this.repo(manager).save(this.repo(manager).create(key));
  }

  /** Newest first; keyset on (created_at, id). */
  list(options: {
    limit: number;
    after?: CursorPosition;
    includeRevoked: boolean;
    /** The lister's organ scope (null = every organ): only keys limited to some of those organs are listed. */
    organScope: readonly string[] | null;
  }): Promise<ApiKeyEntity[]> {
    const qb = this.repo().createQueryBuilder('k').orderBy('k.created_at', 'DESC').addOrderBy('k.id', 'DESC');
    if (options.organScope !== null) {
      // SQL form of coversOrgans (src/auth/organ-scope.ts).
      qb.andWhere('k.organ_ids IS NOT NULL AND k.organ_ids <@ :organScope::uuid[]', {
        organScope: [...options.organScope],
      });
    }
    if (!options.includeRevoked) {
      qb.andWhere('k.revoked_at IS NULL');
    }
    if (options.after) {
      qb.andWhere('(k.created_at, k.id) < (:sortValue::timestamptz, :id::uuid)', options.after);
    }
    return qb.limit(options.limit + 1).getMany();
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.repo().update({ id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }

  /** Runs `work` while holding a transaction-scoped advisory lock, so that concurrent instances bootstrap once. */
  withBootstrapLock<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('reconsideration:bootstrap-admin-key'))`);
      return work(manager);
    });
  }

  async countAll(manager: EntityManager): Promise<number> {
    return this.repo(manager).count();
  }

  async existsByHash(secretHash: string, manager: EntityManager): Promise<boolean> {
    return this.repo(manager).existsBy({ secretHash });
  }
}
