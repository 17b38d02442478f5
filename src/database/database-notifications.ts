import { Global, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/** The channels the schema notifies on (migration CacheInvalidationNotices), one per cached table. */
export type NotificationChannel = 'rcs_api_key' | 'rcs_calendar';

interface Subscription {
  channel: NotificationChannel;
  /** A row of the channel's table changed (the payload is the trigger's: an id, or empty). */
  onNotice: (payload: string) => void;
  /** Notices may have been missed (the listening connection was lost): forget everything cached. */
  onReset: () => void;
}

/** How long to wait before listening again after the connection was lost. */
const RECONNECT_DELAY_MS = 1000;

/**
 * PostgreSQL LISTEN/NOTIFY on one connection of its own (not from the request pool), so that a cache in any
 * instance learns at once that its table changed (issue 18 pt 1): the API keys (a revocation must end a key
 * everywhere now, not after a TTL) and the working-day calendar.
 *
 * The contract for a cache: use it only while `listening` is true; on `onReset` forget everything. Between a lost
 * connection and a new LISTEN the caches are off, so a change made meanwhile is never missed. The notices come from
 * triggers, so a change made with plain SQL (a repair, a script) invalidates as well as one made through the API.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DatabaseNotifications');
  private readonly subscriptions: Subscription[] = [];
  private client: Client | undefined;
  private listeningNow = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private generationCount = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether notices are being received now; a cache must not answer from memory otherwise. */
  get listening(): boolean {
    return this.listeningNow;
  }

  /**
   * A counter that moves on every notice and every reset: a cache reads it before a database read and stores the
   * result only if it has not moved, so that a change committed while the read was in flight is never cached over.
   */
  get generation(): number {
    return this.generationCount;
  }

  subscribe(subscription: Subscription): void {
    this.subscriptions.push(subscription);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.markLost();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) {
      return;
    }
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: 'reconsideration-listen' });
    client.on('error', (error: Error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => this.deliver(message.channel, message.payload ?? ''));
    try {
      await client.connect();
      const channels = [...new Set(this.subscriptions.map((s) => s.channel))];
      for (const channel of channels) {
        await client.query(`LISTEN ${channel}`);
      }
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      // Anything cached before this LISTEN may be stale: start empty.
      this.reset();
      this.listeningNow = true;
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot listen for cache invalidations; caches stay off until it can');
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private lost(client: Client, error?: Error): void {
    if (client !== this.client) {
      return;
    }
    this.client = undefined;
    this.markLost();
    if (!this.stopped) {
      this.logger.warn({ err: error }, 'lost the cache-invalidation connection; caches are off until it is back');
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private markLost(): void {
    this.listeningNow = false;
    this.reset();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) {
      return;
    }
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, RECONNECT_DELAY_MS);
    this.retry.unref();
  }

  private deliver(channel: string, payload: string): void {
    this.generationCount += 1;
    for (const s of this.subscriptions) {
      if (s.channel === channel) {
        s.onNotice(payload);
      }
    }
  }

  private reset(): void {
    this.generationCount += 1;
    for (const s of this.subscriptions) {
      s.onReset();
    }
  }
}

@Global()
@Module({ providers: [DatabaseNotifications], exports: [DatabaseNotifications] })
export class DatabaseNotificationsModule {}
