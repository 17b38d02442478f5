import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OrganEntity } from '../organs/organ.entity';
import type { ReportTemplateData } from './report-template';

/** An organ's report sentence template (absent: the built-in Taiqian form, DEFAULT_REPORT_TEMPLATE). */
@Entity('report_template')
export class ReportTemplateEntity {
  @PrimaryColumn({ type: 'uuid' })
  organId: string;

  @ManyToOne(() => OrganEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organ_id', foreignKeyConstraintName: 'report_template_organ_fk' })
  organ?: OrganEntity;

  @Column({ type: 'jsonb' })
  data: ReportTemplateData;

  @Column({ type: 'text' })
  updatedBy: string;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
