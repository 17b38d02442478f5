import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * statistics_rollup_add (the ledger import's set-based rollup, RollupForImportBatches) counts a batch's cases by day
 * first, and only then spreads each day's counts over its buckets (DAY, MONTH, YEAR). A batch of a thousand cases in
 * date order has some 25,000 contributions but only a few thousand distinct (day, measure, dimension, key): grouping
 * them before the bucket expansion aggregates a third as many rows. Same counts, same locks, same check.
 */
/** statistics_rollup_add around `net`: the CTE of (organ_id, grain, period_start, measure, dimension, key, n) to add. */
const rollupAdd = (net: string) => `
      CREATE OR REPLACE FUNCTION statistics_rollup_add(case_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        lowest integer;
      BEGIN
        -- The lock statistics_rollup_apply takes, once per organ of the batch, in the same order.
        PERFORM pg_advisory_xact_lock(hashtext('reconsideration:statistics-rollup'), hashtext(o::text))
           FROM (SELECT DISTINCT organ_id AS o FROM reconsideration_case WHERE id = ANY(case_ids) ORDER BY 1) AS organs;
        WITH ${net}, applied AS (
          INSERT INTO statistics_rollup AS r (organ_id, grain, period_start, measure, dimension, key, cases)
          SELECT * FROM net ORDER BY 1, 2, 3, 4, 5, 6
          ON CONFLICT (organ_id, grain, period_start, measure, dimension, key)
          DO UPDATE SET cases = r.cases + EXCLUDED.cases
          RETURNING r.cases
        )
        SELECT min(cases) INTO lowest FROM applied;
        IF lowest < 0 THEN
          RAISE EXCEPTION 'statistics_rollup would count fewer than 0 cases after adding % cases', cardinality(case_ids)
            USING ERRCODE = 'data_exception', HINT = 'SELECT * FROM statistics_rollup_drift(); SELECT statistics_rollup_rebuild();';
        END IF;
      END
      $$`;

/** Grouped by day first, then spread over the day's buckets. */
const BY_DAY = `by_day AS (
          SELECT c.organ_id, x.day, x.measure, x.dimension, x.key, count(*)::integer AS n
            FROM reconsideration_case c
           CROSS JOIN LATERAL case_tally_contributions(c) x
           WHERE c.id = ANY(case_ids)
           GROUP BY 1, 2, 3, 4, 5
        ), net AS (
          SELECT d.organ_id, g.grain, g.period_start, d.measure, d.dimension, d.key, sum(d.n)::integer AS n
            FROM by_day d
           CROSS JOIN LATERAL statistics_rollup_buckets(d.day) g
           GROUP BY 1, 2, 3, 4, 5, 6
        )`;

/** RollupForImportBatches' form: every contribution expanded to its buckets, then grouped. */
const BY_BUCKET = `net AS (
          SELECT c.organ_id, g.grain, g.period_start, x.measure, x.dimension, x.key, count(*)::integer AS n
            FROM reconsideration_case c
           CROSS JOIN LATERAL case_tally_contributions(c) x
           CROSS JOIN LATERAL statistics_rollup_buckets(x.day) g
           WHERE c.id = ANY(case_ids)
           GROUP BY 1, 2, 3, 4, 5, 6
        )`;

export class RollupAddByDay1796910000000 implements MigrationInterface {
  name = 'RollupAddByDay1796910000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(rollupAdd(BY_DAY));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(rollupAdd(BY_BUCKET));
  }
}
