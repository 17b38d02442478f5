import * as http from 'node:http';

/** A small fetch-based client for the service processes: every call is bounded in time and never throws on 4xx/5xx. */

type Json = Record<string, unknown>;

export interface ApiResponse {
  status: number;
  headers: Headers;
  contentType: string;
  /** Parsed JSON when the answer is JSON, else undefined. Loosely typed, like supertest's body in the other tests. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export class Api {
  constructor(
    readonly baseUrl: string,
    private readonly key?: string,
  ) {}

  withKey(key: string): Api {
    return new Api(this.baseUrl, key);
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (this.key) {
      headers.authorization = `Bearer ${this.key}`;
    }
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    let body: unknown;
    if (/json/.test(contentType) && text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    return { status: res.status, headers: res.headers, contentType, body, text };
  }

  get(path: string, options: CallOptions = {}): Promise<ApiResponse> {
    return this.call('GET', path, options);
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    return this.call('POST', path, { body, headers });
  }

  put(path: string, body: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    return this.call('PUT', path, { body, headers });
  }

  /** POST /v1/api-keys with an ADMIN key; returns the new key. */
  async createKey(name: string, roles: string[]): Promise<string> {
    const res = await this.post('/v1/api-keys', { name, roles });
    if (res.status !== 201) {
      throw new Error(`creating key ${name} failed: ${res.status} ${res.text}`);
    }
    return (res.body as { key: string }).key;
  }

  act(id: string, action: string, body: Json, etag: string): Promise<ApiResponse> {
    return this.post(`/v1/cases/${id}/actions/${action}`, body, { 'if-match': etag });
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface RawResult {
  status: number;
  body: string;
  /** When the whole request had been written to the socket. */
  sentAt: number;
  /** When the whole response had arrived. */
  finishedAt: number;
}

/**
 * One request through node:http on `agent`, as a keep-alive client (a load balancer, say) sends it. `sent` resolves
 * when the request is fully written; the result when the response has been read, or rejects on a reset/refused
 * connection. Bounded by timeoutMs.
 */
export function rawRequest(
  agent: http.Agent,
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number },
): { sent: Promise<void>; result: Promise<RawResult> } {
  let markSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  let sentAt = 0;
  const result = new Promise<RawResult>((resolve, reject) => {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const req = http.request(
      url,
      {
        method: options.method,
        agent,
        headers: {
          ...(options.headers ?? {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            sentAt,
            finishedAt: Date.now(),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    req.on('finish', () => {
      sentAt = Date.now();
      markSent();
    });
    req.end(payload);
  });
  result.catch(() => markSent());
  return { sent, result };
}
