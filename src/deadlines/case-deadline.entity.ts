import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CaseEntity } from '../cases/case.entity';
import type { ClockName } from '../workflow/clocks';

/**
 * The stored due date of one clock of one case, recomputed in the same transaction as every action that moves its
 * anchors, and for all open cases when the calendar changes. The work queues read this table through a partial
 * index over open clocks, instead of computing every case in JavaScript per request.
 */
@Entity('case_deadline')
// In the work queues' order (deadline.repository.ts queue), so that a page is a top-N index scan.
@Index('case_deadline_open_due', ['organId', 'dueOn', 'caseId', 'clock'], { where: 'open' })
@Index('case_deadline_calendar_missing', ['organId'], { where: 'calendar_missing' })
// The cases a calendar edit must recompute because of a provisional date (deadline.repository.ts openCaseIds).
@Index('case_deadline_provisional', ['caseId'], { where: 'provisional' })
export class CaseDeadlineEntity {
  @PrimaryColumn({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_deadline_case_fk' })
  case?: CaseEntity;

  @PrimaryColumn({ type: 'text' })
  clock: ClockName;

  @Column({ type: 'uuid' })
  organId: string;

  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'date', nullable: true })
  metOn: string | null;

  /** Awaiting its act (RUNNING, or MISSED without the act): what OVERDUE / DUE_SOON list. */
  @Column({ type: 'boolean' })
  open: boolean;

  @Column({ type: 'boolean', default: false })
  calendarMissing: boolean;

  /**
   * The due date was computed from the provisional calendar of 《全国年节及纪念日放假办法》 for a year whose State
   * Council notice is not loaded (Clock.provisional); loading the notice recomputes it.
   */
  @Column({ type: 'boolean', default: false })
  provisional: boolean;

  @Column({ type: 'text' })
  legalBasis: string;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  computedAt: Date;
}
