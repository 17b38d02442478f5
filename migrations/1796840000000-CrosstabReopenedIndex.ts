import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 pt 7: cross-tabs read the cases (the rollup is keyed by one dimension). A case that a superior order
 * reopened (prior_conclusions not empty) is counted from its contributions (case_tally_contributions), episode by
 * episode, and may belong to a window that its current dates alone would not put it in; CrosstabRepository finds
 * those few cases through this partial index instead of scanning every case received before the period's end.
 */
export class CrosstabReopenedIndex1796840000000 implements MigrationInterface {
  name = 'CrosstabReopenedIndex1796840000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "case_organ_reopened" ON "reconsideration_case" ("organ_id", "received_on") WHERE prior_conclusions <> '[]'::jsonb`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "case_organ_reopened"');
  }
}
