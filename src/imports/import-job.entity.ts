import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganEntity } from '../organs/organ.entity';
import type { LedgerMapping, LedgerProblem } from './ledger/ledger-record';

export const IMPORT_STATUSES = ['VALIDATING', 'VALIDATED', 'COMMITTING', 'COMMITTED', 'FAILED'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** What committing a job adds to one year's statistics (by receipt, acceptance and conclusion dates). */
export interface ImportYearCounts {
  year: number;
  received: number;
  accepted: number;
  concluded: number;
  /** Received that year and still open (carried over into the next). */
  pending: number;
}

export interface ImportCounts {
  rows: number;
  valid: number;
  invalid: number;
  /** Rows whose case this organ already has from an import of the same content: committing adds nothing for them. */
  alreadyImported: number;
  imported: number;
  skipped: number;
}

/**
 * A ledger import (issue 12): the uploaded file, its validation (progress, per-row problems, what it would add) and
 * its commit. The file is kept until the job is committed or fails, so that the validation and the commit read the
 * same bytes.
 */
@Entity('import_job')
@Check('import_job_status_valid', `status IN ('VALIDATING','VALIDATED','COMMITTING','COMMITTED','FAILED')`)
@Index('import_job_organ_created', ['organId', 'createdAt'])
export class ImportJobEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_import_job' })
  id: string;

  @Column({ type: 'uuid' })
  organId: string;

  @ManyToOne(() => OrganEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organ_id', foreignKeyConstraintName: 'import_job_organ_fk' })
  organ?: OrganEntity;

  /** The uploaded file's name: history names it as the source of each imported case. */
  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ type: 'text' })
  status: ImportStatus;

  /**
   * The upload; emptied once committed (the cases hold what it said). Not selected with the job (select: false): a
   * client polls a running job several times a second, and a 20 MB ledger each time cost the service and the
   * database a core between them. ImportsRepository.file reads it when a step needs it.
   */
  @Column({ type: 'bytea', nullable: true, select: false })
  file: Buffer | null;

  /** The column mapping the file was read with (the organ's, or the default). */
  @Column({ type: 'jsonb' })
  mapping: LedgerMapping;

  @Column({ type: 'text' })
  phase: 'VALIDATE' | 'COMMIT';

  @Column({ type: 'int', default: 0 })
  rowsTotal: number;

  @Column({ type: 'int', default: 0 })
  rowsDone: number;

  @Column({ type: 'jsonb' })
  counts: ImportCounts;

  /** Every problem found (the view shows the first IMPORT_PROBLEMS_SHOWN). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  problems: LedgerProblem[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  statistics: ImportYearCounts[];

  @Column({ type: 'boolean', default: false })
  skipInvalid: boolean;

  /** The API key (or system actor) that created the job: the importer that history names. */
  @Column({ type: 'text' })
  createdBy: string;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  committedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  failure: string | null;

  /** Moved by the instance running the job; a VALIDATING or COMMITTING job whose heartbeat stopped was interrupted. */
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  heartbeatAt: Date;
}
