import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 pt 8: organs in a hierarchy (a city and its districts and counties). `organ.parent_id` names the organ
 * above; statistics can count an organ together with every organ below it (scope=DESCENDANTS). Case numbers,
 * templates and calendars stay per organ.
 *
 * The hierarchy must stay a forest: `organ_hierarchy_acyclic` refuses a parent that would make an organ its own
 * ancestor (itself included), whoever writes the row. The service checks first and answers 422
 * ORGAN_HIERARCHY_CYCLE; the trigger is what makes a cycle impossible under concurrency. Two transactions setting
 * A → B and B → A at once would each see the other's organ still without a parent, so each change takes one
 * transaction-scoped advisory lock before walking up from the changed organ: hierarchy changes commit one at a time,
 * and the second one's walk (a new statement, hence a new READ COMMITTED snapshot taken after the lock) sees the
 * first one's parent and refuses. READ COMMITTED only: a REPEATABLE READ snapshot would predate the lock.
 * The trigger is AFTER ROW, so the walk also sees the other rows an UPDATE of several organs changed before it.
 */
export class OrganHierarchy1796810000000 implements MigrationInterface {
  name = 'OrganHierarchy1796810000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organ" ADD "parent_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "organ" ADD CONSTRAINT "organ_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "organ"("id") ON DELETE RESTRICT`,
    );
    // descendantIds walks down the tree by parent_id.
    await queryRunner.query(`CREATE INDEX "organ_parent" ON "organ" ("parent_id")`);
    await queryRunner.query(`
      CREATE FUNCTION organ_hierarchy_acyclic() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        looped boolean;
      BEGIN
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'changing an organ''s parent needs READ COMMITTED, not %', current_setting('transaction_isolation')
            USING ERRCODE = 'invalid_transaction_state';
        END IF;
        -- Two-key form: its own key space, apart from the service's single-key locks (migrations, calendar, …).
        PERFORM pg_advisory_xact_lock(hashtext('reconsideration:organ-hierarchy'), 0);
        WITH RECURSIVE up(id) AS (
          SELECT o.parent_id FROM organ o WHERE o.id = NEW.id
          UNION
          SELECT o.parent_id FROM organ o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL
        )
        SELECT EXISTS (SELECT 1 FROM up WHERE up.id = NEW.id) INTO looped;
        IF looped THEN
          RAISE EXCEPTION 'organ % would be its own ancestor', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'organ_hierarchy_acyclic';
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER organ_hierarchy_acyclic AFTER INSERT OR UPDATE OF parent_id ON organ
        FOR EACH ROW WHEN (NEW.parent_id IS NOT NULL) EXECUTE FUNCTION organ_hierarchy_acyclic()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER organ_hierarchy_acyclic ON organ');
    await queryRunner.query('DROP FUNCTION organ_hierarchy_acyclic()');
    await queryRunner.query('DROP INDEX "organ_parent"');
    await queryRunner.query('ALTER TABLE "organ" DROP CONSTRAINT "organ_parent_fk"');
    await queryRunner.query('ALTER TABLE "organ" DROP COLUMN "parent_id"');
  }
}
