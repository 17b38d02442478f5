import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/errors/validation';
import { clientErrorHandler, frameworkErrorHandler, MinimalReply } from './common/http/client-errors';
import { rejectDeepJson } from './common/http/json-body';
import { NulCharacterPipe } from './common/validation/nul-character.pipe';
import { Env } from './config/env';
import { PersonalDataKeyRing } from './personal-data/personal-data-keys';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

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
  options: { personalDataKeys?: PersonalDataKeyRing } = {},
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
    trustProxy: false,
    // Bad URLs and requests Node's parser refuses get problem+json too (src/common/http/client-errors.ts).
    frameworkErrors: (error: { code: string }, request: { id: unknown }, reply: unknown) =>
      frameworkErrorHandler(error, request, reply as MinimalReply),
    clientErrorHandler,
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
  const routes: RegisteredRoute[] = [];
  adapter.getInstance().addHook('onRoute', (route) => {
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

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ env, databaseUrl, ...options }),
    adapter,
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  app.useLogger(app.get(Logger));
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

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Administrative reconsideration case service (行政复议案件管理)')
    .setDescription(
      'Case management for a reconsideration office: registration, the legal procedure, deadlines and statistics. ' +
        'Every error is RFC 9457 application/problem+json with a stable `code`; zh-CN labels for all codes are served by ' +
        'GET /v1/code-lists.',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description:
          "API key (Authorization: Bearer rcs_…), or an officer's OIDC access token (JWT) when sign-on is configured",
      },
      'apiKey',
    )
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
}
