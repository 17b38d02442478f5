import { MigrationInterface, QueryRunner } from 'typeorm';

/** PIPL 19: idempotency records expire; the purge job finds them by creation time (issue 13 §4). */
export class IdempotencyRetention1796400000000 implements MigrationInterface {
  name = 'IdempotencyRetention1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idempotency_record_created_at" ON "idempotency_record" ("created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idempotency_record_created_at"`);
  }
}
