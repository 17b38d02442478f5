/**
 * The ledger import under load (issue 12 pt 5): `npm run bench` runs it after the sizes (`--import-rows 100000`,
 * 0 to skip), and `npm run bench:import` → node dist/bench/import.js [--import-rows 100000] [--format csv|xlsx]
 * [--read-rate 50] [--out import-latest] [--cpu-prof DIR] runs it alone.
 *
 * A database seeded with 10,000 case histories (bench/seed.ts) serves reads, the service runs as `npm start` runs it,
 * and a ledger of `--import-rows` rows (generated here, in the headers of the project's own case-list export, with
 * dates and codes written the ways offices write them) goes through POST /v1/imports, validation, and
 * POST /v1/imports/{id}/commit, as an office would do it. Meanwhile an open-loop generator sends GET /v1/cases/{id}
 * and GET /v1/cases at a fixed rate (requests are sent on schedule, whether or not earlier ones have answered), so
 * their latency shows what a reader waits for while the import writes. The same reads are measured for as long
 * before the import, for comparison in the same run. Afterwards the statistics rollup is checked against a recount
 * (statistics_rollup_drift: the set-based rollup of the batches must equal what the per-row trigger keeps).
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import {
  ADMIN_KEY,
  type BenchDatabaseServer,
  createBenchDatabase,
  createWorkingKey,
  dropBenchDatabase,
  parseArgs,
  postgresCpuSeconds,
  processCpuSeconds,
  RssSampler,
  startDatabaseServer,
  startScriptNodeFlags,
  startService,
  todayInChina,
  withClient,
} from './infra';
import { seedCases } from './seed';
import { residentIdCheckCharacter } from '../src/cases/domain/identifiers';

export interface ReadLatency {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ImportBenchResult {
  rows: number;
  format: 'csv' | 'xlsx';
  fileMb: number;
  uploadS: number;
  validateS: number;
  commitS: number;
  totalS: number;
  rowsPerS: number;
  imported: number;
  rollupDrift: number;
  readRate: number;
  readsBefore: ReadLatency;
  readsDuring: ReadLatency;
  servicePeakRssMb: number;
  /** CPU seconds used during the import (upload to commit) by the service's process and by PostgreSQL. */
  serviceCpuS: number;
  databaseCpuS: number;
  targetS: number;
  met: boolean;
}

