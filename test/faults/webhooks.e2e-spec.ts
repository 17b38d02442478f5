import { createServer } from 'node:http';
import { Client } from 'pg';
import { registration } from '../support/factories';
import { eventually, WebhookReceiver } from '../support/webhook-receiver';
import { createEmptyDatabase, EmptyDatabase } from './support/database';
import { Api, inPool } from './support/http';
import { ServiceProcess, startService, stopAllServices } from './support/service-process';

/**
 * Issue 15 pt 4, "done when": webhooks across real service processes (`node dist/src/main.js`) on one database.
 * - Two instances dispatching at the same time send each event's attempts once, not twice (FOR UPDATE SKIP LOCKED
 *   on the subscription while planning, on the delivery while claiming, and a lease while sending).
 * - kill -9 between commit and delivery loses nothing: an instance killed with a delivery in flight and more
 *   planned leaves them PENDING; the next instance sends every one once the lease runs out (at least once, with the
 *   same webhook-id).
 */
jest.setTimeout(180_000);

const ADMIN_KEY = 'rcs_faults-webhooks-admin-0123456789abcdef';
const WEBHOOK_ENV = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_DISPATCH_INTERVAL_MS: '20',
  WEBHOOK_CONCURRENCY: '4',
  WEBHOOK_RETRY_INITIAL_MS: '50',
  WEBHOOK_RETRY_MAX_MS: '200',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_LEASE_SECONDS: '2',
};

interface Counted {
  event_id: string;
  status: string;
  attempts: number;
}

