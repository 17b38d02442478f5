import { Injectable } from '@nestjs/common';
import { canSeeOrgan, isOrganScoped } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { ProblemException } from '../common/errors/problem.exception';
import { CursorKind, decodeCursor, toPage, UUID_PATTERN } from '../common/http/pagination';
import { Env } from '../config/env';
import { parseEventTypes } from '../events/event-feed.service';
import { PersonalDataCipher } from '../personal-data/personal-data-cipher';
import {
  AttemptView,
  CreatedWebhookView,
  CreateWebhookDto,
  DeliveryDetailView,
  DeliveryPage,
  DeliveryView,
  ListDeliveriesQuery,
  RedeliveryDto,
  RedeliveryView,
  RotatedSecretView,
  UpdateWebhookDto,
  WebhookPage,
  WebhookView,
} from './webhook.dto';
import { AttemptRow, DeliveryRow, SubscriptionRow, WebhookRepository } from './webhook.repository';
import { generateWebhookSecret } from './webhook-signature';
import { checkTarget } from './webhook-target';

/** At most this many events are redelivered by one request (a larger range is split by the caller). */
export const MAX_REDELIVERY = 10_000;

const WEBHOOK_CURSOR: CursorKind = { key: 'webhooks', sortValue: UUID_PATTERN, id: UUID_PATTERN };
const DELIVERY_CURSOR: CursorKind = { key: 'webhook-deliveries', sortValue: /^\d{1,18}$/, id: /^\d{1,18}$/ };

/** The additional data bound to a sealed secret: a secret copied onto another subscription's row does not open. */
export const secretAad = (subscriptionId: string): string => `webhook_subscription.secret:${subscriptionId}`;

/**
 * Webhook subscriptions (issue 15 pt 4): ADMIN only; organ scope applies as everywhere (a subscription of an organ
 * outside the caller's scope does not exist for it, and a key limited to organs subscribes to one of its own).
 * The signing secret is generated here, returned once, and stored sealed with the personal-data key ring.
 */
@Injectable()
export class WebhookService {
  constructor(
    private readonly repository: WebhookRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly env: Env,
  ) {}

  async create(dto: CreateWebhookDto, actor: Actor): Promise<CreatedWebhookView> {
    const url = await this.checkedUrl(dto.url);
    const types = this.checkedTypes(dto.types);
    const organId = await this.checkedOrgan(dto.organId ?? null, actor);
    const secret = generateWebhookSecret();
    // The row id is the AAD, so the secret is sealed once the id is known: generate it here.
    const id = crypto.randomUUID();
    const sealed = this.cipher.seal(secret, secretAad(id));
    const row = await this.repository.insert({
      id,
      url,
      description: dto.description ?? null,
      types,
      organId,
      enabled: dto.enabled ?? true,
      cursor: dto.startAfter ?? null,
      secretKeyId: sealed.keyId,
      secretSealed: sealed.sealed,
      createdBy: actor.keyName,
    });
    return Object.assign(new CreatedWebhookView(), toWebhookView(row), { secret });
  }

  async list(query: { limit: number; cursor?: string }, actor: Actor): Promise<WebhookPage> {
    const after = decodeCursor(WEBHOOK_CURSOR, query.cursor)?.id ?? null;
    const rows = await this.repository.list(actor.organIds, after, query.limit + 1);
    const page = toPage(rows, query.limit, WEBHOOK_CURSOR, (r) => ({ sortValue: r.id, id: r.id }));
    return { items: page.items.map(toWebhookView), nextCursor: page.nextCursor };
  }

  async get(id: string, actor: Actor): Promise<WebhookView> {
    return toWebhookView(await this.found(id, actor));
  }

  async update(id: string, dto: UpdateWebhookDto, actor: Actor): Promise<WebhookView> {
    await this.found(id, actor);
    const patch = {
      ...(dto.url !== undefined ? { url: await this.checkedUrl(dto.url) } : {}),
      ...(dto.types !== undefined ? { types: this.checkedTypes(dto.types) } : {}),
      ...(dto.organId !== undefined ? { organId: await this.checkedOrgan(dto.organId, actor) } : {}),
      ...(dto.description !== undefined ? { description: dto.description } : {}),
      ...(dto.enabled !== undefined ? { enabled: dto.enabled } : {}),
    };
    const row = await this.repository.update(id, patch);
    return toWebhookView(row ?? (await this.found(id, actor)));
  }

  async delete(id: string, actor: Actor): Promise<void> {
    await this.found(id, actor);
    await this.repository.delete(id);
  }

  /** A new secret; the previous one still signs for WEBHOOK_SECRET_OVERLAP_HOURS (two signatures). */
  async rotateSecret(id: string, actor: Actor): Promise<RotatedSecretView> {
    await this.found(id, actor);
    const secret = generateWebhookSecret();
    const row = await this.repository.rotateSecret(
      id,
      this.cipher.seal(secret, secretAad(id)),
      this.env.WEBHOOK_SECRET_OVERLAP_HOURS,
    );
    if (!row) {
      throw notFound(id);
    }
    return Object.assign(new RotatedSecretView(), {
      secret,
      previousSecretValidUntil: row.previous_secret_expires_at?.toISOString() ?? null,
    });
  }

  async deliveries(id: string, query: ListDeliveriesQuery, actor: Actor): Promise<DeliveryPage> {
    await this.found(id, actor);
    const before = decodeCursor(DELIVERY_CURSOR, query.cursor)?.id ?? null;
    const rows = await this.repository.listDeliveries(id, {
      ...(query.status ? { status: query.status } : {}),
      ...(query.eventId ? { eventId: query.eventId } : {}),
      before,
      limit: query.limit + 1,
    });
    const page = toPage(rows, query.limit, DELIVERY_CURSOR, (r) => ({ sortValue: r.id, id: r.id }));
    return { items: page.items.map(toDeliveryView), nextCursor: page.nextCursor };
  }

