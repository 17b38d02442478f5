import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganLevel } from '../code-lists/code-lists';

/**
 * A reconsideration organ (行政复议机关, e.g. 台前县人民政府) with its office. Several organs can share a deployment
 * (DESIGN §3): case numbers, templates and statistics are per organ.
 */
@Entity('organ')
export class OrganEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Short stable code used in configuration and URLs, e.g. TAIQIAN. */
  @Index('organ_code_unique', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  /** The office that handles cases (行政复议机构), recorded separately from the organ. */
  @Column({ type: 'text' })
  officeName: string;

  /** GB/T 9704-style case number template; {year} and {seq} are filled in, e.g. 台政复〔{year}〕{seq}号. */
  @Column({ type: 'text' })
  caseNumberTemplate: string;

  /**
   * The organ's level (ORGAN_LEVELS): a county, city or provincial people's government, or a department. Decides which
   * respondents it is competent for (L23 24–28); registration warns on an L23 27 respondent named for a government.
   */
  @Column({ type: 'text', default: 'COUNTY' })
  level: OrganLevel;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
