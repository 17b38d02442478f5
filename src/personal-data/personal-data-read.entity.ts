import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What an audit row records (PIPL 51, 54; 数据安全法 27). */
export const AUDIT_KINDS = [
  /** A response that returned personal values in clear. */
  'READ',
  /** A case-list export with applicants' names in clear. */
  'EXPORT',
  /** PIPL 46: a personal value rectified by an ADMIN, with the reason. */
  'RECTIFY',
  /** PIPL 47: a case's personal values crypto-shredded by an ADMIN, with the reason. */
  'ERASE',
  /** The audit itself exported (who looked at who looked). */
  'AUDIT_EXPORT',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/**
 * PIPL 54:「个人信息处理者应当定期对其处理个人信息遵守法律、行政法规的情况进行合规审计」 — which needs a record of who
 * read whose data; PIPL 51 asks to 「防止未经授权的访问」.
 * The personal-data audit: one row per case per response that disclosed personal values in clear, and one per
 * rectification, erasure or audit export. Written in the same transaction as the read of the values (so no disclosure
 * goes unrecorded) and append-only: the database refuses UPDATE, DELETE and TRUNCATE (trigger in the migration), as
 * it does for case_event. The row names fields, never their values.
 */
@Entity('personal_data_read')
@Check('personal_data_read_kind_valid', `kind IN ('READ','EXPORT','RECTIFY','ERASE','AUDIT_EXPORT')`)
@Index('personal_data_read_case', ['caseId', 'id'])
@Index('personal_data_read_key', ['actorKeyId', 'id'])
@Index('personal_data_read_at', ['readAt', 'id'])
export class PersonalDataReadEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  readAt: Date;

  @Column({ type: 'text' })
  kind: AuditKind;

  /** The API key that read; null for a signed-on officer (actorSubject) or the service itself. */
  @Column({ type: 'uuid', nullable: true })
  actorKeyId: string | null;

  /** OIDC `iss#sub` of a signed-on officer. */
  @Column({ type: 'text', nullable: true })
  actorSubject: string | null;

  @Column({ type: 'text' })
  actorName: string;

  @Column({ type: 'text', array: true })
  actorRoles: string[];

  /** The X-Request-Id of the response (the same id is in the request log). */
  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @Column({ type: 'text' })
  method: string;

  /** The route pattern (/v1/cases/:id), never the query string: a query can hold a name or an ID number. */
  @Column({ type: 'text' })
  route: string;

  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  @Column({ type: 'uuid', nullable: true })
  organId: string | null;

  /** Which fields were disclosed, as paths without indexes: applicants[].idNumber, items[].applicants[].name … */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  fields: string[];

  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
