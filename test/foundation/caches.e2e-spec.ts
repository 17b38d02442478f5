import request from 'supertest';
import { DataSource } from 'typeorm';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 18 pt 1: API keys and the working-day calendar are kept in memory, and forgotten when their table's trigger
 * notifies (migration CacheInvalidationNotices). With the trigger disabled, a change made by SQL goes unnoticed:
 * proof that the cache answers; with it enabled, the same change is seen at once: proof that NOTIFY invalidates.
 */
describe('caches invalidated by LISTEN/NOTIFY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('an API key is looked up once; its revocation by SQL ends it at once through the NOTIFY, not after API_KEY_CACHE_SECONDS', async () => {
    const key = await t.createKey(['REPORTER'], { name: 'cached-reporter' });
    const ds = t.app.get(DataSource);
    const get = () => request(t.http).get('/v1/cases?limit=1').set('authorization', `Bearer ${key}`);
    expect((await get()).status).toBe(200);
    await ds.query('ALTER TABLE api_key DISABLE TRIGGER api_key_changed');
    try {
      await ds.query(`UPDATE api_key SET revoked_at = now() WHERE name = 'cached-reporter'`);
      // No notice: the instance still has the key in memory.
      expect((await get()).status).toBe(200);
    } finally {
      await ds.query('ALTER TABLE api_key ENABLE TRIGGER api_key_changed');
    }
    await t.changeCachedTable(`UPDATE api_key SET revoked_at = revoked_at WHERE name = 'cached-reporter'`);
    expect((await get()).status).toBe(401);
  });

  it('the calendar is built once; an edit by SQL moves the clocks at once through the NOTIFY', async () => {
    const admin = { authorization: `Bearer ${await t.createKey(['CLERK', 'OFFICER'])}` };
    const reg = await request(t.http)
      .post('/v1/cases')
      .set(admin)
      .send(registration({ receivedOn: '2021-04-01' }));
    expect(reg.status).toBe(201);
    const review = async () =>
      (
        (
          await request(t.http)
            .get(`/v1/cases/${reg.body.id as string}/deadlines?asOf=2021-04-02`)
            .set(admin)
        ).body as { clocks: Array<{ clock: string; dueOn: string }> }
      ).clocks.find((c) => c.clock === 'ACCEPTANCE_REVIEW')?.dueOn;
    // L23 30, 88: five working days after 2021-04-01, over 清明 (4月3日至5日).
    expect(await review()).toBe('2021-04-09');
    const ds = t.app.get(DataSource);
    const addRestDay = `UPDATE calendar_year SET rest_days = rest_days || '[{"date":"2021-04-06","holiday":"测试"}]'::jsonb WHERE year = 2021`;
    await ds.query('ALTER TABLE calendar_year DISABLE TRIGGER calendar_changed');
    try {
      await ds.query(addRestDay);
      expect(await review()).toBe('2021-04-09');
    } finally {
      await ds.query('ALTER TABLE calendar_year ENABLE TRIGGER calendar_changed');
    }
    await t.changeCachedTable('UPDATE calendar_year SET notice = notice WHERE year = 2021');
    expect(await review()).toBe('2021-04-12');
  });
});
