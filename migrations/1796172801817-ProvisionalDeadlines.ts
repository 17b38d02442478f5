import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * case_deadline.provisional: the stored due date was computed from the provisional calendar of
 * 《全国年节及纪念日放假办法》 for a year whose State Council notice is not loaded. A partial index finds those cases
 * when the notice is loaded (PUT /v1/calendar/{year} recomputes them). Existing rows were computed from loaded
 * years or are CALENDAR_MISSING, so false is right for them; the next action or calendar edit recomputes the rest.
 */
export class ProvisionalDeadlines1796172801817 implements MigrationInterface {
  name = 'ProvisionalDeadlines1796172801817';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "case_deadline" ADD "provisional" boolean NOT NULL DEFAULT false');
    await queryRunner.query(
      'CREATE INDEX "case_deadline_provisional" ON "case_deadline"  ("case_id") WHERE provisional',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."case_deadline_provisional"');
    await queryRunner.query('ALTER TABLE "case_deadline" DROP COLUMN "provisional"');
  }
}
