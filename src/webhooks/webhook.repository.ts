import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OutboxRow } from '../events/event-feed.repository';
import type { DeliveryStatus } from './webhook.dto';

export interface SubscriptionRow {
  id: string;
  url: string;
  description: string | null;
  event_types: string[] | null;
  organ_id: string | null;
  enabled: boolean;
  cursor: string;
  secret_key_id: string;
  secret_sealed: Buffer;
  previous_secret_key_id: string | null;
  previous_secret_sealed: Buffer | null;
  previous_secret_expires_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  position: string;
  case_id: string;
  type: string;
  redelivery: boolean;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  lease_token: string | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  finished_at: Date | null;
}

export interface AttemptRow {
  attempt: number;
  started_at: Date;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
}

export interface NewSubscription {
  id: string;
  url: string;
  description: string | null;
  types: string[] | null;
  organId: string | null;
  enabled: boolean;
  cursor: string | null;
  secretKeyId: string;
  secretSealed: Buffer;
  createdBy: string;
}

export interface SubscriptionPatch {
  url?: string;
  description?: string | null;
  types?: string[] | null;
  organId?: string | null;
  enabled?: boolean;
}

/** What one attempt came to, for `finishAttempt`. */
export interface AttemptOutcome {
  deliveryId: string;
  leaseToken: string;
  attempt: number;
  startedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  delivered: boolean;
  /** When to try again, in milliseconds from now (ignored when delivered). */
  retryInMs: number;
  retryPeriodSeconds: number;
  instance: string;
}

const SUBSCRIPTION_COLUMNS = `id, url, description, event_types, organ_id, enabled, cursor::text AS cursor, secret_key_id,
  secret_sealed, previous_secret_key_id, previous_secret_sealed, previous_secret_expires_at, created_by, created_at,
  updated_at`;
/** The delivery columns as the views read them, of the table or of an alias (`d`). */
function deliveryColumns(alias = 'webhook_delivery'): string {
  return [
    'id::text AS id',
    'subscription_id',
    'event_id',
    'position::text AS position',
    'case_id',
    'type',
    'redelivery',
    'status',
    'attempts',
    'next_attempt_at',
    'lease_token',
    'last_status_code',
    'last_latency_ms',
    'last_error',
    'created_at',
    'last_attempt_at',
    'finished_at',
  ]
    .map((c) => `${alias}.${c}`)
    .join(', ');
}
/** The feed's head: the highest position given (event-feed.repository.ts sequences). */
const HEAD = `(SELECT coalesce(max(position), 0) FROM event_outbox WHERE position IS NOT NULL)`;
/** An outbox row `o` that subscription `s` wants. */
const MATCHES = `(s.event_types IS NULL OR o.type = ANY(s.event_types)) AND (s.organ_id IS NULL OR o.organ_id = s.organ_id)`;

/**
 * TypeORM answers an UPDATE … RETURNING with [rows, affected] (an INSERT or SELECT with the rows alone): the rows
 * either way.
 */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? (result[0] as T[])
    : (result as T[]);
}

