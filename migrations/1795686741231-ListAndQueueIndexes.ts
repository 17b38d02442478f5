import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes in the order the pages are read, so that a page is a top-N index scan whatever the number of cases:
 * the case list filtered by state (newest receipt first), and the work queues (due date, case, clock).
 */
export class ListAndQueueIndexes1795686741231 implements MigrationInterface {
  name = 'ListAndQueueIndexes1795686741231';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."case_deadline_open_due"');
    await queryRunner.query(
      'CREATE INDEX "case_state_received" ON "reconsideration_case"  ("state", "received_on", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "case_deadline_open_due" ON "case_deadline"  ("organ_id", "due_on", "case_id", "clock") WHERE open',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."case_deadline_open_due"');
    await queryRunner.query('DROP INDEX "public"."case_state_received"');
    await queryRunner.query(
      'CREATE INDEX "case_deadline_open_due" ON "case_deadline" ("organ_id", "due_on", "clock") WHERE open',
    );
  }
}
