/**
 * The SQL of the service's main reads, captured from its own repositories (not copied: a TypeORM logger records what
 * CaseRepository, DeadlineRepository and StatisticsRepository send), then EXPLAIN (ANALYZE, BUFFERS)-ed and timed
 * directly with pg — so the plans follow src/ as it changes.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource, type Logger } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import { CaseRepository } from '../src/cases/case.repository';
import type { ListCasesQuery } from '../src/cases/case.dto';
import { DeadlineRepository } from '../src/deadlines/deadline.repository';
import { StatisticsRepository } from '../src/statistics/statistics.repository';
import { effectiveEnd } from '../src/statistics/tally';
import { WorkingDayCalendar } from '../src/calendar/working-day-calendar';
import { median } from './infra';

export interface CapturedStatement {
  sql: string;
  params: unknown[];
}

class CapturingLogger implements Logger {
  statements: CapturedStatement[] = [];
  logQuery(query: string, parameters?: unknown[]): void {
    if (!/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SELECT version\(\)|SHOW )/i.test(query)) {
      this.statements.push({ sql: query, params: parameters ?? [] });
    }
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export interface QueryCase {
  key: string;
  title: string;
  statements: CapturedStatement[];
}

export interface ReadQueryParams {
  organId: string;
  today: string;
  caseId: string;
  year: number;
  asOf: string;
  listState: string;
  listCategory: string;
  withinWorkingDays: number;
}

/** Runs each main read once through the repositories and returns the SQL they sent, grouped by read. */
export async function captureMainQueries(databaseUrl: string, p: ReadQueryParams): Promise<QueryCase[]> {
  const logger = new CapturingLogger();
  const ds = new DataSource({ ...buildDataSourceOptions({ url: databaseUrl, poolSize: 2 }), logger, logging: true });
  await ds.initialize();
  try {
    const stats = new StatisticsRepository(ds);
    const deadlines = new DeadlineRepository(ds);
    const cases = new CaseRepository(ds);
    const calendarRows = await ds.query<
      Array<{
        year: number;
        notice: string;
        amendments: never[];
        rest_days: Array<{ date: string; holiday: string }>;
        make_up_workdays: Array<{ date: string; holiday: string }>;
      }>
    >('SELECT year, notice, amendments, rest_days, make_up_workdays FROM calendar_year');
    const calendar = new WorkingDayCalendar(
      calendarRows.map((y) => ({
        year: y.year,
        notice: y.notice,
        amendments: y.amendments,
        restDays: y.rest_days,
        makeUpWorkdays: y.make_up_workdays,
      })),
    );
    const from = `${p.year}-01-01`;
    const to = `${p.year}-12-31`;
    const out: QueryCase[] = [];
    const capture = async (key: string, title: string, fn: () => Promise<unknown>): Promise<void> => {
      logger.statements = [];
      await fn();
      out.push({ key, title, statements: logger.statements });
    };
    await capture('year', `A year's tallies (${from} … ${to}, asOf ${to}): figures and breakdowns`, () =>
      stats.window([p.organId], from, effectiveEnd(to, to)),
    );
    await capture(
      'yearCases',
      `A year's handled cases, for the case-list export (${from} … ${to}): first pages`,
      async () => {
        // The export reads keyset pages; the first page of each part (carried over, received) shows the plans.
        for await (const page of stats.handledCasePages(p.organId, from, effectiveEnd(to, to))) {
          if (logger.statements.length >= 2 || page.length === 0) {
            break;
          }
        }
      },
    );
    await capture('asOf', `As-of tallies (${from} … ${to}, asOf ${p.asOf}): figures and breakdowns`, () =>
      stats.window([p.organId], from, effectiveEnd(to, p.asOf)),
    );
    let until = p.today;
    try {
      until = calendar.addWorkingDays(p.today, p.withinWorkingDays).dueDate;
    } catch {
      // The calendar does not reach that far: the service would answer CALENDAR_MISSING; keep today.
    }
    await capture('dueSoon', `Queue DUE_SOON within ${p.withinWorkingDays} working days (until ${until})`, () =>
      deadlines.queue({
        organId: p.organId,
        scope: { organIds: null },
        status: 'DUE_SOON',
        today: p.today,
        until,
        limit: 20,
      }),
    );
    await capture('overdue', 'Queue OVERDUE', () =>
      deadlines.queue({ organId: p.organId, scope: { organIds: null }, status: 'OVERDUE', today: p.today, limit: 20 }),
    );
    await capture('list', `List state=${p.listState}&actCategory=${p.listCategory}&limit=20`, () =>
      cases.list(
        {
          state: p.listState,
          actCategory: p.listCategory,
          limit: 20,
          sort: '-receivedOn',
        } as unknown as ListCasesQuery,
        undefined,
        { organIds: null },
      ),
    );
    await capture('get', 'Get a case by id', () => cases.findById(p.caseId));
    return out;
  } finally {
    await ds.destroy();
  }
}

