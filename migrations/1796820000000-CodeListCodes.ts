import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 pt 9: code lists per deployment. One row per code of an extensible list (RESPONDENT_KINDS, ACT_CATEGORIES,
 * MANAGEMENT_DOMAINS) that this deployment added or set:
 * - a code that is not built in is an extension: `label_zh` holds its zh-CN label;
 * - a built-in code has a row only once an ADMIN retired (`active` false) or reinstated it: `label_zh` is NULL there,
 *   because the label of a built-in code is the release's (src/code-lists/code-lists.ts).
 * Which codes are built in is the release's knowledge, not a column: a later release that builds in a code an
 * extension already has takes it over with its data intact.
 * The CHECKs repeat the service's rules (CODE_PATTERN, MAX_CODE_LENGTH) so that no other writer can store a code that
 * the API would refuse. No entity maps the table (SQL in CodeListRepository), so migration:check does not see it.
 */
export class CodeListCodes1796820000000 implements MigrationInterface {
  name = 'CodeListCodes1796820000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "code_list_code" (
         "list" text NOT NULL,
         "code" text NOT NULL,
         "label_zh" text,
         "active" boolean NOT NULL DEFAULT true,
         "created_by" text NOT NULL,
         "created_at" timestamptz(3) NOT NULL DEFAULT now(),
         "updated_by" text NOT NULL,
         "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
         CONSTRAINT "code_list_code_pkey" PRIMARY KEY ("list", "code"),
         CONSTRAINT "code_list_code_list" CHECK ("list" IN ('RESPONDENT_KINDS', 'ACT_CATEGORIES', 'MANAGEMENT_DOMAINS')),
         CONSTRAINT "code_list_code_format" CHECK ("code" ~ '^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$' AND length("code") <= 64),
         CONSTRAINT "code_list_code_label" CHECK ("label_zh" IS NULL OR (length("label_zh") BETWEEN 1 AND 100))
       )`,
    );
    // Two codes of one list with the same label would be one line twice in a report.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "code_list_code_label_unique" ON "code_list_code" ("list", "label_zh")
        WHERE "label_zh" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "code_list_code"`);
  }
}
