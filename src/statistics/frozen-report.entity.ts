import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganEntity } from '../organs/organ.entity';

/**
 * A report as published: figures, sentence, the parameters and template that produced them, who froze it and when.
 * Later edits to cases never change it (the database refuses UPDATE and DELETE); `compare=true` recomputes it fresh
 * and shows the differences (a restatement).
 */
@Entity('frozen_report')
@Index('frozen_report_organ_created', ['organId', 'createdAt'])
export class FrozenReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organId: string;

  @ManyToOne(() => OrganEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organ_id', foreignKeyConstraintName: 'frozen_report_organ_fk' })
  organ?: OrganEntity;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'jsonb' })
  parameters: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  figures: Record<string, unknown>;

  @Column({ type: 'text' })
  sentence: string;

  @Column({ type: 'jsonb' })
  template: Record<string, unknown>;

  /** Identifies the definitions used (tally.ts), so a later change of formula is visible in a comparison. */
  @Column({ type: 'text' })
  definitionsVersion: string;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId: string | null;

  @Column({ type: 'text' })
  createdByName: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
