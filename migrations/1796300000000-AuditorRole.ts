import { MigrationInterface, QueryRunner } from 'typeorm';

/** The AUDITOR role (reads the personal-data read audit, PIPL 51, 54): API keys may carry it. */
export class AuditorRole1796300000000 implements MigrationInterface {
  name = 'AuditorRole1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "api_key_roles_valid"`);
    await queryRunner.query(
      `ALTER TABLE "api_key" ADD CONSTRAINT "api_key_roles_valid" CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['ADMIN','SUPERVISOR','OFFICER','CLERK','REPORTER','INTEGRATION','AUDITOR']::text[])`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "api_key_roles_valid"`);
    await queryRunner.query(
      `ALTER TABLE "api_key" ADD CONSTRAINT "api_key_roles_valid" CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['ADMIN','SUPERVISOR','OFFICER','CLERK','REPORTER','INTEGRATION']::text[])`,
    );
  }
}