describe('webhooks across service processes', () => {
  const databases: EmptyDatabase[] = [];
  const receiver = new WebhookReceiver();
  const clients: Client[] = [];

  beforeAll(async () => {
    await receiver.start();
  });
  afterAll(async () => {
    await stopAllServices();
    await receiver.stop();
    for (const c of clients) {
      await c.end();
    }
    for (const d of databases) {
      await d.drop();
    }
  });

  async function database(): Promise<{ db: EmptyDatabase; pg: Client }> {
    const db = await createEmptyDatabase();
    databases.push(db);
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    clients.push(pg);
    return { db, pg };
  }

  async function subscribe(api: Api, path: string): Promise<string> {
    const res = await api.post('/v1/webhooks', { url: receiver.url(path), types: ['cn.gov.reconsideration.case.*'] });
    expect(res.status).toBe(201);
    return (res.body as { id: string }).id;
  }

  const deliveriesOf = async (pg: Client, hook: string) =>
    (
      await pg.query<Counted>(
        `SELECT event_id, status, attempts FROM webhook_delivery WHERE subscription_id = $1 ORDER BY position`,
        [hook],
      )
    ).rows;

  it('two instances dispatching at once send each event once, in order per case', async () => {
    const { db, pg } = await database();
    const env = { DATABASE_URL: db.url, BOOTSTRAP_ADMIN_KEY: ADMIN_KEY, ...WEBHOOK_ENV };
    const [a, b] = await Promise.all([startService('hooks-A', env), startService('hooks-B', env)]);
    await Promise.all([a.waitReady(90_000), b.waitReady(90_000)]);
    const admin = new Api(a.baseUrl, ADMIN_KEY);
    const hook = await subscribe(admin, '/two');
    const key = await admin.createKey('faults-hooks-staff', ['CLERK', 'OFFICER', 'SUPERVISOR']);
    const apis = [new Api(a.baseUrl, key), new Api(b.baseUrl, key)];
    // 40 cases registered and accepted through both instances while both dispatch.
    const done = await inPool(
      Array.from({ length: 40 }, (_, i) => i),
      8,
      async (i) => {
        const api = apis[i % 2]!;
        const reg = await api.post('/v1/cases', registration());
        expect(reg.status).toBe(201);
        const id = (reg.body as { id: string }).id;
        const acc = await apis[(i + 1) % 2]!.act(id, 'ACCEPT', { occurredOn: '2021-03-02' }, '"1"');
        expect(acc.status).toBe(200);
        return id;
      },
    );
    const rows = await eventually(
      'all 80 events delivered',
      async () => {
        const list = await deliveriesOf(pg, hook);
        return list.length === 80 && list.every((d) => d.status === 'DELIVERED') ? list : undefined;
      },
      120_000,
    );
    // Once each: one attempt per delivery in the log, one POST per event at the receiver.
    expect(rows.every((d) => d.attempts === 1)).toBe(true);
    const attempts = await pg.query<{ n: number; instances: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT instance)::int AS instances FROM webhook_attempt`,
    );
    expect(attempts.rows[0]!.n).toBe(80);
    const got = receiver.at('/two');
    expect(got).toHaveLength(80);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(80);
    for (const id of done) {
      const versions = got
        .map((r) => JSON.parse(r.body) as { subject: string; caseversion: number })
        .filter((e) => e.subject === id)
        .map((e) => e.caseversion);
      expect(versions).toEqual([1, 2]);
    }
    await Promise.all([a, b].map((s) => stopService(s)));
  });

  it('kill -9 with a delivery in flight and more planned loses nothing: the next instance sends them all', async () => {
    const { db, pg } = await database();
    const env = { DATABASE_URL: db.url, BOOTSTRAP_ADMIN_KEY: ADMIN_KEY, ...WEBHOOK_ENV };
    // The receiver holds every request (no answer) until released: the first delivery is in flight when we kill.
    let release = false;
    const held: Array<() => void> = [];
    const first = await startService('hooks-kill', env);
    await first.waitReady(90_000);
    const admin = new Api(first.baseUrl, ADMIN_KEY);
    const hook = await subscribe(admin, '/killed');
    const key = await admin.createKey('faults-hooks-staff', ['CLERK', 'OFFICER']);
    const staff = new Api(first.baseUrl, key);
    const hold = new WebhookReceiver();
    // Point the subscription at a receiver that never answers while we kill.
    const blackhole = createServer((_req, res) => {
      held.push(() => res.end());
      if (release) {
        res.end();
      }
    });
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    const port = (blackhole.address() as { port: number }).port;
    expect(
      (await admin.call('PATCH', `/v1/webhooks/${hook}`, { body: { url: `http://127.0.0.1:${port}/killed` } })).status,
    ).toBe(200);
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const reg = await staff.post('/v1/cases', registration());
      expect(reg.status).toBe(201);
      ids.push((reg.body as { id: string }).id);
    }
    await eventually('a delivery in flight', () => (held.length > 0 ? true : undefined));
    first.child.kill('SIGKILL');
    await first.exited;
    const afterKill = await deliveriesOf(pg, hook);
    expect(afterKill.some((d) => d.status === 'PENDING')).toBe(true);
    // The receiver is back (answers at once) behind the same URL; a new instance takes over.
    release = true;
    held.forEach((end) => end());
    blackhole.closeAllConnections();
    await new Promise((resolve) => blackhole.close(resolve));
    await hold.start(port);
    const second = await startService('hooks-after-kill', env);
    await second.waitReady(90_000);
    // Events committed before the kill that had no delivery row yet are planned from the cursor now.
    const rows = await eventually(
      'every event delivered after the restart',
      async () => {
        const list = await deliveriesOf(pg, hook);
        return list.length === 6 && list.every((d) => d.status === 'DELIVERED') ? list : undefined;
      },
      120_000,
    );
    const received = new Set(hold.receipts.map((r) => String(r.headers['webhook-id'])));
    for (const row of rows) {
      expect(received.has(row.event_id)).toBe(true);
    }
    const subjects = hold.receipts.map((r) => (JSON.parse(r.body) as { subject: string }).subject);
    expect(new Set(subjects)).toEqual(new Set(ids));
    await hold.stop();
    await stopService(second);
  });
});

async function stopService(s: ServiceProcess): Promise<void> {
  s.child.kill('SIGTERM');
  await s.waitExit(30_000);
}
