import { Inject, Injectable, Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ProblemException } from '../common/errors/problem.exception';
import { todayInChina } from '../common/validation/local-date.validator';
import { Env } from '../config/env';
import { READ_DATA_SOURCE } from '../database/read-data-source';
import { ACTION_PAYLOADS } from '../workflow/action-payloads';
import { MetricsRepository, OpenCasesRow, OverdueClocksRow } from './metrics.repository';

/** The database gauges are computed at scrape time and reused this long, so that several scrapers cost one query. */
const DATABASE_GAUGES_TTL_MS = 5_000;

/** Request latencies here run from a few milliseconds (reads) to seconds (exports): finer buckets at the low end. */
const DURATION_BUCKETS = [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Label values come from closed lists only, so that a client cannot grow the series (an unknown action is UNKNOWN). */
const KNOWN_ACTIONS = new Set<string>([...Object.keys(ACTION_PAYLOADS), 'UNDO']);

/** The action as a metric label or span attribute: a known action code, else UNKNOWN (never the client's text). */
export function actionLabel(action: string): string {
  return KNOWN_ACTIONS.has(action) ? action : 'UNKNOWN';
}

interface DatabaseGauges {
  openCases: OpenCasesRow[];
  overdueClocks: OverdueClocksRow[];
}

/**
 * The Prometheus metrics of one application instance, in its own registry (several apps in one process, as in the
 * tests, do not share series). Nothing here carries personal data or an identifier: routes are the registered
 * patterns (/v1/cases/:id), organs their codes, outcomes error codes.
 * Import and webhook queues do not exist yet; their depth gauges belong here once they do (issue 14 §6).
 */
@Injectable()
export class MetricsService {
  /** METRICS_PORT > 0: without a listener nobody could read the series, so nothing is recorded either. */
  readonly enabled: boolean;
  readonly registry = new Registry();
  private readonly log = new Logger('metrics');
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly actions: Counter<'action' | 'result'>;
  private databaseGauges?: { at: number; value: Promise<DatabaseGauges> };

  constructor(
    env: Env,
    private readonly repository: MetricsRepository,
    @Inject(getDataSourceToken()) private readonly primary: DataSource,
    @Inject(READ_DATA_SOURCE) private readonly read: DataSource,
  ) {
    this.enabled = env.METRICS_PORT > 0;
    const registers = [this.registry];
    if (this.enabled) {
      // process_* and nodejs_* (CPU, memory, event-loop delay, GC): only when someone can read them.
      collectDefaultMetrics({ register: this.registry });
    }
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern (never the raw path or query) and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.actions = new Counter({
      name: 'rcs_case_actions_total',
      help: 'Procedural case actions requested, by action and result: ok, or the error code of the refusal.',
      labelNames: ['action', 'result'],
      registers,
    });
    this.poolGauge('rcs_db_pool_connections', 'Connections open in the PostgreSQL pool.', (p) => p.totalCount);
    this.poolGauge('rcs_db_pool_idle_connections', 'Idle connections in the PostgreSQL pool.', (p) => p.idleCount);
    this.poolGauge(
      'rcs_db_pool_waiting_requests',
      'Queries waiting for a free connection of the PostgreSQL pool (the pool is exhausted while > 0).',
      (p) => p.waitingCount,
    );
    this.poolGauge('rcs_db_pool_max_connections', 'Size limit of the PostgreSQL pool (DB_POOL_SIZE).', (p) =>
      Number((p as Pool & { options?: { max?: number } }).options?.max ?? 0),
    );
    const gauges = () => this.currentDatabaseGauges();
    new Gauge({
      name: 'rcs_open_cases',
      help: 'Cases not in a final state (nor CLOSED), by organ code and state.',
      labelNames: ['organ', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const row of (await gauges()).openCases) {
          this.set({ organ: row.organ, state: row.state }, row.count);
        }
      },
    });
    new Gauge({
      name: 'rcs_overdue_clocks',
      help: 'Open clocks past their due date (the OVERDUE work queue), by organ code and clock.',
      labelNames: ['organ', 'clock'],
      registers,
      async collect() {
        this.reset();
        for (const row of (await gauges()).overdueClocks) {
          this.set({ organ: row.organ, clock: row.clock }, row.count);
        }
      },
    });
  }

  /** One finished HTTP request; `route` is Fastify's pattern, undefined when no route matched. */
  observeRequest(method: string, route: string | undefined, statusCode: number, elapsedMs: number): void {
    this.httpDuration.observe(
      { method, route: route ?? 'UNMATCHED', status_code: String(statusCode) },
      elapsedMs / 1000,
    );
  }

  /** Counts one requested action by its result: ok, or the refusal's error code (ERROR for anything unexpected). */
  async countAction<T>(action: string, run: () => Promise<T>): Promise<T> {
    if (!this.enabled) {
      return run();
    }
    const label = actionLabel(action);
    try {
      const result = await run();
      this.actions.inc({ action: label, result: 'ok' });
      return result;
    } catch (error) {
      this.actions.inc({ action: label, result: error instanceof ProblemException ? error.code : 'ERROR' });
      throw error;
    }
  }

  /** The exposition text and its content type, for the metrics listener. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private poolGauge(name: string, help: string, read: (pool: Pool) => number): void {
    const pools = () => this.pools();
    new Gauge({
      name,
      help: `${help} pool="primary" serves the API; pool="read" the statistics and exports when DATABASE_READ_URL is set.`,
      labelNames: ['pool'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [label, pool] of pools()) {
          this.set({ pool: label }, read(pool));
        }
      },
    });
  }

  /** TypeORM's PostgreSQL driver keeps its pg Pool as `master`; the read pool is listed only when it is another one. */
  private pools(): Array<[string, Pool]> {
    const poolOf = (dataSource: DataSource) =>
      dataSource.isInitialized ? (dataSource.driver as unknown as { master?: Pool }).master : undefined;
    const result: Array<[string, Pool]> = [];
    const primary = poolOf(this.primary);
    if (primary) {
      result.push(['primary', primary]);
    }
    const read = this.read === this.primary ? undefined : poolOf(this.read);
    if (read) {
      result.push(['read', read]);
    }
    return result;
  }

  private currentDatabaseGauges(): Promise<DatabaseGauges> {
    const now = Date.now();
    if (!this.databaseGauges || now - this.databaseGauges.at > DATABASE_GAUGES_TTL_MS) {
      const value = Promise.all([this.repository.openCases(), this.repository.overdueClocks(todayInChina())])
        .then(([openCases, overdueClocks]) => ({ openCases, overdueClocks }))
        .catch((error: unknown) => {
          // A scrape during a database outage still answers (pool and process series); the counts are left out.
          this.log.warn({ err: error }, 'metrics: the open-case and overdue-clock counts could not be read');
          this.databaseGauges = undefined;
          return { openCases: [], overdueClocks: [] };
        });
      this.databaseGauges = { at: now, value };
    }
    return this.databaseGauges.value;
  }
}
