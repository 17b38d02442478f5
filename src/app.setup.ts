import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from 'nestjs-pino';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { AppModule } from './app.module';
import { RequestAuthenticator } from './auth/request-authenticator';
import { createValidationPipe } from './common/errors/validation';
import { completeOpenApiDocument, WebhookDefinition } from './common/http/openapi-document';
import { registerSecurityHeaders } from './common/http/security-headers';
import { clientErrorHandler, frameworkErrorHandler, MinimalReply } from './common/http/client-errors';
import { rejectDeepJson } from './common/http/json-body';
import { NulCharacterPipe } from './common/validation/nul-character.pipe';
import { Env } from './config/env';
import { CloudEventView } from './events/cloud-event.view';
import { parseTrustProxy } from './config/trust-proxy';
import { LivenessCheck } from './health/liveness';
import { MetricsService } from './observability/metrics.service';
import { registerHttpTracing } from './observability/tracing';
import { PersonalDataKeyRing } from './personal-data/personal-data-keys';
import { IMPORT_UPLOAD_ROUTE } from './imports/multipart';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** The routes SwaggerModule registers: /docs, /docs/…, /docs-json, /docs-yaml. */
const DOCS_ROUTE = /^\/docs(?:$|[/-])/;

/** How often Node looks for requests past their timeout: a quarter of it, between 250 ms and Node's 30 s. */
function checkingIntervalFor(requestTimeoutMs: number): number {
  return requestTimeoutMs > 0 ? Math.min(30_000, Math.max(250, Math.floor(requestTimeoutMs / 4))) : 30_000;
}

/** A route as Fastify registered it; test/auth/route-guard.e2e-spec.ts walks this list. */
export interface RegisteredRoute {
  method: string;
  url: string;
}

export interface CreatedApp {
  app: NestFastifyApplication;
  routes: RegisteredRoute[];
}

/**
 * Builds the application exactly as it runs, for main.ts, the tests and the OpenAPI export alike: one place for the
 * adapter options, prefix, pipes, filters and docs, so that tests exercise what production serves.
 */
