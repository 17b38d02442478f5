import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * statistics_rollup gains a YEAR grain (period_start 1 January) beside DAY and MONTH, so that a calendar year's figures
 * read one row per code instead of twelve, and the history before a period one row per earlier year instead of one
 * per earlier month (src/statistics/rollup.ts rollupSpans). A report over a city and its districts (scope=DESCENDANTS)
 * reads every organ's rows for the period and the year before it; by month that grew with organs × months of
 * history (bench:stats, issue 11).
 *
 * The grains of a day are named once, in statistics_rollup_buckets(), which the trigger (statistics_rollup_apply) and
 * the recount (statistics_rollup_recount, hence _drift and _rebuild) both call. The rebuild writes the YEAR rows of
 * the cases already recorded.
 */
const BUCKETS_OF = (grains: string) => `
      CREATE OR REPLACE FUNCTION statistics_rollup_buckets(day date)
      RETURNS TABLE (grain text, period_start date) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        VALUES ${grains}
      $$`;
const DAY_MONTH = `('DAY', day), ('MONTH', date_trunc('month', day)::date)`;
const DAY_MONTH_YEAR = `${DAY_MONTH}, ('YEAR', date_trunc('year', day)::date)`;

const RECOUNT = `
      CREATE OR REPLACE FUNCTION statistics_rollup_recount()
      RETURNS TABLE (organ_id uuid, grain text, period_start date, measure text, dimension text, key text, cases integer)
      LANGUAGE sql STABLE AS $$
        SELECT c.organ_id, g.grain, g.period_start, x.measure, x.dimension, x.key, count(*)::integer
          FROM reconsideration_case c
         CROSS JOIN LATERAL case_tally_contributions(c) x
         CROSS JOIN LATERAL statistics_rollup_buckets(x.day) g
         GROUP BY 1, 2, 3, 4, 5, 6
      $$`;

// As in migration StatisticsRollup, with the buckets of a day from statistics_rollup_buckets().
const APPLY = `
      CREATE OR REPLACE FUNCTION statistics_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        lowest integer;
      BEGIN
        -- One committing transaction per organ updates the organ's buckets at a time (no deadlock between commits);
        -- the trigger is deferred, so the lock is held only while the transaction commits.
        PERFORM pg_advisory_xact_lock(hashtext('reconsideration:statistics-rollup'), hashtext(o::text))
           FROM (SELECT DISTINCT o FROM unnest(ARRAY[OLD.organ_id, NEW.organ_id]) AS o WHERE o IS NOT NULL ORDER BY o) AS organs;
        -- Cases deleted together with their organ: the organ's rollup rows went with it (ON DELETE CASCADE).
        IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM organ WHERE id = OLD.organ_id) THEN
          RETURN NULL;
        END IF;
        WITH delta AS (
          SELECT OLD.organ_id AS organ_id, x.day, x.measure, x.dimension, x.key, -1 AS n
            FROM case_tally_contributions(OLD) x WHERE TG_OP <> 'INSERT'
          UNION ALL
          SELECT NEW.organ_id, x.day, x.measure, x.dimension, x.key, 1
            FROM case_tally_contributions(NEW) x WHERE TG_OP <> 'DELETE'
        ), net AS (
          SELECT d.organ_id, g.grain, g.period_start, d.measure, d.dimension, d.key, sum(d.n)::integer AS n
            FROM delta d
           CROSS JOIN LATERAL statistics_rollup_buckets(d.day) g
           GROUP BY 1, 2, 3, 4, 5, 6
          HAVING sum(d.n) <> 0
        ), applied AS (
          INSERT INTO statistics_rollup AS r (organ_id, grain, period_start, measure, dimension, key, cases)
          SELECT * FROM net ORDER BY 1, 2, 3, 4, 5, 6
          ON CONFLICT (organ_id, grain, period_start, measure, dimension, key)
          DO UPDATE SET cases = r.cases + EXCLUDED.cases
          RETURNING r.cases
        )
        SELECT min(cases) INTO lowest FROM applied;
        IF lowest < 0 THEN
          RAISE EXCEPTION 'statistics_rollup would count fewer than 0 cases after a change to case %',
            coalesce(NEW.id, OLD.id)
            USING ERRCODE = 'data_exception', HINT = 'SELECT * FROM statistics_rollup_drift(); SELECT statistics_rollup_rebuild();';
        END IF;
        RETURN NULL;
      END
      $$`;

export class RollupYearGrain1796860000000 implements MigrationInterface {
  name = 'RollupYearGrain1796860000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "statistics_rollup" DROP CONSTRAINT "statistics_rollup_grain_valid"');
    await queryRunner.query(
      `ALTER TABLE "statistics_rollup" ADD CONSTRAINT "statistics_rollup_grain_valid" CHECK (grain IN ('DAY','MONTH','YEAR'))`,
    );
    await queryRunner.query(BUCKETS_OF(DAY_MONTH_YEAR));
    await queryRunner.query(RECOUNT);
    await queryRunner.query(APPLY);
    await queryRunner.query('SELECT statistics_rollup_rebuild()');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "statistics_rollup" WHERE grain = 'YEAR'`);
    await queryRunner.query('ALTER TABLE "statistics_rollup" DROP CONSTRAINT "statistics_rollup_grain_valid"');
    await queryRunner.query(
      `ALTER TABLE "statistics_rollup" ADD CONSTRAINT "statistics_rollup_grain_valid" CHECK (grain IN ('DAY','MONTH'))`,
    );
    // The functions keep reading statistics_rollup_buckets(), now with the two grains again.
    await queryRunner.query(BUCKETS_OF(DAY_MONTH));
  }
}
