import { MigrationInterface, QueryRunner } from 'typeorm';

const STATES_BEFORE = `'RECEIVED','CORRECTION_REQUESTED','ACCEPTED','UNDER_REVIEW','SUSPENDED','MEDIATION','DECIDED','SERVED','CLOSED','NOT_ACCEPTED','DEEMED_WITHDRAWN','WITHDRAWN','TRANSFERRED','TERMINATED'`;
const OUTCOMES_BEFORE = `'NOT_ACCEPTED','DEEMED_WITHDRAWN','WITHDRAWN','TRANSFERRED','UPHELD','DISMISSED','REVOKED','VARIED','CONFIRMED_ILLEGAL','ORDERED_TO_PERFORM','CONFIRMED_VOID','MEDIATED','TERMINATED'`;

const DISMISSALS = `'DISMISSED_APPLICATION','DISMISSED_CLAIM'`;
const NOT_ACCEPT_GROUNDS = `'L23_30_1_NO_PROPER_PARTIES','L23_30_2_NO_LEGAL_INTEREST','L23_30_3_NO_SPECIFIC_REQUEST','L23_30_4_OUT_OF_TIME','L23_30_5_OUTSIDE_SCOPE','L23_30_6_OUTSIDE_JURISDICTION','L23_30_7_ALREADY_ACCEPTED','R07_28_1_NO_PROPER_PARTIES','R07_28_2_NO_LEGAL_INTEREST','R07_28_3_NO_SPECIFIC_REQUEST','R07_28_4_OUT_OF_TIME','R07_28_5_OUTSIDE_SCOPE','R07_28_6_OUTSIDE_JURISDICTION','R07_28_7_ALREADY_ACCEPTED'`;
const TERMINATION_GROUNDS = `'WITHDRAWAL_APPROVED','WITHDRAWN_AFTER_RESPONDENT_CORRECTED','SETTLEMENT','APPLICANT_DIED_NO_SUCCESSOR','ORGANISATION_DISSOLVED_NO_SUCCESSOR','CRIMINAL_MEASURES','SUSPENSION_EXCEEDED_60_DAYS'`;
const WITHDRAWAL_REASONS = `'VOLUNTARY','SETTLED_BEFORE_ACCEPTANCE'`;

/**
 * The detail of every outcome that has one, as written by this migration; src/cases/case.entity.ts computes the same
 * text from OUTCOME_DETAILS, and migrations/outcome-details.spec.ts holds the two equal (a new detail code needs a
 * new migration).
 */
export const OUTCOME_DETAIL_CHECK_1796830000000 =
  `outcome_detail IS NULL OR (outcome = 'DISMISSED' AND outcome_detail IN (${DISMISSALS}))` +
  ` OR (outcome = 'NOT_ACCEPTED' AND outcome_detail IN (${NOT_ACCEPT_GROUNDS}))` +
  ` OR (outcome = 'TERMINATED' AND outcome_detail IN (${TERMINATION_GROUNDS}))` +
  ` OR (outcome = 'WITHDRAWN' AND outcome_detail IN (${WITHDRAWAL_REASONS}))`;

/**
 * Issue 11 pt 4: every concluded case has an outcome and, where the law has one, a detail (OUTCOME_DETAILS).
 * - `outcome_detail` held the dismissal (驳回申请 / 驳回请求) only; it now holds the detail of every outcome that has
 *   one: the not-accept ground (R07 28 / L23 30), the termination ground (R07 42 / L23 41), the pre-acceptance
 *   withdrawal's reason (VOLUNTARY, SETTLED_BEFORE_ACCEPTANCE 受理前协商化解). The codes are those grounds' codes.
 * - 告知 (L17 17 ¶1, 「告知申请人向有关行政复议机关提出」) is its own pre-acceptance act: state and outcome INFORMED.
 * Backfill: existing rows get their detail from termination_ground, withdrawal_reason and the projection's
 * notAcceptGround (the facts jsonb, where the not-accept ground lives), and the projection's facts get the same
 * outcomeDetail; a refusal that a superior order reopened (prior_conclusions, L17 20; L23 35) gets the ground of its
 * NOT_ACCEPT event. The rollup functions and triggers are not redefined: case_tally_contributions() already counts
 * `outcomeDetail` from the column; the rows are recounted at the end (the update trigger also applies the changes,
 * and the rebuild applies those pending first, so nothing is counted twice).
 */
