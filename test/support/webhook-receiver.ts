import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got. */
export interface Receipt {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The answer it gave. */
  status: number;
}

/**
 * A real HTTP receiver for webhook tests (issue 15 pt 4), on 127.0.0.1 and a port of its own. `answer` decides the
 * status of each POST (default 204); every POST is recorded. `stop()` closes it (connections refused: "down"),
 * `start()` listens again on the same port.
 */
export class WebhookReceiver {
  readonly receipts: Receipt[] = [];
  answer: (path: string, headers: IncomingMessage['headers'], body: string, receipts: Receipt[]) => number = () => 204;
  private server: Server | undefined;
  port = 0;

  async start(port = this.port): Promise<this> {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        const status = this.answer(path, req.headers, body, this.receipts);
        this.receipts.push({ path, headers: req.headers, body, status });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): Receipt[] {
    return this.receipts.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

/** Polls `probe` until it returns a value other than undefined (or throws after `timeoutMs`, naming `what`). */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
