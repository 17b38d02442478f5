/**
 * `npm run bench` → node dist/bench/run.js [--sizes 10000,100000,1000000] [--duration 10] [--connections 50]
 *                                         [--year 2024] [--as-of 2024-06-30] [--out latest] [--keep-databases]
 *                                         [--import-rows 100000] (0: no ledger import, bench/import.ts)
 *
 * For each size N: a fresh database is seeded set-based with N case histories (bench/seed.ts, verified against the
 * service's reducer and clock code), the service runs as a child (`node dist/src/main.js`, as `npm start` runs it)
 * next to the bare Fastify + pg baseline (bench/baseline.ts), and autocannon measures each scenario at
 * `--connections` connections for `--duration` seconds after a short warm-up. The report (markdown + JSON) goes to
 * bench/results/<out>.{md,json}: throughput, latency, errors, ratios to the baseline, unloaded latencies, peak RSS,
 * growth across sizes, EXPLAIN (ANALYZE, BUFFERS) of the main reads, and the targets met or not met with why.
 * On a shared 2-core machine absolute figures move with the neighbours' load; compare ratios measured in one run.
 * `--render bench/results/latest.json` re-renders the markdown of a stored report without running anything.
 */
import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type BenchDatabaseServer,
  type Child,
  createBenchDatabase,
  createWorkingKey,
  dropBenchDatabase,
  fmtCount,
  median,
  memoryOf,
  parseArgs,
  parseSizes,
  RssSampler,
  startBaseline,
  startDatabaseServer,
  startService,
  todayInChina,
  withClient,
  enableStatementStats,
  resetStatementStats,
  readStatementStats,
  addStatementRows,
  waitForQuiet,
  type StatementRow,
} from './infra';
import { Client } from 'pg';
import { runLoad, sequentialLatencies, type LoadResult, type RequestSpec } from './load';
import { captureMainQueries, explain, timeStatements, type ExplainedStatement } from './explain';
import { seedCases, verifySeed, type SeedResult, type VerifyResult } from './seed';
import { actionPool, cycle, oneShot, randomPick, registrationBodies, serviceReads } from './workload';
import { renderRunMarkdown } from './report';
import { runOpenLoop, type OpenLoopKind, type OpenLoopResult } from './open-loop';
import { benchImport, type ImportBenchResult } from './import';

export interface ScenarioResult extends LoadResult {
  key: string;
  title: string;
  target: 'service' | 'baseline';
  warmupS: number;
  pool?: { size: number; toppedUp: number; used: number };
  /** Alternating slices this result merges (paired scenarios). */
  rounds?: number;
  /** Service only: the largest RSS sampled while the scenario ran. */
  serviceRssMb?: number;
  /** pg_stat_statements while the scenario ran (after its warm-up): what one request costs the database. */
  statements?: StatementReport[];
}

export interface StatementReport {
  query: string;
  /** Executions per completed request. */
  perRequest: number;
  meanMs: number;
  /** Database time per completed request, ms. */
  msPerRequest: number;
}

function statementReport(rows: StatementRow[], requests: number): StatementReport[] {
  if (requests <= 0) {
    return [];
  }
  return rows
    .filter((r) => r.calls > 0)
    .map((r) => ({
      query: r.query.replace(/\s+/g, ' ').trim(),
      perRequest: r.calls / requests,
      meanMs: r.totalMs / r.calls,
      msPerRequest: r.totalMs / requests,
    }))
    .filter((r) => r.perRequest >= 0.05)
    .sort((a, b) => b.msPerRequest - a.msPerRequest);
}

export interface QueryReport {
  key: string;
  title: string;
  statements: ExplainedStatement[];
  /** Median wall time of the statements run directly with pg, one after another. */
  directMs: number;
}