export class OutcomeDetailsForEveryOutcome1796830000000 implements MigrationInterface {
  name = 'OutcomeDetailsForEveryOutcome1796830000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP CONSTRAINT "case_state_valid"');
    await queryRunner.query(
      `ALTER TABLE "reconsideration_case" ADD CONSTRAINT "case_state_valid" CHECK (state IN (${STATES_BEFORE},'INFORMED'))`,
    );
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP CONSTRAINT "case_outcome_valid"');
    await queryRunner.query(
      `ALTER TABLE "reconsideration_case" ADD CONSTRAINT "case_outcome_valid" CHECK (outcome IS NULL OR outcome IN (${OUTCOMES_BEFORE},'INFORMED'))`,
    );
    // The new check before the backfill: it admits every row the old one did, and no ALTER TABLE may follow the
    // updates in this transaction (their deferred rollup trigger events are pending until the rebuild applies them).
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP CONSTRAINT "case_outcome_detail_valid"');
    await queryRunner.query(
      `ALTER TABLE "reconsideration_case" ADD CONSTRAINT "case_outcome_detail_valid" CHECK (${OUTCOME_DETAIL_CHECK_1796830000000})`,
    );
    // Only codes the new constraint accepts are copied: anything else (never written by the service) stays without.
    await queryRunner.query(`
      UPDATE reconsideration_case
         SET outcome_detail = d.detail,
             facts = jsonb_set(facts, '{outcomeDetail}', to_jsonb(d.detail))
        FROM (SELECT id,
                     CASE
                       WHEN outcome = 'TERMINATED' AND termination_ground IN (${TERMINATION_GROUNDS}) THEN termination_ground
                       WHEN outcome = 'WITHDRAWN' AND withdrawal_reason IN (${WITHDRAWAL_REASONS}) THEN withdrawal_reason
                       WHEN outcome = 'NOT_ACCEPTED' AND facts->>'notAcceptGround' IN (${NOT_ACCEPT_GROUNDS})
                         THEN facts->>'notAcceptGround'
                     END AS detail
                FROM reconsideration_case
               WHERE outcome IN ('TERMINATED', 'WITHDRAWN', 'NOT_ACCEPTED') AND outcome_detail IS NULL) AS d
       WHERE reconsideration_case.id = d.id AND d.detail IS NOT NULL`);
    // Refusals reopened by ORDER_TO_ACCEPT: the ground of the (not undone) NOT_ACCEPT dated on the refusal's day.
    await queryRunner.query(`
      UPDATE reconsideration_case c
         SET prior_conclusions = p.conclusions,
             facts = jsonb_set(c.facts, '{priorConclusions}', p.conclusions)
        FROM (SELECT c2.id,
                     jsonb_agg(
                       CASE
                         WHEN e.value->>'outcome' = 'NOT_ACCEPTED' AND (e.value->>'outcomeDetail') IS NULL
                              AND g.ground IN (${NOT_ACCEPT_GROUNDS})
                           THEN jsonb_set(e.value, '{outcomeDetail}', to_jsonb(g.ground))
                         ELSE e.value
                       END ORDER BY e.ordinality) AS conclusions
                FROM reconsideration_case c2
               CROSS JOIN LATERAL jsonb_array_elements(c2.prior_conclusions) WITH ORDINALITY AS e(value, ordinality)
                LEFT JOIN LATERAL (
                       SELECT ev.payload->>'ground' AS ground
                         FROM case_event ev
                        WHERE ev.case_id = c2.id AND ev.action = 'NOT_ACCEPT'
                          AND ev.occurred_on = (e.value->>'concludedOn')::date
                          AND NOT EXISTS (SELECT 1 FROM case_event u
                                           WHERE u.case_id = ev.case_id AND u.action = 'UNDO' AND u.undoes_seq = ev.seq)
                        ORDER BY ev.seq DESC
                        LIMIT 1) AS g ON true
               WHERE jsonb_array_length(c2.prior_conclusions) > 0
               GROUP BY c2.id) AS p
       WHERE c.id = p.id AND c.prior_conclusions IS DISTINCT FROM p.conclusions`);
    await queryRunner.query('SELECT statistics_rollup_rebuild()');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const informed = (await queryRunner.query(
      `SELECT count(*)::int AS n FROM reconsideration_case WHERE state = 'INFORMED' OR outcome = 'INFORMED'`,
    )) as Array<{ n: number }>;
    if ((informed[0]?.n ?? 0) > 0) {
      throw new Error(
        `${informed[0]!.n} cases were concluded by 告知 (INFORMED, L17 17 ¶1), which the earlier schema cannot hold; undo those acts first.`,
      );
    }
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP CONSTRAINT "case_outcome_detail_valid"');
    await queryRunner.query(`
      UPDATE reconsideration_case
         SET outcome_detail = NULL, facts = jsonb_set(facts, '{outcomeDetail}', 'null'::jsonb)
       WHERE outcome_detail IS NOT NULL AND outcome IS DISTINCT FROM 'DISMISSED'`);
    await queryRunner.query(`
      UPDATE reconsideration_case c
         SET prior_conclusions = p.conclusions, facts = jsonb_set(c.facts, '{priorConclusions}', p.conclusions)
        FROM (SELECT c2.id,
                     jsonb_agg(CASE WHEN e.value->>'outcome' = 'DISMISSED' THEN e.value
                                    ELSE jsonb_set(e.value, '{outcomeDetail}', 'null'::jsonb) END
                               ORDER BY e.ordinality) AS conclusions
                FROM reconsideration_case c2
               CROSS JOIN LATERAL jsonb_array_elements(c2.prior_conclusions) WITH ORDINALITY AS e(value, ordinality)
               WHERE jsonb_array_length(c2.prior_conclusions) > 0
               GROUP BY c2.id) AS p
       WHERE c.id = p.id AND c.prior_conclusions IS DISTINCT FROM p.conclusions`);
    // The updates' deferred rollup events must be applied before the table can be altered again (the rebuild below
    // recounts anyway).
    await queryRunner.query('SET CONSTRAINTS ALL IMMEDIATE');
    await queryRunner.query(
      `ALTER TABLE "reconsideration_case" ADD CONSTRAINT "case_outcome_detail_valid" CHECK (outcome_detail IS NULL OR (outcome = 'DISMISSED' AND outcome_detail IN (${DISMISSALS})))`,
    );
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP CONSTRAINT "case_outcome_valid"');
    await queryRunner.query(
      `ALTER TABLE "reconsideration_case" ADD CONSTRAINT "case_outcome_valid" CHECK (outcome IS NULL OR outcome IN (${OUTCOMES_BEFORE}))`,
    );
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP CONSTRAINT "case_state_valid"');
    await queryRunner.query(
      `ALTER TABLE "reconsideration_case" ADD CONSTRAINT "case_state_valid" CHECK (state IN (${STATES_BEFORE}))`,
    );
    await queryRunner.query('SELECT statistics_rollup_rebuild()');
  }
}
