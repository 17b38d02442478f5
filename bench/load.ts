/**
 * One autocannon run per scenario: a fixed number of connections for a fixed time (or until a pool of one-shot
 * targets — fresh cases to accept — is used up), each request built by the scenario. Reports successful requests per
 * second, latency percentiles and everything that was not a 2xx.
 */
import autocannon from 'autocannon';
import { median } from './infra';

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  name: string;
  baseUrl: string;
  connections: number;
  durationS: number;
  /** Builds the next request; undefined when a one-shot pool is used up (the run then ends). */
  next: () => RequestSpec | undefined;
  /** For one-shot pools: the number of requests available (autocannon's `amount`). */
  amount?: number;
  /** Requests per second over all connections (latency at a fixed, unsaturated rate). */
  overallRate?: number;
  /** A cheap public route for the last requests in flight after a pool is used up. */
  idlePath?: string;
  onResponse?: (status: number, body: string, headers: Record<string, string | string[] | undefined>) => void;
}

export interface LoadResult {
  name: string;
  connections: number;
  durationS: number;
  requests: number;
  ok: number;
  /** Successful (2xx) requests per second. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  maxLatency: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  overallRate?: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const first = options.next();
  if (!first) {
    throw new Error(`${options.name}: nothing to request`);
  }
  let pending: RequestSpec | undefined = first;
  let exhausted = false;
  let instance: autocannon.Instance | undefined;
  const statusCounts: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const opts: autocannon.Options = {
      url: options.baseUrl,
      connections: options.connections,
      duration: options.durationS,
      timeout: 60,
      ...(options.amount !== undefined ? { amount: options.amount } : {}),
      ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
      requests: [
        {
          setupRequest: (req: autocannon.Request): autocannon.Request => {
            const spec = pending ?? options.next();
            pending = undefined;
            if (!spec) {
              if (!exhausted) {
                exhausted = true;
                setImmediate(() => instance?.stop());
              }
              // Nothing left: a cheap request to a public route keeps autocannon's loop valid until stop() lands.
              return { ...req, method: 'GET', path: options.idlePath ?? '/health/live', headers: {}, body: undefined };
            }
            return {
              ...req,
              method: spec.method,
              path: spec.path,
              headers: { ...(spec.body !== undefined ? { 'content-type': 'application/json' } : {}), ...spec.headers },
              body: spec.body,
            };
          },
          onResponse: (status: number, body: string, _context: object, headers?: autocannon.Request['headers']) => {
            statusCounts[String(status)] = (statusCounts[String(status)] ?? 0) + 1;
            options.onResponse?.(status, body, headers ?? {});
          },
        },
      ],
    };
    // Hard stop at the duration even when `amount` has not been reached.
    const timer = setTimeout(
      () => instance?.stop(),
      (options.durationS + (options.amount !== undefined ? 0 : 2)) * 1000,
    );
    const started: autocannon.Instance = autocannon(opts, (err: unknown, res: autocannon.Result) => {
      clearTimeout(timer);
      if (err) {
        reject(toError(err));
      } else {
        resolve(res);
      }
    });
    instance = started;
  });
  const durationS = result.duration;
  const ok = result['2xx'];
  return {
    name: options.name,
    connections: options.connections,
    durationS,
    requests: result.requests.total,
    ok,
    rps: durationS > 0 ? ok / durationS : 0,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    maxLatency: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
    ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
  };
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Sequential single-client latencies (ms) of a request: the unloaded cost, e.g. of one statistics query. */
export async function sequentialLatencies(
  baseUrl: string,
  times: number,
  next: () => RequestSpec,
  /** Stop early (after at least 3 requests) once this much time has been spent. */
  budgetMs = Infinity,
): Promise<{ ms: number[]; failures: number; lastStatus: number }> {
  const ms: number[] = [];
  let failures = 0;
  let lastStatus = 0;
  const started = Date.now();
  for (let i = 0; i < times && (i < 3 || Date.now() - started < budgetMs); i++) {
    const spec = next();
    const t = process.hrtime.bigint();
    const res = await fetch(baseUrl + spec.path, {
      method: spec.method,
      headers: { ...(spec.body !== undefined ? { 'content-type': 'application/json' } : {}), ...spec.headers },
      ...(spec.body !== undefined ? { body: spec.body } : {}),
    });
    await res.arrayBuffer();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    lastStatus = res.status;
    if (res.status >= 300) {
      failures += 1;
    }
  }
  return { ms, failures, lastStatus };
}

/** Alternating slices of one side of a paired run as one result: summed counts, median percentiles. */
export function mergeSlices(results: LoadResult[]): LoadResult {
  const first = results[0]!;
  const durationS = results.reduce((s, r) => s + r.durationS, 0);
  const ok = results.reduce((s, r) => s + r.ok, 0);
  return {
    ...first,
    durationS,
    requests: results.reduce((s, r) => s + r.requests, 0),
    ok,
    rps: durationS > 0 ? ok / durationS : 0,
    p50: median(results.map((r) => r.p50)),
    p90: median(results.map((r) => r.p90)),
    p99: median(results.map((r) => r.p99)),
    maxLatency: Math.max(...results.map((r) => r.maxLatency)),
    non2xx: results.reduce((s, r) => s + r.non2xx, 0),
    errors: results.reduce((s, r) => s + r.errors, 0),
    timeouts: results.reduce((s, r) => s + r.timeouts, 0),
  };
}
