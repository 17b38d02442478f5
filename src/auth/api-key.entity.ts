import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role, Scope } from './roles';

/**
 * An API key. Only the SHA-256 of the key is stored: keys are 256-bit random secrets, so a slow password hash adds
 * nothing against brute force and would cost every request. Revoked keys are kept (revoked_at) because case history
 * names the key that acted.
 */
@Entity('api_key')
@Check(
  'api_key_roles_valid',
  `cardinality(roles) > 0 AND roles <@ ARRAY['ADMIN','SUPERVISOR','OFFICER','CLERK','REPORTER','INTEGRATION','AUDITOR']::text[]`,
)
@Check('api_key_organ_ids_not_empty', `organ_ids IS NULL OR cardinality(organ_ids) > 0`)
@Index('api_key_active_name_unique', ['name'], { unique: true, where: 'revoked_at IS NULL' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** First characters of the key, shown in listings so that people can tell keys apart. */
  @Column({ type: 'text' })
  prefix: string;

  @Index('api_key_secret_hash_unique', { unique: true })
  @Column({ type: 'char', length: 64 })
  secretHash: string;

  @Column({ type: 'text', array: true })
  roles: Role[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes: Scope[];

  /**
   * The organs whose cases the key may see and change (organ scope, src/auth/organ-scope.ts); NULL = every organ.
   * Never empty (a check), so "no restriction" has one spelling. Read only by authenticate(), which expands it into
   * Actor.organIds; enforcement reads the Actor, never this column. Not a foreign key (arrays cannot be): creation
   * checks that each organ exists, and organs are never deleted.
   */
  @Column({ type: 'uuid', array: true, nullable: true })
  organIds: string[] | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
