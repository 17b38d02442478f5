import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganLevel } from '../code-lists/code-lists';

/**
 * A reconsideration organ (行政复议机关, e.g. 台前县人民政府) with its office. Several organs can share a deployment
 * (DESIGN §3): case numbers, templates and calendars are per organ. Organs form a hierarchy (a city above its districts
 * and counties, issue 11 pt 8) that statistics can count over (scope=DESCENDANTS); it changes nothing else.
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
   * How this organ's case ledger (台账) names its columns: zh-CN header → ledger field (issue 12, PUT
   * /v1/organs/{id}/ledger-mapping); null: the default mapping (src/imports/ledger/ledger-mapping.ts).
   */
  @Column({ type: 'jsonb', nullable: true })
  ledgerMapping: Record<string, string> | null;

  /**
   * The organ's level (ORGAN_LEVELS): a county, city or provincial people's government, or a department. Decides which
   * respondents it is competent for (L23 24–28); registration warns on an L23 27 respondent named for a government.
   */
  @Column({ type: 'text', default: 'COUNTY' })
  level: OrganLevel;

  /**
   * The organ above this one (a city above a district or county), or null at the top. Never a cycle: the trigger
   * organ_hierarchy_acyclic (migration OrganHierarchy) refuses a parent that is the organ itself or one below it.
   */
  @Index('organ_parent')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => OrganEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'organ_parent_fk' })
  parent?: OrganEntity;

  /**
   * The first day from which every case of the organ is in the service; null: all of its history is. 同比 with a
   * comparison period that starts before it uses a declared baseline, or says the data is incomplete
   * (src/statistics/baseline.ts).
   */
  @Column({ type: 'date', nullable: true })
  caseDataFrom: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
