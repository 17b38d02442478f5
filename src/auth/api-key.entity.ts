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

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdByKeyId: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
