import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: ledger imports. import_job holds an upload, its validation and its commit; a historical case names its
 * job (import_id) and carries its provenance and what its ledger lacked (imported). A ledger may not record how an
 * application came in: channel may be null, for those cases only (the API still requires it).
 */
export class LedgerImports1796880000000 implements MigrationInterface {
  name = 'LedgerImports1796880000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "import_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organ_id" uuid NOT NULL, "source" text NOT NULL, "sha256" text NOT NULL, "status" text NOT NULL, "file" bytea, "mapping" jsonb NOT NULL, "phase" text NOT NULL, "rows_total" integer NOT NULL DEFAULT 0, "rows_done" integer NOT NULL DEFAULT 0, "counts" jsonb NOT NULL, "problems" jsonb NOT NULL DEFAULT '[]', "statistics" jsonb NOT NULL DEFAULT '[]', "skip_invalid" boolean NOT NULL DEFAULT false, "created_by" text NOT NULL, "created_by_key_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "committed_at" TIMESTAMP(3) WITH TIME ZONE, "failure" text, CONSTRAINT "import_job_status_valid" CHECK (status IN ('VALIDATING','VALIDATED','COMMITTING','COMMITTED','FAILED')), CONSTRAINT "PK_import_job" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('CREATE INDEX "import_job_organ_created" ON "import_job" ("organ_id", "created_at") ');
    await queryRunner.query(
      'ALTER TABLE "import_job" ADD CONSTRAINT "import_job_organ_fk" FOREIGN KEY ("organ_id") REFERENCES "organ"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query('ALTER TABLE "reconsideration_case" ADD "import_id" uuid');
    await queryRunner.query('ALTER TABLE "reconsideration_case" ADD "imported" jsonb');
    await queryRunner.query('ALTER TABLE "reconsideration_case" ALTER COLUMN "channel" DROP NOT NULL');
    await queryRunner.query(
      'CREATE INDEX "case_import" ON "reconsideration_case" ("import_id") WHERE import_id IS NOT NULL',
    );
    await queryRunner.query('ALTER TABLE "organ" ADD "ledger_mapping" jsonb');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "organ" DROP COLUMN "ledger_mapping"');
    await queryRunner.query('DROP INDEX "case_import"');
    await queryRunner.query(`UPDATE "reconsideration_case" SET channel = 'IN_PERSON' WHERE channel IS NULL`);
    await queryRunner.query('ALTER TABLE "reconsideration_case" ALTER COLUMN "channel" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP COLUMN "imported"');
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP COLUMN "import_id"');
    await queryRunner.query('DROP TABLE "import_job"');
  }
}
