import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from '../case.entity';
import { OrganEntity } from '../../organs/organ.entity';
import type { CaseAction, CaseState } from '../../code-lists/code-lists';

/**
 * Append-only history of a case: one row per registration, action, edit, handler assignment or undo. The database
 * refuses UPDATE, DELETE and TRUNCATE on this table (trigger in the migration), so history cannot be rewritten even
 * by SQL. Statistics "as of" a date, deadlines and audit all read these rows.
 */
@Entity('case_event')
@Index('case_event_case_seq_unique', ['caseId', 'seq'], { unique: true })
@Index('case_event_organ_action_date', ['organId', 'action', 'occurredOn'])
export class CaseEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_event_case_fk' })
  case?: CaseEntity;

  @Column({ type: 'uuid' })
  organId: string;

  @ManyToOne(() => OrganEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organ_id', foreignKeyConstraintName: 'case_event_organ_fk' })
  organ?: OrganEntity;

  /** 1 for REGISTER, then +1 per event; equals the case version after the event. */
  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'text' })
  action: CaseAction;

  /** Legal date of the act (China calendar day). */
  @Column({ type: 'date' })
  occurredOn: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  recordedAt: Date;

  /** The API key that recorded it (null for the loader and other system actors, named in actorName). */
  @Column({ type: 'uuid', nullable: true })
  actorKeyId: string | null;

  @Column({ type: 'text' })
  actorName: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  actorRoles: string[];

  @Column({ type: 'text', nullable: true })
  stateBefore: CaseState | null;

  @Column({ type: 'text' })
  stateAfter: CaseState;

  @Column({ type: 'text', nullable: true })
  legalBasis: string | null;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** UNDO events: the seq of the event reverted. */
  @Column({ type: 'int', nullable: true })
  undoesSeq: number | null;
}