  async delivery(id: string, deliveryId: string, actor: Actor): Promise<DeliveryDetailView> {
    await this.found(id, actor);
    const found = /^\d{1,18}$/.test(deliveryId) ? await this.repository.findDelivery(id, deliveryId) : undefined;
    if (!found) {
      throw new ProblemException(
        'WEBHOOK_DELIVERY_NOT_FOUND',
        `No delivery ${deliveryId.slice(0, 40)} of webhook ${id}.`,
      );
    }
    return Object.assign(new DeliveryDetailView(), toDeliveryView(found.delivery), {
      attemptLog: found.attempts.map(toAttemptView),
    });
  }

  /** Redelivery of one event (`eventId`) or of a range of feed positions (`fromSequence`..`toSequence`). */
  async redeliver(id: string, dto: RedeliveryDto, actor: Actor): Promise<RedeliveryView> {
    await this.found(id, actor);
    // null counts as absent (the DTO's fields are optional): a range given as {"fromSequence": null} is no range.
    const eventId = dto.eventId ?? undefined;
    const fromSequence = dto.fromSequence ?? undefined;
    const toSequence = dto.toSequence ?? undefined;
    const byRange = fromSequence !== undefined || toSequence !== undefined;
    if ((eventId !== undefined) === byRange) {
      throw invalid('body', 'ONE_OF', 'give either eventId, or fromSequence and toSequence');
    }
    let ids: string[];
    if (eventId !== undefined) {
      ids = await this.repository.redeliver(id, { eventId });
    } else {
      if (fromSequence === undefined || toSequence === undefined) {
        throw invalid(
          fromSequence === undefined ? 'body.fromSequence' : 'body.toSequence',
          'REQUIRED',
          'a range needs fromSequence and toSequence',
        );
      }
      if (BigInt(fromSequence) > BigInt(toSequence)) {
        throw invalid('body.toSequence', 'RANGE', 'toSequence must not be below fromSequence');
      }
      const count = await this.repository.countInRange(id, fromSequence, toSequence);
      if (count > MAX_REDELIVERY) {
        throw new ProblemException(
          'WEBHOOK_REDELIVERY_TOO_LARGE',
          `The range holds ${count} events of this subscription; at most ${MAX_REDELIVERY} per request.`,
        );
      }
      ids = await this.repository.redeliver(id, { from: fromSequence, to: toSequence });
    }
    if (ids.length === 0) {
      throw new ProblemException('WEBHOOK_REDELIVERY_EMPTY', 'No event of this subscription matches.');
    }
    return Object.assign(new RedeliveryView(), { queued: ids.length, deliveryIds: ids });
  }

  private async found(id: string, actor: Actor): Promise<SubscriptionRow> {
    const row = await this.repository.find(id, actor.organIds);
    if (!row) {
      throw notFound(id);
    }
    return row;
  }

  private async checkedUrl(raw: string): Promise<string> {
    const check = await checkTarget(raw, this.env.WEBHOOK_ALLOW_PRIVATE);
    if (!check.ok) {
      throw new ProblemException('WEBHOOK_TARGET_REFUSED', `The webhook URL is refused: ${check.reason}.`, {
        errors: [{ path: 'body.url', code: 'WEBHOOK_TARGET', message: check.reason }],
      });
    }
    return check.url.toString();
  }

  private checkedTypes(types: string[] | null | undefined): string[] | null {
    return types === undefined || types === null ? null : parseEventTypes(types.join(','), 'body.types');
  }

  private async checkedOrgan(organId: string | null, actor: Actor): Promise<string | null> {
    if (organId === null) {
      if (isOrganScoped(actor)) {
        throw invalid('body.organId', 'REQUIRED', 'a key limited to organs subscribes to one of its own organs');
      }
      return null;
    }
    if (!canSeeOrgan(actor, organId) || !(await this.repository.organExists(organId))) {
      throw new ProblemException('ORGAN_NOT_FOUND', `No organ ${organId}.`);
    }
    return organId;
  }
}

function notFound(id: string): ProblemException {
  return new ProblemException('WEBHOOK_NOT_FOUND', `No webhook subscription ${id}.`);
}

function invalid(path: string, code: string, message: string): ProblemException {
  return new ProblemException('VALIDATION_FAILED', `The request is invalid: ${message}.`, {
    errors: [{ path, code, message }],
  });
}

export function toWebhookView(row: SubscriptionRow): WebhookView {
  const overlap = row.previous_secret_expires_at;
  return Object.assign(new WebhookView(), {
    id: row.id,
    url: row.url,
    description: row.description,
    types: row.event_types,
    organId: row.organ_id,
    enabled: row.enabled,
    cursor: row.cursor,
    previousSecretValidUntil: overlap && overlap.getTime() > Date.now() ? overlap.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  });
}

function toDeliveryView(row: DeliveryRow): DeliveryView {
  return Object.assign(new DeliveryView(), {
    id: row.id,
    eventId: row.event_id,
    sequence: row.position,
    type: row.type,
    caseId: row.case_id,
    redelivery: row.redelivery,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastLatencyMs: row.last_latency_ms,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'PENDING' ? row.next_attempt_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  });
}

function toAttemptView(row: AttemptRow): AttemptView {
  return Object.assign(new AttemptView(), {
    attempt: row.attempt,
    startedAt: row.started_at.toISOString(),
    statusCode: row.status_code,
    latencyMs: row.latency_ms,
    error: row.error,
  });
}
