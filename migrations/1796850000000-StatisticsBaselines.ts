import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 pt 5: declared baselines. An office that starts using the service mid-history enters the previous year's
 * PUBLISHED figures of an organ for a period; 同比 uses them where the organ's case data of that period is incomplete
 * (organ.case_data_from: the first day from which every case of the organ is in the service; NULL = all of them).
 *
 * A baseline is an audited record, like a frozen report: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).
 * Replacing one inserts a new row that names the one it replaces (`supersedes`); the newest of an (organ, period)
 * is the active one. The two unique indexes keep the chain of an (organ, period) linear: one first baseline, and each
 * baseline replaced at most once.
 */
export class StatisticsBaselines1796850000000 implements MigrationInterface {
  name = 'StatisticsBaselines1796850000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "organ" ADD "case_data_from" date');
    await queryRunner.query(
      `CREATE TABLE "statistics_baseline" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid(),
         "organ_id" uuid NOT NULL,
         "period_from" date NOT NULL,
         "period_to" date NOT NULL,
         "figures" jsonb NOT NULL,
         "rates" jsonb NOT NULL,
         "rate_bases" jsonb NOT NULL,
         "breakdowns" jsonb NOT NULL,
         "source" text NOT NULL,
         "source_url" text,
         "supersedes" uuid,
         "created_by_key_id" uuid,
         "created_by_name" text NOT NULL,
         "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
         CONSTRAINT "PK_statistics_baseline" PRIMARY KEY ("id"),
         CONSTRAINT "statistics_baseline_period" CHECK ("period_from" <= "period_to")
       )`,
    );
    await queryRunner.query(
      'CREATE INDEX "statistics_baseline_organ_period" ON "statistics_baseline" ("organ_id", "period_from", "period_to", "created_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "statistics_baseline_first" ON "statistics_baseline" ("organ_id", "period_from", "period_to") WHERE supersedes IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "statistics_baseline_supersedes" ON "statistics_baseline" ("supersedes") WHERE supersedes IS NOT NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "statistics_baseline" ADD CONSTRAINT "statistics_baseline_organ_fk" FOREIGN KEY ("organ_id") REFERENCES "organ"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "statistics_baseline" ADD CONSTRAINT "statistics_baseline_supersedes_fk" FOREIGN KEY ("supersedes") REFERENCES "statistics_baseline"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // Published figures as entered, with who entered them: the database refuses to change or delete them.
    await queryRunner.query(`
      CREATE FUNCTION statistics_baseline_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'statistics_baseline is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER statistics_baseline_no_update_delete BEFORE UPDATE OR DELETE ON "statistics_baseline" FOR EACH ROW EXECUTE FUNCTION statistics_baseline_immutable()',
    );
    await queryRunner.query(
      'CREATE TRIGGER statistics_baseline_no_truncate BEFORE TRUNCATE ON "statistics_baseline" FOR EACH STATEMENT EXECUTE FUNCTION statistics_baseline_immutable()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "statistics_baseline"');
    await queryRunner.query('DROP FUNCTION IF EXISTS statistics_baseline_immutable()');
    await queryRunner.query('ALTER TABLE "organ" DROP COLUMN "case_data_from"');
  }
}
