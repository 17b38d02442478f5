/**
 * `npm run bench:stats` → node dist/bench/stats.js [--sizes 10000,100000,1000000] [--runs 7] [--year 2024]
 *                                                 [--as-of 2024-06-30] [--out stats-latest]
 *
 * For each size: seeds the cases (bench/seed.ts), then times one year's tallies and the as-of tallies — the median of
 * `--runs` sequential runs, through the HTTP endpoint (GET /v1/statistics/reconsideration, which computes the period
 * and the previous period with breakdowns) and directly in SQL (the statements StatisticsRepository sends, captured
 * from it) — and prints the EXPLAIN (ANALYZE, BUFFERS) of the main query. Issue 11 adds, at the endpoint: the year's
 * tallies over the populations ACCEPTED and CONCLUDED_AFTER_ACCEPTANCE, a cross-tab (rows=respondentKind,
 * columns=outcome, read from the cases: its statement's EXPLAIN too), and a parent organ's statistics over 10 child
 * organs (scope=DESCENDANTS; the children hold as many cases again, N/10 each, seeded after the timings above).
 * Writes bench/results/<out>.{md,json}.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  createBenchDatabase,
  createWorkingKey,
  dropBenchDatabase,
  fmtCount,
  median,
  memoryOf,
  parseArgs,
  parseSizes,
  startDatabaseServer,
  startService,
  todayInChina,
  withClient,
} from './infra';
import { captureMainQueries, captureWindow, explain, timeStatements, type ExplainedStatement } from './explain';
import { sequentialLatencies } from './load';
import { seedCases } from './seed';
import { crosstabSql } from '../src/statistics/crosstab.repository';
import { statisticsPath } from './workload';
import { gitDescription, machineDescription } from './run';
import { describeGrowth, growthExponent } from './report';

interface Timing {
  endpointMs: number;
  endpointRunsMs: number[];
  countsSqlMs: number;
  exportSqlMs: number;
  explain: ExplainedStatement[];
}

interface ExportTiming {
  format: 'csv' | 'xlsx';
  ms: number;
  bytes: number;
  /** The service's resident memory peak (VmHWM) after the download, MB. */
  servicePeakMb: number | null;
}

/** Issue 11's reads, each the median of `runs` at the endpoint. */
interface PopulationTimings {
  acceptedMs: number;
  concludedAfterAcceptanceMs: number;
  crosstabMs: number;
  crosstabSqlMs: number;
  crosstabExplain: ExplainedStatement;
  /** GET /v1/statistics/reconsideration?organId=<parent>&scope=DESCENDANTS over 10 child organs of N/10 cases. */
  parentOrganMs: number;
  /** The parent's figures statement (StatisticsRepository.window over the 11 organs, by organ), run directly. */
  parentOrganSqlMs: number;
  parentOrganExplain: ExplainedStatement;
  parentOrganCases: number;
  childSeedMs: number;
}

interface StatsSizeReport {
  size: number;
  seedMs: number;
  year: Timing;
  asOf: Timing;
  populations?: PopulationTimings;
  /** The year's case-list export (GET /v1/statistics/cases/export), streamed, one download per format. */
  exports?: ExportTiming[];
}

