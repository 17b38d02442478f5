import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorCode } from '../errors/error-codes';
import { ProblemDocument, toProblemDocument } from '../errors/problem.exception';
import { replayRawUtf8Request, wasHandedOver } from './raw-utf8-url';

/**
 * The requests that never reach a route: a URL Fastify cannot decode, a path segment over maxParamLength, and
 * requests Node's HTTP parser rejects before Fastify sees them (headers over --max-http-header-size, a malformed
 * Content-Length, broken framing, a request that did not arrive in time). Fastify answers these with its own JSON
 * (`{"error":…,"statusCode":…}`) by default; here they get the same problem+json, with a stable code, as every other
 * error (DESIGN §4). One of them is not an error for this service: a request line with raw UTF-8 in it (curl's
 * `?applicantName=张`) is decoded and served (src/common/http/raw-utf8-url.ts).
 */

/** The part of Fastify's reply used here (structural: @nestjs/platform-fastify may carry its own Fastify copy). */
export interface MinimalReply {
  status(code: number): MinimalReply;
  header(name: string, value: string): MinimalReply;
  send(payload: unknown): unknown;
}

/** Fastify's `frameworkErrors` option: bad percent-encoding and over-long path parameters. */
export function frameworkErrorHandler(error: { code: string }, request: { id: unknown }, reply: MinimalReply): void {
  const [code, detail]: [ErrorCode, string] =
    error.code === 'FST_ERR_BAD_URL'
      ? ['MALFORMED_URL', 'The URL is not valid: a percent-encoded sequence is not UTF-8.']
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? ['URI_TOO_LONG', 'A path segment of the URL is longer than any identifier of this API.']
        : ['MALFORMED_REQUEST', 'The request could not be routed.'];
  const problem: ProblemDocument = { ...toProblemDocument(code, detail), requestId: String(request.id) };
  void reply
    .status(problem.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('x-request-id', String(request.id))
    .send(problem);
}

/** What Node's parser error means for the client; `rawPacket` tells an over-long request line from big headers. */
function classify(error: NodeJS.ErrnoException & { rawPacket?: Buffer }): [ErrorCode, string] {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return ['REQUEST_TIMEOUT', 'The request was not received completely in time.'];
    case 'HPE_INVALID_URL':
      return [
        'MALFORMED_URL',
        'The URL contains a character that is not allowed (a control character, or non-ASCII bytes that are not ' +
          'UTF-8): percent-encode it as UTF-8.',
      ];
    case 'HPE_HEADER_OVERFLOW': {
      // Node counts the request line in the header limit (--max-http-header-size): when the packet starts with the
      // request line and that line alone takes most of the limit, the URL is what is too long.
      const packet = error.rawPacket;
      const lineEnd = packet ? packet.indexOf('\r\n') : -1;
      const startsWithRequestLine =
        packet !== undefined && /^[A-Z]+ \S/.test(packet.subarray(0, 16).toString('latin1'));
      if (startsWithRequestLine && (lineEnd === -1 || lineEnd > maxHeaderSize / 2)) {
        return ['URI_TOO_LONG', 'The request URL is longer than the server accepts.'];
      }
      return ['HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts.'];
    }
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return ['MALFORMED_REQUEST', 'The Content-Length header is not valid (or conflicts with Transfer-Encoding).'];
    default:
      return ['MALFORMED_REQUEST', 'The HTTP request is malformed.'];
  }
}

/** The raw bytes of a minimal problem+json answer: the socket has no request or reply object to send through. */
export function rawProblemResponse(code: ErrorCode, detail: string, requestId: string = randomUUID()): string {
  const problem: ProblemDocument = { ...toProblemDocument(code, detail), requestId };
  const body = JSON.stringify(problem);
  return (
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Error'}\r\n` +
    'Content-Type: application/problem+json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${requestId}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

/**
 * Fastify's `clientErrorHandler` option (Node's `clientError` event). The connection cannot be trusted after a parse
 * error, so the answer is written as is and the socket closed, like Node's and Fastify's own handlers do. The one
 * exception is a raw UTF-8 request line, which is served: `server` is the HTTP server it is handed back to.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket, server?: Server): void {
  // A reset connection has nobody to answer; a socket handed over to a replayed connection is that connection's.
  if (error.code === 'ECONNRESET' || socket.destroyed || wasHandedOver(socket)) {
    return;
  }
  const replayed = replayRawUtf8Request(error, socket, server);
  if (replayed === 'rewritten') {
    return;
  }
  const [code, detail]: [ErrorCode, string] =
    replayed === 'not-utf8'
      ? ['MALFORMED_URL', 'The URL contains non-ASCII bytes that are not UTF-8: percent-encode the text as UTF-8.']
      : classify(error);
  if (socket.writable) {
    socket.end(rawProblemResponse(code, detail));
  }
  socket.destroySoon();
}
