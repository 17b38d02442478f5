import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ImportCounts, ImportJobEntity, ImportStatus, ImportYearCounts } from './import-job.entity';
import type { LedgerProblem } from './ledger/ledger-record';

/** What the organ already has of the ledger's case numbers, and which rows an earlier import brought in. */
export interface ExistingCases {
  /** case number → the row hash of the import that brought it in (null: registered here, or another content). */
  byNumber: Map<string, string | null>;
  /** Row hashes of every historical case of the organ. */
  importedHashes: Set<string>;
}

@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(job: Partial<ImportJobEntity>): Promise<ImportJobEntity> {
    const repo = this.dataSource.getRepository(ImportJobEntity);
    return repo.save(repo.create(job));
  }

  findById(id: string): Promise<ImportJobEntity | null> {
    return this.dataSource.getRepository(ImportJobEntity).findOneBy({ id });
  }

  /** The file only when the job needs it (the list and the view never load it). */
  async file(id: string): Promise<Buffer | null> {
    const rows: Array<{ file: Buffer | null }> = await this.dataSource.query(
      'SELECT file FROM import_job WHERE id = $1',
      [id],
    );
    return rows[0]?.file ?? null;
  }

  list(organIds: readonly string[] | null, limit: number): Promise<ImportJobEntity[]> {
    const qb = this.dataSource
      .getRepository(ImportJobEntity)
      .createQueryBuilder('j')
      .select([
        'j.id',
        'j.organId',
        'j.source',
        'j.sha256',
        'j.status',
        'j.phase',
        'j.rowsTotal',
        'j.rowsDone',
        'j.counts',
        'j.statistics',
        'j.skipInvalid',
        'j.createdBy',
        'j.createdAt',
        'j.committedAt',
        'j.failure',
      ])
      .orderBy('j.created_at', 'DESC')
      .limit(limit);
    if (organIds !== null) {
      qb.where('j.organ_id = ANY(:organIds::uuid[])', { organIds });
    }
    return qb.getMany();
  }

  async progress(id: string, rowsDone: number, rowsTotal: number, phase: 'VALIDATE' | 'COMMIT'): Promise<void> {
    await this.dataSource.query(
      'UPDATE import_job SET rows_done = $2, rows_total = $3, phase = $4, heartbeat_at = now() WHERE id = $1',
      [id, rowsDone, rowsTotal, phase],
    );
  }

  /** The running instance's sign of life for a job (between progress updates, e.g. while a large file is read). */
  async heartbeat(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_job SET heartbeat_at = now() WHERE id = $1 AND status IN ('VALIDATING', 'COMMITTING')`,
      [id],
    );
  }

  async validated(id: string, counts: ImportCounts, problems: LedgerProblem[], statistics: ImportYearCounts[]) {
    await this.dataSource.query(
      `UPDATE import_job SET status = 'VALIDATED', counts = $2, problems = $3, statistics = $4, rows_done = rows_total
        WHERE id = $1 AND status = 'VALIDATING'`,
      [id, JSON.stringify(counts), JSON.stringify(problems), JSON.stringify(statistics)],
    );
  }

  /** VALIDATED → COMMITTING, once: false when another request got there first (or the job is not validated). */
  async startCommit(id: string, skipInvalid: boolean): Promise<boolean> {
    // Wrapped in a CTE: the statement then answers with the rows alone (a bare UPDATE … RETURNING answers
    // [rows, affected] through TypeORM).
    const rows: unknown[] = await this.dataSource.query(
      `WITH u AS (UPDATE import_job SET status = 'COMMITTING', skip_invalid = $2, phase = 'COMMIT', rows_done = 0
                   WHERE id = $1 AND status = 'VALIDATED' RETURNING id)
       SELECT id FROM u`,
      [id, skipInvalid],
    );
    return rows.length === 1;
  }

  async committed(id: string, counts: ImportCounts): Promise<void> {
    await this.dataSource.query(
      // Only a job still committing: one failed meanwhile (its worker died, its heartbeat was judged stale) stays FAILED.
      `UPDATE import_job SET status = 'COMMITTED', counts = $2, committed_at = now(), file = NULL, rows_done = rows_total
        WHERE id = $1 AND status = 'COMMITTING'`,
      [id, JSON.stringify(counts)],
    );
  }

  async failed(id: string, status: ImportStatus, failure: string): Promise<void> {
    await this.dataSource.query(`UPDATE import_job SET status = $2, failure = $3 WHERE id = $1`, [id, status, failure]);
  }

  /**
   * Jobs a stopped process left running (no heartbeat for `staleSeconds`): they fail, and the file can be uploaded
   * again; nothing is half-written, since every batch commits whole, and the rows already imported are recognised.
   */
  async failStale(staleSeconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_job SET status = 'FAILED', failure = 'The service stopped while this job ran; upload the file again (rows already imported are recognised and not added twice).'
        WHERE status IN ('VALIDATING', 'COMMITTING') AND heartbeat_at < now() - make_interval(secs => $1)`,
      [staleSeconds],
    );
  }

  async existing(organId: string, caseNumbers: readonly string[], m?: EntityManager): Promise<ExistingCases> {
    const q = m ?? this.dataSource.manager;
    const numbered: Array<{ case_number: string; row_hash: string | null }> = await q.query(
      `SELECT case_number, imported->>'rowHash' AS row_hash FROM reconsideration_case
        WHERE organ_id = $1 AND case_number = ANY($2::text[])`,
      [organId, [...caseNumbers]],
    );
    const hashes: Array<{ row_hash: string }> = await q.query(
      `SELECT imported->>'rowHash' AS row_hash FROM reconsideration_case
        WHERE organ_id = $1 AND import_id IS NOT NULL`,
      [organId],
    );
    return {
      byNumber: new Map(numbered.map((r) => [r.case_number, r.row_hash])),
      importedHashes: new Set(hashes.map((r) => r.row_hash)),
    };
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
