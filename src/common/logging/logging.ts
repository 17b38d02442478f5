import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { DestinationStream, Logger as PinoLogger, LoggerOptions } from 'pino';

/**
 * JSON logs that never carry a credential or personal data (PIPL 51: technical measures against leaks; issue 13 §5):
 * - request logs keep method, path and the request id; query strings are dropped because search filters can hold
 *   names or ID numbers; bodies are never logged;
 * - errors go through `safeError`: a database error is logged by SQLSTATE, constraint, table and column only;
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

/** SQLSTATE: five digits or upper-case letters (PostgreSQL Appendix A). */
const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The fields of a PostgreSQL error that name schema objects, never values. Deliberately absent: `detail` (PostgreSQL
 * echoes the row or key there: "Key (x)=(…)", "Failing row contains (…)"), `where`, `hint`, `internalQuery`, the
 * message (22P02 quotes the rejected input), and TypeORM's `query` and `parameters`.
 */
const DATABASE_NAME_FIELDS = ['code', 'constraint', 'table', 'column', 'schema', 'dataType'] as const;

/** Resident ID numbers (GB 11643, 18 characters) and mainland mobile numbers, wherever they appear in free text. */
const ID_OR_PHONE = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])/g;

const MAX_CAUSE_DEPTH = 5;

/** Masks ID-number- and phone-shaped runs in a message or stack that is logged as free text. */
export function scrubText(text: string): string {
  return text.replace(ID_OR_PHONE, '[redacted]');
}

function isDatabaseError(e: Record<string, unknown>, type: string): boolean {
  if (e.driverError !== undefined || type === 'QueryFailedError') {
    return true;
  }
  // pg's DatabaseError (also after pino's std serializer has turned it into a plain object with `type`).
  return (
    typeof e.code === 'string' &&
    SQLSTATE.test(e.code) &&
    ('severity' in e || 'routine' in e || type === 'DatabaseError')
  );
}

/** The stack's frames without its first line, which repeats the message. */
function framesOnly(stack: unknown): string | undefined {
  if (typeof stack !== 'string') {
    return undefined;
  }
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/**
 * The one `err` serializer (used for every logger: the HTTP logger, Nest's logger through nestjs-pino, and main.ts).
 * Builds a fresh object from an allow-list instead of copying the error's own properties, so that whatever a library
 * attaches to its errors (TypeORM's `query` and `parameters`, pg's `detail`) never reaches a log line. Handles the raw
 * error and the plain object that pino-http's std serializer makes of it first, and follows `cause`, `driverError` and
 * AggregateError's `errors`.
 */
export function safeError(value: unknown, depth = 0): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return { type: typeof value, message: scrubText(String(value)) };
  }
  const e = value as Record<string, unknown>;
  const type =
    typeof e.type === 'string'
      ? e.type
      : typeof e.name === 'string' && e.name !== 'Error'
        ? e.name
        : ((Object.getPrototypeOf(e) as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'Error');
  const out: Record<string, unknown> = { type };
  if (isDatabaseError(e, type)) {
    const driver = (typeof e.driverError === 'object' && e.driverError !== null ? e.driverError : {}) as Record<
      string,
      unknown
    >;
    const names: Partial<Record<(typeof DATABASE_NAME_FIELDS)[number], string>> = {};
    for (const field of DATABASE_NAME_FIELDS) {
      const v = driver[field] ?? e[field];
      if (typeof v === 'string' && v !== '') {
        names[field] = v;
      }
    }
    Object.assign(out, names);
    out.message = `database error ${names.code ?? 'without SQLSTATE'}${names.constraint ? ` (${names.constraint})` : ''}`;
    out.stack = framesOnly(e.stack);
  } else {
    out.message = scrubText(typeof e.message === 'string' ? e.message : '');
    if (typeof e.code === 'string' || typeof e.code === 'number') {
      out.code = scrubText(String(e.code));
    }
    if (typeof e.stack === 'string') {
      out.stack = `${type}: ${String(out.message)}\n${framesOnly(e.stack) ?? ''}`;
    }
  }
  if (depth < MAX_CAUSE_DEPTH) {
    if (e.cause !== undefined) {
      out.cause = safeError(e.cause, depth + 1);
    }
    if (Array.isArray(e.errors)) {
      out.errors = e.errors.slice(0, 10).map((inner) => safeError(inner, depth + 1));
    }
  }
  return out;
}

export function pinoOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'reconsideration' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // `err` is where pino, pino-http and nestjs-pino put errors; `error` and `cause` catch code that names them so.
    serializers: { err: safeError, error: safeError, cause: safeError },
  };
}

const destinations = new Map<string, DestinationStream>();

/**
 * Where log lines go: LOG_FILE (appended, written synchronously so that a reader sees every line once the call that
 * logged it returned, e.g. a test after the app closed), else stdout. One stream per file and process: several apps
 * in one process (the tests) share it instead of each opening the file.
 */
export function logDestination(file: string | undefined): DestinationStream | undefined {
  if (!file) {
    return undefined;
  }
  let destination = destinations.get(file);
  if (!destination) {
    destination = pino.destination({ dest: file, append: true, sync: true, mkdir: true });
    destinations.set(file, destination);
  }
  return destination;
}

export function createLogger(level: string, file?: string): PinoLogger {
  const destination = logDestination(file);
  return destination ? pino(pinoOptions(level), destination) : pino(pinoOptions(level));
}

export function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

export function httpLoggerParams(level: string, file?: string): Params {
  const options = {
    ...pinoOptions(level),
    // Fastify has already chosen the id (X-Request-Id or a UUID) and stored it on the raw request.
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
    customProps: () => ({}),
    serializers: {
      ...pinoOptions(level).serializers,
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
  } as const;
  const destination = logDestination(file);
  return {
    // Named wildcard: Nest 11's path-to-regexp v8 rejects the bare '*' that nestjs-pino would use by default.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: destination ? [options, destination] : options,
  };
}
