import { MigrationInterface, QueryRunner } from 'typeorm';

const CARRIED_DIMENSIONS = `('total', ''), ('respondentKind', c.respondent_kind), ('actCategory', c.act_category),
                       ('managementDomain', c.management_domain)`;

/** The contributions as migration OutcomeDetailAndReopening left them (for `down`). */
const PREVIOUS_CONTRIBUTIONS = `
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
         CROSS JOIN LATERAL (VALUES ${CARRIED_DIMENSIONS}) AS d(dimension, key)`;

/**
 * Issue 11 point 1-2: populations. The rollup gains what the populations ACCEPTED and CONCLUDED_AFTER_ACCEPTANCE and
 * the figure acceptedCarriedOver need (src/statistics/tally.ts, "ACCEPTED EPISODES"):
 * - ACCEPTED is now kept per breakdown code too (it was a total only), so breakdowns can count accepted cases;
 * - CONCLUDED_ACCEPTED: the conclusion of an accepted episode (审结), on its date, in total, per breakdown code, by
 *   outcome and by outcome detail. The current episode is accepted when the case has an acceptance date; a prior
 *   conclusion is, when it is not the first (every reopening is an ordered acceptance or a resumed review) or when
 *   the case's acceptance came before it (a dismissal after acceptance; a refusal comes before the ordered
 *   acceptance, whose date is the order's);
 * - ACCEPTED_EPISODE: the acceptance of an episode, in total: the case's acceptance when it belongs to the first
 *   episode, and every reopening. acceptedCarriedOver = ACCEPTED_EPISODE − CONCLUDED_ACCEPTED before the period.
 * statistics_rollup_recount(), _drift() and _rebuild() call case_tally_contributions(), so they follow it; the rollup
 * is rebuilt once here.
 */
export class StatisticsPopulations1796800000000 implements MigrationInterface {
  name = 'StatisticsPopulations1796800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "statistics_rollup" DROP CONSTRAINT "statistics_rollup_measure_valid"');
    await queryRunner.query(
      `ALTER TABLE "statistics_rollup" ADD CONSTRAINT "statistics_rollup_measure_valid" CHECK (measure IN ('RECEIVED','ACCEPTED','CONCLUDED','REOPENED','CONCLUDED_ACCEPTED','ACCEPTED_EPISODE'))`,
    );
    // STRICT for the reason given in StatisticsRollup (no inlining into the recount).
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION case_tally_contributions(c reconsideration_case)
      RETURNS TABLE (day date, measure text, dimension text, key text)
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT c.received_on, 'RECEIVED', d.dimension, d.key
          FROM (VALUES ${CARRIED_DIMENSIONS}) AS d(dimension, key)
        UNION ALL
        SELECT c.accepted_on, 'ACCEPTED', d.dimension, d.key
          FROM (VALUES ${CARRIED_DIMENSIONS}) AS d(dimension, key)
         WHERE c.accepted_on IS NOT NULL
        UNION ALL
        SELECT c.accepted_on, 'ACCEPTED_EPISODE', 'total', ''
         WHERE c.accepted_on IS NOT NULL
           AND (jsonb_array_length(c.prior_conclusions) = 0
                OR c.accepted_on <= (c.prior_conclusions->0->>'concludedOn')::date)
        UNION ALL
        SELECT c.concluded_on, m.measure, d.dimension, d.key
          FROM (VALUES ${CARRIED_DIMENSIONS}, ('outcome', c.outcome), ('outcomeDetail', c.outcome_detail),
                       ('terminationGround', CASE WHEN c.outcome = 'TERMINATED' THEN c.termination_ground END),
                       ('withdrawalReason', CASE WHEN c.outcome = 'WITHDRAWN' THEN c.withdrawal_reason END)
               ) AS d(dimension, key)
         CROSS JOIN LATERAL (VALUES ('CONCLUDED'), ('CONCLUDED_ACCEPTED')) AS m(measure)
         WHERE c.concluded_on IS NOT NULL AND d.key IS NOT NULL
           AND (m.measure = 'CONCLUDED'
                OR (c.accepted_on IS NOT NULL AND d.dimension NOT IN ('terminationGround', 'withdrawalReason')))
        UNION ALL
        SELECT (p.value->>'concludedOn')::date, m.measure, d.dimension, d.key
          FROM jsonb_array_elements(c.prior_conclusions) WITH ORDINALITY AS p(value, n)
         CROSS JOIN LATERAL (VALUES ${CARRIED_DIMENSIONS}, ('outcome', p.value->>'outcome'),
                       ('outcomeDetail', p.value->>'outcomeDetail')) AS d(dimension, key)
         CROSS JOIN LATERAL (VALUES ('CONCLUDED'), ('CONCLUDED_ACCEPTED')) AS m(measure)
         WHERE d.key IS NOT NULL
           AND (m.measure = 'CONCLUDED' OR p.n > 1
                OR (c.accepted_on IS NOT NULL AND c.accepted_on <= (p.value->>'concludedOn')::date))
        UNION ALL
        SELECT (p.value->>'reopenedOn')::date, 'REOPENED', d.dimension, d.key
          FROM jsonb_array_elements(c.prior_conclusions) AS p
         CROSS JOIN LATERAL (VALUES ${CARRIED_DIMENSIONS}) AS d(dimension, key)
        UNION ALL
        SELECT (p.value->>'reopenedOn')::date, 'ACCEPTED_EPISODE', 'total', ''
          FROM jsonb_array_elements(c.prior_conclusions) AS p
      $$`);
    await queryRunner.query('SELECT statistics_rollup_rebuild()');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION case_tally_contributions(c reconsideration_case)
      RETURNS TABLE (day date, measure text, dimension text, key text)
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$${PREVIOUS_CONTRIBUTIONS}
      $$`);
    await queryRunner.query(
      `DELETE FROM statistics_rollup WHERE measure IN ('CONCLUDED_ACCEPTED', 'ACCEPTED_EPISODE') OR (measure = 'ACCEPTED' AND dimension <> 'total')`,
    );
    await queryRunner.query('ALTER TABLE "statistics_rollup" DROP CONSTRAINT "statistics_rollup_measure_valid"');
    await queryRunner.query(
      `ALTER TABLE "statistics_rollup" ADD CONSTRAINT "statistics_rollup_measure_valid" CHECK (measure IN ('RECEIVED','ACCEPTED','CONCLUDED','REOPENED'))`,
    );
  }
}
