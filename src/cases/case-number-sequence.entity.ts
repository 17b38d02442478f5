import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganEntity } from '../organs/organ.entity';

/**
 * The last case number issued per organ and year of receipt. Incremented inside the registration transaction
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING), so the row lock serialises concurrent registrations and a rolled-back
 * registration gives its number back: numbers are gap-free.
 */
@Entity('case_number_sequence')
export class CaseNumberSequenceEntity {
  @PrimaryColumn({ type: 'uuid' })
  organId: string;

  @ManyToOne(() => OrganEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organ_id', foreignKeyConstraintName: 'case_number_sequence_organ_fk' })
  organ?: OrganEntity;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  lastSeq: number;
}
