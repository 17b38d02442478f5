import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A running import job (VALIDATING, COMMITTING) is kept alive by the instance that runs it: heartbeat_at moves on
 * every progress update and every few seconds besides. A job whose heartbeat has stopped was left by a process that
 * died; it is marked FAILED when read or listed, and at start-up, by any instance (ImportsRepository.failStale).
 */
export class ImportJobHeartbeat1796900000000 implements MigrationInterface {
  name = 'ImportJobHeartbeat1796900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "import_job" ADD "heartbeat_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "import_job" DROP COLUMN "heartbeat_at"');
  }
}
