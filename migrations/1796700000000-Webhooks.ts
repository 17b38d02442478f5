import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 pt 4: webhooks over the event outbox.
 *
 * - `webhook_subscription`: where to deliver which events. `cursor` is the feed position (event_outbox.position) up
 *   to which the subscription's deliveries have been planned; the dispatcher advances it in the transaction that
 *   inserts the deliveries, so an event is planned once, and none is skipped (positions become visible in order).
 *   The signing secret is sealed with the personal-data key ring (never stored in clear); during a rotation the
 *   previous one stays valid until `previous_secret_expires_at`.
 * - `webhook_delivery`: one event to one subscription (a redelivery is another row). Claimed with a lease (a crashed
 *   instance's claim runs out and another instance takes it over: at least once).
 * - `webhook_attempt`: every HTTP attempt, with its response code and latency (append-only).
 */
export class Webhooks1796700000000 implements MigrationInterface {
  name = 'Webhooks1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_subscription" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid(),
         "url" text NOT NULL,
         "description" text,
         "event_types" text[],
         "organ_id" uuid,
         "enabled" boolean NOT NULL DEFAULT true,
         "cursor" bigint NOT NULL DEFAULT 0,
         "secret_key_id" text NOT NULL,
         "secret_sealed" bytea NOT NULL,
         "previous_secret_key_id" text,
         "previous_secret_sealed" bytea,
         "previous_secret_expires_at" timestamptz(3),
         "created_by" text NOT NULL,
         "created_at" timestamptz(3) NOT NULL DEFAULT now(),
         "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
         CONSTRAINT "webhook_subscription_pkey" PRIMARY KEY ("id"),
         CONSTRAINT "webhook_subscription_organ_fk" FOREIGN KEY ("organ_id") REFERENCES "organ"("id") ON DELETE RESTRICT,
         CONSTRAINT "webhook_subscription_url_scheme" CHECK ("url" ~ '^https?://'),
         CONSTRAINT "webhook_subscription_previous_secret" CHECK (
           ("previous_secret_sealed" IS NULL) = ("previous_secret_expires_at" IS NULL)
           AND ("previous_secret_sealed" IS NULL) = ("previous_secret_key_id" IS NULL))
       )`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_delivery" (
         "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
         "subscription_id" uuid NOT NULL,
         "event_id" uuid NOT NULL,
         "position" bigint NOT NULL,
         "case_id" uuid NOT NULL,
         "type" text NOT NULL,
         "redelivery" boolean NOT NULL DEFAULT false,
         "status" text NOT NULL DEFAULT 'PENDING',
         "attempts" integer NOT NULL DEFAULT 0,
         "next_attempt_at" timestamptz(3) NOT NULL DEFAULT now(),
         "lease_token" uuid,
         "lease_until" timestamptz(3),
         "last_status_code" integer,
         "last_latency_ms" integer,
         "last_error" text,
         "created_at" timestamptz(3) NOT NULL DEFAULT now(),
         "last_attempt_at" timestamptz(3),
         "finished_at" timestamptz(3),
         CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id"),
         CONSTRAINT "webhook_delivery_subscription_fk" FOREIGN KEY ("subscription_id")
           REFERENCES "webhook_subscription"("id") ON DELETE CASCADE,
         CONSTRAINT "webhook_delivery_event_fk" FOREIGN KEY ("event_id") REFERENCES "event_outbox"("event_id") ON DELETE RESTRICT,
         CONSTRAINT "webhook_delivery_status" CHECK ("status" IN ('PENDING', 'DELIVERED', 'DEAD'))
       )`,
    );
    // An event is planned once per subscription; redeliveries are extra rows.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "webhook_delivery_planned_once" ON "webhook_delivery" ("subscription_id", "event_id")
        WHERE NOT "redelivery"`,
    );
    // What is due, and what of the same case comes first (order per case).
    await queryRunner.query(
      `CREATE INDEX "webhook_delivery_pending" ON "webhook_delivery" ("subscription_id", "case_id", "position")
        WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "webhook_delivery_due" ON "webhook_delivery" ("next_attempt_at") WHERE "status" = 'PENDING'`,
    );
    await queryRunner.query(`CREATE INDEX "webhook_delivery_listing" ON "webhook_delivery" ("subscription_id", "id")`);
    await queryRunner.query(
      `CREATE TABLE "webhook_attempt" (
         "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
         "delivery_id" bigint NOT NULL,
         "attempt" integer NOT NULL,
         "started_at" timestamptz(3) NOT NULL,
         "status_code" integer,
         "latency_ms" integer NOT NULL,
         "error" text,
         "instance" text NOT NULL,
         CONSTRAINT "webhook_attempt_pkey" PRIMARY KEY ("id"),
         CONSTRAINT "webhook_attempt_delivery_fk" FOREIGN KEY ("delivery_id")
           REFERENCES "webhook_delivery"("id") ON DELETE CASCADE
       )`,
    );
    await queryRunner.query(`CREATE INDEX "webhook_attempt_delivery" ON "webhook_attempt" ("delivery_id", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_attempt"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`DROP TABLE "webhook_subscription"`);
  }
}
