import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Env } from '../config/env';
import { MetricsService } from './metrics.service';

/**
 * GET /metrics on its own port (METRICS_PORT, bound to METRICS_HOST, 127.0.0.1 by default), the usual Prometheus
 * arrangement: the API port never serves it, and who may scrape is decided by the network rather than by an API key
 * that every scraper would have to hold. main.ts starts it after the API listens; app.close() stops it.
 */
@Injectable()
export class MetricsServer implements OnApplicationShutdown {
  private server?: Server;
  private readonly log = new Logger('metrics');

  constructor(
    private readonly env: Env,
    private readonly metrics: MetricsService,
  ) {}

  /** Starts listening when METRICS_PORT > 0; resolves to the bound address, or undefined when metrics are off. */
  async listen(): Promise<AddressInfo | undefined> {
    if (!this.metrics.enabled || this.server) {
      return this.server?.address() as AddressInfo | undefined;
    }
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is served here.\n');
        return;
      }
      this.metrics.render().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
          res.end(req.method === 'HEAD' ? undefined : body);
        },
        (error: unknown) => {
          this.log.error({ err: error }, 'metrics: rendering failed');
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics could not be rendered.\n');
        },
      );
    });
    // A scraper keeps its connection; an idle one must not hold app.close() open.
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.env.METRICS_PORT, this.env.METRICS_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    this.log.log(`metrics at http://${address.address}:${address.port}/metrics`);
    return address;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }
}
