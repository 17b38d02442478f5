import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily/monthly statistics rollup (src/statistics/statistics-rollup.entity.ts) and the trigger that keeps it equal
 * to the projection; the GiST index that finds the cases open on a day; two date constraints the rollup relies on.
 */
export class StatisticsRollup1795684881911 implements MigrationInterface {
  name = 'StatisticsRollup1795684881911';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."case_organ_open_received"');
    await queryRunner.query(
      'CREATE TABLE "statistics_rollup" ("organ_id" uuid NOT NULL, "grain" text NOT NULL, "period_start" date NOT NULL, "measure" text NOT NULL, "dimension" text NOT NULL, "key" text NOT NULL, "cases" integer NOT NULL, CONSTRAINT "statistics_rollup_measure_valid" CHECK (measure IN (\'RECEIVED\',\'ACCEPTED\',\'CONCLUDED\')), CONSTRAINT "statistics_rollup_grain_valid" CHECK (grain IN (\'DAY\',\'MONTH\')), CONSTRAINT "PK_6cd0e13c4268afdb81da2a2b888" PRIMARY KEY ("organ_id", "grain", "period_start", "measure", "dimension", "key"))',
    );
    await queryRunner.query(
      'ALTER TABLE "reconsideration_case" ADD CONSTRAINT "case_concluded_with_outcome" CHECK ((concluded_on IS NULL) = (outcome IS NULL))',
    );
    await queryRunner.query(
      'ALTER TABLE "reconsideration_case" ADD CONSTRAINT "case_dates_ordered" CHECK (accepted_on >= received_on AND concluded_on >= received_on AND concluded_on >= accepted_on)',
    );
    await queryRunner.query(
      'ALTER TABLE "statistics_rollup" ADD CONSTRAINT "statistics_rollup_organ_fk" FOREIGN KEY ("organ_id") REFERENCES "organ"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Carried over into a period starting on D = received before D and not concluded before D, i.e. D lies in
    // (received_on, concluded_on] (open-ended while pending). A point query on this range finds those few cases
    // without reading the many concluded ones (the export of a period's cases uses it).
    await queryRunner.query(
      `CREATE INDEX "case_open_interval" ON "reconsideration_case" USING gist (daterange(received_on, concluded_on, '(]'))`,
    );
    // What one case contributes to the rollup: received on its receipt day, accepted on its acceptance day, concluded
    // on its concluding day (by outcome and the two special grounds) — in total and per breakdown code. STRICT keeps
    // PostgreSQL from inlining it into the recount: inlined (PostgreSQL 18.4), the recount fails to plan with
    // "variable not found in subplan target list".
    await queryRunner.query(`
      CREATE FUNCTION case_tally_contributions(c reconsideration_case)
      RETURNS TABLE (day date, measure text, dimension text, key text)
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT c.received_on, 'RECEIVED', d.dimension, d.key
          FROM (VALUES ('total', ''), ('respondentKind', c.respondent_kind), ('actCategory', c.act_category),
                       ('managementDomain', c.management_domain)) AS d(dimension, key)
        UNION ALL
        SELECT c.accepted_on, 'ACCEPTED', 'total', '' WHERE c.accepted_on IS NOT NULL
        UNION ALL
        SELECT c.concluded_on, 'CONCLUDED', d.dimension, d.key
          FROM (VALUES ('total', ''), ('respondentKind', c.respondent_kind), ('actCategory', c.act_category),
                       ('managementDomain', c.management_domain), ('outcome', c.outcome),
                       ('terminationGround', CASE WHEN c.outcome = 'TERMINATED' THEN c.termination_ground END),
                       ('withdrawalReason', CASE WHEN c.outcome = 'WITHDRAWN' THEN c.withdrawal_reason END)
               ) AS d(dimension, key)
         WHERE c.concluded_on IS NOT NULL AND d.key IS NOT NULL
      $$`);
    // The rollup as a recount of the projection: what the trigger maintains, computed from scratch.
    await queryRunner.query(`
      CREATE FUNCTION statistics_rollup_recount()
      RETURNS TABLE (organ_id uuid, grain text, period_start date, measure text, dimension text, key text, cases integer)
      LANGUAGE sql STABLE AS $$
        SELECT c.organ_id, g.grain, g.period_start, x.measure, x.dimension, x.key, count(*)::integer
          FROM reconsideration_case c
         CROSS JOIN LATERAL case_tally_contributions(c) x
         CROSS JOIN LATERAL (VALUES ('DAY', x.day), ('MONTH', x.day - (extract(day FROM x.day)::integer - 1))) AS g(grain, period_start)
         GROUP BY 1, 2, 3, 4, 5, 6
      $$`);
    // Rows where the stored rollup and a recount differ; empty when all is well (tests and operators check this).
    await queryRunner.query(`
      CREATE FUNCTION statistics_rollup_drift()
      RETURNS TABLE (organ_id uuid, grain text, period_start date, measure text, dimension text, key text,
                     stored integer, recounted integer)
      LANGUAGE sql STABLE AS $$
        SELECT organ_id, grain, period_start, measure, dimension, key, coalesce(s.cases, 0), coalesce(r.cases, 0)
          FROM (SELECT * FROM statistics_rollup WHERE cases <> 0) s
          FULL JOIN statistics_rollup_recount() r USING (organ_id, grain, period_start, measure, dimension, key)
         WHERE coalesce(s.cases, 0) <> coalesce(r.cases, 0)
      $$`);
    // Rewrites the rollup from the projection (after a bulk load with the triggers disabled, or as a repair).
    // SHARE ROW EXCLUSIVE makes writers and a second rebuild wait, so the recount sees every committed change and
    // misses none in flight; this transaction's own pending rollup events are applied first, so they are not counted
    // twice. READ COMMITTED only: a REPEATABLE READ snapshot would predate the lock.
    await queryRunner.query(`
      CREATE FUNCTION statistics_rollup_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        written bigint;
      BEGIN
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'statistics_rollup_rebuild() needs READ COMMITTED, not %', current_setting('transaction_isolation')
            USING ERRCODE = 'invalid_transaction_state';
        END IF;
        SET CONSTRAINTS case_statistics_rollup_insert_delete, case_statistics_rollup_update IMMEDIATE;
        LOCK TABLE reconsideration_case IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM statistics_rollup;
        INSERT INTO statistics_rollup (organ_id, grain, period_start, measure, dimension, key, cases)
        SELECT * FROM statistics_rollup_recount();
        GET DIAGNOSTICS written = ROW_COUNT;
        SET CONSTRAINTS case_statistics_rollup_insert_delete, case_statistics_rollup_update DEFERRED;
        RETURN written;
      END
      $$`);
    // Applies one change of a case: −1 for what the old row contributed, +1 for what the new row contributes, netted
    // per bucket, at day and month grain.
    await queryRunner.query(`
      CREATE FUNCTION statistics_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        lowest integer;
      BEGIN
        -- One committing transaction per organ updates the organ's buckets at a time, so two commits can never wait
        -- for each other's bucket rows in opposite orders (no deadlock). The trigger is deferred: the lock is held
        -- only while the transaction commits, not while it does its work.
        -- Two-key form: its own key space, apart from the service's single-key locks (migrations, calendar, …).
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
           CROSS JOIN LATERAL (VALUES ('DAY', d.day), ('MONTH', d.day - (extract(day FROM d.day)::integer - 1))) AS g(grain, period_start)
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
      $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER case_statistics_rollup_insert_delete
      AFTER INSERT OR DELETE ON reconsideration_case DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION statistics_rollup_apply()`);
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
    // Backfill: the cases already recorded (the triggers exist now, and the rebuild names them).
    await queryRunner.query('SELECT statistics_rollup_rebuild()');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER case_statistics_rollup_update ON reconsideration_case');
    await queryRunner.query('DROP TRIGGER case_statistics_rollup_insert_delete ON reconsideration_case');
    await queryRunner.query('DROP FUNCTION statistics_rollup_apply()');
    await queryRunner.query('DROP FUNCTION statistics_rollup_rebuild()');
    await queryRunner.query('DROP FUNCTION statistics_rollup_drift()');
    await queryRunner.query('DROP FUNCTION statistics_rollup_recount()');
    await queryRunner.query('DROP FUNCTION case_tally_contributions(reconsideration_case)');
    await queryRunner.query('DROP INDEX "case_open_interval"');
    await queryRunner.query('ALTER TABLE "statistics_rollup" DROP CONSTRAINT "statistics_rollup_organ_fk"');
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP CONSTRAINT "case_dates_ordered"');
    await queryRunner.query('ALTER TABLE "reconsideration_case" DROP CONSTRAINT "case_concluded_with_outcome"');
    await queryRunner.query('DROP TABLE "statistics_rollup"');
    await queryRunner.query(
      'CREATE INDEX "case_organ_open_received" ON "reconsideration_case" USING btree ("organ_id", "received_on") WHERE (concluded_on IS NULL)',
    );
  }
}
