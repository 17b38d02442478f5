import { DataSource } from 'typeorm';
import { IdempotencyPurgeService } from '../../src/common/idempotency/idempotency-purge.service';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * PIPL 19 (kept no longer than the purpose needs) and 47 (deleted once it is served): Idempotency-Key records hold
 * full responses with personal data. They expire after IDEMPOTENCY_TTL_HOURS (48 here, the default) and a job purges
 * them, once across instances.
 */
describe('PIPL 19 / 47: idempotency records expire and are purged', () => {
  let t: TestApp;
  let ds: DataSource;
  let clerk: CaseClient;
  let purge: IdempotencyPurgeService;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    ds = t.app.get(DataSource);
    clerk = new CaseClient(t.http, await t.createKey(['CLERK']));
    purge = t.app.get(IdempotencyPurgeService);
  });
  afterAll(async () => {
    await t.close();
  });

  /** `n` records in scope `scope`, created `hoursAgo` hours ago. */
  async function seed(scope: string, n: number, hoursAgo: number): Promise<void> {
    await ds.query(
      `INSERT INTO idempotency_record (scope, idempotency_key, method, path, request_hash, response_status, response_body, created_at)
       SELECT $1, 'k-' || g, 'POST', '/v1/cases', repeat('0', 64), 201, '{"applicants":[]}'::jsonb,
              now() - make_interval(hours => $3::int)
         FROM generate_series(1, $2::int) g`,
      [scope, n, hoursAgo],
    );
  }

  async function count(where: string, params: unknown[] = []): Promise<number> {
    const [row] = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM idempotency_record WHERE ${where}`,
      params,
    );
    return row?.n ?? -1;
  }

  it('PIPL 19: within the TTL a key replays; after it the request runs as new and its record replaces the old one', async () => {
    const headers = { 'idempotency-key': 'retention-1' };
    const body = registration({ receivedOn: '2022-04-01' });
    const first = await clerk.register(body, headers);
    expect(first.status).toBe(201);
    const replay = await clerk.register(body, headers);
    expect(replay.body.id).toBe(first.body.id);

    await ds.query(
      `UPDATE idempotency_record SET created_at = now() - interval '48 hours 1 minute' WHERE idempotency_key = $1`,
      ['retention-1'],
    );
    // Even another body: an expired key is not "reused for a different request" (422), it is simply gone.
    const otherBody = registration({ receivedOn: '2022-04-02' });
    const again = await clerk.register(otherBody, headers);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
    const rows = await ds.query<Array<{ id: string; fresh: boolean }>>(
      `SELECT response_body->>'id' AS id, created_at > now() - interval '1 minute' AS fresh
         FROM idempotency_record WHERE idempotency_key = $1`,
      ['retention-1'],
    );
    expect(rows).toEqual([{ id: again.body.id, fresh: true }]);
    // …and within the TTL the new record replays as before.
    const replayAgain = await clerk.register(otherBody, headers);
    expect(replayAgain.body.id).toBe(again.body.id);
  });

  it('PIPL 19 / 47: the purge deletes the expired records in batches and keeps the others', async () => {
    await seed('purge-batches-old', 25, 49);
    await seed('purge-batches-new', 3, 47);
    const result = await purge.runOnce(10);
    expect(result).toEqual({ deleted: 25, batches: 3, skipped: false });
    expect(await count(`scope = 'purge-batches-old'`)).toBe(0);
    expect(await count(`scope = 'purge-batches-new'`)).toBe(3);
    expect(await count(`created_at < now() - interval '48 hours'`)).toBe(0);
  });

  it('PIPL 19: two concurrent purges delete each expired record once, between them', async () => {
    await seed('purge-concurrent', 600, 72);
    const [a, b] = await Promise.all([purge.runOnce(25), purge.runOnce(25)]);
    expect((a?.deleted ?? 0) + (b?.deleted ?? 0)).toBe(600);
    expect(await count(`scope = 'purge-concurrent'`)).toBe(0);
  });

  it('PIPL 19: while another instance holds the purge lock, a run leaves the work to it', async () => {
    await seed('purge-locked', 5, 49);
    const other = ds.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('reconsideration:idempotency-purge'))`);
      expect(await purge.runOnce()).toEqual({ deleted: 0, batches: 0, skipped: true });
      expect(await count(`scope = 'purge-locked'`)).toBe(5);
      await other.commitTransaction();
    } finally {
      await other.release();
    }
    expect(await purge.runOnce()).toMatchObject({ deleted: 5, skipped: false });
  });

  it('PIPL 19: with IDEMPOTENCY_PURGE_INTERVAL_SECONDS set the job purges on its own', async () => {
    const timed = await startTestApp({ IDEMPOTENCY_PURGE_INTERVAL_SECONDS: '1', IDEMPOTENCY_TTL_HOURS: '2' });
    try {
      const timedDs = timed.app.get(DataSource);
      await timedDs.query(
        `INSERT INTO idempotency_record (scope, idempotency_key, method, path, request_hash, response_status, response_body, created_at)
         VALUES ('job', 'old', 'POST', '/v1/cases', repeat('0', 64), 201, '{}', now() - interval '3 hours'),
                ('job', 'young', 'POST', '/v1/cases', repeat('0', 64), 201, '{}', now() - interval '1 hour')`,
      );
      const deadline = Date.now() + 15_000;
      let keys: string[] = [];
      do {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const rows = await timedDs.query<Array<{ idempotency_key: string }>>(
          `SELECT idempotency_key FROM idempotency_record WHERE scope = 'job' ORDER BY 1`,
        );
        keys = rows.map((r) => r.idempotency_key);
      } while (keys.includes('old') && Date.now() < deadline);
      expect(keys).toEqual(['young']);
    } finally {
      await timed.close();
    }
  });
});