export async function createApp(
  env: Env,
  databaseUrl: string,
  options: { personalDataKeys?: PersonalDataKeyRing; liveness?: LivenessCheck } = {},
): Promise<CreatedApp> {
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    // Take a well-formed X-Request-Id from the caller (or a gateway), else make one; keep it on the raw request too
    // so that the HTTP logger (which sees the raw request) logs the same id.
    genReqId: (req: IncomingMessage) => {
      const header = req.headers['x-request-id'];
      const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
      (req as IncomingMessage & { id?: string }).id = id;
      return id;
    },
    // Behind a reverse proxy, request.ip (rate limits, logs) must be the client's address, not the proxy's; and only
    // the configured proxies' X-Forwarded-For is believed, or any client could claim any address.
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    // Issue 14 point 3. requestTimeout bounds the time to receive a whole request, so that a body trickled in
    // slowly is cut (Node answers 408 and closes the connection); connectionTimeout closes a silent socket;
    // keepAliveTimeout is how long an idle keep-alive connection waits for the next request.
    requestTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeout: env.HTTP_CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    http: {
      // Node checks request timeouts only this often (30 s by default): check often enough for the configured
      // timeout to hold to within a quarter of it.
      connectionsCheckingInterval: checkingIntervalFor(env.HTTP_REQUEST_TIMEOUT_MS),
      // Headers are part of the request: they cannot take longer than the whole of it.
      ...(env.HTTP_REQUEST_TIMEOUT_MS > 0 ? { headersTimeout: Math.min(60_000, env.HTTP_REQUEST_TIMEOUT_MS) } : {}),
    },
    // Bad URLs and requests Node's parser refuses get problem+json too (src/common/http/client-errors.ts).
    frameworkErrors: (error: { code: string }, request: { id: unknown }, reply: unknown) =>
      frameworkErrorHandler(error, request, reply as MinimalReply),
    // A request line with raw UTF-8 (curl's `?applicantName=张`) is decoded and handed back to this server.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) =>
      clientErrorHandler(error, socket, adapter.getInstance().server),
  });
  // The API speaks JSON only: without this, Fastify's built-in text/plain parser would hand a string to the
  // validation pipe (a confusing 400) instead of answering 415. Nest's own parsers are off (bodyParser: false below):
  // its form parser is not wanted either, and its JSON parser has no depth limit.
  const fastify = adapter.getInstance();
  fastify.removeContentTypeParser(['text/plain', 'application/json']);
  const defaultJsonParser = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: env.BODY_LIMIT_BYTES },
    (req, body, done) => {
      const text = String(body);
      try {
        // Before JSON.parse: a deeply nested body is refused by one scan, and nothing recursive ever walks it.
        rejectDeepJson(text, env.JSON_MAX_DEPTH);
      } catch (error) {
        done(error as Error, undefined);
        return;
      }
      void defaultJsonParser(req, text, done);
    },
  );
  // Ledger uploads (issue 12) are the one multipart body: buffered up to IMPORT_MAX_BYTES for POST /v1/imports only
  // (src/imports/multipart.ts splits it); any other route answers 415 as for every non-JSON body.
  fastify.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: env.IMPORT_MAX_BYTES },
    (req, body, done) => {
      if (req.routeOptions.url !== IMPORT_UPLOAD_ROUTE) {
        done(new UnsupportedMediaTypeException(), undefined);
        return;
      }
      done(null, body);
    },
  );
  const routes: RegisteredRoute[] = [];
  adapter.getInstance().addHook('onRoute', (route) => {
    // Swagger UI and the OpenAPI JSON are registered by SwaggerModule, outside Nest's decorators: they are public
    // like the probes (DOCS_ENABLED decides whether they exist at all).
    if (DOCS_ROUTE.test(route.url)) {
      route.config = { ...route.config, public: true };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== 'HEAD') {
        routes.push({ method, url: route.url });
      }
    }
  });
  // Graceful shutdown: once closing starts, answers tell keep-alive clients to hang up, so that app.close() is not
  // held open by an idle connection until the keep-alive timeout (in-flight requests still complete).
  let closing = false;
  adapter.getInstance().addHook('preClose', async () => {
    closing = true;
  });
  adapter.getInstance().addHook('onSend', async (request, reply) => {
    if (closing) {
      void reply.header('connection', 'close');
    }
    void reply.header('x-request-id', request.id);
  });
  // Request durations by route pattern (never the raw URL: no ids, no query) and status; the service exists only
  // once Nest has built the module, hence the late binding. Off (no hook at all) when METRICS_PORT=0.
  const late: { metrics?: MetricsService } = {};
  if (env.METRICS_PORT > 0) {
    adapter.getInstance().addHook('onResponse', (request, reply, done) => {
      late.metrics?.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
      done();
    });
  }
  registerHttpTracing(adapter.getInstance());

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ env, databaseUrl, ...options }),
    adapter,
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  await registerSecurityHeaders(app, { hstsMaxAgeSeconds: env.HSTS_MAX_AGE_SECONDS });
  // Helmet's hooks come first, so that a refusal by the authentication hook below still carries its headers.
  // Authentication and the rate limit, before the body is read (issue 14 point 2). Added here, after the modules
  // exist and before app.init() registers the routes, so that it applies to every route.
  // (The casts bridge two copies of Fastify's types: the adapter's nested fastify and the top-level one.)
  const authenticator = app.get(RequestAuthenticator);
  adapter
    .getInstance()
    .addHook('onRequest', (request, reply) =>
      authenticator.onRequest(request as unknown as FastifyRequest, reply as unknown as FastifyReply),
    );
  app.useLogger(app.get(Logger));
  late.metrics = app.get(MetricsService);
  // Nest buffers its logs until listen(); the tests (supertest) and the CLI tools never listen, and would otherwise
  // lose every Nest log line, the ProblemFilter's included. The pino logger is in place now: flush and stop buffering.
  app.flushLogs();
  configureApp(app);
  if (env.DOCS_ENABLED) {
    SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
      jsonDocumentUrl: 'docs-json',
      useGlobalPrefix: false,
    });
  }
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, routes };
}

