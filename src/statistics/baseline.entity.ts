import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganEntity } from '../organs/organ.entity';
import type { BaselineBreakdowns, BaselineFigures, BaselineRateBases, BaselineRates } from './baseline';

/**
 * Published figures of an organ for a period, declared by a report writer (issue 11 pt 5): the 同比 comparison uses
 * them where the organ's case data of that period is incomplete (baseline.ts). Append-only, like a frozen report: the
 * database refuses UPDATE, DELETE and TRUNCATE (migration StatisticsBaselines); a replacement is a new row naming the
 * one it replaces, and the newest of an (organ, period) is the active one.
 */
@Entity('statistics_baseline')
@Check('statistics_baseline_period', '"period_from" <= "period_to"')
@Index('statistics_baseline_organ_period', ['organId', 'periodFrom', 'periodTo', 'createdAt'])
@Index('statistics_baseline_first', ['organId', 'periodFrom', 'periodTo'], {
  unique: true,
  where: 'supersedes IS NULL',
})
@Index('statistics_baseline_supersedes', ['supersedes'], { unique: true, where: 'supersedes IS NOT NULL' })
export class BaselineEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_statistics_baseline' })
  id: string;

  @Column({ type: 'uuid' })
  organId: string;

  @ManyToOne(() => OrganEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organ_id', foreignKeyConstraintName: 'statistics_baseline_organ_fk' })
  organ?: OrganEntity;

  @Column({ type: 'date' })
  periodFrom: string;

  @Column({ type: 'date' })
  periodTo: string;

  /** Published counts by figure name (COMPARED_FIGURES); a figure the report does not give is absent. */
  @Column({ type: 'jsonb' })
  figures: BaselineFigures;

  /** Published rates in percent (COMPARED_RATES), as printed (≤ 4 decimals). */
  @Column({ type: 'jsonb' })
  rates: BaselineRates;

  /** The bases the published rates were computed over, when the report says; {} when it does not. */
  @Column({ type: 'jsonb' })
  rateBases: BaselineRateBases;

  /** Published counts per code, each breakdown with the population it counts. */
  @Column({ type: 'jsonb' })
  breakdowns: BaselineBreakdowns;

  /** The report the figures come from: its title or document number (文号). */
  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text', nullable: true })
  sourceUrl: string | null;

  /** The baseline of the same organ and period this one replaces; null for the first. */
  @Column({ type: 'uuid', nullable: true })
  supersedes: string | null;

  @ManyToOne(() => BaselineEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supersedes', foreignKeyConstraintName: 'statistics_baseline_supersedes_fk' })
  superseded?: BaselineEntity;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId: string | null;

  @Column({ type: 'text' })
  createdByName: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
