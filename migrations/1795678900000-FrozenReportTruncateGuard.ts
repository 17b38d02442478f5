import { MigrationInterface, QueryRunner } from 'typeorm';

/** frozen_report refused UPDATE and DELETE per row; TRUNCATE bypasses row triggers, so refuse it per statement too. */
export class FrozenReportTruncateGuard1795678900000 implements MigrationInterface {
  name = 'FrozenReportTruncateGuard1795678900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TRIGGER frozen_report_no_truncate BEFORE TRUNCATE ON "frozen_report" FOR EACH STATEMENT EXECUTE FUNCTION frozen_report_immutable()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS frozen_report_no_truncate ON "frozen_report"');
  }
}
