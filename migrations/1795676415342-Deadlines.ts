import { MigrationInterface, QueryRunner } from 'typeorm';
import { CALENDAR_SEED } from '../src/calendar/seed';

export class Deadlines1795676415342 implements MigrationInterface {
  name = 'Deadlines1795676415342';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "calendar_change" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "year" integer NOT NULL, "changed_by" text NOT NULL, "recomputed_cases" integer NOT NULL, "changed_cases" integer NOT NULL, "changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bad3b733aa30d2c70ebb4f8f456" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "calendar_year" ("year" integer NOT NULL, "notice" text NOT NULL, "amendments" jsonb NOT NULL DEFAULT \'[]\', "rest_days" jsonb NOT NULL, "make_up_workdays" jsonb NOT NULL, "updated_by" text, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4a5f5b39f8e07f51dab5be6fed9" PRIMARY KEY ("year"))',
    );
    await queryRunner.query(
      'CREATE TABLE "case_deadline" ("case_id" uuid NOT NULL, "clock" text NOT NULL, "organ_id" uuid NOT NULL, "due_on" date, "met_on" date, "open" boolean NOT NULL, "calendar_missing" boolean NOT NULL DEFAULT false, "legal_basis" text NOT NULL, "computed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_66fc1785e4c22dcb41e47f9be87" PRIMARY KEY ("case_id", "clock"))',
    );
    await queryRunner.query(
      'CREATE INDEX "case_deadline_calendar_missing" ON "case_deadline"  ("organ_id") WHERE calendar_missing',
    );
    await queryRunner.query(
      'CREATE INDEX "case_deadline_open_due" ON "case_deadline"  ("organ_id", "due_on", "clock") WHERE open',
    );
    await queryRunner.query(
      'ALTER TABLE "case_deadline" ADD CONSTRAINT "case_deadline_case_fk" FOREIGN KEY ("case_id") REFERENCES "reconsideration_case"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Seed 2020–2026 from the committed per-year files (src/calendar/seed/), each naming its State Council notice.
    for (const y of CALENDAR_SEED) {
      await queryRunner.query(
        'INSERT INTO "calendar_year" ("year", "notice", "amendments", "rest_days", "make_up_workdays", "updated_by") VALUES ($1, $2, $3, $4, $5, $6)',
        [
          y.year,
          y.notice,
          JSON.stringify(y.amendments ?? []),
          JSON.stringify(y.restDays),
          JSON.stringify(y.makeUpWorkdays),
          'seed',
        ],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "case_deadline" DROP CONSTRAINT "case_deadline_case_fk"');
    await queryRunner.query('DROP INDEX "public"."case_deadline_open_due"');
    await queryRunner.query('DROP INDEX "public"."case_deadline_calendar_missing"');
    await queryRunner.query('DROP TABLE "case_deadline"');
    await queryRunner.query('DROP TABLE "calendar_year"');
    await queryRunner.query('DROP TABLE "calendar_change"');
  }
}
