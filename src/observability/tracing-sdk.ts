import { context, Context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
  Span,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { Env } from '../config/env';
import { REQUEST_ID_ATTRIBUTE, REQUEST_ID_CONTEXT_KEY, setTracingEnabled } from './tracing';

export interface Tracing {
  /** Exports the spans still buffered, then unregisters the provider. */
  shutdown(): Promise<void>;
}

/** Copies the request id from the context onto every span started in it: a query span names its request too. */
class RequestIdSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const id = parentContext.getValue(REQUEST_ID_CONTEXT_KEY);
    if (typeof id === 'string') {
      span.setAttribute(REQUEST_ID_ATTRIBUTE, id);
    }
  }
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Registers the OpenTelemetry tracer provider when OTEL_TRACES_EXPORTER=otlp (or when a test hands in an exporter);
 * otherwise does nothing and returns undefined. main.ts calls it before it builds the application, so that the pool's
 * traced client (data-source.ts) and the HTTP hooks (app.setup.ts) see tracing on.
 *
 * The OTLP/HTTP exporter (JSON over HTTP, port 4318) reads the standard OTEL_EXPORTER_OTLP_* variables itself;
 * OTEL_EXPORTER_OTLP_ENDPOINT from Env is passed on unless the traces-specific endpoint overrides it. Sampling follows
 * OTEL_TRACES_SAMPLER (default parentbased_always_on).
 */
export function startTracing(env: Env, options: { exporter?: SpanExporter } = {}): Tracing | undefined {
  if (!options.exporter && env.OTEL_TRACES_EXPORTER !== 'otlp') {
    return undefined;
  }
  const exporter =
    options.exporter ??
    new OTLPTraceExporter(
      env.OTEL_EXPORTER_OTLP_ENDPOINT && !process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
        ? { url: `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` }
        : {},
    );
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME }))
    // OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME as the specification reads them (the same name wins either way).
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [
      new RequestIdSpanProcessor(),
      // A test's in-memory exporter sees each span as it ends; production batches them off the request path.
      options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter),
    ],
  });
  provider.register();
  setTracingEnabled(true);
  return {
    async shutdown() {
      setTracingEnabled(false);
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
}
