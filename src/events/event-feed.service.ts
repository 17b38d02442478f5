import { Injectable } from '@nestjs/common';
import { canSeeOrgan } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { ProblemException } from '../common/errors/problem.exception';
import { CloudEventView, EventPage } from './cloud-event.view';
import { EventFeedRepository, OutboxRow } from './event-feed.repository';
import { EVENT_TYPES } from './event-types';

export interface FeedRequest {
  after?: string;
  types?: string;
  organ?: string;
  limit: number;
}

/**
 * GET /v1/events: the outbox in feed order, for pollers that must never lose their place. Organ scope applies like
 * everywhere (an organ outside it is not found); personal values in `data.act` stay references here and are
 * resolved or masked for the caller by the response presenter, which also audits what it shows in clear.
 */
@Injectable()
export class EventFeedService {
  constructor(private readonly feed: EventFeedRepository) {}

  async read(request: FeedRequest, actor: Actor): Promise<EventPage> {
    const types = parseEventTypes(request.types);
    if (request.organ !== undefined && !canSeeOrgan(actor, request.organ)) {
      throw new ProblemException('ORGAN_NOT_FOUND', `No organ ${request.organ}.`);
    }
    const organIds = request.organ !== undefined ? [request.organ] : actor.organIds;
    const after = request.after ?? '0';
    const { rows, head } = await this.feed.readPage({ after, types, organIds, limit: request.limit });
    const items = rows.map(toCloudEvent);
    // A full page resumes after its last event; a short one has read to the head (what it skipped did not match).
    const last = items[items.length - 1];
    const nextCursor = items.length === request.limit && last ? last.sequence : maxCursor(after, head);
    return Object.assign(new EventPage(), { items, nextCursor });
  }
}

export function toCloudEvent(row: OutboxRow): CloudEventView {
  return Object.assign(new CloudEventView(), {
    specversion: '1.0' as const,
    id: row.event_id,
    source: `/v1/organs/${row.organ_id}`,
    type: row.type,
    subject: row.case_id,
    time: new Date(row.occurred_at).toISOString(),
    datacontenttype: 'application/json' as const,
    sequence: row.position,
    caseversion: row.case_seq,
    data: row.data as unknown as CloudEventView['data'],
  });
}

/** `types=` as exact types or `family.*`; an unknown one is a 400 naming it (never silently no events). */
export function parseEventTypes(raw: string | undefined, path = 'query.types'): string[] | null {
  if (raw === undefined || raw.trim() === '') {
    return null;
  }
  const selected = new Set<string>();
  for (const entry of raw.split(',').map((t) => t.trim())) {
    const matches = entry.endsWith('.*')
      ? EVENT_TYPES.filter((t) => t.startsWith(entry.slice(0, -1)))
      : EVENT_TYPES.filter((t) => t === entry);
    if (matches.length === 0) {
      throw new ProblemException('VALIDATION_FAILED', `Unknown event type '${entry.slice(0, 200)}'.`, {
        errors: [{ path, code: 'IS_IN', message: 'each type must be one of EVENT_TYPES (code lists)' }],
      });
    }
    matches.forEach((t) => selected.add(t));
  }
  return [...selected];
}

function maxCursor(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}