const log = (m: string): void => {
  process.stdout.write(`[bench:stats ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sizes = parseSizes(args.get('sizes'), [10_000, 100_000, 1_000_000]);
  const runs = Number(args.get('runs') ?? 7);
  const year = Number(args.get('year') ?? 2024);
  const asOf = args.get('as-of') ?? `${year}-06-30`;
  const outName = args.get('out') ?? 'stats-latest';
  const outDir = path.resolve(__dirname, '../../bench/results');
  const today = todayInChina();
  const startedAt = new Date().toISOString();
  const server = await startDatabaseServer(log);
  process.once('SIGINT', () => void server.stop().finally(() => process.exit(130)));
  const reports: StatsSizeReport[] = [];
  try {
    for (const size of sizes) {
      const db = `bench_stats_${size}`;
      const url = await createBenchDatabase(server, db);
      log(`N=${fmtCount(size)}: seeding`);
      const seed = await seedCases(url, { count: size, kind: 'history', today, log });
      await withClient(url, (c) => c.query('VACUUM ANALYZE'));
      const service = await startService(url);
      try {
        const key = await createWorkingKey(service.url);
        const organId = await withClient(
          url,
          async (c) => (await c.query<{ id: string }>(`SELECT id FROM organ WHERE code = 'TAIQIAN'`)).rows[0]!.id,
        );
        const caseId = await withClient(
          url,
          async (c) => (await c.query<{ id: string }>('SELECT id FROM reconsideration_case LIMIT 1')).rows[0]!.id,
        );
        const captured = await captureMainQueries(url, {
          organId,
          today,
          caseId,
          year,
          asOf,
          listState: 'UNDER_REVIEW',
          listCategory: 'ADMINISTRATIVE_PENALTY',
          withinWorkingDays: 5,
        });
        const statements = (k: string) => captured.find((c) => c.key === k)?.statements ?? [];
        const timing = async (end: string, countsKey: string): Promise<Timing> => {
          const auth = { authorization: `Bearer ${key}` };
          const spec = () => ({ method: 'GET' as const, path: statisticsPath(year, end), headers: auth });
          await sequentialLatencies(service.url, 1, spec); // warm
          const http = await sequentialLatencies(service.url, runs, spec);
          if (http.failures > 0) {
            throw new Error(`statistics endpoint answered ${http.lastStatus}`);
          }
          return withClient(url, async (c) => {
            const explained: ExplainedStatement[] = [];
            for (const s of statements(countsKey)) {
              explained.push(await explain(c, s));
            }
            return {
              endpointMs: median(http.ms),
              endpointRunsMs: http.ms.map((m) => Math.round(m * 10) / 10),
              countsSqlMs: await timeStatements(c, statements(countsKey), runs),
              exportSqlMs: await timeStatements(c, statements('yearCases'), runs),
              explain: explained,
            };
          });
        };
        const yearTiming = await timing(`${year}-12-31`, 'year');
        const asOfTiming = await timing(asOf, 'asOf');
        const exports: ExportTiming[] = [];
        for (const format of ['csv', 'xlsx'] as const) {
          const started = performance.now();
          const res = await fetch(
            `${service.url}/v1/statistics/cases/export?from=${year}-01-01&to=${year}-12-31&format=${format}`,
            { headers: { authorization: `Bearer ${key}` } },
          );
          if (!res.ok) {
            throw new Error(`case-list export answered ${res.status}`);
          }
          const bytes = (await res.arrayBuffer()).byteLength;
          exports.push({
            format,
            ms: performance.now() - started,
            bytes,
            servicePeakMb: memoryOf(service.pid)?.peakMb ?? null,
          });
        }
        const populations = await populationTimings(service.url, url, key, organId, size, year, runs, today);
        reports.push({ size, seedMs: seed.ms, year: yearTiming, asOf: asOfTiming, exports, populations });
        log(
          `N=${fmtCount(size)}: ACCEPTED ${populations.acceptedMs.toFixed(1)} ms, CONCLUDED_AFTER_ACCEPTANCE ${populations.concludedAfterAcceptanceMs.toFixed(1)} ms, ` +
            `crosstab ${populations.crosstabMs.toFixed(1)} ms (SQL ${populations.crosstabSqlMs.toFixed(1)} ms), parent over 10 organs ${populations.parentOrganMs.toFixed(1)} ms`,
        );
        log(
          `N=${fmtCount(size)}: year tallies endpoint ${yearTiming.endpointMs.toFixed(1)} ms, SQL ${yearTiming.countsSqlMs.toFixed(1)} ms; ` +
            `as-of endpoint ${asOfTiming.endpointMs.toFixed(1)} ms, SQL ${asOfTiming.countsSqlMs.toFixed(1)} ms`,
        );
      } finally {
        await service.stop();
        await dropBenchDatabase(server, db).catch(() => undefined);
      }
      const md = renderStatsMarkdown(startedAt, server.description, runs, year, asOf, reports);
      mkdirSync(outDir, { recursive: true });
      writeFileSync(path.join(outDir, `${outName}.md`), md);
      writeFileSync(
        path.join(outDir, `${outName}.json`),
        `${JSON.stringify({ kind: 'bench:stats', startedAt, git: gitDescription(), machine: machineDescription(), database: server.description, runs, year, asOf, sizes: reports }, null, 2)}\n`,
      );
    }
    process.stdout.write(`\n${renderStatsMarkdown(startedAt, server.description, runs, year, asOf, reports)}`);
  } finally {
    await server.stop();
  }
}

/** The median endpoint latency of one GET. */
async function endpointMs(serviceUrl: string, key: string, path: string, runs: number): Promise<number> {
  const spec = () => ({ method: 'GET' as const, path, headers: { authorization: `Bearer ${key}` } });
  await sequentialLatencies(serviceUrl, 1, spec); // warm
  const http = await sequentialLatencies(serviceUrl, runs, spec);
  if (http.failures > 0) {
    throw new Error(`${path} answered ${http.lastStatus}`);
  }
  return median(http.ms);
}

/**
 * Issue 11's reads: the tallies over two populations, the cross-tab respondentKind × outcome (and its statement,
 * EXPLAINed and timed in SQL), then a parent organ above 10 new child organs of N/10 cases each (bench/seed.ts per
 * child; the default organ's cases are not below it), read with scope=DESCENDANTS.
 */
async function populationTimings(
  serviceUrl: string,
  url: string,
  key: string,
  organId: string,
  size: number,
  year: number,
  runs: number,
  today: string,
): Promise<PopulationTimings> {
  const period = `from=${year}-01-01&to=${year}-12-31&asOf=${year}-12-31`;
  const stats = (q: string) => endpointMs(serviceUrl, key, `/v1/statistics/reconsideration?${period}&${q}`, runs);
  const acceptedMs = await stats('population=ACCEPTED&percentOf=RECEIVED');
  const concludedAfterAcceptanceMs = await stats('population=CONCLUDED_AFTER_ACCEPTANCE');
  const crosstabMs = await endpointMs(
    serviceUrl,
    key,
    `/v1/statistics/reconsideration/crosstab?${period}&rows=respondentKind&columns=outcome&population=CONCLUDED`,
    runs,
  );
  const statement = {
    sql: crosstabSql('respondentKind', 'outcome', 'CONCLUDED'),
    params: [[organId], `${year}-01-01`, `${year}-12-31`],
  };
  const [crosstabExplain, crosstabSqlMs] = await withClient(url, async (c) => [
    await explain(c, statement),
    await timeStatements(c, [statement], runs),
  ]);

  const started = Date.now();
  const parentId = await withClient(url, async (c) => {
    const organ = (code: string, name: string, parent: string | null) =>
      c.query<{ id: string }>(
        `INSERT INTO organ (code, name, office_name, case_number_template, level, parent_id)
         SELECT $1, $2, office_name, case_number_template, level, $3 FROM organ WHERE code = 'TAIQIAN' RETURNING id`,
        [code, name, parent],
      );
    const parent = (await organ('BENCH_CITY', '基准测试市人民政府', null)).rows[0]!.id;
    for (let i = 1; i <= 10; i++) {
      await organ(`BENCH_CHILD_${i}`, `基准测试第${i}区人民政府`, parent);
    }
    return parent;
  });
  // One rollup rebuild after the ten loads: each rebuild recounts every case in the database (at 1M, the ten loads
  // with their own rollup rebuilds and index rebuilds took 51 of the run's minutes).
  for (let i = 1; i <= 10; i++) {
    await seedCases(url, {
      count: Math.round(size / 10),
      kind: 'history',
      today,
      organCode: `BENCH_CHILD_${i}`,
      // The other organs' cases are already indexed: adding N/10 rows beats rebuilding every index over them all.
      rebuildIndexes: false,
      rebuildRollup: false,
    });
  }
  await withClient(url, async (c) => {
    await c.query('SELECT statistics_rollup_rebuild()');
    await c.query('VACUUM ANALYZE');
  });
  const childSeedMs = Date.now() - started;
  const parentOrganMs = await stats(`organId=${parentId}&scope=DESCENDANTS`);
  const counted = await withClient(url, async (c) =>
    (await c.query<{ id: string }>('SELECT id FROM organ WHERE id = $1 OR parent_id = $1', [parentId])).rows.map(
      (r) => r.id,
    ),
  );
  const parentStatement = (await captureWindow(url, counted, year)).find((s) => s.sql.includes('statistics_rollup'));
  const [parentOrganExplain, parentOrganSqlMs] = await withClient(url, async (c) => [
    await explain(c, parentStatement!),
    await timeStatements(c, [parentStatement!], runs),
  ]);
  return {
    acceptedMs,
    concludedAfterAcceptanceMs,
    crosstabMs,
    crosstabSqlMs,
    crosstabExplain,
    parentOrganMs,
    parentOrganSqlMs,
    parentOrganExplain,
    parentOrganCases: 10 * Math.round(size / 10),
    childSeedMs,
  };
}

function renderStatsMarkdown(
  startedAt: string,
  database: string,
  runs: number,
  year: number,
  asOf: string,
  reports: StatsSizeReport[],
): string {
  const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–');
  const lines: string[] = [];
  lines.push(`# Statistics benchmark — ${startedAt.slice(0, 10)}`);
  lines.push('');
  lines.push(
    `Median of ${runs} sequential runs after one warm-up, per size; ${database}; commit ${gitDescription()}; ` +
      `load average ${machineDescription().loadAverage.join(' / ')}. Endpoint: GET ${statisticsPath(year, '…')} ` +
      '(period + previous period, figures + breakdowns). SQL: the statement StatisticsRepository.window sends for the ' +
      'period (figures and breakdowns from statistics_rollup), and the handled-cases statement of the case-list export, run directly.',
  );
  lines.push('');
  lines.push(
    `| N | seed | year ${year} endpoint ms | year figures SQL ms | year case-list export SQL ms | as-of ${asOf} endpoint ms | as-of figures SQL ms |`,
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of reports) {
    lines.push(
      `| ${fmtCount(r.size)} | ${f1(r.seedMs / 1000)} s | ${f1(r.year.endpointMs)} | ${f1(r.year.countsSqlMs)} | ${f1(r.year.exportSqlMs)} | ${f1(r.asOf.endpointMs)} | ${f1(r.asOf.countsSqlMs)} |`,
    );
  }
  lines.push('');
  lines.push(
    `The year's case-list export (GET /v1/statistics/cases/export, streamed in keyset pages of 1000), one download ` +
      "per format, and the service process's resident-memory peak (VmHWM) after it:",
  );
  lines.push('');
  lines.push('| N | CSV s | CSV MB | XLSX s | XLSX MB | service peak RSS MB |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of reports) {
    const csv = r.exports?.find((e) => e.format === 'csv');
    const xlsx = r.exports?.find((e) => e.format === 'xlsx');
    const mb = (b: number | undefined) => (b === undefined ? '–' : f1(b / 1_048_576));
    const sec = (ms: number | undefined) => (ms === undefined ? '–' : f1(ms / 1000));
    lines.push(
      `| ${fmtCount(r.size)} | ${sec(csv?.ms)} | ${mb(csv?.bytes)} | ${sec(xlsx?.ms)} | ${mb(xlsx?.bytes)} | ${xlsx?.servicePeakMb === null || xlsx?.servicePeakMb === undefined ? '–' : f1(xlsx.servicePeakMb)} |`,
    );
  }
  lines.push('');
  lines.push(
    `Issue 11, at the endpoint (median of ${runs}): the year's statistics over the populations ACCEPTED (with ` +
      '`percentOf=RECEIVED`) and CONCLUDED_AFTER_ACCEPTANCE; the cross-tab `rows=respondentKind&columns=outcome` ' +
      '(read from the cases, its statement also run directly); a parent organ over 10 child organs of N/10 cases ' +
      'each (`scope=DESCENDANTS`). Target: each under 150 ms at 1M cases.',
  );
  lines.push('');
  lines.push(
    '| N | ACCEPTED ms | CONCLUDED_AFTER_ACCEPTANCE ms | cross-tab ms | cross-tab SQL ms | parent over 10 organs ms (cases) | parent SQL ms |',
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of reports) {
    const p = r.populations;
    lines.push(
      p
        ? `| ${fmtCount(r.size)} | ${f1(p.acceptedMs)} | ${f1(p.concludedAfterAcceptanceMs)} | ${f1(p.crosstabMs)} | ${f1(p.crosstabSqlMs)} | ${f1(p.parentOrganMs)} (${fmtCount(p.parentOrganCases)}) | ${f1(p.parentOrganSqlMs)} |`
        : `| ${fmtCount(r.size)} | – | – | – | – | – | – |`,
    );
  }
  if (reports.length >= 2) {
    const a = reports[0]!;
    const b = reports[reports.length - 1]!;
    lines.push('');
    lines.push(
      `Growth ${fmtCount(a.size)} → ${fmtCount(b.size)}: year counts SQL ${describeGrowth(growthExponent(a.year.countsSqlMs, b.year.countsSqlMs, a.size, b.size))}, ` +
        `endpoint ${describeGrowth(growthExponent(a.year.endpointMs, b.year.endpointMs, a.size, b.size))}; ` +
        `as-of counts SQL ${describeGrowth(growthExponent(a.asOf.countsSqlMs, b.asOf.countsSqlMs, a.size, b.size))}.`,
    );
  }
  for (const r of [...reports].reverse()) {
    lines.push('');
    lines.push(`## EXPLAIN (ANALYZE, BUFFERS) at N = ${fmtCount(r.size)}`);
    if (r.populations) {
      const st = r.populations.crosstabExplain;
      lines.push('');
      lines.push(`### The cross-tab respondentKind × outcome (CONCLUDED, ${year})`);
      lines.push('');
      lines.push(`Scans: ${st.scans.join('; ')} — ${f1(st.executionMs)} ms`);
      lines.push('');
      lines.push('```sql\n' + st.sql + '\n```\n```\n' + st.plan + '\n```');
      const pe = r.populations.parentOrganExplain;
      lines.push('');
      lines.push(`### A parent organ over 10 child organs (scope=DESCENDANTS, ${year}, with the breakdown by organ)`);
      lines.push('');
      lines.push(`Scans: ${pe.scans.join('; ')} — ${f1(pe.executionMs)} ms`);
      lines.push('');
      lines.push('```sql\n' + pe.sql + '\n```\n```\n' + pe.plan + '\n```');
    }
    for (const [label, t] of [
      [`A year's tallies (${year})`, r.year],
      [`As-of tallies (asOf ${asOf})`, r.asOf],
    ] as const) {
      lines.push('');
      lines.push(`### ${label}`);
      for (const st of t.explain) {
        lines.push('');
        lines.push(`Scans: ${st.scans.join('; ')} — ${f1(st.executionMs)} ms`);
        lines.push('');
        lines.push('```sql\n' + st.sql + '\n```\n```\n' + st.plan + '\n```');
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:stats failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