export interface SizeReport {
  size: number;
  seed: SeedResult & { vacuumAnalyzeMs: number };
  verify: VerifyResult;
  tableSizesMb: Record<string, number>;
  openClocks: { overdue: number; dueSoon: number; open: number };
  scenarios: ScenarioResult[];
  sequential: Record<string, { title: string; medianMs: number; maxMs: number; n: number; failures: number }>;
  ratios: { get: number; register: number; action: number };
  /** The statistics endpoints' first request after the service started (ms), beside the warm medians. */
  coldStats?: Record<string, { title: string; ms: number; status: number }>;
  /** Open-loop office mix at fixed arrival rates, service and baseline alternating (bench/open-loop.ts). */
  openLoop?: Array<OpenLoopResult & { target: 'service' | 'baseline'; mix: string }>;
  memory: { serviceVmHwmMb: number; serviceMaxSampledRssMb: number; baselineVmHwmMb: number };
  queries: QueryReport[];
}

export interface RunReport {
  kind: 'bench';
  startedAt: string;
  finishedAt: string;
  today: string;
  git: string;
  machine: { cpus: number; model: string; memoryGb: number; loadAverage: number[] };
  database: string;
  options: {
    sizes: number[];
    durationS: number;
    warmupS: number;
    rounds: number;
    connections: number;
    year: number;
    asOf: string;
    openLoopRates?: number[];
    openLoopS?: number;
  };
  sizes: SizeReport[];
  /** The ledger import under load (bench/import.ts), after the sizes. */
  import?: ImportBenchResult;
}

const log = (m: string): void => {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
};

