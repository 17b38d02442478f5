import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795675483207 implements MigrationInterface {
  name = 'Foundation1795675483207';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "prefix" text NOT NULL, "secret_hash" character(64) NOT NULL, "roles" text array NOT NULL, "scopes" text array NOT NULL DEFAULT \'{}\', "expires_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "created_by_key_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "api_key_roles_valid" CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[\'ADMIN\',\'SUPERVISOR\',\'OFFICER\',\'CLERK\',\'REPORTER\',\'INTEGRATION\']::text[]), CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "api_key_secret_hash_unique" ON "api_key"  ("secret_hash") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "api_key_active_name_unique" ON "api_key"  ("name") WHERE revoked_at IS NULL',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."api_key_active_name_unique"');
    await queryRunner.query('DROP INDEX "public"."api_key_secret_hash_unique"');
    await queryRunner.query('DROP TABLE "api_key"');
  }
}
