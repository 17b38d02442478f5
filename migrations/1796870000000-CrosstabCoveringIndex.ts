import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 pt 7: a cross-tab's largest part is the period's cases never reopened, read by organ and receipt date.
 * Reading them from the table fetches one heap page per case in random order (474 ms for ~145k cases at 1M, bench
 * stats-latest.md); this partial index carries every column a cross-tab or its populations read, so that part is an
 * index-only scan. The part "open on the period's first day" keeps the GiST index case_open_interval
 * (crosstabSql in src/statistics/crosstab.repository.ts).
 */
export class CrosstabCoveringIndex1796870000000 implements MigrationInterface {
  name = 'CrosstabCoveringIndex1796870000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "case_organ_received_crosstab" ON "reconsideration_case" ("organ_id", "received_on") ` +
        `INCLUDE ("accepted_on", "concluded_on", "respondent_kind", "act_category", "management_domain", "outcome", ` +
        `"outcome_detail", "procedure", "legal_regime") WHERE prior_conclusions = '[]'::jsonb`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "case_organ_received_crosstab"');
  }
}
