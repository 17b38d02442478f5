/**
 * `node dist/bench/profile.js [--size 10000] [--scenario get|accept|register|list] [--duration 10]
 * [--connections 50] [--cpu-prof DIR] [--log-level info]`: one scenario against the service alone, with its V8 CPU
 * profile written to DIR (open it in Chrome's DevTools, or summarise it by self time). Where the closing notes of
 * issue 18 took their "before / after" profile shares from.
 */
import 'reflect-metadata';
import * as path from 'node:path';
import { runLoad, type RequestSpec } from './load';
import {
  createBenchDatabase,
  createWorkingKey,
  parseArgs,
  startDatabaseServer,
  startScriptNodeFlags,
  startBaseline,
  startService,
  todayInChina,
  withClient,
} from './infra';
import { seedCases } from './seed';
import { freshReceivedIds, oneShot, randomPick, registrationBodies, cycle } from './workload';

const log = (m: string): void => {
  process.stdout.write(`[profile ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const size = Number(args.get('size') ?? 10_000);
  const scenario = args.get('scenario') ?? 'get';
  const durationS = Number(args.get('duration') ?? 10);
  const connections = Number(args.get('connections') ?? 50);
  const profileDir = args.get('cpu-prof');
  const today = todayInChina();
  const server = await startDatabaseServer(log);
  try {
    const url = await createBenchDatabase(server, `profile_${size}`);
    await seedCases(url, { count: size, kind: 'history', today, log });
    await withClient(url, (c) => c.query('VACUUM ANALYZE'));
    const ids = await withClient(url, async (c) =>
      (await c.query<{ id: string }>('SELECT id FROM reconsideration_case ORDER BY random() LIMIT 5000')).rows.map(
        (r) => r.id,
      ),
    );
    const service = await startService(
      url,
      {
        ...(args.get('log-level') ? { LOG_LEVEL: args.get('log-level') } : {}),
        // --env K=V,K2=V2: settings of the service under test (an experiment's switch, e.g. EVENT_OUTBOX_ENABLED=false).
        ...Object.fromEntries(
          (args.get('env') ?? '')
            .split(',')
            .filter((kv) => kv.includes('='))
            .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
        ),
      },
      [...startScriptNodeFlags(), ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [])],
    );
    try {
      const key = await createWorkingKey(service.url);
      const auth = { authorization: `Bearer ${key}` };
      let next: () => RequestSpec | undefined;
      if (scenario === 'accept') {
        await seedCases(url, { count: 20_000, kind: 'fresh', today, rebuildIndexes: false });
        const fresh = oneShot(await freshReceivedIds(url, 20_000, new Set()));
        const body = JSON.stringify({ occurredOn: today, procedure: 'ORDINARY' });
        next = () => {
          const id = fresh.next();
          return id
            ? { method: 'POST', path: `/v1/cases/${id}/actions/ACCEPT`, headers: { ...auth, 'if-match': '"1"' }, body }
            : undefined;
        };
      } else if (scenario === 'register') {
        const bodies = cycle(registrationBodies(500, today));
        next = () => ({ method: 'POST', path: '/v1/cases', headers: auth, body: bodies() });
      } else if (scenario === 'list') {
        next = () => ({ method: 'GET', path: '/v1/cases?state=UNDER_REVIEW&limit=20', headers: auth });
      } else {
        const id = randomPick(ids);
        next = () => ({ method: 'GET', path: `/v1/cases/${id()}`, headers: auth });
      }
      await runLoad({ name: 'warm-up', baseUrl: service.url, connections, durationS: 2, next });
      // What the service's connections wait on while the load runs.
      const waits = sampleWaits(url, 'reconsideration-service');
      const r = await runLoad({ name: scenario, baseUrl: service.url, connections, durationS, next });
      const serviceWaits = await waits.stop();
      if (args.get('baseline') === 'true' && scenario === 'accept') {
        // The bare baseline on the same database, just after: the same wait sampling, for a side-by-side reading.
        const baseline = await startBaseline(url, 10);
        const fresh = oneShot(await freshReceivedIds(url, 20_000, new Set()));
        const body = JSON.stringify({ occurredOn: today, procedure: 'ORDINARY' });
        const baselineWaits = sampleWaits(url, 'bench-baseline');
        const b = await runLoad({
          name: 'baseline',
          baseUrl: baseline.url,
          connections,
          durationS,
          next: () => {
            const id = fresh.next();
            return id
              ? { method: 'POST', path: `/cases/${id}/actions/ACCEPT`, headers: { 'if-match': '"1"' }, body }
              : undefined;
          },
        });
        const sampled = await baselineWaits.stop();
        await baseline.stop();
        log(`baseline accept: ${b.rps.toFixed(0)} req/s, p50 ${b.p50} ms, p99 ${b.p99} ms, non-2xx ${b.non2xx}`);
        printWaits('baseline', sampled, 6);
      }
      log(`${scenario}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}`);
      printWaits('service', serviceWaits, 12);
    } finally {
      await service.stop();
    }
  } finally {
    await server.stop();
  }
}

/** Samples pg_stat_activity every 20 ms: what the busy connections of one application wait on, until stop(). */
function sampleWaits(url: string, applicationName: string): { stop(): Promise<Map<string, number>> } {
  const waits = new Map<string, number>();
  let sampling = true;
  const sampler = withClient(url, async (c) => {
    while (sampling) {
      const { rows } = await c.query<{ k: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' ' || state || ' ' || left(query, 40) AS k
           FROM pg_stat_activity WHERE application_name = $1 AND state <> 'idle'`,
        [applicationName],
      );
      rows.forEach((row) => waits.set(row.k, (waits.get(row.k) ?? 0) + 1));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  return {
    stop: async () => {
      sampling = false;
      await sampler;
      return waits;
    },
  };
}

function printWaits(label: string, waits: Map<string, number>, top: number): void {
  const total = [...waits.values()].reduce((x, y) => x + y, 0);
  for (const [k, v] of [...waits].sort((x, y) => y[1] - x[1]).slice(0, top)) {
    log(
      `  ${label} ${((100 * v) / Math.max(total, 1)).toFixed(1).padStart(5)} % of busy connection samples: ${k.replace(/\s+/g, ' ')}`,
    );
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
