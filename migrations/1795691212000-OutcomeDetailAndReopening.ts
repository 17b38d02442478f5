import { MigrationInterface, QueryRunner } from 'typeorm';

const CARRIED_DIMENSIONS = `('total', ''), ('respondentKind', c.respondent_kind), ('actCategory', c.act_category),
                       ('managementDomain', c.management_domain)`;

/**
 * The two dismissals and the superior organ's orders (issue 10, points 6 and 12):
 * - `outcome_detail`: which dismissal a DISMISSED case is (驳回申请 R07 48 ¶1(2) / L23 33, or 驳回请求 R07 48 ¶1(1) /
 *   L23 69); the rollup counts conclusions by it (dimension `outcomeDetail`), so that procedural dismissals can leave
 *   the DECIDED base of the correction rate.
 * - `prior_conclusions`: the refusals and dismissals that an order of the superior organ reopened (L17 20; R07 31,
 *   48 ¶2; L23 35), each with the date of the order. Each still counts as CONCLUDED on its own date, and the order
 *   counts as REOPENED on its date (src/statistics/tally.ts, "REOPENED CASES").
 * case_tally_contributions() gains both; statistics_rollup_recount(), _drift() and _rebuild() call it, so they stay
 * consistent with the trigger without being redefined. The update trigger now also fires on the two new columns.
 * No rebuild is needed: existing rows have no detail and no prior conclusions, so they contribute what they did.
 */
