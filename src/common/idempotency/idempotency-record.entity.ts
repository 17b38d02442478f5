import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A completed request made with an Idempotency-Key. Written in the same transaction as the change it records, so a
 * refused or failed request leaves no record and may be retried with the same key.
 *
 * PIPL 19: a record holds the first response (its personal values as vault references) and is kept only IDEMPOTENCY_TTL_HOURS; the
 * purge job finds the expired ones by `created_at` (idempotency-purge.service.ts).
 */
@Entity('idempotency_record')
@Index('idempotency_record_created_at', ['createdAt'])
export class IdempotencyRecordEntity {
  /** Whose key it is: the API key id, or a system actor's name — keys of different clients never collide. */
  @PrimaryColumn({ type: 'text' })
  scope: string;

  @PrimaryColumn({ type: 'text' })
  idempotencyKey: string;

  @Column({ type: 'text' })
  method: string;

  @Column({ type: 'text' })
  path: string;

  /** SHA-256 of the canonical request body: the same key with another body is refused (422). */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'int' })
  responseStatus: number;

  @Column({ type: 'jsonb' })
  responseBody: unknown;

  @Column({ type: 'text', nullable: true })
  responseEtag: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
