import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { Logger as PinoLogger, LoggerOptions } from 'pino';

/**
 * JSON logs that never carry a credential or a personal identity number:
 * - request logs keep method, path and the request id; query strings are dropped because search filters can hold
 *   names or ID numbers;
 * - `redact` removes the Authorization header and any field named like an identity number, as a second line of defence
 *   for objects logged by code.
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  '*.idNumber',
  '*.*.idNumber',
  '*.*.*.idNumber',
  'idNumber',
  '*.key',
  'key',
  '*.password',
  'password',
];

export function pinoOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'reconsideration' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

export function createLogger(level: string): PinoLogger {
  return pino(pinoOptions(level));
}

export function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

export function httpLoggerParams(level: string): Params {
  return {
    // Named wildcard: Nest 11's path-to-regexp v8 rejects the bare '*' that nestjs-pino would use by default.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      ...pinoOptions(level),
      // Fastify has already chosen the id (X-Request-Id or a UUID) and stored it on the raw request.
      genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
      customProps: () => ({}),
      serializers: {
        req: (req: { id?: string; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          path: pathOnly(req.url),
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      quietReqLogger: true,
    },
  };
}
