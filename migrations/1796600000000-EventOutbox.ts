import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 pt 2–3: the transactional outbox of the event feed and webhooks. The write side inserts one row per
 * committed act in the act's own transaction (src/events/outbox.writer.ts), so an event exists if and only if the
 * act was committed. `position` is the feed's order: NULL at insert, assigned after commit by the sequencer
 * (src/events/event-feed.repository.ts) under one advisory lock, batch after batch, so a reader that has seen
 * position N has seen every position below N (no event is skipped when transactions commit out of id order).
 * Within a batch a case's events take the case's order (case_seq), which the case row lock makes the commit order.
 *
 * No entity: the table is written and read by raw statements only. Rows are immutable except for the one
 * assignment of `position`; DELETE and TRUNCATE are refused (the feed is resumable from any cursor).
 */
export class EventOutbox1796600000000 implements MigrationInterface {
  name = 'EventOutbox1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "event_outbox" (
         "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
         "event_id" uuid NOT NULL DEFAULT gen_random_uuid(),
         "type" text NOT NULL,
         "case_id" uuid NOT NULL,
         "organ_id" uuid NOT NULL,
         "case_seq" integer NOT NULL,
         "case_event_id" bigint,
         "occurred_at" timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
         "data" jsonb NOT NULL,
         "position" bigint,
         CONSTRAINT "event_outbox_pkey" PRIMARY KEY ("id"),
         CONSTRAINT "event_outbox_event_id_unique" UNIQUE ("event_id"),
         CONSTRAINT "event_outbox_case_fk" FOREIGN KEY ("case_id") REFERENCES "reconsideration_case"("id") ON DELETE RESTRICT,
         CONSTRAINT "event_outbox_organ_fk" FOREIGN KEY ("organ_id") REFERENCES "organ"("id") ON DELETE RESTRICT,
         CONSTRAINT "event_outbox_case_event_fk" FOREIGN KEY ("case_event_id") REFERENCES "case_event"("id") ON DELETE RESTRICT,
         CONSTRAINT "event_outbox_type_format" CHECK ("type" ~ '^cn\\.gov\\.reconsideration\\.[a-z_]+\\.[a-z_]+$')
       )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "event_outbox_position" ON "event_outbox" ("position") WHERE "position" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "event_outbox_unsequenced" ON "event_outbox" ("id") WHERE "position" IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "event_outbox_case" ON "event_outbox" ("case_id", "case_seq")`);
    await queryRunner.query(`
      CREATE FUNCTION event_outbox_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF OLD.position IS NULL AND NEW.position IS NOT NULL
             AND (to_jsonb(NEW) - 'position') = (to_jsonb(OLD) - 'position') THEN
            RETURN NEW;
          END IF;
          RAISE EXCEPTION 'event_outbox rows are immutable (only position is assigned, once)' USING ERRCODE = 'raise_exception';
        END IF;
        RAISE EXCEPTION 'event_outbox is append-only' USING ERRCODE = 'raise_exception';
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER event_outbox_immutable BEFORE UPDATE OR DELETE ON "event_outbox" FOR EACH ROW EXECUTE FUNCTION event_outbox_guard()',
    );
    await queryRunner.query(
      'CREATE TRIGGER event_outbox_no_truncate BEFORE TRUNCATE ON "event_outbox" FOR EACH STATEMENT EXECUTE FUNCTION event_outbox_guard()',
    );
    // Each (case, clock, due date, kind) is announced once, whatever the number of runs and instances; a due date
    // that moves (an extension, a calendar edit) is a new date and is announced again.
    await queryRunner.query(
      `CREATE TABLE "deadline_notice" (
         "case_id" uuid NOT NULL,
         "clock" text NOT NULL,
         "due_on" date NOT NULL,
         "kind" text NOT NULL,
         "noticed_at" timestamptz(3) NOT NULL DEFAULT now(),
         CONSTRAINT "deadline_notice_pkey" PRIMARY KEY ("case_id", "clock", "due_on", "kind"),
         CONSTRAINT "deadline_notice_case_fk" FOREIGN KEY ("case_id") REFERENCES "reconsideration_case"("id") ON DELETE CASCADE,
         CONSTRAINT "deadline_notice_kind_valid" CHECK ("kind" IN ('DUE_SOON', 'OVERDUE'))
       )`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "deadline_notice"');
    await queryRunner.query('DROP TABLE "event_outbox"');
    await queryRunner.query('DROP FUNCTION event_outbox_guard()');
  }
}
