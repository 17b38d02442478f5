import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organ scope of API keys (issue 13 point 6; PIPL 51(3)): the organs whose cases a key may see; NULL = every organ,
 * so existing keys keep working unchanged.
 */
export class ApiKeyOrganScope1796313000000 implements MigrationInterface {
  name = 'ApiKeyOrganScope1796313000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_key" ADD "organ_ids" uuid array`);
    await queryRunner.query(
      `ALTER TABLE "api_key" ADD CONSTRAINT "api_key_organ_ids_not_empty" CHECK (organ_ids IS NULL OR cardinality(organ_ids) > 0)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "api_key_organ_ids_not_empty"`);
    await queryRunner.query(`ALTER TABLE "api_key" DROP COLUMN "organ_ids"`);
  }
}
