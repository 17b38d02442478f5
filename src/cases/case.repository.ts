import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { andWhereOrganInScope } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { CursorPosition } from '../common/http/pagination';
import type { ExtensibleCodeList } from '../code-lists/code-lists';
import { insertRows } from '../database/insert-rows';
import { preparedQuery } from '../database/prepared-query';
import { columnsSetBy, rowJson, rowMapper } from '../database/row-json';
import { composeStatement, WriteStep } from '../database/write-statement';
import { caseNumberSql } from '../organs/case-number-template';
import { CaseEntity } from './case.entity';
import type { CaseSort, ListCasesQuery } from './case.dto';

/** Single characters and bigrams of each name, lower-cased and without spaces (see CaseEntity.applicantNameGrams). */
export function nameGrams(names: string[]): string[] {
  const grams = new Set<string>();
  for (const raw of names) {
    const chars = [...raw.toLowerCase().replace(/\s+/g, '')];
    chars.forEach((c, i) => {
      grams.add(c);
      if (i + 1 < chars.length) {
        grams.add(c + chars[i + 1]);
      }
    });
  }
  return [...grams].sort();
}

/** The grams a name query must all match: its bigrams, or the single character of a one-character query. */
export function queryGrams(query: string): string[] {
  const chars = [...query.toLowerCase().replace(/\s+/g, '')];
  if (chars.length <= 1) {
    return chars;
  }
  return [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))];
}

const FIND_BY_ID = 'SELECT * FROM reconsideration_case WHERE id = $1';

/** The projection column of each extensible code list. */
const CODE_COLUMNS: Record<ExtensibleCodeList, string> = {
  RESPONDENT_KINDS: 'respondent_kind',
  ACT_CATEGORIES: 'act_category',
  MANAGEMENT_DOMAINS: 'management_domain',
};

const SORT_COLUMNS: Record<CaseSort, { column: string; direction: 'ASC' | 'DESC'; cast: string }> = {
  '-receivedOn': { column: 'c.received_on', direction: 'DESC', cast: 'date' },
  receivedOn: { column: 'c.received_on', direction: 'ASC', cast: 'date' },
  '-updatedAt': { column: 'c.updated_at', direction: 'DESC', cast: 'timestamptz' },
  updatedAt: { column: 'c.updated_at', direction: 'ASC', cast: 'timestamptz' },
};

/** Columns the commit statement sets itself, never from the entity's values. */
const SET_BY_STATEMENT = new Set(['id', 'version', 'created_at', 'updated_at', 'sequence', 'case_number']);

