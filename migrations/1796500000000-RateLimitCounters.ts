import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 point 2: rate-limit counters that every instance shares. One row per bucket (an API key, an officer, or a
 * client address), holding the current fixed window and its hit count. UNLOGGED: a counter is worth no WAL, and after
 * a crash PostgreSQL empties the table, which only forgives the current minute. No entity: the table is written by
 * one raw statement (src/common/rate-limit/rate-limit.repository.ts) and never read through TypeORM.
 */
export class RateLimitCounters1796500000000 implements MigrationInterface {
  name = 'RateLimitCounters1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNLOGGED TABLE "rate_limit_counter" (
         "bucket" text NOT NULL,
         "window_start" timestamptz NOT NULL,
         "hits" integer NOT NULL,
         CONSTRAINT "rate_limit_counter_pkey" PRIMARY KEY ("bucket")
       )`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit_counter"`);
  }
}
