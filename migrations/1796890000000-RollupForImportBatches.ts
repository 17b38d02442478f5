import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger import (issue 12 pt 5) writes historical cases a batch at a time and adds the batch to statistics_rollup
 * in one statement (statistics_rollup_add), instead of one deferred trigger call per case: a batch of a thousand cases
 * of an office's few years touches a few hundred buckets, where a trigger call per case upserts every bucket of every
 * case.
 *
 * The insert trigger is split from the delete trigger so that it can have a WHEN clause (a DELETE trigger cannot
 * name NEW): a row the current transaction inserts for the import job named by the transaction-local setting
 * reconsideration.rollup_batch is not queued, because that transaction adds it with statistics_rollup_add. A constraint
 * trigger's WHEN is evaluated at once, not deferred, so skipped rows cost nothing at commit. Every other insert
 * (a registration, the case loader, SQL) is counted by the trigger as before, and so is every later change to an
 * imported case.
 */
const ADD = `
      CREATE OR REPLACE FUNCTION statistics_rollup_add(case_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        lowest integer;
      BEGIN
        -- The lock statistics_rollup_apply takes, once per organ of the batch, in the same order.
        PERFORM pg_advisory_xact_lock(hashtext('reconsideration:statistics-rollup'), hashtext(o::text))
           FROM (SELECT DISTINCT organ_id AS o FROM reconsideration_case WHERE id = ANY(case_ids) ORDER BY 1) AS organs;
        WITH net AS (
          SELECT c.organ_id, g.grain, g.period_start, x.measure, x.dimension, x.key, count(*)::integer AS n
            FROM reconsideration_case c
           CROSS JOIN LATERAL case_tally_contributions(c) x
           CROSS JOIN LATERAL statistics_rollup_buckets(x.day) g
           WHERE c.id = ANY(case_ids)
           GROUP BY 1, 2, 3, 4, 5, 6
        ), applied AS (
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

/** statistics_rollup_rebuild() names the triggers whose pending events it fires first (SET CONSTRAINTS … IMMEDIATE). */
const REBUILD = (triggers: string) => `
      CREATE OR REPLACE FUNCTION statistics_rollup_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        written bigint;
      BEGIN
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'statistics_rollup_rebuild() needs READ COMMITTED, not %', current_setting('transaction_isolation')
            USING ERRCODE = 'invalid_transaction_state';
        END IF;
        SET CONSTRAINTS ${triggers} IMMEDIATE;
        LOCK TABLE reconsideration_case IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM statistics_rollup;
        INSERT INTO statistics_rollup (organ_id, grain, period_start, measure, dimension, key, cases)
        SELECT * FROM statistics_rollup_recount();
        GET DIAGNOSTICS written = ROW_COUNT;
        SET CONSTRAINTS ${triggers} DEFERRED;
        RETURN written;
      END
      $$`;
const SPLIT_TRIGGERS = 'case_statistics_rollup_insert, case_statistics_rollup_delete, case_statistics_rollup_update';
const JOINT_TRIGGERS = 'case_statistics_rollup_insert_delete, case_statistics_rollup_update';

export class RollupForImportBatches1796890000000 implements MigrationInterface {
  name = 'RollupForImportBatches1796890000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(ADD);
    await queryRunner.query('DROP TRIGGER case_statistics_rollup_insert_delete ON reconsideration_case');
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER case_statistics_rollup_insert
      AFTER INSERT ON reconsideration_case DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW
      WHEN (NEW.import_id IS NULL
            OR NEW.import_id::text IS DISTINCT FROM current_setting('reconsideration.rollup_batch', true))
      EXECUTE FUNCTION statistics_rollup_apply()`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER case_statistics_rollup_delete
      AFTER DELETE ON reconsideration_case DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION statistics_rollup_apply()`);
    await queryRunner.query(REBUILD(SPLIT_TRIGGERS));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER case_statistics_rollup_delete ON reconsideration_case');
    await queryRunner.query('DROP TRIGGER case_statistics_rollup_insert ON reconsideration_case');
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER case_statistics_rollup_insert_delete
      AFTER INSERT OR DELETE ON reconsideration_case DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION statistics_rollup_apply()`);
    await queryRunner.query(REBUILD(JOINT_TRIGGERS));
    await queryRunner.query('DROP FUNCTION statistics_rollup_add(uuid[])');
  }
}
