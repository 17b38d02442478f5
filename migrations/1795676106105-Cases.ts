import { MigrationInterface, QueryRunner } from 'typeorm';

export class Cases1795676106105 implements MigrationInterface {
  name = 'Cases1795676106105';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "organ" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "office_name" text NOT NULL, "case_number_template" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aec6e62eb9cb93e5f41dc2a13f5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "organ_code_unique" ON "organ"  ("code") ');
    await queryRunner.query(
      'CREATE TABLE "case_number_sequence" ("organ_id" uuid NOT NULL, "year" integer NOT NULL, "last_seq" integer NOT NULL, CONSTRAINT "PK_d28b08afe0ff3d0a5d570d150c2" PRIMARY KEY ("organ_id", "year"))',
    );
    await queryRunner.query(
      'CREATE TABLE "reconsideration_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organ_id" uuid NOT NULL, "case_number" text NOT NULL, "received_year" integer NOT NULL, "sequence" integer NOT NULL, "legal_regime" text NOT NULL, "state" text NOT NULL, "outcome" text, "procedure" text, "received_on" date NOT NULL, "accepted_on" date, "decided_on" date, "concluded_on" date, "channel" text NOT NULL, "respondent_kind" text NOT NULL, "respondent_name" text NOT NULL, "act_category" text NOT NULL, "management_domain" text NOT NULL, "applicant_names" text NOT NULL, "applicant_name_grams" text array NOT NULL DEFAULT \'{}\', "handler_names" text array NOT NULL DEFAULT \'{}\', "handlers" jsonb NOT NULL DEFAULT \'[]\', "details" jsonb NOT NULL, "facts" jsonb NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "case_version_positive" CHECK (version > 0), CONSTRAINT "case_regime_valid" CHECK (legal_regime IN (\'L2017\',\'L2023\')), CONSTRAINT "case_outcome_valid" CHECK (outcome IS NULL OR outcome IN (\'NOT_ACCEPTED\',\'DEEMED_WITHDRAWN\',\'WITHDRAWN\',\'TRANSFERRED\',\'UPHELD\',\'DISMISSED\',\'REVOKED\',\'VARIED\',\'CONFIRMED_ILLEGAL\',\'ORDERED_TO_PERFORM\',\'CONFIRMED_VOID\',\'MEDIATED\',\'TERMINATED\')), CONSTRAINT "case_state_valid" CHECK (state IN (\'RECEIVED\',\'CORRECTION_REQUESTED\',\'ACCEPTED\',\'UNDER_REVIEW\',\'SUSPENDED\',\'MEDIATION\',\'DECIDED\',\'SERVED\',\'CLOSED\',\'NOT_ACCEPTED\',\'DEEMED_WITHDRAWN\',\'WITHDRAWN\',\'TRANSFERRED\',\'TERMINATED\')), CONSTRAINT "PK_ad42070c8d5b7fb79ea52f6eb37" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "case_respondent_kind" ON "reconsideration_case"  ("respondent_kind") ');
    await queryRunner.query('CREATE INDEX "case_act_category" ON "reconsideration_case"  ("act_category") ');
    await queryRunner.query('CREATE INDEX "case_management_domain" ON "reconsideration_case"  ("management_domain") ');
    await queryRunner.query(
      'CREATE INDEX "case_organ_updated" ON "reconsideration_case"  ("organ_id", "updated_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "case_organ_concluded" ON "reconsideration_case"  ("organ_id", "concluded_on", "outcome") ',
    );
    await queryRunner.query('CREATE INDEX "case_organ_state" ON "reconsideration_case"  ("organ_id", "state") ');
    await queryRunner.query(
      'CREATE INDEX "case_organ_received" ON "reconsideration_case"  ("organ_id", "received_on", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "case_sequence_unique" ON "reconsideration_case"  ("organ_id", "received_year", "sequence") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "case_number_unique" ON "reconsideration_case"  ("organ_id", "case_number") ',
    );
    await queryRunner.query(
      'CREATE TABLE "idempotency_record" ("scope" text NOT NULL, "idempotency_key" text NOT NULL, "method" text NOT NULL, "path" text NOT NULL, "request_hash" character(64) NOT NULL, "response_status" integer NOT NULL, "response_body" jsonb NOT NULL, "response_etag" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e8ec65c1207d5f20b74258d3529" PRIMARY KEY ("scope", "idempotency_key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "case_event" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "case_id" uuid NOT NULL, "organ_id" uuid NOT NULL, "seq" integer NOT NULL, "action" text NOT NULL, "occurred_on" date NOT NULL, "recorded_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "actor_key_id" uuid, "actor_name" text NOT NULL, "actor_roles" text array NOT NULL DEFAULT \'{}\', "state_before" text, "state_after" text NOT NULL, "legal_basis" text, "payload" jsonb NOT NULL, "undoes_seq" integer, CONSTRAINT "PK_5b6e18b2d4fd178711a2269645e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "case_event_organ_action_date" ON "case_event"  ("organ_id", "action", "occurred_on") ',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "case_event_case_seq_unique" ON "case_event"  ("case_id", "seq") ');
    await queryRunner.query(
      'ALTER TABLE "case_number_sequence" ADD CONSTRAINT "case_number_sequence_organ_fk" FOREIGN KEY ("organ_id") REFERENCES "organ"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "reconsideration_case" ADD CONSTRAINT "case_organ_fk" FOREIGN KEY ("organ_id") REFERENCES "organ"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "case_event" ADD CONSTRAINT "case_event_case_fk" FOREIGN KEY ("case_id") REFERENCES "reconsideration_case"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "case_event" ADD CONSTRAINT "case_event_organ_fk" FOREIGN KEY ("organ_id") REFERENCES "organ"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // ── Written by hand (TypeORM cannot express these; the drift check ignores them) ──
    // Partial-name search and handler filter: GIN on the gram and name arrays (see CaseEntity.applicantNameGrams).
    await queryRunner.query(
      'CREATE INDEX "case_applicant_name_grams" ON "reconsideration_case" USING gin ("applicant_name_grams")',
    );
    await queryRunner.query('CREATE INDEX "case_handler_names" ON "reconsideration_case" USING gin ("handler_names")');
    // History is append-only: the database itself refuses UPDATE, DELETE and TRUNCATE of case events.
    await queryRunner.query(`
      CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER case_event_no_update_delete BEFORE UPDATE OR DELETE ON "case_event" FOR EACH ROW EXECUTE FUNCTION case_event_append_only()',
    );
    await queryRunner.query(
      'CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON "case_event" FOR EACH STATEMENT EXECUTE FUNCTION case_event_append_only()',
    );
    // The county government this service was built for; further organs are added with POST /v1/organs.
    await queryRunner.query(
      `INSERT INTO "organ" ("code", "name", "office_name", "case_number_template")
       VALUES ('TAIQIAN', '台前县人民政府', '台前县人民政府行政复议办公室', '台政复〔{year}〕{seq}号')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS case_event_no_truncate ON "case_event"');
    await queryRunner.query('DROP TRIGGER IF EXISTS case_event_no_update_delete ON "case_event"');
    await queryRunner.query('DROP FUNCTION IF EXISTS case_event_append_only()');
    await queryRunner.query('DROP INDEX IF EXISTS "public"."case_handler_names"');
    await queryRunner.query('DROP INDEX IF EXISTS "public"."case_applicant_name_grams"');
    await queryRunner.query('ALTER TABLE "case_event" DROP CONSTRAINT "case_event_organ_fk"');
    await queryRunner.query('ALTER TABLE "case_event" DROP CONSTRAINT "case_event_case_fk"');
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP CONSTRAINT "case_organ_fk"');
    await queryRunner.query('ALTER TABLE "case_number_sequence" DROP CONSTRAINT "case_number_sequence_organ_fk"');
    await queryRunner.query('DROP INDEX "public"."case_event_case_seq_unique"');
    await queryRunner.query('DROP INDEX "public"."case_event_organ_action_date"');
    await queryRunner.query('DROP TABLE "case_event"');
    await queryRunner.query('DROP TABLE "idempotency_record"');
    await queryRunner.query('DROP INDEX "public"."case_number_unique"');
    await queryRunner.query('DROP INDEX "public"."case_sequence_unique"');
    await queryRunner.query('DROP INDEX "public"."case_organ_received"');
    await queryRunner.query('DROP INDEX "public"."case_organ_state"');
    await queryRunner.query('DROP INDEX "public"."case_organ_concluded"');
    await queryRunner.query('DROP INDEX "public"."case_organ_updated"');
    await queryRunner.query('DROP INDEX "public"."case_management_domain"');
    await queryRunner.query('DROP INDEX "public"."case_act_category"');
    await queryRunner.query('DROP INDEX "public"."case_respondent_kind"');
    await queryRunner.query('DROP TABLE "reconsideration_case"');
    await queryRunner.query('DROP TABLE "case_number_sequence"');
    await queryRunner.query('DROP INDEX "public"."organ_code_unique"');
    await queryRunner.query('DROP TABLE "organ"');
  }
}
