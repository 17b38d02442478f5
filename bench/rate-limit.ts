/**
 * `npm run bench:rate-limit` → node dist/bench/rate-limit.js [--duration 8] [--connections 20] [--rounds 3]
 *                                                            [--out rate-limit-latest]
 *
 * What the shared rate limiter (issue 14 point 2: one UPSERT per request on PostgreSQL) costs per request. One
 * migrated database, two service children as `npm start` runs them: one with the limiter off
 * (RATE_LIMIT_PER_MINUTE=0, no statement) and one with it on but never refusing (a limit no run reaches, so that
 * every request pays the statement). autocannon drives the same requests at each, alternating in `--rounds` slices so
 * that the neighbours' load hits both alike; the headline is the ratio with ÷ without (throughput and latency).
 * Also timed: the UPSERT alone, sequentially over one connection (the database's share of the cost).
 * Writes bench/results/<out>.{md,json}. As with `npm run bench`, compare ratios measured in one run, not absolutes.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createBenchDatabase,
  createWorkingKey,
  dropBenchDatabase,
  median,
  parseArgs,
  startDatabaseServer,
  startService,
  todayInChina,
  withClient,
  type Child,
} from './infra';
import { mergeSlices, runLoad, type LoadResult, type RequestSpec } from './load';
import { registrationBodies } from './workload';

interface Scenario {
  key: string;
  title: string;
  next: () => RequestSpec;
}

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

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const durationS = Number(args.get('duration') ?? 8);
  const connections = Number(args.get('connections') ?? 20);
  const rounds = Number(args.get('rounds') ?? 3);
  const out = args.get('out') ?? 'rate-limit-latest';
  const log = (m: string): void => void process.stdout.write(`${m}\n`);

  const server = await startDatabaseServer(log, false);
  const dbName = 'bench_rate_limit';
  const children: Child[] = [];
  try {
    const url = await createBenchDatabase(server, dbName);
    // An external database needs personal-data keys; both services share these throw-away ones.
    const keys = {
      PERSONAL_DATA_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      PERSONAL_DATA_INDEX_KEY: randomBytes(32).toString('base64'),
    };
    const without = await startService(url, {
      ...keys,
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
    });
    children.push(without);
    const withLimiter = await startService(url, {
      ...keys,
      RATE_LIMIT_PER_MINUTE: '1000000000',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000000',
    });
    children.push(withLimiter);
    const key = await createWorkingKey(without.url);
    const auth = { authorization: `Bearer ${key}` };
    const registered = await fetch(`${without.url}/v1/cases`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: registrationBodies(1, todayInChina())[0]!,
    });
    const caseId = ((await registered.json()) as { id: string }).id;
    if (registered.status !== 201) {
      throw new Error(`registering the bench case failed: ${registered.status}`);
    }

    const scenarios: Scenario[] = [
      {
        key: 'code-lists',
        title: 'GET /v1/code-lists (key lookup and one small read of the deployment’s codes)',
        next: () => ({ method: 'GET', path: '/v1/code-lists', headers: auth }),
      },
      {
        key: 'case',
        title: 'GET /v1/cases/{id} (a case read)',
        next: () => ({ method: 'GET', path: `/v1/cases/${caseId}`, headers: auth }),
      },
    ];

    const pairs: Pair[] = [];
    for (const s of scenarios) {
      const slices: Record<'without' | 'with', LoadResult[]> = { without: [], with: [] };
      // Warm-up of both, then alternating slices.
      for (const target of [without, withLimiter]) {
        await runLoad({ name: `${s.key}-warmup`, baseUrl: target.url, connections, durationS: 2, next: s.next });
      }
      for (let r = 0; r < rounds; r++) {
        for (const [name, target] of [
          ['without', without],
          ['with', withLimiter],
        ] as const) {
          const res = await runLoad({
            name: `${s.key}-${name}`,
            baseUrl: target.url,
            connections,
            durationS: Math.max(1, Math.round(durationS / rounds)),
            next: s.next,
          });
          slices[name].push(res);
          log(`${s.key} ${name} round ${r + 1}: ${res.rps.toFixed(0)} req/s, p50 ${res.p50} ms, non-2xx ${res.non2xx}`);
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

    // The statement alone: sequential UPSERTs over one connection, one bucket (the hottest case: one key's row).
    const upsertUs = await withClient(url, async (c) => {
      const times: number[] = [];
      for (let i = 0; i < 2000; i++) {
        const t0 = process.hrtime.bigint();
        await c.query(
          `INSERT INTO rate_limit_counter AS c (bucket, window_start, hits)
           VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int), 1)
           ON CONFLICT (bucket) DO UPDATE
             SET hits = CASE WHEN EXCLUDED.window_start > c.window_start THEN 1 ELSE c.hits + 1 END,
                 window_start = GREATEST(c.window_start, EXCLUDED.window_start)
           RETURNING hits`,
          ['bench:sequential', 60],
        );
        if (i >= 200) {
          times.push(Number(process.hrtime.bigint() - t0) / 1e3);
        }
      }
      return median(times);
    });

    const report = {
      kind: 'rate-limit-bench',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', loadAverage: os.loadavg() },
      database: server.description,
      options: { durationS, connections, rounds },
      pairs,
      upsertMedianUs: upsertUs,
    };
    const dir = path.resolve(__dirname, '../../bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${out}.json`), `${JSON.stringify(report, null, 2)}\n`);
    const md = [
      '# Cost of the shared rate limiter (one UPSERT per request)',
      '',
      `${report.at}; ${report.machine.cpus} × ${report.machine.model}; load ${report.machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}; ${report.database}.`,
      `${connections} connections, ${rounds} alternating slices of ${Math.max(1, Math.round(durationS / rounds))} s each, per side.`,
      '',
      '| scenario | without: req/s | with: req/s | throughput with ÷ without | p50 without | p50 with | p99 without | p99 with |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...pairs.map(
        (p) =>
          `| ${p.title} | ${p.without.rps.toFixed(0)} | ${p.with.rps.toFixed(0)} | ${p.throughputRatio.toFixed(2)} | ${p.without.p50} ms | ${p.with.p50} ms | ${p.without.p99} ms | ${p.with.p99} ms |`,
      ),
      '',
      `The UPSERT alone, sequentially on one connection: median ${upsertUs.toFixed(0)} µs.`,
      '',
    ].join('\n');
    writeFileSync(path.join(dir, `${out}.md`), md);
    log(md);
  } finally {
    for (const c of children) {
      await c.stop();
    }
    await dropBenchDatabase(server, dbName).catch(() => undefined);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
