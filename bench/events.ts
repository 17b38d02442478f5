/**
 * `npm run bench:events` → node dist/bench/events.js [--duration 9] [--connections 20] [--rounds 3]
 *                                                   [--cases 30000] [--out events-latest]
 *
 * What the event outbox costs and what webhooks deliver (issue 15 "done when": the added cost per action of writing
 * the outbox, aim under 5 %; the delivery throughput).
 *
 * 1. The outbox's cost per action. One migrated database seeded with `--cases` fresh RECEIVED cases; two service
 *    children as `npm start` runs them, one with EVENT_OUTBOX_ENABLED=false (no outbox row) and one with it true
 *    (one row per act, in the act's transaction), both with the webhook dispatcher off so that only the write is
 *    measured. autocannon drives ACCEPT (each request a case of its own, If-Match "1") and register at each,
 *    alternating in `--rounds` slices so that the neighbours' load hits both alike. The headline is the ratio
 *    with ÷ without, in throughput and p50.
 * 2. Delivery throughput. The events the runs wrote stay in the outbox. A subscription from the feed's start
 *    (`startAfter: "0"`) to a local receiver that answers 204 at once is created, and the time until every event has
 *    arrived is taken: with one service instance, then with two sharing the work (a second subscription). Each
 *    receipt is counted by webhook-id, so a duplicate would show.
 * 3. Feed reads: the whole feed read by one client in pages of 500 (`GET /v1/events?after=…&limit=500`).
 *
 * Writes bench/results/<out>.{md,json}. As with `npm run bench`, compare ratios measured in one run, not absolutes.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ADMIN_KEY,
  createBenchDatabase,
  createWorkingKey,
  dropBenchDatabase,
  parseArgs,
  startDatabaseServer,
  startService,
  todayInChina,
  withClient,
  type Child,
} from './infra';
import { mergeSlices, runLoad, type LoadResult, type RequestSpec } from './load';
import { seedCases } from './seed';
import { cycle, freshReceivedIds, oneShot, registrationBodies } from './workload';

type Side = 'without' | 'with';

interface Pair {
  key: string;
  title: string;
  without: LoadResult;
  with: LoadResult;
  /** rps with ÷ rps without (1.00 = free). */
  throughputRatio: number;
  /** p50 with ÷ p50 without. */
  p50Ratio: number;
}

interface DeliveryRun {
  instances: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Receipts beyond one per event (at least once allows them after a crash; none is expected here). */
  duplicates: number;
}