/**
 * The statement StatisticsRepository.window sends for a year over several organs counted together (scope=DESCENDANTS,
 * with the breakdown by organ), as the service sends it.
 */
export async function captureWindow(
  databaseUrl: string,
  organIds: readonly string[],
  year: number,
): Promise<CapturedStatement[]> {
  const logger = new CapturingLogger();
  const ds = new DataSource({ ...buildDataSourceOptions({ url: databaseUrl, poolSize: 1 }), logger, logging: true });
  await ds.initialize();
  try {
    const to = `${year}-12-31`;
    await new StatisticsRepository(ds).window(organIds, `${year}-01-01`, effectiveEnd(to, to), { byOrgan: true });
    return logger.statements;
  } finally {
    await ds.destroy();
  }
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

export interface ExplainedStatement {
  sql: string;
  plan: string;
  executionMs: number;
  /** Scan nodes: "Index Scan using x on t (rows)" … */
  scans: string[];
  sharedHit: number;
  sharedRead: number;
}

function walk(node: PlanNode, visit: (n: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) {
    walk(child, visit);
  }
}

export async function explain(client: Client, s: CapturedStatement): Promise<ExplainedStatement> {
  // Warm once, so that the plan shows the steady state rather than the first read from disk.
  await client.query(s.sql, s.params);
  const text = await client.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params);
  const json = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${s.sql}`,
    s.params,
  );
  const root = json.rows[0]!['QUERY PLAN'][0]!;
  const scans: string[] = [];
  walk(root.Plan, (n) => {
    if (/Scan/.test(n['Node Type']) && n['Relation Name'] !== undefined) {
      const rows = (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1);
      scans.push(
        `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} on ${n['Relation Name']} (${Math.round(rows)} rows)`,
      );
    } else if (n['Node Type'] === 'Bitmap Index Scan') {
      scans.push(`Bitmap Index Scan on ${n['Index Name']} (${Math.round(n['Actual Rows'] ?? 0)} rows)`);
    }
  });
  return {
    sql: s.sql.replace(/\s+/g, ' ').trim(),
    plan: text.rows.map((r) => Object.values(r)[0]).join('\n'),
    executionMs: root['Execution Time'],
    scans,
    sharedHit: root.Plan['Shared Hit Blocks'] ?? 0,
    sharedRead: root.Plan['Shared Read Blocks'] ?? 0,
  };
}

/** Median wall time (ms) of running the statements one after another on one connection, `times` times. */
export async function timeStatements(client: Client, statements: CapturedStatement[], times: number): Promise<number> {
  const runs: number[] = [];
  for (const s of statements) {
    await client.query(s.sql, s.params); // warm
  }
  for (let i = 0; i < times; i++) {
    const t = process.hrtime.bigint();
    for (const s of statements) {
      await client.query(s.sql, s.params);
    }
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(runs);
}
