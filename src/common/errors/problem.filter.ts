import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify';
import { isConnectionError, isDatabaseBusy } from '../../database/postgres-errors';
import { ErrorCode } from './error-codes';
import { ProblemDocument, ProblemException, toProblemDocument } from './problem.exception';

/**
 * Turns every error into an RFC 9457 problem document. Order of trust:
 * 1. ProblemException: thrown on purpose by our code, carries its own code.
 * 2. Nest HttpExceptions: unknown routes, terminus' 503, and Fastify's own errors (body parsing, size,
 *    content type), which Nest wraps as HttpExceptions before they reach this filter.
 * 3. Anything else is a bug: 500 with no internals in the body; the real error goes to the log only.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    sendProblem(exception, ctx.getRequest<FastifyRequest>(), ctx.getResponse<FastifyReply>());
  }
}

const logger = new Logger('Problem');

/**
 * Renders any error as the problem document and sends it. The ProblemFilter uses it for everything inside Nest's
 * pipeline; the authentication hook (src/auth/request-authenticator.ts) for refusals it answers in Fastify's
 * onRequest, before Nest (and the body parser) ever sees the request: one rendering for both.
 */
export function sendProblem(exception: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(exception, request);
  problem.requestId = String(request.id);
  problem.instance = request.url.split('?')[0];
  if (problem.status >= 500 && problem.code === 'INTERNAL_ERROR') {
    logger.error({ err: exception, requestId: request.id }, 'unhandled error');
  }
  // Every 503 is temporary and says when to retry; an exception that names its own delay (the identity provider's
  // 10 s) keeps it.
  const headers: Record<string, string> = {
    ...(problem.status === 503 ? { 'retry-after': '5' } : {}),
    ...(exception instanceof ProblemException ? (exception.options.headers ?? {}) : {}),
  };
  if (Object.keys(headers).length > 0) {
    void reply.headers(headers);
  }
  return reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

function toProblem(exception: unknown, request: FastifyRequest): ProblemDocument {
  if (exception instanceof ProblemException) {
    return toProblemDocument(exception.code, exception.detail, {
      ...(exception.options.extensions ?? {}),
      ...(exception.options.errors ? { errors: exception.options.errors } : {}),
    });
  }
  if (exception instanceof HttpException) {
    return fromHttpException(exception, request);
  }
  // The database is down or restarting: a temporary condition the client can retry, not a bug (no 500).
  if (isConnectionError(exception)) {
    return toProblemDocument('NOT_READY', 'The database is unavailable at the moment; retry shortly.');
  }
  // A lock wait or a statement outlived the session's lock_timeout / statement_timeout (DB_LOCK_TIMEOUT_MS,
  // DB_STATEMENT_TIMEOUT_MS): someone else holds the case, or the database is overloaded. Nothing was changed.
  if (isDatabaseBusy(exception)) {
    return toProblemDocument(
      'DATABASE_BUSY',
      'The database did not get to this request in time (a record is locked by another change, or the database is overloaded); nothing was changed, retry shortly.',
    );
  }
  return toProblemDocument('INTERNAL_ERROR', 'An unexpected error occurred. Quote the requestId when reporting it.');
}

/**
 * Nest wraps Fastify's body-parsing errors in a plain HttpException(message, status). Fastify's messages are
 * constants, so the malformed-JSON cases are recognised by them (taken from Fastify itself, not retyped here).
 */
const MALFORMED_JSON_MESSAGES = new Set([
  new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY().message,
  new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY().message,
]);

/** Fastify's other request errors (by message, as above) with their own stable code. */
const MALFORMED_REQUEST_MESSAGES = new Set([new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH().message]);

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'ROUTE_NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  428: 'IF_MATCH_REQUIRED',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  503: 'NOT_READY',
};

function fromHttpException(exception: HttpException, request: FastifyRequest): ProblemDocument {
  const status = exception.getStatus();
  // Any other 4xx is still the client's: a 400 with Fastify's (constant) message, never a 500.
  const code = STATUS_TO_CODE[status] ?? (status >= 400 && status < 500 ? 'BAD_REQUEST' : undefined);
  if (!code) {
    return toProblemDocument('INTERNAL_ERROR', 'An unexpected error occurred. Quote the requestId when reporting it.');
  }
  if (code === 'ROUTE_NOT_FOUND') {
    return toProblemDocument(code, `No route ${request.method} ${request.url.split('?')[0]}.`);
  }
  if (code === 'BAD_REQUEST' && MALFORMED_JSON_MESSAGES.has(exception.message)) {
    return toProblemDocument('MALFORMED_JSON', `The request body could not be parsed: ${exception.message}.`);
  }
  if (code === 'BAD_REQUEST' && MALFORMED_REQUEST_MESSAGES.has(exception.message)) {
    return toProblemDocument('MALFORMED_REQUEST', `${exception.message}.`);
  }
  if (code === 'PAYLOAD_TOO_LARGE') {
    // The ledger upload has its own limit (issue 12); the filter knows the route only by its multipart body.
    const multipart = String(request.headers['content-type'] ?? '').startsWith('multipart/form-data');
    return toProblemDocument(
      code,
      multipart
        ? 'The uploaded file exceeds the configured limit (IMPORT_MAX_BYTES).'
        : 'The request body exceeds the configured limit (BODY_LIMIT_BYTES).',
    );
  }
  if (code === 'UNSUPPORTED_MEDIA_TYPE') {
    return toProblemDocument(code, 'Send the request body as application/json.');
  }
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? String(response.message)
      : exception.message;
  return toProblemDocument(code, message);
}
