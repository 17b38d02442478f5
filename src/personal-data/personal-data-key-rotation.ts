import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersonalDataCipher } from './personal-data-cipher';

export const DEFAULT_ROTATION_BATCH = 500;

export interface RotationProgress {
  /** Rows re-sealed by this run so far. */
  rotated: number;
  /** Rows in the batch just committed. */
  batch: number;
}

export interface RotationResult {
  keyId: string;
  rotated: number;
  /** Rows still under another key when the run ended (locked by a transaction that outlived the wait). */
  remaining: number;
}

/** A vault row is sealed under a key that is not in the ring: nothing of that key's rows can be re-sealed. */
export class UnknownRotationKeyError extends Error {
  constructor(readonly keyIds: string[]) {
    super(
      `personal-data rotation: ${keyIds.map((id) => `"${id}"`).join(', ')} ${keyIds.length > 1 ? 'are' : 'is'} ` +
        'not among the configured keys, but vault rows are sealed under it; add the old key after the new one ' +
        '(PERSONAL_DATA_KEYS=new:…,old:…) and run again',
    );
    this.name = 'UnknownRotationKeyError';
  }
}

interface SealedRow {
  id: string;
  key_id: string;
  sealed: Buffer;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `npm run rotate-key`: re-seals every vault row whose key is not the current one, batch by batch (PIPL 51(3)
 * encryption kept current; 数据安全法 27). Each batch is one transaction over rows taken `FOR UPDATE SKIP LOCKED`,
 * so it runs beside the service (which may be rectifying or erasing a row: that row waits for the next pass) and
 * beside another rotation (each row is re-sealed by one of them). Erased rows (no key) are left alone.
 */
@Injectable()
export class PersonalDataKeyRotation {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** Rows per key id that are not under the current key (erased rows have none and are not counted). */
  async pendingByKey(): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<Array<{ key_id: string; n: number }>>(
      `SELECT key_id, count(*)::int AS n FROM personal_datum
        WHERE key_id < $1 OR key_id > $1 GROUP BY key_id ORDER BY key_id`,
      [this.cipher.currentKeyId],
    );
    return new Map(rows.map((r) => [r.key_id, r.n]));
  }

  async run(
    options: { batchSize?: number; onBatch?: (progress: RotationProgress) => void; lockWaitMs?: number } = {},
  ): Promise<RotationResult> {
    const batchSize = options.batchSize ?? DEFAULT_ROTATION_BATCH;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError('the batch size must be a positive whole number');
    }
    const keyId = this.cipher.currentKeyId;
    // Before touching a row: a key that is gone means its rows cannot be read, and the operator must know now.
    const unknown = [...(await this.pendingByKey()).keys()].filter((id) => !this.cipher.hasKey(id));
    if (unknown.length > 0) {
      throw new UnknownRotationKeyError(unknown);
    }
    let rotated = 0;
    // Rows skipped because another transaction holds them are retried for a while (a concurrent rotation's batch,
    // or an edit, takes milliseconds); after that the run ends and reports them as remaining.
    const waitUntil = (): number => Date.now() + (options.lockWaitMs ?? 10_000);
    let deadline = waitUntil();
    for (;;) {
      const batch = await this.rotateBatch(keyId, batchSize);
      if (batch > 0) {
        rotated += batch;
        deadline = waitUntil();
        options.onBatch?.({ rotated, batch });
        continue;
      }
      const remaining = [...(await this.pendingByKey()).values()].reduce((a, b) => a + b, 0);
      if (remaining === 0 || Date.now() >= deadline) {
        return { keyId, rotated, remaining };
      }
      await sleep(100);
    }
  }

  /** One transaction: lock up to `batchSize` rows under other keys, open each, seal it under the current key. */
  private async rotateBatch(keyId: string, batchSize: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // `key_id <> $1` cannot use the key_id index; the two ranges can.
      const rows = await manager.query<SealedRow[]>(
        `SELECT id, key_id, sealed FROM personal_datum
          WHERE key_id < $1 OR key_id > $1
          LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [keyId, batchSize],
      );
      if (rows.length === 0) {
        return 0;
      }
      // A row sealed under a missing key since the check (an instance with another ring) stops the run; the whole
      // batch rolls back, so no row is left half-done.
      const unknown = [...new Set(rows.map((r) => r.key_id))].filter((id) => !this.cipher.hasKey(id));
      if (unknown.length > 0) {
        throw new UnknownRotationKeyError(unknown);
      }
      const resealed = rows.map((row) => this.cipher.seal(this.cipher.open(row.key_id, row.sealed, row.id), row.id));
      await manager.query(
        `UPDATE personal_datum AS p
            SET key_id = $1, sealed = v.sealed, updated_at = now()
           FROM unnest($2::uuid[], $3::bytea[]) AS v(id, sealed)
          WHERE p.id = v.id`,
        [keyId, rows.map((r) => r.id), resealed.map((r) => r.sealed)],
      );
      return rows.length;
    });
  }
}