export function gitDescription(): string {
  try {
    const rev = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execSync('git status --porcelain -- src migrations', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return dirty ? `${rev} + uncommitted changes in src/ or migrations/` : rev;
  } catch {
    return 'unknown';
  }
}

export function machineDescription(): RunReport['machine'] {
  return {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const render = args.get('render');
  if (render) {
    // Re-renders the markdown of a stored JSON report (e.g. after a change to report.ts).
    const report = JSON.parse(readFileSync(render, 'utf8')) as RunReport;
    const md = render.replace(/\.json$/, '.md');
    writeFileSync(md, renderRunMarkdown(report));
    log(`rendered ${md}`);
    return;
  }
  const sizes = parseSizes(args.get('sizes'), [10_000, 100_000, 1_000_000]);
  const durationS = Number(args.get('duration') ?? 10);
  const warmupS = Number(args.get('warmup') ?? 2);
  const rounds = Math.max(1, Number(args.get('rounds') ?? 2));
  const connections = Number(args.get('connections') ?? 50);
  const year = Number(args.get('year') ?? 2024);
  const asOf = args.get('as-of') ?? `${year}-06-30`;
  const outName = args.get('out') ?? 'latest';
  const keep = args.get('keep-databases') === 'true';
  const openLoopRates = (args.get('open-loop-rates') ?? '100,200')
    .split(',')
    .map(Number)
    .filter((r) => r > 0);
  const openLoopS = Number(args.get('open-loop-duration') ?? 20);
  const outDir = path.resolve(__dirname, '../../bench/results');
  const today = todayInChina();
  const startedAt = new Date().toISOString();

  const server = await startDatabaseServer(log);
  const stopAll = async (): Promise<void> => {
    await server.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().finally(() => process.exit(143)));

  const reports: SizeReport[] = [];
  try {
    for (const size of sizes) {
      reports.push(
        await benchSize(server, size, {
          durationS,
          warmupS,
          rounds,
          connections,
          year,
          asOf,
          today,
          keep,
          openLoopRates,
          openLoopS,
        }),
      );
      const report: RunReport = {
        kind: 'bench',
        startedAt,
        finishedAt: new Date().toISOString(),
        today,
        git: gitDescription(),
        machine: machineDescription(),
        database: server.description,
        options: { sizes, durationS, warmupS, rounds, connections, year, asOf, openLoopRates, openLoopS },
        sizes: reports,
      };
      // Written after every size, so that a long run interrupted at 1M still leaves the smaller sizes' report.
      mkdirSync(outDir, { recursive: true });
      writeFileSync(path.join(outDir, `${outName}.json`), `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(path.join(outDir, `${outName}.md`), renderRunMarkdown(report));
    }
    const importRows = Number(args.get('import-rows') ?? 100_000);
    if (importRows > 0) {
      const imported = await benchImport(server, { rows: importRows, format: 'csv', readRate: 50, today });
      const report: RunReport = {
        ...(JSON.parse(readFileSync(path.join(outDir, `${outName}.json`), 'utf8')) as RunReport),
        finishedAt: new Date().toISOString(),
        import: imported,
      };
      writeFileSync(path.join(outDir, `${outName}.json`), `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(path.join(outDir, `${outName}.md`), renderRunMarkdown(report));
    }
    log(`report: ${path.join(outDir, `${outName}.md`)}`);
  } finally {
    await stopAll();
  }
}

interface SizeOptions {
  durationS: number;
  rounds: number;
  warmupS: number;
  connections: number;
  year: number;
  asOf: string;
  today: string;
  keep: boolean;
  openLoopRates: number[];
  openLoopS: number;
}

async function benchSize(server: BenchDatabaseServer, size: number, o: SizeOptions): Promise<SizeReport> {
  const dbName = `bench_${size}`;
  log(`N=${fmtCount(size)}: creating ${dbName} and migrating`);
  const url = await createBenchDatabase(server, dbName);
  log(`N=${fmtCount(size)}: seeding`);
  const seed = await seedCases(url, { count: size, kind: 'history', today: o.today, log });
  const t0 = Date.now();
  await withClient(url, (c) => c.query('VACUUM ANALYZE'));
  const vacuumAnalyzeMs = Date.now() - t0;
  log(
    `N=${fmtCount(size)}: seeded in ${(seed.ms / 1000).toFixed(1)} s + VACUUM ANALYZE ${(vacuumAnalyzeMs / 1000).toFixed(1)} s`,
  );
  const verify = await withClient(url, (c) => verifySeed(c, 200));
  log(`N=${fmtCount(size)}: verified ${verify.checked} sampled cases, ${verify.mismatches} mismatches`);
  if (verify.mismatches > 0) {
    log(verify.messages.join('\n'));
  }

  const facts = await withClient(url, async (c) => {
    const organ = await c.query<{ id: string }>(`SELECT id FROM organ WHERE code = 'TAIQIAN'`);
    const ids = await c.query<{ id: string }>(`SELECT id FROM reconsideration_case ORDER BY random() LIMIT 5000`);
    const cats = await c.query<{ act_category: string }>(
      `SELECT act_category FROM reconsideration_case GROUP BY 1 ORDER BY count(*) DESC`,
    );
    const sizesMb = await c.query<{ name: string; mb: string }>(
      `SELECT relname AS name, round(pg_total_relation_size(oid) / 1048576.0, 1) AS mb FROM pg_class
        WHERE relname IN ('reconsideration_case', 'case_event', 'case_deadline') AND relkind = 'r'`,
    );
    const clocks = await c.query<{ overdue: string; due_soon: string; open: string }>(
      `SELECT count(*) FILTER (WHERE due_on < $1) AS overdue,
              count(*) FILTER (WHERE due_on BETWEEN $1 AND $1::date + 7) AS due_soon, count(*) AS open
         FROM case_deadline WHERE open`,
      [o.today],
    );
    return {
      organId: organ.rows[0]!.id,
      caseIds: ids.rows.map((r) => r.id),
      categories: cats.rows.map((r) => r.act_category),
      tableSizesMb: Object.fromEntries(sizesMb.rows.map((r) => [r.name, Number(r.mb)])),
      openClocks: {
        overdue: Number(clocks.rows[0]!.overdue),
        dueSoon: Number(clocks.rows[0]!.due_soon),
        open: Number(clocks.rows[0]!.open),
      },
    };
  });

  // The main reads' SQL, captured from the repositories, explained and timed directly — before any load.
  log(`N=${fmtCount(size)}: EXPLAIN (ANALYZE, BUFFERS) of the main reads`);
  const captured = await captureMainQueries(url, {
    organId: facts.organId,
    today: o.today,
    caseId: facts.caseIds[0]!,
    year: o.year,
    asOf: o.asOf,
    listState: 'UNDER_REVIEW',
    listCategory: facts.categories[0] ?? 'ADMINISTRATIVE_PENALTY',
    withinWorkingDays: 5,
  });
  const queries: QueryReport[] = await withClient(url, async (c) => {
    const out: QueryReport[] = [];
    for (const qc of captured) {
      const statements: ExplainedStatement[] = [];
      for (const s of qc.statements) {
        statements.push(await explain(c, s));
      }
      out.push({ key: qc.key, title: qc.title, statements, directMs: await timeStatements(c, qc.statements, 5) });
    }
    return out;
  });

  let service: Child | undefined;
  let baseline: Child | undefined;
  let statsClient: Client | undefined;
  try {
    service = await startService(url);
    baseline = await startBaseline(url, 10);
    const stc = new Client({ connectionString: url, application_name: 'bench-statements' });
    statsClient = stc;
    await stc.connect();
    const statsOn = await enableStatementStats(stc);
    const sampler = new RssSampler(service.pid);
    sampler.start();
    const key = await createWorkingKey(service.url);
    const ctx = {
      serviceUrl: service.url,
      key,
      today: o.today,
      year: o.year,
      asOf: o.asOf,
      caseIds: facts.caseIds,
      categories: facts.categories,
    };
    const reads = serviceReads(ctx);
    // Cold: the first request of each statistics endpoint after the service started (issue 18 pt 4), before any
    // other request has compiled its code paths or warmed its caches; the warm figures are the sequential medians.
    const coldStats: NonNullable<SizeReport['coldStats']> = {};
    for (const k of ['statsYear', 'statsAsOf']) {
      const first = await sequentialLatencies(service.url, 1, reads[k]!.next);
      coldStats[k] = { title: reads[k]!.title, ms: first.ms[0] ?? NaN, status: first.lastStatus };
    }
    const scenarios: ScenarioResult[] = [];
    const run = async (
      key: string,
      title: string,
      target: 'service' | 'baseline',
      next: () => RequestSpec | undefined,
      extra: {
        /** One-shot pools: how many requests are left (read after the warm-up). */
        remaining?: () => number;
        durationS?: number;
        /** Do not record (a round of a paired scenario, recorded merged). */
        silent?: boolean;
        overallRate?: number;
        warmup?: boolean;
        onResponse?: (s: number, b: string) => void;
      } = {},
    ): Promise<ScenarioResult> => {
      const baseUrl = target === 'service' ? service!.url : baseline!.url;
      const idlePath = target === 'service' ? '/health/live' : '/health';
      if (extra.warmup !== false && o.warmupS > 0) {
        await runLoad({
          name: `${key} warm-up`,
          baseUrl,
          connections: o.connections,
          durationS: o.warmupS,
          next,
          idlePath,
          ...(extra.remaining ? { amount: Math.floor(extra.remaining() / 4) } : {}),
          ...(extra.onResponse ? { onResponse: extra.onResponse } : {}),
        });
      }
      log(`N=${fmtCount(size)}: ${target} ${title}`);
      if (statsOn) {
        await waitForQuiet(stc);
        await resetStatementStats(stc);
      }
      sampler.window();
      const r = await runLoad({
        name: key,
        baseUrl,
        connections: o.connections,
        durationS: extra.durationS ?? o.durationS,
        next,
        idlePath,
        ...(extra.remaining ? { amount: extra.remaining() } : {}),
        ...(extra.overallRate !== undefined ? { overallRate: extra.overallRate } : {}),
        ...(extra.onResponse ? { onResponse: extra.onResponse } : {}),
      });
      if (statsOn) {
        await waitForQuiet(stc);
      }
      const statementRows = statsOn ? await readStatementStats(stc) : [];
      const rssWindow = sampler.window();
      const res: ScenarioResult & { statementRows: StatementRow[] } = {
        ...r,
        key,
        title,
        target,
        warmupS: extra.warmup === false ? 0 : o.warmupS,
        statementRows,
        ...(target === 'service' ? { serviceRssMb: rssWindow } : {}),
      };
      if (!extra.silent) {
        res.statements = statementReport(statementRows, res.requests + res.connections);
      }
      log(
        `  ${res.rps.toFixed(0)} req/s, p50 ${res.p50} ms, p99 ${res.p99} ms, non-2xx ${res.non2xx}, errors ${res.errors}` +
          (res.non2xx ? ` ${JSON.stringify(res.statusCounts)}` : ''),
      );
      if (!extra.silent) {
        const { statementRows: _rows, ...clean } = res;
        scenarios.push(clean);
        return clean;
      }
      return res;
    };
    /**
     * Service and baseline alternate in `rounds` slices of duration / rounds each, so that a neighbour's burst on
     * this shared machine hits both sides alike; the slices are merged (p50: median of the slices, p99/max: worst).
     */
    const pair = async (
      key: string,
      sides: Array<{
        target: 'service' | 'baseline';
        title: string;
        next: () => RequestSpec | undefined;
        remaining?: () => number;
        onResponse?: (s: number, b: string) => void;
      }>,
    ): Promise<ScenarioResult[]> => {
      const slices: Array<Array<ScenarioResult & { statementRows?: StatementRow[] }>> = sides.map(() => []);
      for (let round = 0; round < o.rounds; round++) {
        for (const [i, side] of sides.entries()) {
          slices[i]!.push(
            await run(key, `${side.title} (round ${round + 1}/${o.rounds})`, side.target, side.next, {
              durationS: o.durationS / o.rounds,
              warmup: round === 0,
              silent: true,
              ...(side.remaining ? { remaining: side.remaining } : {}),
              ...(side.onResponse ? { onResponse: side.onResponse } : {}),
            }),
          );
        }
      }
      const merged = sides.map((side, i) => {
        const m = { ...mergeResults(slices[i]!), title: side.title };
        const rows = new Map<string, StatementRow>();
        for (const slice of slices[i]!) {
          addStatementRows(rows, slice.statementRows ?? []);
        }
        m.statements = statementReport([...rows.values()], m.requests + m.connections * slices[i]!.length);
        return m;
      });
      scenarios.push(...merged);
      return merged;
    };

    // Unloaded cost: one request at a time.
    const sequential: SizeReport['sequential'] = {};
    for (const [k, r] of Object.entries(reads)) {
      const n = k.startsWith('stats') ? 7 : 25;
      const s = await sequentialLatencies(service.url, n, r.next, 45_000);
      sequential[k] = {
        title: r.title,
        medianMs: median(s.ms),
        maxMs: Math.max(...s.ms),
        n: s.ms.length,
        failures: s.failures,
      };
    }

    const baselineIds = randomPick(facts.caseIds);
    const bs = await sequentialLatencies(baseline.url, 25, () => ({ method: 'GET', path: `/cases/${baselineIds()}` }));
    sequential.baselineGet = {
      title: '*baseline* GET a case (random ids)',
      medianMs: median(bs.ms),
      maxMs: Math.max(...bs.ms),
      n: 25,
      failures: bs.failures,
    };

    // Reads, then writes; service and baseline alternate so that both meet the same load and table state.
    const ids = randomPick(facts.caseIds);
    const [getService, getBaseline] = (await pair('get', [
      { target: 'service', title: reads.get!.title, next: reads.get!.next },
      {
        target: 'baseline',
        title: 'GET a case (random ids)',
        next: () => ({ method: 'GET', path: `/cases/${ids()}` }),
      },
    ])) as [ScenarioResult, ScenarioResult];
    await run('getAtRate', `${reads.get!.title} at half the saturated rate`, 'service', reads.get!.next, {
      overallRate: Math.max(10, Math.round(getService.rps / 2)),
      warmup: false,
    });
    for (const k of ['list', 'statsYear', 'statsAsOf', 'dueSoon', 'overdue']) {
      await run(k, reads[k]!.title, 'service', reads[k]!.next);
    }

    const bodies = registrationBodies(500, o.today);
    const registeredService: string[] = [];
    const registeredBaseline: string[] = [];
    const collect = (into: string[]) => (status: number, body: string) => {
      if (status === 201) {
        try {
          into.push((JSON.parse(body) as { id: string }).id);
        } catch {
          // not JSON: counted as an error by status elsewhere
        }
      }
    };
    const auth = { authorization: `Bearer ${key}` };
    const nextBody = cycle(bodies);
    const [registerService, registerBaseline] = (await pair('register', [
      {
        target: 'service',
        title: 'Register (POST /v1/cases)',
        next: () => ({ method: 'POST', path: '/v1/cases', headers: auth, body: nextBody() }),
        onResponse: collect(registeredService),
      },
      {
        target: 'baseline',
        title: 'Register (POST /cases)',
        next: () => ({ method: 'POST', path: '/cases', body: nextBody() }),
        onResponse: collect(registeredBaseline),
      },
    ])) as [ScenarioResult, ScenarioResult];

    // ACCEPT needs a fresh RECEIVED case per request (If-Match "1"): the cases registered above, topped up with
    // cases registered today by the seeder. A GET is a strict subset of an ACCEPT's work, so half the GET rate over
    // the run bounds the cases each side can use.
    const reserved = new Set<string>();
    const acceptBody = JSON.stringify({ occurredOn: o.today, procedure: 'ORDINARY' });
    const poolFor = async (registered: string[], getRps: number) =>
      actionPool(url, o.today, registered, Math.ceil((o.durationS + 2 * o.warmupS + 2) * getRps * 0.5) + 200, reserved);
    const servicePool = await poolFor(registeredService, getService.rps);
    const baselinePool = await poolFor(registeredBaseline, getBaseline.rps);
    const sp = oneShot(servicePool.ids);
    const bp = oneShot(baselinePool.ids);
    const [actionService, actionBaseline] = (await pair('action', [
      {
        target: 'service',
        title: 'ACCEPT a fresh RECEIVED case (POST /v1/cases/{id}/actions/ACCEPT, If-Match "1")',
        next: () => {
          const id = sp.next();
          return id
            ? {
                method: 'POST',
                path: `/v1/cases/${id}/actions/ACCEPT`,
                headers: { ...auth, 'if-match': '"1"' },
                body: acceptBody,
              }
            : undefined;
        },
        remaining: () => servicePool.ids.length - sp.used(),
      },
      {
        target: 'baseline',
        title: 'ACCEPT a fresh RECEIVED case (POST /cases/{id}/actions/ACCEPT, If-Match "1")',
        next: () => {
          const id = bp.next();
          return id
            ? { method: 'POST', path: `/cases/${id}/actions/ACCEPT`, headers: { 'if-match': '"1"' }, body: acceptBody }
            : undefined;
        },
        remaining: () => baselinePool.ids.length - bp.used(),
      },
    ])) as [ScenarioResult, ScenarioResult];
    actionService.pool = { size: servicePool.ids.length, toppedUp: servicePool.toppedUp, used: sp.used() };
    actionBaseline.pool = { size: baselinePool.ids.length, toppedUp: baselinePool.toppedUp, used: bp.used() };

    // Open loop (issue 18 pt 4): an office's mix arriving at a fixed rate, service and baseline alternating at each
    // rate. The baseline has only GET, register and ACCEPT: its share of the service's other reads is GETs.
    const openLoop: NonNullable<SizeReport['openLoop']> = [];
    const loopShare = { get: 50, list: 10, queue: 10, stats: 5, register: 10, accept: 15 };
    for (const rate of o.openLoopRates) {
      const accepts = Math.ceil(rate * o.openLoopS * (loopShare.accept / 100)) + 20;
      for (const target of ['service', 'baseline'] as const) {
        const pool = await actionPool(url, o.today, [], accepts, reserved);
        const fresh = oneShot(pool.ids);
        const isService = target === 'service';
        const getPath = () => (isService ? reads.get!.next() : { method: 'GET' as const, path: `/cases/${ids()}` });
        const mix: OpenLoopKind[] = [
          { kind: 'get', weight: loopShare.get, next: getPath },
          { kind: isService ? 'list' : 'get', weight: loopShare.list, next: isService ? reads.list!.next : getPath },
          {
            kind: isService ? 'queue' : 'get',
            weight: loopShare.queue,
            next: isService ? reads.dueSoon!.next : getPath,
          },
          {
            kind: isService ? 'stats' : 'get',
            weight: loopShare.stats,
            next: isService ? reads.statsYear!.next : getPath,
          },
          {
            kind: 'register',
            weight: loopShare.register,
            next: () =>
              isService
                ? { method: 'POST', path: '/v1/cases', headers: auth, body: nextBody() }
                : { method: 'POST', path: '/cases', body: nextBody() },
          },
          {
            kind: 'accept',
            weight: loopShare.accept,
            next: () => {
              const id = fresh.next();
              if (!id) {
                return undefined;
              }
              return isService
                ? {
                    method: 'POST',
                    path: `/v1/cases/${id}/actions/ACCEPT`,
                    headers: { ...auth, 'if-match': '"1"' },
                    body: acceptBody,
                  }
                : {
                    method: 'POST',
                    path: `/cases/${id}/actions/ACCEPT`,
                    headers: { 'if-match': '"1"' },
                    body: acceptBody,
                  };
            },
          },
        ];
        log(`N=${fmtCount(size)}: open loop ${rate}/s ${target}`);
        sampler.window();
        const r = await runOpenLoop({
          name: `openLoop${rate}`,
          baseUrl: isService ? service.url : baseline.url,
          ratePerS: rate,
          durationS: o.openLoopS,
          mix,
        });
        const rssWindow = sampler.window();
        log(
          `  sent ${r.sent} (${r.achievedRatePerS}/s), p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}` +
            (isService ? `, RSS ${rssWindow.toFixed(0)} MB` : ''),
        );
        openLoop.push({
          ...r,
          target,
          mix: Object.entries(loopShare)
            .map(([k, v]) => `${k} ${v} %`)
            .join(', '),
        });
      }
    }

    const mem = sampler.stop();
    const baselineMem = memoryOf(baseline.pid);
    const ratio = (a: ScenarioResult, b: ScenarioResult): number => (b.rps > 0 ? a.rps / b.rps : NaN);
    return {
      size,
      seed: { ...seed, vacuumAnalyzeMs },
      verify,
      tableSizesMb: facts.tableSizesMb,
      openClocks: facts.openClocks,
      scenarios,
      sequential,
      ratios: {
        get: ratio(getService, getBaseline),
        register: ratio(registerService, registerBaseline),
        action: ratio(actionService, actionBaseline),
      },
      coldStats,
      openLoop,
      memory: {
        serviceVmHwmMb: mem.peakMb,
        serviceMaxSampledRssMb: mem.maxRssMb,
        baselineVmHwmMb: baselineMem?.peakMb ?? NaN,
      },
      queries,
    };
  } finally {
    await statsClient?.end().catch(() => undefined);
    await service?.stop();
    await baseline?.stop();
    if (!o.keep) {
      await dropBenchDatabase(server, dbName).catch(() => undefined);
    }
  }
}

/** Slices of one scenario merged: throughput over the summed time, p50 the median slice, p99 and max the worst. */
export function mergeResults(slices: ScenarioResult[]): ScenarioResult {
  const first = slices[0]!;
  const sum = (f: (r: ScenarioResult) => number): number => slices.reduce((a, r) => a + f(r), 0);
  const durationS = sum((r) => r.durationS);
  const ok = sum((r) => r.ok);
  const statusCounts: Record<string, number> = {};
  for (const r of slices) {
    for (const [code, n] of Object.entries(r.statusCounts)) {
      statusCounts[code] = (statusCounts[code] ?? 0) + n;
    }
  }
  return {
    ...first,
    durationS,
    requests: sum((r) => r.requests),
    ok,
    rps: durationS > 0 ? ok / durationS : 0,
    p50: median(slices.map((r) => r.p50)),
    p90: Math.max(...slices.map((r) => r.p90)),
    p99: Math.max(...slices.map((r) => r.p99)),
    maxLatency: Math.max(...slices.map((r) => r.maxLatency)),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    statusCounts,
    rounds: slices.length,
    ...(first.serviceRssMb !== undefined ? { serviceRssMb: Math.max(...slices.map((r) => r.serviceRssMb ?? 0)) } : {}),
  };
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