/** The SQL of webhooks (issue 15 pt 4); the rules are in WebhookService and WebhookDispatcher. */
@Injectable()
export class WebhookRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(row: NewSubscription): Promise<SubscriptionRow> {
    const [created] = await this.dataSource.query<SubscriptionRow[]>(
      `INSERT INTO webhook_subscription
         (id, url, description, event_types, organ_id, enabled, cursor, secret_key_id, secret_sealed, created_by)
       VALUES ($10, $1, $2, $3, $4, $5, coalesce($6::bigint, ${HEAD}), $7, $8, $9)
       RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [
        row.url,
        row.description,
        row.types,
        row.organId,
        row.enabled,
        row.cursor,
        row.secretKeyId,
        row.secretSealed,
        row.createdBy,
        row.id,
      ],
    );
    return created!;
  }

  /** One subscription, if it exists and its organ is in `organIds` (null: no limit). */
  async find(id: string, organIds: readonly string[] | null): Promise<SubscriptionRow | undefined> {
    const [row] = await this.dataSource.query<SubscriptionRow[]>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscription
        WHERE id = $1 AND ($2::uuid[] IS NULL OR organ_id = ANY($2::uuid[]))`,
      [id, organIds],
    );
    return row;
  }

  async organExists(organId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM organ WHERE id = $1`, [organId]);
    return rows.length > 0;
  }

  /** Oldest first; `after` is the last id of the previous page. */
  async list(organIds: readonly string[] | null, after: string | null, limit: number): Promise<SubscriptionRow[]> {
    return this.dataSource.query<SubscriptionRow[]>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscription
        WHERE ($1::uuid[] IS NULL OR organ_id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR id > $2::uuid)
        ORDER BY id LIMIT $3`,
      [organIds, after, limit],
    );
  }

  async update(id: string, patch: SubscriptionPatch): Promise<SubscriptionRow | undefined> {
    const result: unknown = await this.dataSource.query(
      `UPDATE webhook_subscription SET
         url = CASE WHEN $2 THEN $3 ELSE url END,
         description = CASE WHEN $4 THEN $5 ELSE description END,
         event_types = CASE WHEN $6 THEN $7::text[] ELSE event_types END,
         organ_id = CASE WHEN $8 THEN $9::uuid ELSE organ_id END,
         enabled = CASE WHEN $10 THEN $11::boolean ELSE enabled END,
         updated_at = now()
       WHERE id = $1
       RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [
        id,
        patch.url !== undefined,
        patch.url ?? null,
        patch.description !== undefined,
        patch.description ?? null,
        patch.types !== undefined,
        patch.types ?? null,
        patch.organId !== undefined,
        patch.organId ?? null,
        patch.enabled !== undefined,
        patch.enabled ?? null,
      ],
    );
    return rowsOf<SubscriptionRow>(result)[0];
  }

  /** The deliveries and their attempts go with it (ON DELETE CASCADE); the events stay in the feed. */
  async delete(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM webhook_subscription WHERE id = $1`, [id]);
  }

  /** The current secret becomes the previous one, valid until `previousUntil`; the new one is current. */
  async rotateSecret(
    id: string,
    secret: { keyId: string; sealed: Buffer },
    overlapHours: number,
  ): Promise<SubscriptionRow | undefined> {
    const result: unknown = await this.dataSource.query(
      `UPDATE webhook_subscription SET
         previous_secret_key_id = CASE WHEN $4 > 0 THEN secret_key_id END,
         previous_secret_sealed = CASE WHEN $4 > 0 THEN secret_sealed END,
         previous_secret_expires_at = CASE WHEN $4 > 0 THEN now() + make_interval(hours => $4) END,
         secret_key_id = $2, secret_sealed = $3, updated_at = now()
       WHERE id = $1
       RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [id, secret.keyId, secret.sealed, overlapHours],
    );
    return rowsOf<SubscriptionRow>(result)[0];
  }

  // ── The dispatcher ───────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Plans deliveries for every subscription no other instance is planning right now (SKIP LOCKED on the
   * subscription row): the events after its cursor that it wants, up to `perSubscription`, inserted as PENDING, and
   * the cursor moved past them — in one transaction, so an event is planned once (the unique index says so too) and
   * none is passed over. A short batch has read to the head, so the cursor moves to the head.
   */
  async plan(manager: EntityManager, perSubscription: number): Promise<number> {
    const subscriptions = await manager.query<{ id: string }[]>(
      `SELECT id FROM webhook_subscription ORDER BY id FOR UPDATE SKIP LOCKED`,
    );
    let planned = 0;
    for (const { id } of subscriptions) {
      const result: unknown = await manager.query(
        `WITH head AS (SELECT ${HEAD} AS p),
         ev AS (
           SELECT o.event_id, o.position, o.case_id, o.type
             FROM event_outbox o, webhook_subscription s, head
            WHERE s.id = $1 AND o.position > s.cursor AND o.position <= head.p AND ${MATCHES}
            ORDER BY o.position LIMIT $2
         ), ins AS (
           INSERT INTO webhook_delivery (subscription_id, event_id, position, case_id, type)
           SELECT $1, event_id, position, case_id, type FROM ev
           ON CONFLICT (subscription_id, event_id) WHERE NOT redelivery DO NOTHING
           RETURNING 1
         )
         UPDATE webhook_subscription s SET cursor = greatest(s.cursor, CASE
             WHEN (SELECT count(*) FROM ev) = $2 THEN (SELECT max(position) FROM ev)
             ELSE (SELECT p FROM head) END)
          WHERE s.id = $1
         RETURNING (SELECT count(*) FROM ins)::int AS planned`,
        [id, perSubscription],
      );
      planned += rowsOf<{ planned: number }>(result)[0]?.planned ?? 0;
    }
    return planned;
  }

  /**
   * Claims up to `limit` due deliveries with a lease. Order per case: a delivery is due only when no earlier
   * delivery of the same subscription and case is still PENDING (in flight, waiting for a retry, or not yet sent),
   * and no other delivery of that case is in flight (a redelivery of an earlier event, queued while a later one is
   * being sent, waits for it), so a case's events reach a receiver one at a time, in feed order. Instances share the work: a row another
   * instance is claiming is skipped (SKIP LOCKED), and a claimed one is not due again until its lease runs out.
   */
  async claim(manager: EntityManager, limit: number, leaseSeconds: number, token: string): Promise<DeliveryRow[]> {
    const result: unknown = await manager.query(
      `WITH due AS (
         SELECT d.id FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
          WHERE d.status = 'PENDING' AND s.enabled AND d.next_attempt_at <= now()
            AND (d.lease_until IS NULL OR d.lease_until < now())
            AND NOT EXISTS (
              SELECT 1 FROM webhook_delivery e
               WHERE e.subscription_id = d.subscription_id AND e.case_id = d.case_id AND e.status = 'PENDING'
                 AND e.id <> d.id
                 AND ((e.position, e.id) < (d.position, d.id) OR e.lease_until > now()))
          ORDER BY d.next_attempt_at, d.position
          LIMIT $1
          FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_delivery d SET lease_token = $3, lease_until = now() + make_interval(secs => $2),
              attempts = d.attempts + 1, last_attempt_at = now()
         FROM due WHERE d.id = due.id
       RETURNING ${deliveryColumns('d')}`,
      [limit, leaseSeconds, token],
    );
    return rowsOf<DeliveryRow>(result);
  }

  /** The events and subscriptions that claimed deliveries need, by event id and subscription id. */
  async loadForSending(
    eventIds: readonly string[],
    subscriptionIds: readonly string[],
  ): Promise<{ events: Map<string, OutboxRow>; subscriptions: Map<string, SubscriptionRow> }> {
    const [events, subscriptions] = await Promise.all([
      this.dataSource.query<OutboxRow[]>(
        `SELECT position::text AS position, event_id, type, case_id, organ_id, case_seq, occurred_at, data
           FROM event_outbox WHERE event_id = ANY($1::uuid[])`,
        [eventIds],
      ),
      this.dataSource.query<SubscriptionRow[]>(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscription WHERE id = ANY($1::uuid[])`,
        [subscriptionIds],
      ),
    ]);
    return {
      events: new Map(events.map((e) => [e.event_id, e])),
      subscriptions: new Map(subscriptions.map((s) => [s.id, s])),
    };
  }

  /**
   * Records one attempt and its consequence: DELIVERED on a 2xx; else PENDING again after the backoff, or DEAD once
   * the retry period, counted from the delivery's first attempt, is over (not from when it was planned: a delivery
   * that waited behind a case's earlier one, or for a paused subscription, still gets the whole period). A retry
   * that would fall after the period's end is moved to its end, so the last attempt is made then. Only the lease's holder
   * changes the delivery (a claim that ran out and was taken over leaves it to the new holder).
   */
  async finishAttempt(o: AttemptOutcome): Promise<void> {
    await this.dataSource.query(
      `WITH attempt AS (
         INSERT INTO webhook_attempt (delivery_id, attempt, started_at, status_code, latency_ms, error, instance)
         VALUES ($1, $3, $4, $5, $6, $7, $11)
       ), ends AS (
         SELECT d.id, coalesce(
                  (SELECT min(a.started_at) FROM webhook_attempt a WHERE a.delivery_id = d.id), $4::timestamptz
                ) + make_interval(secs => $10) AS at
           FROM webhook_delivery d WHERE d.id = $1
       )
       UPDATE webhook_delivery d SET
         status = CASE WHEN $8 THEN 'DELIVERED' WHEN ends.at <= now() THEN 'DEAD' ELSE 'PENDING' END,
         next_attempt_at = CASE WHEN $8 OR ends.at <= now() THEN d.next_attempt_at
                                ELSE least(now() + make_interval(secs => $9::double precision / 1000), ends.at) END,
         finished_at = CASE WHEN $8 OR ends.at <= now() THEN now() END,
         last_status_code = $5, last_latency_ms = $6, last_error = $7, lease_token = NULL, lease_until = NULL
         FROM ends
        WHERE d.id = ends.id AND d.lease_token = $2`,
      [
        o.deliveryId,
        o.leaseToken,
        o.attempt,
        o.startedAt,
        o.statusCode,
        o.latencyMs,
        o.error,
        o.delivered,
        o.retryInMs,
        o.retryPeriodSeconds,
        o.instance,
      ],
    );
  }

  // ── Deliveries, for the API ──────────────────────────────────────────────────────────────────────────────────

  /** Newest first; `before` is the last id of the previous page. */
  async listDeliveries(
    subscriptionId: string,
    filter: { status?: DeliveryStatus; eventId?: string; before: string | null; limit: number },
  ): Promise<DeliveryRow[]> {
    return this.dataSource.query<DeliveryRow[]>(
      `SELECT ${deliveryColumns()} FROM webhook_delivery
        WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR event_id = $3)
          AND ($4::bigint IS NULL OR id < $4::bigint)
        ORDER BY id DESC LIMIT $5`,
      [subscriptionId, filter.status ?? null, filter.eventId ?? null, filter.before, filter.limit],
    );
  }

  async findDelivery(
    subscriptionId: string,
    deliveryId: string,
  ): Promise<{ delivery: DeliveryRow; attempts: AttemptRow[] } | undefined> {
    const [delivery] = await this.dataSource.query<DeliveryRow[]>(
      `SELECT ${deliveryColumns()} FROM webhook_delivery WHERE subscription_id = $1 AND id = $2::bigint`,
      [subscriptionId, deliveryId],
    );
    if (!delivery) {
      return undefined;
    }
    const attempts = await this.dataSource.query<AttemptRow[]>(
      `SELECT attempt, started_at, status_code, latency_ms, error FROM webhook_attempt
        WHERE delivery_id = $1 ORDER BY id`,
      [deliveryId],
    );
    return { delivery, attempts };
  }

  /** How many sequenced events of the subscription lie in [from, to]. */
  async countInRange(subscriptionId: string, from: string, to: string): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM event_outbox o, webhook_subscription s
        WHERE s.id = $1 AND o.position BETWEEN $2::bigint AND $3::bigint AND ${MATCHES}`,
      [subscriptionId, from, to],
    );
    return row?.n ?? 0;
  }

  /**
   * Queues redeliveries (extra rows, redelivery = true) of the subscription's events named by id or by position
   * range; only sequenced events the subscription wants. They wait behind the case's earlier pending deliveries.
   */
  async redeliver(
    subscriptionId: string,
    target: { eventId: string } | { from: string; to: string },
  ): Promise<string[]> {
    const byEvent = 'eventId' in target;
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO webhook_delivery (subscription_id, event_id, position, case_id, type, redelivery)
       SELECT s.id, o.event_id, o.position, o.case_id, o.type, true
         FROM event_outbox o, webhook_subscription s
        WHERE s.id = $1 AND o.position IS NOT NULL AND ${MATCHES}
          AND (CASE WHEN $2 THEN o.event_id = $3::uuid ELSE o.position BETWEEN $4::bigint AND $5::bigint END)
        ORDER BY o.position
       RETURNING id::text AS id`,
      [
        subscriptionId,
        byEvent,
        byEvent ? target.eventId : null,
        byEvent ? null : target.from,
        byEvent ? null : target.to,
      ],
    );
    return rows.map((r) => r.id);
  }
}