const log = (m: string): void => {
  process.stdout.write(`[bench:import ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
};

const HEADERS = [
  '案号',
  '收到申请日期',
  '申请人',
  '身份证号码',
  '被申请人',
  '被申请人类型',
  '行为类别',
  '管理领域',
  '受理日期',
  '结案日期',
  '结案方式',
  '承办人',
];

/** A seeded generator (mulberry32): the same ledger every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A valid resident ID (GB 11643 check character, as the service checks it). */
function idNumber(i: number): string {
  const first17 = `410927${1960 + (i % 40)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** The ledger's rows: receipts over 2020–2025, every way a case ends, a few still open. */
export function ledgerRows(count: number, prefix: string): string[][] {
  const next = random(12);
  const rows: string[][] = [];
  const seqs = new Map<string, number>();
  const written = (date: string, style: number): string => {
    const [y, m, d] = date.split('-').map(Number);
    return style === 0 ? date : style === 1 ? `${y}/${m}/${d}` : `${y}年${m}月${d}日`;
  };
  for (let i = 0; i < count; i++) {
    const receivedOn = addDays('2020-01-02', Math.floor(next() * 2150));
    const year = receivedOn.slice(0, 4);
    const seq = (seqs.get(year) ?? 0) + 1;
    seqs.set(year, seq);
    const kind = next();
    let acceptedOn: string | null = null;
    let concludedOn: string | null = null;
    let outcome = '办理中';
    if (kind < 0.15) {
      concludedOn = addDays(receivedOn, 4);
      outcome = '不予受理';
    } else if (kind < 0.2) {
      concludedOn = addDays(receivedOn, 12);
      outcome = 'DEEMED_WITHDRAWN';
    } else if (kind < 0.95) {
      acceptedOn = addDays(receivedOn, 1 + Math.floor(next() * 5));
      concludedOn = addDays(acceptedOn, 20 + Math.floor(next() * 40));
      const r = next();
      outcome = r < 0.4 ? '维持' : r < 0.65 ? '驳回' : r < 0.85 ? '撤销' : 'ORDERED_TO_PERFORM';
    } else {
      acceptedOn = next() < 0.5 ? addDays(receivedOn, 3) : null;
    }
    const style = i % 3;
    rows.push([
      `${prefix}〔${year}〕${seq}号`,
      written(receivedOn, style),
      `申请人${i}`,
      idNumber(i),
      '县市场监督管理局',
      i % 2 === 0 ? '县政府工作部门' : 'COUNTY_DEPARTMENT',
      'ADMINISTRATIVE_PENALTY',
      '市场监管',
      acceptedOn ? written(acceptedOn, style) : '',
      concludedOn ? written(concludedOn, style) : '',
      outcome,
      '王明、李华',
    ]);
  }
  return rows;
}

async function ledgerFile(rows: string[][], format: 'csv' | 'xlsx'): Promise<Buffer> {
  if (format === 'csv') {
    return Buffer.from(`${[HEADERS, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(HEADERS);
  for (const r of rows) {
    sheet.addRow(r);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Open-loop reads: one request every 1000/rate ms on schedule (not after the previous answer), until stop().
 * Latency is measured from the scheduled send time, so a stalled service shows as latency, not as fewer requests.
 */
function openLoopReads(baseUrl: string, key: string, caseIds: string[], rate: number) {
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  const interval = 1000 / rate;
  const start = performance.now();
  const tick = (): void => {
    if (stopped) {
      return;
    }
    const due = start + sent * interval;
    const i = sent++;
    const target = i % 5 === 4 ? '/v1/cases?limit=20&state=UNDER_REVIEW' : `/v1/cases/${caseIds[i % caseIds.length]!}`;
    const p = fetch(`${baseUrl}${target}`, { headers: { authorization: `Bearer ${key}` } })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) {
          errors++;
        }
        latencies.push(performance.now() - due);
      })
      .catch(() => {
        errors++;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
  };
  tick();
  return async (): Promise<ReadLatency> => {
    stopped = true;
    await Promise.allSettled([...inFlight]);
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      requests: latencies.length + errors,
      errors,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? NaN,
    };
  };
}

async function api<T>(baseUrl: string, key: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) {
    throw new Error(`${method} ${route}: ${res.status} ${text.slice(0, 500)}`);
  }
  return JSON.parse(text) as T;
}

let pollsRefused = 0;

interface Job {
  id: string;
  status: string;
  progress: { done: number; total: number; phase: string };
  counts: { rows: number; invalid: number; imported: number };
  problems: Array<{ row: number; column: string | null; code: string; message: string }>;
  failure?: string | null;
}

/** Polls the job; a poll the service answers 503 (busy) is retried, and counted (pollsRefused). */
async function waitFor(baseUrl: string, key: string, id: string, until: readonly string[]): Promise<Job> {
  for (;;) {
    let job: Job;
    try {
      job = await api<Job>(baseUrl, key, 'GET', `/v1/imports/${id}`);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes(': 503 ')) {
        throw error;
      }
      pollsRefused += 1;
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    if (until.includes(job.status)) {
      return job;
    }
    if (job.status === 'FAILED') {
      throw new Error(`import ${id} failed: ${job.failure ?? ''}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface ImportBenchOptions {
  rows: number;
  format: 'csv' | 'xlsx';
  readRate: number;
  today: string;
  cpuProfileDir?: string;
}

export async function benchImport(server: BenchDatabaseServer, o: ImportBenchOptions): Promise<ImportBenchResult> {
  const dbName = 'bench_import';
  const url = await createBenchDatabase(server, dbName);
  log('seeding 10,000 case histories to read while importing');
  await seedCases(url, { count: 10_000, kind: 'history', today: o.today, log: () => undefined });
  await withClient(url, (c) => c.query('VACUUM ANALYZE'));
  const caseIds = await withClient(url, async (c) =>
    (await c.query<{ id: string }>('SELECT id FROM reconsideration_case ORDER BY random() LIMIT 2000')).rows.map(
      (r) => r.id,
    ),
  );
  const file = await ledgerFile(ledgerRows(o.rows, '台政复'), o.format);
  log(`ledger: ${o.rows} rows, ${o.format.toUpperCase()}, ${(file.length / 1048576).toFixed(1)} MB`);
  // The service as it ships, with the upload limit raised to the bench file if needed (the default is 50 MB).
  const service = await startService(
    url,
    { IMPORT_MAX_BYTES: String(Math.max(52_428_800, file.length + 1_048_576)) },
    // --cpu-prof DIR: the service's V8 CPU profile of the run (open it in Chrome's DevTools), to see where its time goes.
    [...startScriptNodeFlags(), ...(o.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfileDir}`] : [])],
  );
  const sampler = new RssSampler(service.pid);
  try {
    const key = await createWorkingKey(service.url);
    const organ = await api<{ id: string }>(service.url, ADMIN_KEY, 'POST', '/v1/organs', {
      code: 'LEDGER_BENCH',
      name: '台账县人民政府',
      officeName: '台账县人民政府行政复议办公室',
      caseNumberTemplate: '台政复〔{year}〕{seq}号',
    });
    const windowS = 10;
    log(`reads alone for ${windowS} s at ${o.readRate}/s`);
    const before = openLoopReads(service.url, key, caseIds, o.readRate);
    await new Promise((r) => setTimeout(r, windowS * 1000));
    const readsBefore = await before();

    sampler.start();
    const during = openLoopReads(service.url, key, caseIds, o.readRate);
    const cpu0 = { service: processCpuSeconds(service.pid), database: postgresCpuSeconds(server.postmasterPid) };
    const t0 = performance.now();
    const form = new FormData();
    form.append('organId', organ.id);
    form.append('file', new Blob([file]), `ledger.${o.format}`);
    const uploadRes = await fetch(`${service.url}/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
    const created = (await uploadRes.json()) as Job;
    if (uploadRes.status !== 202 && uploadRes.status !== 201) {
      throw new Error(`upload: ${uploadRes.status} ${JSON.stringify(created)}`);
    }
    const t1 = performance.now();
    const validated = await waitFor(service.url, key, created.id, ['VALIDATED']);
    if (validated.counts.invalid > 0) {
      throw new Error(
        `the bench ledger has ${validated.counts.invalid} invalid rows, e.g. ${JSON.stringify(validated.problems.slice(0, 3))}`,
      );
    }
    const t2 = performance.now();
    log(`validated in ${((t2 - t1) / 1000).toFixed(1)} s; committing`);
    await api<Job>(service.url, key, 'POST', `/v1/imports/${created.id}/commit`, {});
    const committed = await waitFor(service.url, key, created.id, ['COMMITTED']);
    const t3 = performance.now();
    const cpu1 = { service: processCpuSeconds(service.pid), database: postgresCpuSeconds(server.postmasterPid) };
    const readsDuring = await during();
    const memory = sampler.stop();
    const drift = await withClient(url, async (c) =>
      Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM statistics_rollup_drift()')).rows[0]!.n),
    );
    const totalS = (t3 - t0) / 1000;
    const result: ImportBenchResult = {
      rows: o.rows,
      format: o.format,
      fileMb: file.length / 1048576,
      uploadS: (t1 - t0) / 1000,
      validateS: (t2 - t1) / 1000,
      commitS: (t3 - t2) / 1000,
      totalS,
      rowsPerS: o.rows / totalS,
      imported: committed.counts.imported,
      rollupDrift: drift,
      readRate: o.readRate,
      readsBefore,
      readsDuring,
      servicePeakRssMb: Math.max(memory.maxRssMb, memory.peakMb),
      serviceCpuS: cpu1.service - cpu0.service,
      databaseCpuS: cpu1.database - cpu0.database,
      targetS: 120,
      met: totalS < 120 && committed.counts.imported === o.rows && drift === 0,
    };
    log(
      `imported ${result.imported} rows in ${totalS.toFixed(1)} s (${result.rowsPerS.toFixed(0)} rows/s; upload ${result.uploadS.toFixed(1)} s, validate ${result.validateS.toFixed(1)} s, commit ${result.commitS.toFixed(1)} s); rollup drift ${drift}; job polls answered 503: ${pollsRefused}; reads p99 ${readsBefore.p99.toFixed(1)} ms before, ${readsDuring.p99.toFixed(1)} ms during; CPU: service ${result.serviceCpuS.toFixed(1)} s, PostgreSQL ${result.databaseCpuS.toFixed(1)} s`,
    );
    return result;
  } finally {
    sampler.stop();
    await service.stop();
    await dropBenchDatabase(server, dbName).catch(() => undefined);
  }
}

export function renderImportMarkdown(r: ImportBenchResult): string {
  const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  return [
    `## Ledger import (issue 12 pt 5): ${r.rows.toLocaleString('en')} rows`,
    '',
    `A ${r.format.toUpperCase()} ledger of ${f(r.fileMb)} MB, uploaded to POST /v1/imports, validated, and committed (POST /v1/imports/{id}/commit), into a database that holds 10,000 case histories, while an open-loop generator sends ${r.readRate} reads a second (GET /v1/cases/{id}, and every fifth GET /v1/cases?limit=20); the same reads are measured for 10 s before the import. Target: under ${r.targetS} s for the whole import, with the statistics rollup equal to a recount afterwards.`,
    '',
    '| rows | upload s | validate s | commit s | total s | rows/s | imported | rollup drift | service peak RSS MB | service CPU s | PostgreSQL CPU s | target |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    `| ${r.rows} | ${f(r.uploadS)} | ${f(r.validateS)} | ${f(r.commitS)} | ${f(r.totalS)} | ${f(r.rowsPerS, 0)} | ${r.imported} | ${r.rollupDrift} | ${f(r.servicePeakRssMb, 0)} | ${f(r.serviceCpuS)} | ${f(r.databaseCpuS)} | ${r.met ? 'met' : 'NOT met'} |`,
    '',
    '| reads | requests | errors | p50 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| before the import | ${r.readsBefore.requests} | ${r.readsBefore.errors} | ${f(r.readsBefore.p50)} | ${f(r.readsBefore.p99)} | ${f(r.readsBefore.max)} |`,
    `| during the import | ${r.readsDuring.requests} | ${r.readsDuring.errors} | ${f(r.readsDuring.p50)} | ${f(r.readsDuring.p99)} | ${f(r.readsDuring.max)} |`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rows = Number(args.get('import-rows') ?? 100_000);
  const format = (args.get('format') ?? 'csv') as 'csv' | 'xlsx';
  const readRate = Number(args.get('read-rate') ?? 50);
  const outName = args.get('out') ?? 'import-latest';
  const server = await startDatabaseServer(log);
  try {
    const cpuProfileDir = args.get('cpu-prof');
    const result = await benchImport(server, {
      rows,
      format,
      readRate,
      today: todayInChina(),
      ...(cpuProfileDir ? { cpuProfileDir: path.resolve(cpuProfileDir) } : {}),
    });
    const outDir = path.resolve(__dirname, '../../bench/results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, `${outName}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(
      path.join(outDir, `${outName}.md`),
      `# Ledger import benchmark — ${new Date().toISOString().slice(0, 10)}\n\n${renderImportMarkdown(result)}`,
    );
    log(`report: ${path.join(outDir, `${outName}.md`)}`);
  } finally {
    await server.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
