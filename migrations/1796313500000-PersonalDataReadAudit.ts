import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * personal_data_read: the personal-data audit (PIPL 51, 54). Append-only like case_event: the database itself
 * refuses UPDATE, DELETE and TRUNCATE, so a read once recorded cannot be hidden, even by SQL.
 */
export class PersonalDataReadAudit1796313500000 implements MigrationInterface {
  name = 'PersonalDataReadAudit1796313500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "personal_data_read" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "read_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "kind" text NOT NULL, "actor_key_id" uuid, "actor_subject" text, "actor_name" text NOT NULL, "actor_roles" text array NOT NULL, "request_id" text, "method" text NOT NULL, "route" text NOT NULL, "case_id" uuid, "organ_id" uuid, "fields" text array NOT NULL DEFAULT '{}', "reason" text, CONSTRAINT "personal_data_read_kind_valid" CHECK (kind IN ('READ','EXPORT','RECTIFY','ERASE','AUDIT_EXPORT')), CONSTRAINT "PK_personal_data_read" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "personal_data_read_case" ON "personal_data_read" ("case_id", "id")`);
    await queryRunner.query(`CREATE INDEX "personal_data_read_key" ON "personal_data_read" ("actor_key_id", "id")`);
    await queryRunner.query(`CREATE INDEX "personal_data_read_at" ON "personal_data_read" ("read_at", "id")`);
    await queryRunner.query(`
      CREATE FUNCTION personal_data_read_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'personal_data_read is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER personal_data_read_no_update_delete BEFORE UPDATE OR DELETE ON "personal_data_read" FOR EACH ROW EXECUTE FUNCTION personal_data_read_append_only()',
    );
    await queryRunner.query(
      'CREATE TRIGGER personal_data_read_no_truncate BEFORE TRUNCATE ON "personal_data_read" FOR EACH STATEMENT EXECUTE FUNCTION personal_data_read_append_only()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS personal_data_read_no_truncate ON "personal_data_read"');
    await queryRunner.query('DROP TRIGGER IF EXISTS personal_data_read_no_update_delete ON "personal_data_read"');
    await queryRunner.query('DROP FUNCTION IF EXISTS personal_data_read_append_only()');
    await queryRunner.query('DROP TABLE "personal_data_read"');
  }
}
