import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The personal-data vault (issue 13.3): personal values of a case, sealed with AES-256-GCM under a configured key
 * (PIPL 51(3); 数据安全法 27). Case rows and the append-only case_event refer to a row by `pd:<id>`, so that
 * rectification (PIPL 46) and crypto-shredding (PIPL 47) change this row and never history.
 * Generated from the entity, then written out by hand: the check constraints say why, the primary key has a name.
 */
export class PersonalDataVault1796312000000 implements MigrationInterface {
  name = 'PersonalDataVault1796312000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "personal_datum" (
        "id" uuid NOT NULL,
        "organ_id" uuid NOT NULL,
        "case_id" uuid NOT NULL,
        "field" text NOT NULL,
        "key_id" text,
        "sealed" bytea,
        "blind_index" bytea,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "erased_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "personal_datum_key_id_valid" CHECK (key_id IS NULL OR key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
        CONSTRAINT "personal_datum_sealed_length" CHECK (sealed IS NULL OR octet_length(sealed) >= 28),
        CONSTRAINT "personal_datum_erased_has_no_index" CHECK (erased_at IS NULL OR blind_index IS NULL),
        CONSTRAINT "personal_datum_sealed_unless_erased"
          CHECK ((erased_at IS NULL) = (sealed IS NOT NULL AND key_id IS NOT NULL)),
        CONSTRAINT "personal_datum_pk" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(`CREATE INDEX "personal_datum_case" ON "personal_datum" ("case_id")`);
    await queryRunner.query(
      `CREATE INDEX "personal_datum_blind_index" ON "personal_datum" ("field", "blind_index") WHERE blind_index IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "personal_datum_key" ON "personal_datum" ("key_id")`);
    // Deferred to commit: a registration may write its vault rows before the case row in the same transaction.
    await queryRunner.query(
      `ALTER TABLE "personal_datum" ADD CONSTRAINT "personal_datum_organ_fk" FOREIGN KEY ("organ_id") REFERENCES "organ"("id") ON DELETE RESTRICT ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED`,
    );
    await queryRunner.query(
      `ALTER TABLE "personal_datum" ADD CONSTRAINT "personal_datum_case_fk" FOREIGN KEY ("case_id") REFERENCES "reconsideration_case"("id") ON DELETE RESTRICT ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "personal_datum"`);
  }
}