export function configureApp(app: NestFastifyApplication): void {
  app.setGlobalPrefix('v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(new NulCharacterPipe(), createValidationPipe());
}

/**
 * The calls the service makes to receivers, documented as OpenAPI `webhooks` (issue 15 §6). Add an entry per kind of
 * delivery; its payload class goes to `OPENAPI_EXTRA_MODELS`.
 */
export const OPENAPI_WEBHOOKS: readonly WebhookDefinition[] = [
  {
    name: 'caseEvent',
    tag: 'webhooks',
    operationId: 'receiveCaseEvent',
    summary: 'An event of a case, delivered to a subscribed receiver (signed per Standard Webhooks)',
    description:
      'The service POSTs each event a subscription asks for (POST /v1/webhooks: event types and organ) to its URL, ' +
      'as CloudEvents 1.0 in JSON structured mode: the same event as on the feed (GET /v1/events), personal values ' +
      'masked, never a secret. Deliveries are at least once and in order per case: deduplicate on the event’s ' +
      '`id`, order on `sequence`. Verify `webhook-signature` before trusting the body, and refuse a ' +
      '`webhook-timestamp` far from your clock (a replay).',
    contentType: 'application/cloudevents+json',
    schema: 'CloudEventView',
    headers: [
      {
        name: 'webhook-id',
        description:
          'The message id (Standard Webhooks): the same on every retry of this event, so a receiver deduplicates on it.',
        example: 'b7e0c1a2-3d4e-4f50-8a61-72839405a6b7',
      },
      {
        name: 'webhook-timestamp',
        description: 'When this attempt was signed, in integer seconds since the Unix epoch.',
        pattern: '^[0-9]+$',
        example: '1767225600',
      },
      {
        name: 'webhook-signature',
        description:
          'Space-separated signatures `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<raw body>` with ' +
          'the subscription’s secret (shown once when it is created or rotated); while a rotation is under way, one ' +
          'per valid secret. A receiver accepts the delivery when any of them matches.',
        pattern: '^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$',
        example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
      },
    ],
    responses: {
      '2XX': 'Received: any 2xx acknowledges the delivery.',
      default:
        'Anything else, or no answer in time, is retried with exponential backoff and jitter for a bounded period, ' +
        'then dead-lettered (the attempts are listed by GET /v1/webhooks/{id}/deliveries).',
    },
  },
];

/** Classes that no route names but the document must define (webhook payloads). */
const OPENAPI_EXTRA_MODELS: Function[] = [CloudEventView];

const OPENAPI_TAGS: Record<string, string> = {
  cases: 'Applications and their procedure: registration, actions, history, personal data',
  deadlines: 'The legal clocks of a case and the queue of what falls due',
  calendar: 'The working-day calendar the clocks count on',
  statistics: 'Tallies, reports and exports by the acts’ legal dates',
  organs: 'Reconsideration organs and their case-number templates',
  'code-lists': 'Every code the API uses, with zh-CN labels',
  'api-keys': 'API keys (ADMIN)',
  audit: 'The personal-data access audit (AUDITOR)',
  health: 'Probes for orchestrators (no key, not rate-limited)',
  events: 'The feed of events (CloudEvents 1.0) in commit order, with a resumable cursor',
  webhooks: 'Calls the service makes to the receivers subscribed with POST /v1/webhooks',
};

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Administrative reconsideration case service (行政复议案件管理)')
    .setDescription(
      'Case management for a reconsideration office: registration, the legal procedure, deadlines and statistics. ' +
        'Every error is RFC 9457 application/problem+json with a stable `code`; zh-CN labels for all codes are served by ' +
        'GET /v1/code-lists. Every response carries X-Request-Id; every counted request the RateLimit fields.',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'rcs_… API key (opaque) or OIDC access token (JWT)',
        description:
          '`Authorization: Bearer <credential>`, where the credential is either an API key — an opaque string that ' +
          'starts with `rcs_`, created by an ADMIN with POST /v1/api-keys (not a JWT: nothing in it can be decoded) — ' +
          'or, when sign-on is configured (OIDC_ISSUER), an officer’s OIDC access token, a JWT signed by the identity ' +
          'provider and verified against its published keys.',
      },
      'apiKey',
    );
  for (const [name, description] of Object.entries(OPENAPI_TAGS)) {
    builder.addTag(name, description);
  }
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
    extraModels: OPENAPI_EXTRA_MODELS,
  });
  return completeOpenApiDocument(document, {
    // Relative first: the document describes whichever host serves it (Swagger UI at /docs calls that host).
    servers: [
      { url: '/', description: 'The host that serves this document' },
      {
        url: '{scheme}://{host}:{port}',
        description: 'An instance reached directly: npm start listens on PORT (3000 by default), plain HTTP',
        variables: {
          scheme: { enum: ['http', 'https'], default: 'http' },
          host: { default: 'localhost', description: 'Host name or address of the instance' },
          port: { default: '3000', description: 'PORT of the instance' },
        },
      },
    ],
    license: { name: 'UNLICENSED: private, no licence granted (package.json)' },
    webhooks: OPENAPI_WEBHOOKS,
  });
}
