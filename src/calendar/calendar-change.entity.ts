import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Audit of calendar edits and of how many open cases' due dates they changed. */
@Entity('calendar_change')
export class CalendarChangeEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'text' })
  changedBy: string;

  @Column({ type: 'int' })
  recomputedCases: number;

  @Column({ type: 'int' })
  changedCases: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  changedAt: Date;
}
