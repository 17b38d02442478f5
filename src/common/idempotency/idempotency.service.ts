import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Env } from '../../config/env';
import { ProblemException } from '../errors/problem.exception';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { IdempotencyRepository } from './idempotency.repository';

export interface IdempotentRequest {
  /** Whose key: API key id or system actor name. */
  scope: string;
  key: string | undefined;
  method: string;
  path: string;
  body: unknown;
}

export interface StoredResponse<T> {
  status: number;
  body: T;
  etag: string | null;
  replayed: boolean;
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

/** Key-order-independent JSON, so that {a,b} and {b,a} count as the same body. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Idempotency-Key for creates and actions (DESIGN §4). Runs inside the caller's transaction:
 * 1. INSERT the key first. A concurrent request with the same key blocks on the primary key until the first commits
 *    (then replays its response) or rolls back (then proceeds) — no double execution, no lost response.
 * 2. Same key, same body → the first response again; same key, other body → 422.
 * The record commits or rolls back with the change itself, so a refused request leaves no trace.
 * 3. PIPL 19: a record older than IDEMPOTENCY_TTL_HOURS is never replayed. It is deleted first, in the same
 *    transaction, and the request runs as new under the same key (its record replaces the old one). A client that
 *    retries after the TTL therefore repeats the change: retries belong within minutes, not days. The purge job
 *    (idempotency-purge.service.ts) deletes the expired records nobody reuses.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly records: IdempotencyRepository,
    private readonly env: Env,
  ) {}

  async run<T>(
    manager: EntityManager,
    request: IdempotentRequest,
    work: () => Promise<{ status: number; body: T; etag: string | null }>,
  ): Promise<StoredResponse<T>> {
    if (request.key === undefined) {
      return { ...(await work()), replayed: false };
    }
    if (!KEY_PATTERN.test(request.key)) {
      throw new ProblemException(
        'VALIDATION_FAILED',
        'Idempotency-Key must be 1–200 characters of A–Z a–z 0–9 . _ : -',
        {
          errors: [
            {
              path: 'header.idempotency-key',
              code: 'INVALID_IDEMPOTENCY_KEY',
              message: 'Use a UUID or a similar token.',
            },
          ],
        },
      );
    }
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.path}\n${canonicalJson(request.body)}`)
      .digest('hex');
    await this.records.deleteExpiredKey(manager, request.scope, request.key, this.env.IDEMPOTENCY_TTL_HOURS);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO idempotency_record (scope, idempotency_key, method, path, request_hash, response_status, response_body)
       VALUES ($1, $2, $3, $4, $5, 0, 'null'::jsonb)
       ON CONFLICT (scope, idempotency_key) DO NOTHING
       RETURNING idempotency_key`,
      [request.scope, request.key, request.method, request.path, requestHash],
    );
    if (inserted.length === 0) {
      const previous = await manager.findOneByOrFail(IdempotencyRecordEntity, {
        scope: request.scope,
        idempotencyKey: request.key,
      });
      if (previous.requestHash !== requestHash) {
        throw new ProblemException(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for a different request; use a new key for a new request.',
        );
      }
      return {
        status: previous.responseStatus,
        body: previous.responseBody as T,
        etag: previous.responseEtag,
        replayed: true,
      };
    }
    const result = await work();
    await manager.update(
      IdempotencyRecordEntity,
      { scope: request.scope, idempotencyKey: request.key },
      { responseStatus: result.status, responseBody: result.body as object, responseEtag: result.etag },
    );
    return { ...result, replayed: false };
  }
}
