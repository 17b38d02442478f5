import { MigrationInterface, QueryRunner } from 'typeorm';

/** organ.level (ORGAN_LEVELS): which respondents the organ is competent for (L23 24–28); existing organs are counties. */
export class OrganLevel1795700000000 implements MigrationInterface {
  name = 'OrganLevel1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organ" ADD "level" text NOT NULL DEFAULT 'COUNTY'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "organ" DROP COLUMN "level"');
  }
}