/** A receiver that answers 204 at once and counts receipts per path and webhook-id. */
async function startReceiver(): Promise<{
  url: (p: string) => string;
  received: (p: string) => { total: number; distinct: number };
  stop: () => Promise<void>;
}> {
  const seen = new Map<string, Map<string, number>>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const byId = seen.get(req.url ?? '/') ?? new Map<string, number>();
      seen.set(req.url ?? '/', byId);
      const id = String(req.headers['webhook-id']);
      byId.set(id, (byId.get(id) ?? 0) + 1);
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (p) => `http://127.0.0.1:${port}${p}`,
    received: (p) => {
      const byId = seen.get(p) ?? new Map<string, number>();
      let total = 0;
      for (const n of byId.values()) {
        total += n;
      }
      return { total, distinct: byId.size };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function subscribe(serviceUrl: string, url: string): Promise<void> {
  const res = await fetch(`${serviceUrl}/v1/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url, startAfter: '0', description: 'bench' }),
  });
  if (res.status !== 201) {
    throw new Error(`creating the subscription failed: ${res.status} ${await res.text()}`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const durationS = Number(args.get('duration') ?? 9);
  const connections = Number(args.get('connections') ?? 20);
  const rounds = Number(args.get('rounds') ?? 3);
  const cases = Number(args.get('cases') ?? 30_000);
  const out = args.get('out') ?? 'events-latest';
  const sliceS = Math.max(1, Math.round(durationS / rounds));
  const log = (m: string): void => void process.stdout.write(`${m}\n`);

  const server = await startDatabaseServer(log, false);
  const dbName = 'bench_events';
  const children: Child[] = [];
  const receiver = await startReceiver();
  try {
    const url = await createBenchDatabase(server, dbName);
    const today = todayInChina();
    await seedCases(url, { count: cases, kind: 'fresh', today, log });
    const pool = oneShot(await freshReceivedIds(url, cases, new Set()));
    // Every service shares these throw-away personal-data keys (an external database needs them).
    const common = {
      PERSONAL_DATA_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      PERSONAL_DATA_INDEX_KEY: randomBytes(32).toString('base64'),
      WEBHOOK_DISPATCH_INTERVAL_MS: '0',
    };
    const targets: Record<Side, Child> = {
      without: await startService(url, { ...common, EVENT_OUTBOX_ENABLED: 'false' }),
      with: await startService(url, { ...common, EVENT_OUTBOX_ENABLED: 'true' }),
    };
    children.push(targets.without, targets.with);
    const key = await createWorkingKey(targets.without.url);
    const auth = { authorization: `Bearer ${key}` };
    const acceptBody = JSON.stringify({ occurredOn: today, procedure: 'ORDINARY' });
    const nextRegistration = cycle(registrationBodies(500, today));
    const scenarios: { key: string; title: string; next: () => RequestSpec | undefined }[] = [
      {
        key: 'accept',
        title: 'ACCEPT a fresh RECEIVED case (If-Match "1")',
        next: () => {
          const id = pool.next();
          return id
            ? {
                method: 'POST',
                path: `/v1/cases/${id}/actions/ACCEPT`,
                headers: { ...auth, 'if-match': '"1"' },
                body: acceptBody,
              }
            : undefined;
        },
      },
      {
        key: 'register',
        title: 'Register (POST /v1/cases)',
        next: () => ({ method: 'POST', path: '/v1/cases', headers: auth, body: nextRegistration() }),
      },
    ];

    const pairs: Pair[] = [];
    for (const s of scenarios) {
      for (const side of ['without', 'with'] as const) {
        await runLoad({ name: `${s.key}-warmup`, baseUrl: targets[side].url, connections, durationS: 2, next: s.next });
      }
      const slices: Record<Side, LoadResult[]> = { without: [], with: [] };
      for (let r = 0; r < rounds; r++) {
        for (const side of ['without', 'with'] as const) {
          const res = await runLoad({
            name: `${s.key}-${side}`,
            baseUrl: targets[side].url,
            connections,
            durationS: sliceS,
            next: s.next,
          });
          slices[side].push(res);
          log(`${s.key} ${side} round ${r + 1}: ${res.rps.toFixed(0)} req/s, p50 ${res.p50} ms, non-2xx ${res.non2xx}`);
          if (res.non2xx > 0 || res.errors > 0) {
            throw new Error(
              `${s.key} ${side}: ${res.non2xx} non-2xx, ${res.errors} errors ${JSON.stringify(res.statusCounts)}`,
            );
          }
        }
      }
      const w = mergeSlices(slices.without);
      const l = mergeSlices(slices.with);
      pairs.push({
        key: s.key,
        title: s.title,
        without: w,
        with: l,
        throughputRatio: w.rps > 0 ? l.rps / w.rps : 0,
        p50Ratio: w.p50 > 0 ? l.p50 / w.p50 : 0,
      });
    }
    for (const c of children.splice(0)) {
      await c.stop();
    }

    // Delivery: every event written above, from the feed's start, to a receiver that answers at once.
    const events = await withClient(url, async (c) => {
      const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_outbox`);
      return rows[0]!.n;
    });
    const deliveries: DeliveryRun[] = [];
    for (const instances of [1, 2]) {
      const dispatching = { ...common, WEBHOOK_DISPATCH_INTERVAL_MS: '20', WEBHOOK_ALLOW_PRIVATE: 'true' };
      const started: Child[] = [];
      for (let i = 0; i < instances; i++) {
        started.push(await startService(url, dispatching));
      }
      children.push(...started);
      const hookPath = `/instances-${instances}`;
      const t0 = Date.now();
      await subscribe(started[0]!.url, receiver.url(hookPath));
      for (;;) {
        const got = receiver.received(hookPath);
        if (got.distinct >= events) {
          break;
        }
        if (Date.now() - t0 > 600_000) {
          throw new Error(`delivery with ${instances} instance(s): ${got.distinct} of ${events} events in 600 s`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      const seconds = (Date.now() - t0) / 1000;
      // Let any late duplicate arrive before it is counted.
      await new Promise((r) => setTimeout(r, 500));
      const got = receiver.received(hookPath);
      deliveries.push({
        instances,
        events,
        seconds,
        eventsPerSecond: events / seconds,
        duplicates: got.total - got.distinct,
      });
      log(`delivery, ${instances} instance(s): ${events} events in ${seconds.toFixed(1)} s`);
      for (const c of children.splice(0)) {
        await c.stop();
      }
    }

    // The feed read by one client, page after page.
    const reader = await startService(url, common);
    children.push(reader);
    const readKey = await createWorkingKey(reader.url);
    let after = '0';
    let read = 0;
    const r0 = Date.now();
    for (;;) {
      const res = await fetch(`${reader.url}/v1/events?after=${after}&limit=500`, {
        headers: { authorization: `Bearer ${readKey}` },
      });
      const page = (await res.json()) as { items: unknown[]; nextCursor: string };
      if (res.status !== 200) {
        throw new Error(`feed read failed: ${res.status}`);
      }
      read += page.items.length;
      if (page.items.length === 0) {
        break;
      }
      after = page.nextCursor;
    }
    const feedSeconds = (Date.now() - r0) / 1000;

    const report = {
      kind: 'events-bench',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', loadAverage: os.loadavg() },
      database: server.description,
      options: { durationS, connections, rounds, cases },
      pairs,
      deliveries,
      feed: { events: read, seconds: feedSeconds, eventsPerSecond: read / feedSeconds },
    };
    const dir = path.resolve(__dirname, '../../bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${out}.json`), `${JSON.stringify(report, null, 2)}\n`);
    const pct = (ratio: number): string => `${((1 - ratio) * 100).toFixed(1)} %`;
    const md = [
      '# The event outbox and webhooks',
      '',
      `${report.at}; ${report.machine.cpus} × ${report.machine.model}; load ${report.machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}; ${report.database}.`,
      `${connections} connections, ${rounds} alternating slices of ${sliceS} s each, per side; ${cases} seeded fresh cases.`,
      '',
      '## The cost per action of writing the outbox (EVENT_OUTBOX_ENABLED true ÷ false)',
      '',
      '| scenario | without: req/s | with: req/s | with ÷ without | cost | p50 without | p50 with | p99 without | p99 with |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...pairs.map(
        (p) =>
          `| ${p.title} | ${p.without.rps.toFixed(0)} | ${p.with.rps.toFixed(0)} | ${p.throughputRatio.toFixed(3)} | ${pct(p.throughputRatio)} | ${p.without.p50} ms | ${p.with.p50} ms | ${p.without.p99} ms | ${p.with.p99} ms |`,
      ),
      '',
      '## Webhook delivery throughput (a receiver that answers 204 at once; the feed from its start)',
      '',
      '| instances | events | seconds | events/s | duplicates |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...deliveries.map(
        (d) =>
          `| ${d.instances} | ${d.events} | ${d.seconds.toFixed(1)} | ${d.eventsPerSecond.toFixed(0)} | ${d.duplicates} |`,
      ),
      '',
      `The feed read by one client in pages of 500: ${read} events in ${feedSeconds.toFixed(1)} s (${(read / feedSeconds).toFixed(0)} events/s).`,
      '',
    ].join('\n');
    writeFileSync(path.join(dir, `${out}.md`), md);
    log(md);
  } finally {
    for (const c of children) {
      await c.stop();
    }
    await receiver.stop();
    await dropBenchDatabase(server, dbName).catch(() => undefined);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
