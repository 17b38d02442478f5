import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Advisory lock key: one purge at a time across every instance on the database. */
const PURGE_LOCK = `hashtext('reconsideration:idempotency-purge')`;

/** The retention SQL of idempotency records (PIPL 19: kept no longer than needed). */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Deletes this key's record if it is older than the TTL, inside the caller's transaction, so that the request runs
   * as new and its own record replaces the old one when it commits (or the old one stays, expired, if it rolls back;
   * the purge removes it then). A concurrent request with the same key waits on the row lock and then replays the
   * new record, as with a fresh key.
   */
  async deleteExpiredKey(manager: EntityManager, scope: string, key: string, ttlHours: number): Promise<void> {
    await manager.query(
      `DELETE FROM idempotency_record
        WHERE scope = $1 AND idempotency_key = $2 AND created_at < now() - make_interval(hours => $3::int)`,
      [scope, key, ttlHours],
    );
  }

  /**
   * One batch of the purge, in its own transaction: none if another instance holds the purge lock (null), else the
   * number of expired records deleted. SKIP LOCKED leaves alone a record that a request is replacing right now.
   */
  async purgeExpiredBatch(ttlHours: number, batchSize: number): Promise<number | null> {
    return this.dataSource.transaction(async (m) => {
      const [lock] = await m.query<Array<{ locked: boolean }>>(
        `SELECT pg_try_advisory_xact_lock(${PURGE_LOCK}) AS locked`,
      );
      if (!lock?.locked) {
        return null;
      }
      const [deleted] = await m.query<Array<{ n: number }>>(
        `WITH expired AS (
           SELECT scope, idempotency_key FROM idempotency_record
            WHERE created_at < now() - make_interval(hours => $1::int)
            ORDER BY created_at
            LIMIT $2
              FOR UPDATE SKIP LOCKED),
         gone AS (
           DELETE FROM idempotency_record r USING expired e
            WHERE r.scope = e.scope AND r.idempotency_key = e.idempotency_key
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [ttlHours, batchSize],
      );
      return deleted?.n ?? 0;
    });
  }
}