export class OutcomeDetailAndReopening1795691212000 implements MigrationInterface {
  name = 'OutcomeDetailAndReopening1795691212000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "reconsideration_case" ADD "outcome_detail" text');
    await queryRunner.query(`ALTER TABLE "reconsideration_case" ADD "prior_conclusions" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(
      `ALTER TABLE "reconsideration_case" ADD CONSTRAINT "case_outcome_detail_valid" CHECK (outcome_detail IS NULL OR (outcome = 'DISMISSED' AND outcome_detail IN ('DISMISSED_APPLICATION','DISMISSED_CLAIM')))`,
    );
    await queryRunner.query('ALTER TABLE "statistics_rollup" DROP CONSTRAINT "statistics_rollup_measure_valid"');
    await queryRunner.query(
      `ALTER TABLE "statistics_rollup" ADD CONSTRAINT "statistics_rollup_measure_valid" CHECK (measure IN ('RECEIVED','ACCEPTED','CONCLUDED','REOPENED'))`,
    );
    // What one case contributes: as before (received, accepted, concluded by outcome, detail and the two special
    // grounds), plus for each prior conclusion its CONCLUDED on its date (by outcome and detail) and the REOPENED of
    // the order on the order's date (in the carried-over dimensions, which the carried-over formula subtracts).
    // STRICT for the reason given in StatisticsRollup (no inlining into the recount).
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION case_tally_contributions(c reconsideration_case)
      RETURNS TABLE (day date, measure text, dimension text, key text)
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT c.received_on, 'RECEIVED', d.dimension, d.key
          FROM (VALUES ${CARRIED_DIMENSIONS}) AS d(dimension, key)
        UNION ALL
        SELECT c.accepted_on, 'ACCEPTED', 'total', '' WHERE c.accepted_on IS NOT NULL
        UNION ALL
        SELECT c.concluded_on, 'CONCLUDED', d.dimension, d.key
          FROM (VALUES ${CARRIED_DIMENSIONS}, ('outcome', c.outcome), ('outcomeDetail', c.outcome_detail),
                       ('terminationGround', CASE WHEN c.outcome = 'TERMINATED' THEN c.termination_ground END),
                       ('withdrawalReason', CASE WHEN c.outcome = 'WITHDRAWN' THEN c.withdrawal_reason END)
               ) AS d(dimension, key)
         WHERE c.concluded_on IS NOT NULL AND d.key IS NOT NULL
        UNION ALL
        SELECT (p.value->>'concludedOn')::date, 'CONCLUDED', d.dimension, d.key
          FROM jsonb_array_elements(c.prior_conclusions) AS p
         CROSS JOIN LATERAL (VALUES ${CARRIED_DIMENSIONS}, ('outcome', p.value->>'outcome'),
                       ('outcomeDetail', p.value->>'outcomeDetail')) AS d(dimension, key)
         WHERE d.key IS NOT NULL
        UNION ALL
        SELECT (p.value->>'reopenedOn')::date, 'REOPENED', d.dimension, d.key
          FROM jsonb_array_elements(c.prior_conclusions) AS p
         CROSS JOIN LATERAL (VALUES ${CARRIED_DIMENSIONS}) AS d(dimension, key)
      $$`);
    await queryRunner.query('DROP TRIGGER case_statistics_rollup_update ON reconsideration_case');
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER case_statistics_rollup_update
      AFTER UPDATE ON reconsideration_case DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW
      WHEN ((OLD.organ_id, OLD.received_on, OLD.accepted_on, OLD.concluded_on, OLD.outcome, OLD.outcome_detail,
             OLD.prior_conclusions, OLD.termination_ground, OLD.withdrawal_reason, OLD.respondent_kind,
             OLD.act_category, OLD.management_domain)
            IS DISTINCT FROM
            (NEW.organ_id, NEW.received_on, NEW.accepted_on, NEW.concluded_on, NEW.outcome, NEW.outcome_detail,
             NEW.prior_conclusions, NEW.termination_ground, NEW.withdrawal_reason, NEW.respondent_kind,
             NEW.act_category, NEW.management_domain))
      EXECUTE FUNCTION statistics_rollup_apply()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER case_statistics_rollup_update ON reconsideration_case');
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER case_statistics_rollup_update
      AFTER UPDATE ON reconsideration_case DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW
      WHEN ((OLD.organ_id, OLD.received_on, OLD.accepted_on, OLD.concluded_on, OLD.outcome, OLD.termination_ground,
             OLD.withdrawal_reason, OLD.respondent_kind, OLD.act_category, OLD.management_domain)
            IS DISTINCT FROM
            (NEW.organ_id, NEW.received_on, NEW.accepted_on, NEW.concluded_on, NEW.outcome, NEW.termination_ground,
             NEW.withdrawal_reason, NEW.respondent_kind, NEW.act_category, NEW.management_domain))
      EXECUTE FUNCTION statistics_rollup_apply()`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION case_tally_contributions(c reconsideration_case)
      RETURNS TABLE (day date, measure text, dimension text, key text)
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT c.received_on, 'RECEIVED', d.dimension, d.key
          FROM (VALUES ${CARRIED_DIMENSIONS}) AS d(dimension, key)
        UNION ALL
        SELECT c.accepted_on, 'ACCEPTED', 'total', '' WHERE c.accepted_on IS NOT NULL
        UNION ALL
        SELECT c.concluded_on, 'CONCLUDED', d.dimension, d.key
          FROM (VALUES ${CARRIED_DIMENSIONS}, ('outcome', c.outcome),
                       ('terminationGround', CASE WHEN c.outcome = 'TERMINATED' THEN c.termination_ground END),
                       ('withdrawalReason', CASE WHEN c.outcome = 'WITHDRAWN' THEN c.withdrawal_reason END)
               ) AS d(dimension, key)
         WHERE c.concluded_on IS NOT NULL AND d.key IS NOT NULL
      $$`);
    // The rollup rows of the new measure and dimension have no place in the old definitions.
    await queryRunner.query(`DELETE FROM statistics_rollup WHERE measure = 'REOPENED' OR dimension = 'outcomeDetail'`);
    await queryRunner.query('ALTER TABLE "statistics_rollup" DROP CONSTRAINT "statistics_rollup_measure_valid"');
    await queryRunner.query(
      `ALTER TABLE "statistics_rollup" ADD CONSTRAINT "statistics_rollup_measure_valid" CHECK (measure IN ('RECEIVED','ACCEPTED','CONCLUDED'))`,
    );
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP CONSTRAINT "case_outcome_detail_valid"');
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP COLUMN "prior_conclusions"');
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP COLUMN "outcome_detail"');
    // Reopened cases' prior conclusions are gone with the column: recount what the old definitions count.
    await queryRunner.query('SELECT statistics_rollup_rebuild()');
  }
}
