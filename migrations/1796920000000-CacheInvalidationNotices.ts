import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18 pt 1: the service caches API keys and the working-day calendar in memory; these triggers tell every
 * instance at once that a row changed (DatabaseNotifications, src/database/database-notifications.ts). A revoked or
 * edited key is named by its id; the calendar notice has no payload (the whole calendar is rebuilt). The triggers
 * fire for any writer, the API or plain SQL, and NOTIFY is delivered only when the transaction commits.
 */
export class CacheInvalidationNotices1796920000000 implements MigrationInterface {
  name = 'CacheInvalidationNotices1796920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION api_key_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('rcs_api_key', COALESCE(OLD.id, NEW.id)::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER api_key_changed AFTER UPDATE OR DELETE ON "api_key" FOR EACH ROW EXECUTE FUNCTION api_key_notify()',
    );
    await queryRunner.query(`
      CREATE FUNCTION calendar_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('rcs_calendar', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER calendar_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_year" FOR EACH STATEMENT EXECUTE FUNCTION calendar_notify()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER calendar_changed ON "calendar_year"');
    await queryRunner.query('DROP FUNCTION calendar_notify()');
    await queryRunner.query('DROP TRIGGER api_key_changed ON "api_key"');
    await queryRunner.query('DROP FUNCTION api_key_notify()');
  }
}
