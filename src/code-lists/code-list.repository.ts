import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ExtensibleCodeList } from './code-lists';

/** A row of code_list_code (migrations/1796820000000-CodeListCodes.ts). */
export interface CodeListCodeRow {
  list: ExtensibleCodeList;
  code: string;
  /** NULL for a built-in code (its label is the release's); the label of an extension. */
  label_zh: string | null;
  active: boolean;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export interface ListCode {
  list: ExtensibleCodeList;
  code: string;
}

const COLUMNS = 'list, code, label_zh, active, created_by, created_at, updated_by, updated_at';

/**
 * SQL of the deployment's codes. The advisory locks serialise a change of a code with the writes that use it: a
 * case write holds the code's lock shared from its check to its commit, a change holds it exclusively from its check
 * of the cases to its commit, so no case can start using a code between "no case uses it" and its deletion.
 * The two-key form keeps these locks apart from the one-key advisory locks elsewhere (migrations, jobs).
 */
@Injectable()
export class CodeListRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  all(m: EntityManager = this.dataSource.manager): Promise<CodeListCodeRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM code_list_code ORDER BY list, created_at, code`);
  }

  async find(m: EntityManager, key: ListCode): Promise<CodeListCodeRow | undefined> {
    const rows: CodeListCodeRow[] = await m.query(
      `SELECT ${COLUMNS} FROM code_list_code WHERE list = $1 AND code = $2`,
      [key.list, key.code],
    );
    return rows[0];
  }

  findMany(keys: readonly ListCode[], m: EntityManager = this.dataSource.manager): Promise<CodeListCodeRow[]> {
    if (keys.length === 0) {
      return Promise.resolve([]);
    }
    return m.query(
      `SELECT ${COLUMNS} FROM code_list_code
        WHERE (list, code) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((k) => k.list), keys.map((k) => k.code)],
    );
  }

  /** Another code of the list with this label (extensions only: built-in labels are checked against the release). */
  async labelTaken(m: EntityManager, key: ListCode, labelZh: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM code_list_code WHERE list = $1 AND label_zh = $2 AND code <> $3`,
      [key.list, labelZh, key.code],
    );
    return rows.length > 0;
  }

  async upsert(
    m: EntityManager,
    row: ListCode & { labelZh: string | null; active: boolean; actor: string },
  ): Promise<CodeListCodeRow> {
    const rows: CodeListCodeRow[] = await m.query(
      `INSERT INTO code_list_code (list, code, label_zh, active, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (list, code) DO UPDATE
         SET label_zh = EXCLUDED.label_zh, active = EXCLUDED.active, updated_by = EXCLUDED.updated_by,
             updated_at = now()
       RETURNING ${COLUMNS}`,
      [row.list, row.code, row.labelZh, row.active, row.actor],
    );
    return rows[0]!;
  }

  async delete(m: EntityManager, key: ListCode): Promise<void> {
    await m.query(`DELETE FROM code_list_code WHERE list = $1 AND code = $2`, [key.list, key.code]);
  }

  /**
   * A case write's locks on the codes it stores, until its transaction ends. Shared locks never wait for one another,
   * and a change holds one code's lock only, so their order cannot deadlock. The codes are read by a later statement,
   * whose snapshot is taken after the locks are granted.
   */
  async lockShared(m: EntityManager, keys: readonly ListCode[]): Promise<void> {
    if (keys.length === 0) {
      return;
    }
    await m.query(
      `SELECT pg_advisory_xact_lock_shared(hashtext('code_list_code'), hashtext(l || ':' || c))
         FROM unnest($1::text[], $2::text[]) AS k(l, c)`,
      [keys.map((k) => k.list), keys.map((k) => k.code)],
    );
  }

  /** A change's lock on one code, until its transaction ends. */
  async lockExclusive(m: EntityManager, key: ListCode): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('code_list_code'), hashtext($1 || ':' || $2))`, [
      key.list,
      key.code,
    ]);
  }
}
