import request from 'supertest';
import { DataSource } from 'typeorm';
import { CaseClient } from '../support/case-client';
import { registration } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

interface FeedEvent {
  id: string;
  data: Record<string, unknown>;
  subject: string;
  sequence: string;
  caseversion: number;
}

/**
 * Issue 15 pt 3: no event is skipped or repeated while transactions commit out of id order. The feed is read in
 * small pages while 200 acts commit concurrently (20 cases, 10 handler assignments each, so commits interleave
 * across cases), and a transaction holding an early outbox row stays open across reads and commits last.
 */
describe('event feed under concurrent commits', () => {
  let t: TestApp;
  let sup: CaseClient;
  let reader: string;
  beforeAll(async () => {
    t = await startTestApp();
    sup = new CaseClient(t.http, await t.createKey(['SUPERVISOR']));
    reader = await t.createKey(['INTEGRATION'], { scopes: ['events:read'] });
  });
  afterAll(async () => {
    await t.close();
  });

  async function page(after: string) {
    const res = await request(t.http)
      .get('/v1/events')
      .query({ after, limit: '7' })
      .set('authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    return res.body as { items: FeedEvent[]; nextCursor: string };
  }

  it('returns every event exactly once, in order per case, with 200 acts committing while it is read', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      ids.push((await sup.register(registration())).body.id as string);
    }
    // An act that has written its outbox row (the lowest id of what follows) and commits only at the end, on a case
    // of its own (a real act holds its case's lock, so no other act of that case can commit meanwhile).
    const quiet = (await sup.register(registration())).body.id as string;
    const ds = t.app.get(DataSource);
    const slow = ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    await slow.query(
      `INSERT INTO event_outbox (type, case_id, organ_id, case_seq, data)
       SELECT 'cn.gov.reconsideration.case.edited', id, organ_id, version + 1, '{"slow":true}'::jsonb
         FROM reconsideration_case WHERE id = $1`,
      [quiet],
    );

    const seen: FeedEvent[] = [];
    let cursor = '0';
    let writing = true;
    const readLoop = (async () => {
      while (writing) {
        const p = await page(cursor);
        seen.push(...p.items);
        cursor = p.nextCursor;
      }
    })();
    await Promise.all(
      ids.map(async (id, c) => {
        for (let n = 0; n < 10; n += 1) {
          const res = await sup.assignHandlers(id, [`甲${c}-${n}`, `乙${c}-${n}`]);
          expect(res.status).toBe(200);
        }
      }),
    );
    await slow.commitTransaction();
    await slow.release();
    writing = false;
    await readLoop;
    for (;;) {
      const p = await page(cursor);
      seen.push(...p.items);
      cursor = p.nextCursor;
      if (p.items.length === 0) {
        break;
      }
    }

    const [row] = await ds.query<{ count: number }[]>('SELECT count(*)::int AS count FROM event_outbox');
    const count = row?.count;
    expect(seen.length).toBe(count); // every event: 21 registrations + 200 acts + the slow one
    expect(count).toBe(222);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length); // exactly once
    const positions = seen.map((e) => BigInt(e.sequence));
    expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] as bigint))).toBe(true); // feed order
    for (const id of ids) {
      const versions = seen.filter((e) => e.subject === id).map((e) => e.caseversion);
      expect(versions).toEqual([...versions].sort((a, b) => a - b)); // in order per case
    }
    // The early, slow row was not skipped: it comes after the events that committed before it.
    const slowIndex = seen.findIndex((e) => e.subject === quiet && e.caseversion === 2);
    expect(slowIndex).toBeGreaterThan(21);
  });
});
