import request from 'supertest';
import { DataSource } from 'typeorm';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/** DATABASE_READ_URL: statistics read through their own pool (here pointed at the same database, standing in for a replica). */
describe('statistics on a read replica (DATABASE_READ_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp((url) => ({ DATABASE_READ_URL: url }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers statistics through a separate connection pool named reconsideration-read', async () => {
    const sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
    await sup.register(registration({ receivedOn: '2021-05-01' }));
    const reporter = await t.createKey(['REPORTER']);
    const res = await request(t.http)
      .get('/v1/statistics/reconsideration?from=2021-01-01&to=2021-12-31')
      .set('authorization', `Bearer ${reporter}`);
    expect(res.status).toBe(200);
    expect(res.body.figures.received).toBe(1);
    const rows: Array<{ n: string }> = await t.app
      .get(DataSource)
      .query(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'reconsideration-read' AND datname = current_database()`,
      );
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
  });
});
