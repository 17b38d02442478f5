import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/**
 * A request line with raw UTF-8 in it, as curl sends `curl "$API/v1/cases?applicantName=张"`: curl puts the three bytes
 * of 张 on the wire as they are. RFC 9112 §3.2 and RFC 3986 §2 allow only ASCII in a request target, and Node's HTTP
 * parser refuses such a request before Fastify sees it (HPE_INVALID_URL). nginx, Apache and the browsers' address bars
 * read those bytes as the UTF-8 they are; so does this service: the request line is percent-encoded byte for byte
 * (张 → %E5%BC%A0, exactly what `curl --data-urlencode` would have sent) and the connection is handed back to the HTTP
 * server as a new connection that starts with the corrected request. It is then routed, authenticated, rate-limited,
 * validated and logged like any other request: nothing downstream can tell the difference.
 *
 * Only the failing request line is rewritten; its headers, its body and later requests on the connection pass
 * through unchanged. What is not valid UTF-8, or cannot be replayed safely, is still refused, with problem+json
 * MALFORMED_URL (src/common/http/client-errors.ts).
 */

/** The methods the API routes; a packet that starts otherwise is not the start of a request this service serves. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const VERSIONS = new Set(['HTTP/1.1', 'HTTP/1.0']);
const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;

export type RequestLineRewrite =
  /** The packet with its first line percent-encoded. */
  | { kind: 'rewritten'; packet: Buffer }
  /** Non-ASCII bytes in the request target that are not UTF-8 (Latin-1, GBK …): nothing sensible to decode. */
  | { kind: 'not-utf8' }
  /** Not a raw-UTF-8 request line at the start of the packet: the error is something else. */
  | { kind: 'none' };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Percent-encodes the non-ASCII bytes of the request target on the first line of `packet`, when that line is a whole
 * request line (`METHOD SP target SP HTTP/1.x`) and `errorOffset` (where Node's parser stopped) is a non-ASCII byte of
 * its target: then the packet starts with the very request that failed, and nothing before it is replayed twice.
 */
export function percentEncodeRequestLine(packet: Buffer, errorOffset: number): RequestLineRewrite {
  const lf = packet.indexOf(LF);
  if (lf <= 0 || errorOffset < 0 || errorOffset >= lf) {
    return { kind: 'none' };
  }
  const lineEnd = packet[lf - 1] === CR ? lf - 1 : lf;
  const firstSpace = packet.indexOf(SPACE);
  const lastSpace = packet.lastIndexOf(SPACE, lineEnd - 1);
  if (firstSpace <= 0 || lastSpace <= firstSpace + 1 || lastSpace >= lineEnd) {
    return { kind: 'none' };
  }
  const method = packet.toString('latin1', 0, firstSpace);
  const version = packet.toString('latin1', lastSpace + 1, lineEnd);
  if (!METHODS.has(method) || !VERSIONS.has(version)) {
    return { kind: 'none' };
  }
  if (errorOffset <= firstSpace || errorOffset >= lastSpace || (packet[errorOffset] ?? 0) < 0x80) {
    return { kind: 'none' };
  }
  const target = packet.subarray(firstSpace + 1, lastSpace);
  // Only the non-ASCII bytes are the problem: a control character, a space or DEL in the target stays an error.
  if (target.some((byte) => byte <= SPACE || byte === 0x7f)) {
    return { kind: 'none' };
  }
  if (!isUtf8(target)) {
    return { kind: 'not-utf8' };
  }
  let encoded = '';
  for (const byte of target) {
    encoded += byte >= 0x80 ? `%${byte.toString(16).toUpperCase()}` : String.fromCharCode(byte);
  }
  return {
    kind: 'rewritten',
    packet: Buffer.concat([
      packet.subarray(0, firstSpace + 1),
      Buffer.from(encoded, 'latin1'),
      packet.subarray(lastSpace),
    ]),
  };
}

/**
 * The client's socket, seen by the HTTP server as a new connection whose first bytes are `head` (the corrected start
 * of the request) and whose further bytes are whatever the client sends next. Answers go to the socket unchanged.
 * Backpressure both ways; the socket's address, timeout and end-of-stream are passed through, so that request.ip,
 * the rate limit per address, the idle and keep-alive timeouts and half-close behave as on the socket itself.
 */
export class ReplayedConnection extends Duplex {
  constructor(
    private readonly socket: Socket,
    head: Buffer,
  ) {
    super();
    // The HTTP server's listeners for the failed parser are the HTTP server's no longer: its data, end and timeout
    // go to this connection's own parser from now on. (Adding a 'data' listener also makes Node stop feeding the
    // socket to the failed native parser directly.) Its 'close' listener stays and frees that parser. (net's own
    // 'end' listener only matters without allowHalfOpen, which an HTTP server's sockets always have.)
    socket.removeAllListeners('data');
    socket.removeAllListeners('end');
    socket.removeAllListeners('timeout');
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) {
        socket.pause();
      }
    });
    socket.on('end', () => this.push(null));
    socket.on('timeout', () => this.emit('timeout'));
    socket.on('error', (error) => this.destroy(error));
    socket.on('close', () => this.destroy());
    this.push(head);
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  get remoteFamily(): string | undefined {
    return this.socket.remoteFamily;
  }

  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  setTimeout(ms: number): this {
    this.socket.setTimeout(ms);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, initialDelay?: number): this {
    this.socket.setKeepAlive(enable, initialDelay);
    return this;
  }

  /** As net.Socket's: end once the written data is flushed, then destroy (used after a raw error answer). */
  destroySoon(): void {
    this.once('finish', () => this.destroy());
    this.end();
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}

/** Sockets already handed over: the failed parser may still report on them (a late timeout), which is not news. */
const handedOver = new WeakSet<object>();

export function wasHandedOver(socket: object): boolean {
  return handedOver.has(socket);
}

/**
 * Serves a request whose line has raw UTF-8 in it (see above): true when the connection was handed back to `server`,
 * false when this is not such a request or it cannot be replayed safely (a response on the connection is still being
 * written, so that the replayed answer could not be kept in order).
 */
export function replayRawUtf8Request(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer; bytesParsed?: number },
  socket: Socket,
  server: Server | undefined,
): RequestLineRewrite['kind'] {
  if (error.code !== 'HPE_INVALID_URL' || !Buffer.isBuffer(error.rawPacket) || error.bytesParsed === undefined) {
    return 'none';
  }
  const rewrite = percentEncodeRequestLine(error.rawPacket, error.bytesParsed);
  if (rewrite.kind !== 'rewritten') {
    return rewrite.kind;
  }
  // Node's own marker of a response in flight on this socket (its socketOnError checks the same): a pipelined
  // request must not be answered before the one ahead of it.
  const inFlight = (socket as Socket & { _httpMessage?: unknown })._httpMessage;
  if (!server || inFlight || socket.destroyed) {
    return 'none';
  }
  handedOver.add(socket);
  server.emit('connection', new ReplayedConnection(socket, rewrite.packet));
  return 'rewritten';
}
