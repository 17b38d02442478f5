import {
  Attributes,
  context,
  Context,
  createContextKey,
  propagation,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemException } from '../common/errors/problem.exception';

/**
 * Manual OpenTelemetry spans for the three things worth tracing here: the HTTP request, the case action (one
 * transaction) and each PostgreSQL query (traced-pg-client.ts). Only @opentelemetry/api is needed at this level; the SDK
 * is loaded by tracing-sdk.ts when OTEL_TRACES_EXPORTER=otlp. With tracing off nothing is registered and each helper
 * is a plain call.
 * Spans carry no personal data: routes as patterns, no query strings, no SQL text or parameters, no client address,
 * error codes rather than messages.
 */
export const TRACER_NAME = 'reconsideration-case-service';

/** The request id (X-Request-Id, the same as in the logs and in problem bodies), carried to every span of a request. */
export const REQUEST_ID_ATTRIBUTE = 'request.id';
export const REQUEST_ID_CONTEXT_KEY = createContextKey('reconsideration.request-id');

let enabled = false;

export function tracingEnabled(): boolean {
  return enabled;
}

/** Called by tracing-sdk.ts once a tracer provider is registered (and with false when it shuts down). */
export function setTracingEnabled(on: boolean): void {
  enabled = on;
}

export function tracer() {
  return trace.getTracer(TRACER_NAME);
}

/** The error.type of a failed span: a problem's code, else the error's class (never its message). */
export function errorType(error: unknown): string {
  if (error instanceof ProblemException) {
    return error.code;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return code; // a PostgreSQL SQLSTATE
  }
  return error instanceof Error ? error.constructor.name : 'Error';
}

/** Runs `run` inside an active span (children nest under it); a plain call when tracing is off. */
export async function inSpan<T>(name: string, attributes: Attributes, run: () => Promise<T>): Promise<T> {
  if (!enabled) {
    return run();
  }
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await run();
    } catch (error) {
      span.setAttribute('error.type', errorType(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

interface RequestTrace {
  span: Span;
  context: Context;
}

/**
 * One SERVER span per request, from Fastify's hooks: started at onRequest (after routing, so it is named by the route
 * pattern), continued from an incoming W3C traceparent, made the active context again at preHandler (the body is
 * parsed on socket events, outside the request's async context) so that the handler's spans are its children, and
 * ended at onResponse (or when the client goes away).
 */
export function registerHttpTracing(fastify: FastifyInstance): void {
  if (!enabled) {
    return;
  }
  const traces = new WeakMap<FastifyRequest, RequestTrace>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer().startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          ...(route ? { 'http.route': route } : {}),
          'url.scheme': request.protocol,
          [REQUEST_ID_ATTRIBUTE]: request.id,
        },
      },
      parent,
    );
    const active = trace.setSpan(parent, span).setValue(REQUEST_ID_CONTEXT_KEY, request.id);
    traces.set(request, { span, context: active });
    context.with(active, done);
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const traced = traces.get(request);
    if (traced) {
      context.with(traced.context, done);
    } else {
      done();
    }
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const traced = traces.get(request);
    if (traced) {
      traces.delete(request);
      traced.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) {
        traced.span.setAttribute('error.type', String(reply.statusCode));
        traced.span.setStatus({ code: SpanStatusCode.ERROR });
      }
      traced.span.end();
    }
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    const traced = traces.get(request);
    if (traced) {
      traces.delete(request);
      traced.span.setAttribute('error.type', 'aborted');
      traced.span.end();
    }
    done();
  });
}
