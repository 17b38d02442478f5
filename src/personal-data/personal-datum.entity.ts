import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { CaseEntity } from '../cases/case.entity';
import { OrganEntity } from '../organs/organ.entity';

/**
 * The personal-data vault: one encrypted personal value (a name, ID number, phone, address …) of one case.
 *
 * Case rows, events and idempotency records hold only the reference `pd:<id>`; the value lives here, sealed with
 * AES-256-GCM (PIPL 51(3) encryption; 数据安全法 27). Because case_event is append-only, rectification (PIPL 46)
 * re-seals this row and erasure (PIPL 47) crypto-shreds it — clears the ciphertext, the key id and the blind index —
 * while the history that refers to it stays as it was.
 */
@Entity('personal_datum')
// Erased ⇔ no ciphertext: a live row always has both its ciphertext and the key that sealed it.
@Check('personal_datum_sealed_unless_erased', `(erased_at IS NULL) = (sealed IS NOT NULL AND key_id IS NOT NULL)`)
// The blind index is a keyed hash of the value, so it identifies the person too: erasure removes it as well.
@Check('personal_datum_erased_has_no_index', `erased_at IS NULL OR blind_index IS NULL`)
// iv (12) ‖ GCM tag (16) ‖ ciphertext: anything shorter is not a sealed value.
@Check('personal_datum_sealed_length', `sealed IS NULL OR octet_length(sealed) >= 28`)
@Check('personal_datum_key_id_valid', `key_id IS NULL OR key_id ~ '^[A-Za-z0-9_-]{1,32}$'`)
@Index('personal_datum_case', ['caseId'])
// Exact search by ID number (and any other indexed field): WHERE field = $1 AND blind_index = $2.
@Index('personal_datum_blind_index', ['field', 'blindIndex'], { where: 'blind_index IS NOT NULL' })
// `npm run rotate-key` finds the rows sealed under other keys than the current one.
@Index('personal_datum_key', ['keyId'])
export class PersonalDatumEntity {
  /** The uuid of the reference `pd:<id>`, made by the application (randomUUID) so the reference exists before the row. */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'personal_datum_pk' })
  id: string;

  @Column({ type: 'uuid' })
  organId: string;

  // Deferred: a registration may write its vault rows before the case row in the same transaction.
  @ManyToOne(() => OrganEntity, { onDelete: 'RESTRICT', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'organ_id', foreignKeyConstraintName: 'personal_datum_organ_fk' })
  organ?: OrganEntity;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'personal_datum_case_fk' })
  case?: CaseEntity;

  /** Which field the value is, e.g. 'name', 'idNumber', 'phone', 'address', 'sex', 'legalRepresentative'. */
  @Column({ type: 'text' })
  field: string;

  /** The key that sealed it (an id from PERSONAL_DATA_KEYS or the key file); null once erased. */
  @Column({ type: 'text', nullable: true })
  keyId: string | null;

  /** iv (12 bytes) ‖ GCM tag (16 bytes) ‖ ciphertext, with the row id as additional data; null once erased. */
  @Column({ type: 'bytea', nullable: true })
  sealed: Buffer | null;

  /** HMAC-SHA256 of `${field}\0${normalised value}` under PERSONAL_DATA_INDEX_KEY, for exact search; else null. */
  @Column({ type: 'bytea', nullable: true })
  blindIndex: Buffer | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  /** When the value was crypto-shredded (PIPL 47); null while it is held. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  erasedAt: Date | null;
}
