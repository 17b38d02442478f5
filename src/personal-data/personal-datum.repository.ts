import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import type { WriteStep } from '../database/write-statement';
import type { PersonalValueKind } from './personal-values';

export interface SealedRow {
  id: string;
  organId: string;
  caseId: string;
  field: PersonalValueKind;
  keyId: string;
  sealed: Buffer;
  blindIndex: Buffer | null;
}

export interface StoredRow {
  id: string;
  organId: string;
  caseId: string;
  field: PersonalValueKind;
  keyId: string | null;
  sealed: Buffer | null;
}

/** SQL of personal_datum (the vault); the cipher never sees SQL and this never sees plaintext. */
@Injectable()
export class PersonalDatumRepository {
  async insert(m: EntityManager, rows: readonly SealedRow[]): Promise<void> {
    // 7 parameters a row: 9,000 rows stay under PostgreSQL's 65,535 parameters of one statement.
    for (let start = 0; start < rows.length; start += 9000) {
      const values: unknown[] = [];
      const tuples = rows.slice(start, start + 9000).map((r, i) => {
        values.push(r.id, r.organId, r.caseId, r.field, r.keyId, r.sealed, r.blindIndex);
        const b = i * 7;
        return `($${b + 1}::uuid, $${b + 2}::uuid, $${b + 3}::uuid, $${b + 4}, $${b + 5}, $${b + 6}::bytea, $${b + 7}::bytea)`;
      });
      await m.query(
        `INSERT INTO personal_datum (id, organ_id, case_id, field, key_id, sealed, blind_index) VALUES ${tuples.join(', ')}`,
        values,
      );
    }
  }

  /**
   * The same rows as a step of a case's commit statement (composeStatement): written only if the case was
   * (`act_case`), in the statement that writes the case and its event.
   */
  insertStep(rows: readonly SealedRow[]): WriteStep {
    return {
      sql: `INSERT INTO personal_datum (id, organ_id, case_id, field, key_id, sealed, blind_index)
            SELECT r.id, r.organ_id, r.case_id, r.field, r.key_id, decode(r.sealed, 'hex'), decode(r.blind_index, 'hex')
              FROM jsonb_to_recordset($1::jsonb)
                AS r(id uuid, organ_id uuid, case_id uuid, field text, key_id text, sealed text, blind_index text)
             WHERE EXISTS (SELECT 1 FROM act_case)`,
      params: [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            organ_id: r.organId,
            case_id: r.caseId,
            field: r.field,
            key_id: r.keyId,
            sealed: r.sealed.toString('hex'),
            blind_index: r.blindIndex ? r.blindIndex.toString('hex') : null,
          })),
        ),
      ],
    };
  }

  async findByIds(m: EntityManager, ids: readonly string[]): Promise<StoredRow[]> {
    if (ids.length === 0) {
      return [];
    }
    const rows: Array<{
      id: string;
      organ_id: string;
      case_id: string;
      field: PersonalValueKind;
      key_id: string | null;
      sealed: Buffer | null;
    }> = await preparedQuery(
      m,
      `SELECT id, organ_id, case_id, field, key_id, sealed FROM personal_datum WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => ({
      id: r.id,
      organId: r.organ_id,
      caseId: r.case_id,
      field: r.field,
      keyId: r.key_id,
      sealed: r.sealed,
    }));
  }

  async caseIdsByBlindIndex(m: EntityManager, field: PersonalValueKind, index: Buffer): Promise<string[]> {
    const rows: Array<{ case_id: string }> = await m.query(
      `SELECT DISTINCT case_id FROM personal_datum WHERE field = $1 AND blind_index = $2 AND erased_at IS NULL`,
      [field, index],
    );
    return rows.map((r) => r.case_id);
  }

  /** False when the row is erased (or missing): an erased value stays erased (PIPL 47). */
  async reseal(
    m: EntityManager,
    id: string,
    keyId: string,
    sealed: Buffer,
    blindIndex: Buffer | null,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `WITH resealed AS (
         UPDATE personal_datum SET key_id = $2, sealed = $3, blind_index = $4, updated_at = now()
          WHERE id = $1 AND erased_at IS NULL RETURNING id)
       SELECT id FROM resealed`,
      [id, keyId, sealed, blindIndex],
    );
    return rows.length === 1;
  }

  async eraseCase(m: EntityManager, caseId: string): Promise<number> {
    // A CTE makes it a SELECT for the driver, which then returns the rows (an UPDATE returns [rows, count]).
    const rows: unknown[] = await m.query(
      `WITH erased AS (
         UPDATE personal_datum SET key_id = NULL, sealed = NULL, blind_index = NULL, erased_at = now(), updated_at = now()
          WHERE case_id = $1 AND erased_at IS NULL RETURNING id)
       SELECT id FROM erased`,
      [caseId],
    );
    return rows.length;
  }
}
