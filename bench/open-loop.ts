/**
 * Open-loop load (issue 18 pt 4): requests ARRIVE at a fixed rate, whatever the server does with them. A closed-loop
 * generator (autocannon, even with overallRate) sends a connection's next request only after the previous answer,
 * so a slow server is sent less and its queueing never shows (coordinated omission). Here the i-th request is due
 * at start + i / rate, is sent then on a free keep-alive socket (a new one when all are busy), and its latency is
 * counted from the moment it was due: a generator that fell behind counts its own lag against the server, never in
 * its favour.
 */
import http from 'node:http';
import type { RequestSpec } from './load';

export interface OpenLoopKind {
  /** Short name of the request kind in the mix (get, list, accept …). */
  kind: string;
  /** Relative share of the arrivals. */
  weight: number;
  /** The next request of this kind; undefined when its one-shot pool is used up (the arrival is then a GET). */
  next: () => RequestSpec | undefined;
}

export interface OpenLoopOptions {
  name: string;
  baseUrl: string;
  ratePerS: number;
  durationS: number;
  mix: readonly OpenLoopKind[];
  /** Sockets at most (requests beyond wait for one: counted as they are, from their due time). */
  maxSockets?: number;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface OpenLoopResult extends LatencySummary {
  name: string;
  ratePerS: number;
  durationS: number;
  /** Arrivals sent; ok = 2xx answers. */
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Achieved arrival rate (sent / duration): below ratePerS means the generator itself fell behind. */
  achievedRatePerS: number;
  /** The most requests in flight at once. */
  maxInFlight: number;
  statusCounts: Record<string, number>;
  byKind: Record<string, LatencySummary>;
}

/**
 * A deterministic interleaving of the mix (smooth weighted round robin): the same sequence of kinds for every
 * target, so that service and baseline meet the same arrivals.
 */
export function mixSequence(weights: readonly number[]): () => number {
  const current = weights.map(() => 0);
  const total = weights.reduce((a, b) => a + b, 0);
  return () => {
    let best = 0;
    for (let i = 0; i < weights.length; i++) {
      current[i]! += weights[i]!;
      if (current[i]! > current[best]!) {
        best = i;
      }
    }
    current[best]! -= total;
    return best;
  };
}

export function summarize(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const url = new URL(options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 512 });
  const pick = mixSequence(options.mix.map((k) => k.weight));
  const fallback = options.mix[0]!;
  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  const statusCounts: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const intervalMs = 1000 / options.ratePerS;
  const total = Math.round(options.ratePerS * options.durationS);
  const start = performance.now();

  const send = (dueAt: number): Promise<void> => {
    const chosen = options.mix[pick()]!;
    let spec = chosen.next();
    let kind = chosen.kind;
    if (spec === undefined) {
      spec = fallback.next()!;
      kind = fallback.kind;
    }
    sent += 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise<void>((resolve) => {
      const done = (status: number | undefined) => {
        inFlight -= 1;
        const ms = performance.now() - dueAt;
        latencies.push(ms);
        const list = byKind.get(kind) ?? [];
        list.push(ms);
        byKind.set(kind, list);
        if (status === undefined) {
          errors += 1;
        } else {
          statusCounts[String(status)] = (statusCounts[String(status)] ?? 0) + 1;
          if (status >= 200 && status < 300) {
            ok += 1;
          } else {
            non2xx += 1;
          }
        }
        resolve();
      };
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: spec.method,
          path: spec.path,
          headers: {
            ...(spec.body !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(spec.body) }
              : {}),
            ...spec.headers,
          },
          timeout: 60_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode));
          res.on('error', () => done(undefined));
        },
      );
      req.on('error', () => done(undefined));
      req.on('timeout', () => req.destroy(new Error('timeout')));
      if (spec.body !== undefined) {
        req.write(spec.body);
      }
      req.end();
    });
  };

  const inflight: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      // Every arrival due by now is sent now, stamped with its own due time.
      while (i < total && start + i * intervalMs <= now) {
        inflight.push(send(start + i * intervalMs));
        i += 1;
      }
      if (i >= total) {
        resolve();
        return;
      }
      const wait = Math.max(0, start + i * intervalMs - performance.now());
      setTimeout(tick, wait > 1 ? wait - 0.5 : 0);
    };
    tick();
  });
  const sendingS = (performance.now() - start) / 1000;
  await Promise.all(inflight);
  agent.destroy();
  return {
    name: options.name,
    ratePerS: options.ratePerS,
    durationS: options.durationS,
    sent,
    ok,
    non2xx,
    errors,
    achievedRatePerS: Math.round((sent / Math.max(sendingS, 1e-9)) * 10) / 10,
    maxInFlight,
    statusCounts,
    ...summarize(latencies),
    byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, summarize(v)])),
  };
}