@Injectable()
export class CaseRepository {
  /** Rows of `SELECT *` as entities, by the entity's metadata (no query builder, no TypeORM hydration). */
  readonly toEntity: (row: Record<string, unknown>) => CaseEntity;

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.toEntity = rowMapper(dataSource, CaseEntity);
  }

  /** Next gap-free number for (organ, year); the row stays locked until the registration commits or rolls back. */
  async nextSequence(manager: EntityManager, organId: string, year: number): Promise<number> {
    const rows: Array<{ last_seq: number }> = await manager.query(
      `INSERT INTO case_number_sequence (organ_id, year, last_seq) VALUES ($1, $2, 1)
       ON CONFLICT (organ_id, year) DO UPDATE SET last_seq = case_number_sequence.last_seq + 1
       RETURNING last_seq`,
      [organId, year],
    );
    return rows[0]!.last_seq;
  }

  /**
   * Numbers for historical cases of one organ and year (issue 12): `claims` are the sequences of ledger numbers the
   * organ's template renders, which are kept where no case has them yet; `unnumbered` more are taken after every
   * number in use, for the rows without a ledger number and the claims already taken. The counter moves past all of
   * them in one statement, so later registrations continue after the ledger's last number; its row stays locked
   * until the batch commits.
   */
  async takeSequences(
    manager: EntityManager,
    organId: string,
    year: number,
    claims: readonly number[],
    unnumbered: number,
  ): Promise<{ taken: Set<number>; next: number[] }> {
    const rows: Array<{ sequence: number }> =
      claims.length === 0
        ? []
        : await manager.query(
            `SELECT sequence FROM reconsideration_case
              WHERE organ_id = $1 AND received_year = $2 AND sequence = ANY($3::int[])`,
            [organId, year, claims],
          );
    const taken = new Set(rows.map((r) => r.sequence));
    const highestClaim = Math.max(0, ...claims.filter((c) => !taken.has(c)));
    const count = unnumbered + claims.filter((c) => taken.has(c)).length;
    const counter: Array<{ last_seq: number }> = await manager.query(
      `INSERT INTO case_number_sequence (organ_id, year, last_seq) VALUES ($1, $2, $3::int + $4::int)
       ON CONFLICT (organ_id, year) DO UPDATE SET last_seq = greatest(case_number_sequence.last_seq, $3::int) + $4::int
       RETURNING last_seq`,
      [organId, year, highestClaim, count],
    );
    const last = counter[0]!.last_seq;
    return { taken, next: Array.from({ length: count }, (_, i) => last - count + i + 1) };
  }

  /**
   * Historical cases of one import job, in one statement per few thousand rows. They are added to statistics_rollup
   * by addToRollup in the same transaction, not by the per-row trigger (migration RollupForImportBatches: the
   * transaction-local setting reconsideration.rollup_batch names the job whose rows the trigger leaves alone).
   */
  async insertImported(manager: EntityManager, importId: string, rows: readonly Partial<CaseEntity>[]): Promise<void> {
    await manager.query(`SELECT set_config('reconsideration.rollup_batch', $1, true)`, [importId]);
    await insertRows(manager, CaseEntity, rows);
  }

  /** statistics_rollup gains the cases named (inserted by insertImported), set-based; call it last, before commit. */
  async addToRollup(manager: EntityManager, caseIds: readonly string[]): Promise<void> {
    await manager.query('SELECT statistics_rollup_add($1::uuid[])', [caseIds]);
  }

  async insert(manager: EntityManager, entity: Partial<CaseEntity>): Promise<CaseEntity> {
    const repo = manager.getRepository(CaseEntity);
    return repo.save(repo.create(entity));
  }

  /** GET /v1/cases/{id}'s one statement: prepared, mapped without hydration (issue 18 pt 2). */
  async findById(id: string, manager?: EntityManager): Promise<CaseEntity | null> {
    const rows = await preparedQuery(manager ?? this.dataSource.manager, FIND_BY_ID, [id]);
    return rows[0] ? this.toEntity(rows[0]) : null;
  }

  /**
   * How many cases, of every organ, store `code` in the column of `list` (issue 11 pt 9: a code cases use is not
   * deleted or retired). Served by the column's index (case_respondent_kind …).
   */
  async countUsingCode(manager: EntityManager, list: ExtensibleCodeList, code: string): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM reconsideration_case WHERE ${CODE_COLUMNS[list]} = $1`,
      [code],
    );
    return rows[0]?.n ?? 0;
  }

  /** Row lock for the duration of the action's transaction: concurrent actions on one case queue here. */
  async lockById(manager: EntityManager, id: string): Promise<CaseEntity | null> {
    const rows = await preparedQuery(manager, `${FIND_BY_ID} FOR UPDATE`, [id]);
    return rows[0] ? this.toEntity(rows[0]) : null;
  }

  /** The same lock, skipping a case another transaction holds (a background job comes back to it next time). */
  lockByIdSkipLocked(manager: EntityManager, id: string): Promise<CaseEntity | null> {
    return manager
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('c.id = :id', { id })
      .getOne();
  }

  /**
   * Cases still awaiting the outcome of their acceptance review that was received before `receivedBefore`, in id
   * order after `afterId` (served by case_state_received). The caller checks each one with the calendar.
   */
  async awaitingAcceptanceReview(
    receivedBefore: string,
    untouchedForSeconds: number,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM reconsideration_case
        WHERE state = 'RECEIVED' AND received_on < $1 AND updated_at < now() - make_interval(secs => $2)
          AND ($3::uuid IS NULL OR id > $3::uuid)
        ORDER BY id LIMIT $4`,
      [receivedBefore, untouchedForSeconds, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Writes the new projection; the version condition is a second guard behind the row lock. Returns the stored
   * updated_at (the only column the database sets), so the caller needs no re-read.
   */
  async updateProjection(
    manager: EntityManager,
    id: string,
    expectedVersion: number,
    changes: Partial<CaseEntity>,
  ): Promise<Date> {
    const result = await manager
      .createQueryBuilder()
      .update(CaseEntity)
      .set({ ...changes, version: expectedVersion + 1 })
      .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
      .returning('updated_at')
      .execute();
    const raw = result.raw as Array<{ updated_at: Date }>;
    if (result.affected !== 1 || raw.length !== 1) {
      throw new Error(`case ${id} changed under a row lock (version ${expectedVersion}); this should be impossible`);
    }
    return raw[0]!.updated_at;
  }

  /**
   * The new projection as the first step of a commit statement (`act_case`: composeStatement), written only if the
   * case is still at `expectedVersion`: under the row lock it always is; without one (an action's optimistic path)
   * a concurrent change leaves act_case empty and the statement writes nothing. RETURNING the columns the database
   * sets.
   */
  updateStep(id: string, expectedVersion: number, changes: Partial<CaseEntity>): WriteStep {
    const columns = columnsSetBy(this.dataSource.getMetadata(CaseEntity).columns, changes).filter(
      (c) => !SET_BY_STATEMENT.has(c.databaseName),
    );
    return {
      sql: `UPDATE reconsideration_case c
               SET ${columns.map((c) => `"${c.databaseName}" = r."${c.databaseName}"`).join(', ')},
                   version = c.version + 1, updated_at = now()
              FROM jsonb_populate_record(NULL::reconsideration_case, $2::jsonb) r
             WHERE c.id = $1 AND c.version = $3
         RETURNING c.updated_at, c.case_number`,
      params: [id, JSON.stringify(rowJson(columns, changes)), expectedVersion],
    };
  }

  /**
   * A registration's case as the first steps of its commit statement: `act_seq` takes the next gap-free number of
   * (organ, year) and `act_case` writes the case with it, the number rendered from the organ's template in SQL. The
   * sequence row is locked from this statement to the commit, one round trip (issue 18 pt 1); before, it was held
   * across every statement of the registration.
   */
  insertSteps(
    entity: Partial<CaseEntity>,
    numbering: { organId: string; year: number; template: string },
  ): Array<{ name: string; step: WriteStep }> {
    const columns = columnsSetBy(this.dataSource.getMetadata(CaseEntity).columns, entity).filter(
      (c) => !SET_BY_STATEMENT.has(c.databaseName) || c.databaseName === 'id' || c.databaseName === 'version',
    );
    const params: unknown[] = [JSON.stringify(rowJson(columns, entity))];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const number = caseNumberSql(numbering.template, numbering.year, 's.last_seq', param);
    const names = columns.map((c) => `"${c.databaseName}"`);
    return [
      {
        name: 'act_seq',
        step: {
          sql: `INSERT INTO case_number_sequence (organ_id, year, last_seq) VALUES ($1, $2, 1)
                ON CONFLICT (organ_id, year) DO UPDATE SET last_seq = case_number_sequence.last_seq + 1
                RETURNING last_seq`,
          params: [numbering.organId, numbering.year],
        },
      },
      {
        name: 'act_case',
        step: {
          sql: `INSERT INTO reconsideration_case (${names.join(', ')}, sequence, case_number)
                SELECT ${names.map((n) => `r.${n}`).join(', ')}, s.last_seq, ${number}
                  FROM jsonb_populate_record(NULL::reconsideration_case, $1::jsonb) r, act_seq s
                RETURNING *`,
          params,
        },
      },
    ];
  }

  /**
   * An act's writes as ONE statement (issue 18 pt 1): the case's steps (`act_case`, first), its event (`act_event`)
   * and the subscribers' steps (stored clocks, the outbox row, sealed values). Returns the case's columns as
   * act_case returned them, with the event's `act_event_id` and `act_event_recorded_at`; undefined when act_case
   * wrote nothing (the version had moved), and then nothing at all was written.
   */
  async commit(
    manager: EntityManager,
    caseSteps: ReadonlyArray<{ name: string; step: WriteStep }>,
    eventStep: WriteStep,
    steps: readonly WriteStep[],
  ): Promise<Record<string, unknown> | undefined> {
    const statement = composeStatement(
      [...caseSteps, { name: 'act_event', step: eventStep }, ...steps.map((step, i) => ({ name: `act_w${i}`, step }))],
      {
        sql: 'SELECT c.*, e.id::text AS act_event_id, e.recorded_at AS act_event_recorded_at FROM act_case c, act_event e',
        params: [],
      },
    );
    const rows = await preparedQuery(manager, statement.text, statement.values);
    return rows[0];
  }

  /** The clear-name search columns (rectified names, or emptied by an erasure: PIPL 46, 47). */
  async setApplicantNameColumns(m: EntityManager, id: string, names: string, grams: string[]): Promise<void> {
    await m.query(
      `UPDATE reconsideration_case SET applicant_names = $2, applicant_name_grams = $3::text[] WHERE id = $1`,
      [id, names, grams],
    );
  }

  /**
   * Search; only cases of the caller's organs (organ scope, in SQL so that pages are full and cursors hold).
   * `onlyIds`: the cases an ID-number search found in the vault (PersonalDataVault.casesWithIdNumber).
   */
  async list(
    query: ListCasesQuery,
    after: CursorPosition | undefined,
    actor: Pick<Actor, 'organIds'>,
    onlyIds?: readonly string[],
  ): Promise<CaseEntity[]> {
    const sort = SORT_COLUMNS[query.sort];
    const qb = this.dataSource.getRepository(CaseEntity).createQueryBuilder('c');
    andWhereOrganInScope(qb, actor, 'c.organ_id');
    if (onlyIds) {
      qb.andWhere('c.id = ANY(:onlyIds::uuid[])', { onlyIds });
    }
    const eq: Array<[keyof ListCasesQuery, string]> = [
      ['state', 'c.state'],
      ['outcome', 'c.outcome'],
      ['legalRegime', 'c.legal_regime'],
      ['organId', 'c.organ_id'],
      ['importId', 'c.import_id'],
      ['respondentKind', 'c.respondent_kind'],
      ['respondentName', 'c.respondent_name'],
      ['actCategory', 'c.act_category'],
      ['managementDomain', 'c.management_domain'],
      ['caseNumber', 'c.case_number'],
    ];
    eq.forEach(([param, column], i) => {
      const value = query[param];
      if (value !== undefined) {
        qb.andWhere(`${column} = :eq${i}`, { [`eq${i}`]: value });
      }
    });
    if (query.receivedFrom) {
      qb.andWhere('c.received_on >= :receivedFrom', { receivedFrom: query.receivedFrom });
    }
    if (query.receivedTo) {
      qb.andWhere('c.received_on <= :receivedTo', { receivedTo: query.receivedTo });
    }
    if (query.decidedFrom) {
      qb.andWhere('c.decided_on >= :decidedFrom', { decidedFrom: query.decidedFrom });
    }
    if (query.decidedTo) {
      qb.andWhere('c.decided_on <= :decidedTo', { decidedTo: query.decidedTo });
    }
    if (query.applicantName) {
      // GIN lookup on the grams narrows the rows; the substring test makes the match exact.
      qb.andWhere('c.applicant_name_grams @> :grams::text[]', { grams: queryGrams(query.applicantName) });
      // Spaces are ignored on both sides, as in the grams ('张 三' finds 张三).
      qb.andWhere(`strpos(regexp_replace(lower(c.applicant_names), '\\s', '', 'g'), :needle) > 0`, {
        needle: query.applicantName.toLowerCase().replace(/\s+/g, ''),
      });
    }
    if (query.handler) {
      qb.andWhere('c.handler_names @> ARRAY[:handler]::text[]', { handler: query.handler });
    }
    if (after) {
      const op = sort.direction === 'DESC' ? '<' : '>';
      qb.andWhere(`(${sort.column}, c.id) ${op} (:sortValue::${sort.cast}, :afterId::uuid)`, {
        sortValue: after.sortValue,
        afterId: after.id,
      });
    }
    return qb
      .orderBy(sort.column, sort.direction)
      .addOrderBy('c.id', sort.direction)
      .limit(query.limit + 1)
      .getMany();
  }
}
