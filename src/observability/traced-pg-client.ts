import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { Client } from 'pg';
import { errorType, tracer, tracingEnabled } from './tracing';

/** SELECT, INSERT … and the first table named: the span's name, without any value of the statement. */
function summarize(text: string): { operation: string; table?: string } {
  const operation = /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
  const table = /\b(?:FROM|INTO|UPDATE|JOIN)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/i.exec(text)?.[1];
  return table ? { operation, table } : { operation };
}

/**
 * pg's Client with a CLIENT span around each query, given to the pool as its `Client` (data-source.ts) when tracing
 * is on; no require hook needed, so it works the same under Jest. The span names the operation and table only: SQL
 * text or parameters could carry personal data (PIPL 51), and the parameterized text adds little over the route.
 */
export class TracedPgClient extends Client {
  // pg's query() has a dozen overloads (text, config, Submittable; promise or callback); all go through here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the overloads cannot be re-declared one by one
  override query(...args: any[]): any {
    if (!tracingEnabled()) {
      return (super.query as (...a: unknown[]) => unknown)(...(args as unknown[]));
    }
    const first: unknown = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: unknown } | null)?.text ?? '');
    const { operation, table } = summarize(typeof text === 'string' ? text : '');
    const span = tracer().startSpan(table ? `${operation} ${table}` : operation, {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'postgresql',
        'db.operation.name': operation,
        ...(table ? { 'db.collection.name': table } : {}),
        ...(this.database ? { 'db.namespace': this.database } : {}),
      },
    });
    let ended = false;
    const end = (error?: unknown) => {
      if (ended) {
        return;
      }
      ended = true;
      if (error) {
        span.setAttribute('error.type', errorType(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    };
    const last: unknown = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
        end(error);
        return (last as (...a: unknown[]) => unknown)(error, ...rest);
      };
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...(args as unknown[]));
    if (typeof last === 'function') {
      return result;
    }
    if (result instanceof Promise) {
      result.then(
        () => end(),
        (error: unknown) => end(error),
      );
    } else if (result && typeof (result as { once?: unknown }).once === 'function') {
      // A Submittable (pg-query-stream: the CSV export): it ends with 'end' or 'error'.
      const emitter = result as { once(event: string, listener: (error?: unknown) => void): void };
      emitter.once('end', () => end());
      emitter.once('error', (error) => end(error));
      emitter.once('close', () => end());
    } else {
      end();
    }
    return result;
  }
}
