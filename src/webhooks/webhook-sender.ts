import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, hostOf, isRefusedAddress } from './webhook-target';

export interface SendResult {
  /** The receiver's HTTP status, or null when none came (refused, timeout, connection error). */
  statusCode: number | null;
  latencyMs: number;
  /** Why it failed, short and free of the body (which may echo personal data); null on 2xx. */
  error: string | null;
}

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}

/**
 * One HTTP POST of one delivery. Redirects are not followed (a 3xx is a failure: a redirect could lead anywhere,
 * past the target rule); the response body is read and thrown away (only the status counts: 2xx is delivered); the
 * whole exchange is bounded by `timeoutMs`. The socket resolves the host through guardedLookup, so the address rule
 * holds at connection time too; a host that is an address literal is checked before connecting.
 */
export function sendWebhook(request: SendRequest): Promise<SendResult> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ statusCode, latencyMs: elapsed(), error });
      }
    };
    const url = new URL(request.url);
    // A host given as an address is connected to without a DNS lookup, so guardedLookup never sees it: the rule is
    // applied here (a subscription's URL was checked at creation, but WEBHOOK_ALLOW_PRIVATE may have changed since).
    const host = hostOf(url);
    if (!request.allowPrivate && isIP(host) !== 0 && isRefusedAddress(host)) {
      resolve({ statusCode: null, latencyMs: 0, error: 'WEBHOOK_TARGET_REFUSED' });
      return;
    }
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: guardedLookup(request.allowPrivate),
        agent: false,
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('error', () => finish(res.statusCode ?? null, 'response aborted'));
        res.on('end', () => {
          const code = res.statusCode ?? null;
          finish(code, code !== null && code >= 200 && code < 300 ? null : `HTTP ${code ?? '?'}`);
        });
      },
    );
    const timer = setTimeout(() => {
      finish(null, `timeout after ${request.timeoutMs} ms`);
      req.destroy();
    }, request.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      finish(null, (error.code ?? error.message).slice(0, 200));
    });
    req.end(request.body);
  });
}
