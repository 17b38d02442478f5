import { MigrationInterface, QueryRunner } from 'typeorm';

export class Statistics1795677662640 implements MigrationInterface {
  name = 'Statistics1795677662640';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "frozen_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organ_id" uuid NOT NULL, "title" text NOT NULL, "parameters" jsonb NOT NULL, "figures" jsonb NOT NULL, "sentence" text NOT NULL, "template" jsonb NOT NULL, "definitions_version" text NOT NULL, "created_by_key_id" uuid, "created_by_name" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0b46ed4508402bf787b13871e6c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "frozen_report_organ_created" ON "frozen_report"  ("organ_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "report_template" ("organ_id" uuid NOT NULL, "data" jsonb NOT NULL, "updated_by" text NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_04f42f37d2f13951bb4f6e16213" PRIMARY KEY ("organ_id"))',
    );
    await queryRunner.query('ALTER TABLE "reconsideration_case" ADD "termination_ground" text');
    await queryRunner.query('ALTER TABLE "reconsideration_case" ADD "withdrawal_reason" text');
    await queryRunner.query(
      'CREATE INDEX "case_organ_open_received" ON "reconsideration_case"  ("organ_id", "received_on") WHERE concluded_on IS NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "frozen_report" ADD CONSTRAINT "frozen_report_organ_fk" FOREIGN KEY ("organ_id") REFERENCES "organ"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "report_template" ADD CONSTRAINT "report_template_organ_fk" FOREIGN KEY ("organ_id") REFERENCES "organ"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Backfill the new projection columns from each case's facts (the fold of its history).
    await queryRunner.query(
      `UPDATE "reconsideration_case" SET "termination_ground" = facts->>'terminationGround', "withdrawal_reason" = facts->>'withdrawalReason'`,
    );
    // A frozen report is a publication: the database refuses to change or delete it.
    await queryRunner.query(`
      CREATE FUNCTION frozen_report_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'frozen_report is immutable: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER frozen_report_no_update_delete BEFORE UPDATE OR DELETE ON "frozen_report" FOR EACH ROW EXECUTE FUNCTION frozen_report_immutable()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS frozen_report_no_update_delete ON "frozen_report"');
    await queryRunner.query('DROP FUNCTION IF EXISTS frozen_report_immutable()');
    await queryRunner.query('ALTER TABLE "report_template" DROP CONSTRAINT "report_template_organ_fk"');
    await queryRunner.query('ALTER TABLE "frozen_report" DROP CONSTRAINT "frozen_report_organ_fk"');
    await queryRunner.query('DROP INDEX "public"."case_organ_open_received"');
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP COLUMN "withdrawal_reason"');
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP COLUMN "termination_ground"');
    await queryRunner.query('DROP TABLE "report_template"');
    await queryRunner.query('DROP INDEX "public"."frozen_report_organ_created"');
    await queryRunner.query('DROP TABLE "frozen_report"');
  }
}
