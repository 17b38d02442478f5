import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { Env } from '../config/env';
import { EventFeedRepository, OutboxRow } from '../events/event-feed.repository';
import { toCloudEvent } from '../events/event-feed.service';
import { PersonalDataCipher } from '../personal-data/personal-data-cipher';
import { PersonalDataPresenter } from '../personal-data/personal-data-presenter';
import { DeliveryRow, SubscriptionRow, WebhookRepository } from './webhook.repository';
import { sendWebhook, SendResult } from './webhook-sender';
import { signatureHeader } from './webhook-signature';
import { secretAad } from './webhook.service';

/** Events planned per subscription in one pass (a backlog is worked off over several passes). */
const PLAN_BATCH = 1000;
const WEBHOOK_ORIGIN = { requestId: null, method: 'POST', route: 'webhook delivery' };

/**
 * Backoff before attempt n+1 after n failed attempts: exponential from WEBHOOK_RETRY_INITIAL_MS, capped at
 * WEBHOOK_RETRY_MAX_MS, with "equal jitter" (half fixed, half random) so that receivers that come back are not hit
 * by every sender at the same instant, while the wait still grows.
 */
export function retryDelayMs(failedAttempts: number, initialMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, initialMs * 2 ** Math.min(30, Math.max(0, failedAttempts - 1)));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/**
 * Sends webhooks (issue 15 pt 4). Every WEBHOOK_DISPATCH_INTERVAL_MS each instance:
 * 1. sequences the outbox and plans deliveries: for each subscription no other instance is planning, the events
 *    after its cursor become PENDING deliveries and the cursor moves, in one transaction (WebhookRepository.plan);
 * 2. claims due deliveries with a lease (FOR UPDATE SKIP LOCKED: two instances never claim the same row, and a
 *    case's next event waits until its previous one is done, so each receiver gets a case's events in order);
 * 3. sends them, at most WEBHOOK_CONCURRENCY at a time, and records each attempt: DELIVERED, retry later, or DEAD.
 *
 * Why SKIP LOCKED on our own tables rather than pg-boss or graphile-worker: the deliveries are planned from the feed
 * in the same transaction that moves the subscription's cursor, the order-per-case rule is one NOT EXISTS over the
 * same table, and the delivery log the API shows is the queue itself — a job queue would hold a second copy of each
 * of these, in a schema of its own, with its own retry policy to reconcile with the one the API documents.
 *
 * At least once: a delivery is marked only after the receiver's answer, so a crash (kill -9) between the answer and
 * the mark makes the delivery due again when its lease runs out, and it is sent again with the same webhook-id.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feed: EventFeedRepository,
    private readonly repository: WebhookRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly presenter: PersonalDataPresenter,
    private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.WEBHOOK_DISPATCH_INTERVAL_MS > 0 && this.env.EVENT_OUTBOX_ENABLED) {
      this.schedule(this.env.WEBHOOK_DISPATCH_INTERVAL_MS);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then((sent) => sent)
        .catch((error: unknown) => {
          // The database gone for a moment: the next pass tries again; nothing is lost (leases run out).
          this.logger.warn(`webhook pass failed: ${error instanceof Error ? error.message : String(error)}`);
          return 0;
        })
        .then((sent) => {
          // A full batch means more is due: go on at once rather than after the interval.
          this.schedule(sent >= this.env.WEBHOOK_CONCURRENCY ? 0 : this.env.WEBHOOK_DISPATCH_INTERVAL_MS);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One pass: plan, claim, send; returns how many deliveries were attempted. Tests call it directly. */
  async runOnce(): Promise<number> {
    await this.feed.sequenceAll();
    await this.dataSource.transaction((m) => this.repository.plan(m, PLAN_BATCH));
    const token = randomUUID();
    const claimed = await this.dataSource.transaction((m) =>
      this.repository.claim(m, this.env.WEBHOOK_CONCURRENCY, this.env.WEBHOOK_LEASE_SECONDS, token),
    );
    if (claimed.length === 0) {
      return 0;
    }
    const { events, subscriptions } = await this.repository.loadForSending(
      [...new Set(claimed.map((d) => d.event_id))],
      [...new Set(claimed.map((d) => d.subscription_id))],
    );
    // Every attempt is recorded before the pass ends, even when another one's bookkeeping failed.
    const outcomes = await Promise.allSettled(
      claimed.map((delivery) => this.attempt(delivery, token, events.get(delivery.event_id), subscriptions)),
    );
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
    return claimed.length;
  }

  private async attempt(
    delivery: DeliveryRow,
    token: string,
    event: OutboxRow | undefined,
    subscriptions: Map<string, SubscriptionRow>,
  ): Promise<void> {
    const subscription = subscriptions.get(delivery.subscription_id);
    const startedAt = new Date();
    let result: SendResult;
    if (!subscription || !event) {
      result = { statusCode: null, latencyMs: 0, error: 'the subscription or the event is gone' };
    } else {
      try {
        result = await this.send(subscription, event);
      } catch (error: unknown) {
        // Building the request failed (a secret that no longer opens, the presenter): an attempt like any other,
        // so that the delivery is retried and, if it keeps failing, ends DEAD instead of being claimed for ever.
        // Only the error's kind is kept: its message could quote the event.
        const kind = error instanceof Error ? `${error.name}${codeOf(error)}` : 'unknown';
        this.logger.error(`webhook delivery ${delivery.id} could not be prepared: ${kind}`);
        result = { statusCode: null, latencyMs: 0, error: `internal error (${kind})` };
      }
    }
    const delivered = result.error === null;
    await this.repository.finishAttempt({
      deliveryId: delivery.id,
      leaseToken: token,
      attempt: delivery.attempts,
      startedAt,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error: result.error,
      delivered,
      retryInMs: retryDelayMs(delivery.attempts, this.env.WEBHOOK_RETRY_INITIAL_MS, this.env.WEBHOOK_RETRY_MAX_MS),
      retryPeriodSeconds: this.env.WEBHOOK_RETRY_PERIOD_SECONDS,
      instance: this.instance,
    });
  }

  /** The CloudEvent, masked as for a reader with no right to personal data (webhooks never carry values in clear). */
  private async send(subscription: SubscriptionRow, event: OutboxRow): Promise<SendResult> {
    const body = JSON.stringify(await this.presenter.present(toCloudEvent(event), undefined, WEBHOOK_ORIGIN));
    const timestamp = Math.floor(Date.now() / 1000);
    const secrets = [
      this.cipher.open(subscription.secret_key_id, subscription.secret_sealed, secretAad(subscription.id)),
    ];
    if (
      subscription.previous_secret_sealed &&
      subscription.previous_secret_key_id &&
      subscription.previous_secret_expires_at &&
      subscription.previous_secret_expires_at.getTime() > Date.now()
    ) {
      secrets.push(
        this.cipher.open(
          subscription.previous_secret_key_id,
          subscription.previous_secret_sealed,
          secretAad(subscription.id),
        ),
      );
    }
    return sendWebhook({
      url: subscription.url,
      body,
      timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
      allowPrivate: this.env.WEBHOOK_ALLOW_PRIVATE,
      headers: {
        'content-type': 'application/cloudevents+json; charset=utf-8',
        'user-agent': 'reconsideration-case-service-webhooks',
        'webhook-id': event.event_id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(secrets, event.event_id, timestamp, body),
      },
    });
  }
}

function codeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? ` ${code}` : '';
}
