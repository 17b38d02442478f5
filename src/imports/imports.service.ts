import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { canSeeOrgan, resolveOrganInScope } from '../auth/organ-scope';
import type { Actor, Role } from '../auth/roles';
import { CaseService } from '../cases/case.service';
import type { CaseDetails, Party } from '../cases/case-details';
import type { HistoricalCase } from '../cases/historical-case';
import { CodeListRegistry } from '../code-lists/code-list-registry.service';
import { EXTENSIBLE_CODE_LISTS, isExtensibleCodeList } from '../code-lists/code-lists';
import { ProblemException } from '../common/errors/problem.exception';
import { safeError } from '../common/logging/logging';
import { todayInChina } from '../common/validation/local-date.validator';
import { Env } from '../config/env';
import type { OrganEntity } from '../organs/organ.entity';
import { OrganRepository } from '../organs/organ.repository';
import { defaultRegime } from '../workflow/case-facts';
import { ImportCounts, ImportJobEntity, ImportYearCounts } from './import-job.entity';
import { ImportRunner } from './import-runner';
import { onImportWorkerThread } from './import-thread';
import type { ImportStep } from './import-step';
import { ImportsRepository } from './imports.repository';
import { DEFAULT_LEDGER_MAPPING, normaliseHeader, validateLedgerMapping } from './ledger/ledger-mapping';
import { LEDGER_ROWS_PER_YIELD, readLedger, yieldToEventLoop } from './ledger/ledger-reader';
import type { CodeResolver, LedgerMapping, LedgerProblem, LedgerRecord } from './ledger/ledger-record';
import { builtInCodeResolver, duplicateCaseNumbers, normaliseLedgerRow } from './ledger/ledger-row';
import { ledgerTemplate } from './ledger/ledger-template';
import type { LedgerUpload } from './multipart';

/** Issue 12 pt 3: importing is an administrator's or a supervisor's act, within the organs of their key. */
export const IMPORT_ROLES: readonly Role[] = ['ADMIN', 'SUPERVISOR'];
/** Rows written per transaction: a batch commits or not as a whole, and readers are never blocked for long. */
export const IMPORT_BATCH_ROWS = 1000;
/** How often a running job's instance says it is alive, and after how long without a sign a job was interrupted. */
export const IMPORT_HEARTBEAT_MS = 5000;
export const IMPORT_STALE_SECONDS = 120;
/** Problems a job keeps (a ledger with a wrong column can have one per row). */
export const IMPORT_PROBLEMS_KEPT = 5000;

/** The rows of a ledger as the import sees them now: which to write, which are already in, and the problems. */
interface Analysis {
  toImport: LedgerRecord[];
  alreadyImported: number;
  invalidRows: Set<number>;
  problems: LedgerProblem[];
  rows: number;
}

/** A ledger's rows as the file alone gives them: problems, invalid row numbers, the valid records. */
interface RowsRead {
  problems: readonly LedgerProblem[];
  invalidRows: ReadonlySet<number>;
  valid: LedgerRecord[];
  fileLevel: boolean;
  rows: number;
}

/**
 * Ledger imports (issue 12): an upload becomes a job that reads and validates every row first (progress, per-row
 * problems, what it would add to each year's statistics), then, on commit, writes the valid rows as historical cases
 * in batches (CaseService.registerHistoricalBatch: set-based, a few statements a batch). Both run in the background
 * of the request that starts them, on the import worker thread (ImportRunner; inline when IMPORT_WORKER_THREAD=false);
 * the job row is their state, so any instance answers GET /v1/imports/{id}.
 */
@Injectable()
export class ImportsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ImportsService.name);
  /** Background work still running (tests and shutdown wait for it). */
  private readonly running = new Set<Promise<void>>();
  /** The rows of the job read last (readRows), for its commit. */
  private lastRead: { jobId: string; sha256: string; today: string; lists: string; rows: RowsRead } | null = null;
  /** Set when the service stops: a commit ends after its current batch (the rows written so far stay written). */
  private stopping = false;

  constructor(
    private readonly jobs: ImportsRepository,
    private readonly organs: OrganRepository,
    private readonly cases: CaseService,
    private readonly codeLists: CodeListRegistry,
    private readonly env: Env,
    private readonly runner: ImportRunner,
  ) {}

  async create(upload: LedgerUpload, actor: Actor): Promise<ImportJobEntity> {
    requireImportRole(actor);
    const organId = upload.fields.organId?.trim() || undefined;
    if (organId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(organId)) {
      throw new ProblemException('VALIDATION_FAILED', 'organId must be a UUID.', {
        errors: [{ path: 'organId', code: 'IS_UUID', message: 'organId must be a UUID' }],
      });
    }
    const organ = await resolveOrganInScope(actor, organId, this.organs, this.env.DEFAULT_ORGAN_CODE);
    const job = await this.jobs.create({
      organId: organ.id,
      source: sourceName(upload.filename),
      sha256: createHash('sha256').update(upload.file).digest('hex'),
      status: 'VALIDATING',
      file: upload.file,
      mapping: mappingOf(organ),
      phase: 'VALIDATE',
      counts: emptyCounts(),
      createdBy: actor.keyName,
      createdByKeyId: actor.keyId,
    });
    this.background(job.id, { kind: 'VALIDATE', jobId: job.id });
    job.file = null;
    return job;
  }

  /** At start-up: the jobs a stopped process left running are failed (an instance still running one keeps it). */
  async onApplicationBootstrap(): Promise<void> {
    if (onImportWorkerThread) {
      return; // The import worker thread: its parent has done this, and runs the job it is given.
    }
    await this.jobs.failStale(IMPORT_STALE_SECONDS);
  }

  async get(id: string, actor: Actor): Promise<ImportJobEntity> {
    let job = await this.jobs.findById(id);
    if (!job || !canSeeOrgan(actor, job.organId)) {
      throw new ProblemException('IMPORT_NOT_FOUND', `No ledger import ${id}.`);
    }
    // Clients poll a running job: only a job whose heartbeat has stopped costs a write.
    const running = job.status === 'VALIDATING' || job.status === 'COMMITTING';
    if (running && job.heartbeatAt.getTime() < Date.now() - IMPORT_STALE_SECONDS * 1000) {
      await this.jobs.failStale(IMPORT_STALE_SECONDS);
      job = (await this.jobs.findById(id))!;
    }
    return job; // without its file (select: false)
  }

  async list(actor: Actor, limit: number): Promise<ImportJobEntity[]> {
    await this.jobs.failStale(IMPORT_STALE_SECONDS);
    return this.jobs.list(actor.organIds, limit);
  }

  async commit(id: string, skipInvalid: boolean, actor: Actor): Promise<ImportJobEntity> {
    requireImportRole(actor);
    const job = await this.get(id, actor);
    if (job.status !== 'VALIDATED') {
      throw new ProblemException(
        'IMPORT_NOT_READY',
        `The import is ${job.status}; only a VALIDATED import is committed.`,
      );
    }
    if (job.counts.invalid > 0 && !skipInvalid) {
      throw new ProblemException(
        'IMPORT_HAS_INVALID_ROWS',
        `${job.counts.invalid} row(s) are invalid (see problems); correct the ledger and upload it again, or commit with skipInvalid=true to import the valid rows only.`,
      );
    }
    if (!(await this.jobs.startCommit(id, skipInvalid))) {
      throw new ProblemException('IMPORT_NOT_READY', 'The import is already being committed.');
    }
    this.background(id, { kind: 'COMMIT', jobId: id, actor: plainActor(actor) });
    return this.get(id, actor);
  }

  /** The template ledger (GET /v1/imports/template.xlsx), with this deployment's codes. */
  async template(): Promise<Buffer> {
    const lists = await this.codeLists.deploymentLists();
    return ledgerTemplate(await this.codeLists.labels(), lists);
  }

  async mapping(organId: string, actor: Actor): Promise<{ mapping: LedgerMapping; isDefault: boolean }> {
    const organ = await resolveOrganInScope(actor, organId, this.organs, this.env.DEFAULT_ORGAN_CODE);
    return { mapping: mappingOf(organ), isDefault: organ.ledgerMapping === null };
  }

  /** Sets (or, with null, resets to the default) the organ's column mapping. */
  async setMapping(
    organId: string,
    input: unknown,
    actor: Actor,
  ): Promise<{ mapping: LedgerMapping; isDefault: boolean }> {
    requireImportRole(actor);
    const organ = await resolveOrganInScope(actor, organId, this.organs, this.env.DEFAULT_ORGAN_CODE);
    if (input === null) {
      await this.organs.update(organ.id, { ledgerMapping: null });
      return { mapping: DEFAULT_LEDGER_MAPPING, isDefault: true };
    }
    const { mapping, problems } = validateLedgerMapping(input);
    if (mapping === null || problems.length > 0) {
      throw new ProblemException('LEDGER_MAPPING_INVALID', 'The mapping names headers and ledger fields.', {
        errors: problems.map((p) => ({
          path: p.header === null ? 'mapping' : `mapping.${p.header}`,
          code: p.code,
          message: p.message,
        })),
      });
    }
    await this.organs.update(organ.id, { ledgerMapping: { ...mapping } });
    return { mapping, isDefault: false };
  }

  /** Waits for the background work started so far (tests; a graceful shutdown). */
  async settled(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running]);
    }
  }

  /** The service is stopping: a commit in progress ends after the batch it is writing. */
  stop(): void {
    this.stopping = true;
    if (!onImportWorkerThread) {
      void this.runner.stopWorker();
    }
  }

  /**
   * Runs one background step here and now: on the import worker thread (sent by ImportRunner), or inline. The job,
   * its organ and its file are read by id, so the step carries nothing but ids and the committing actor.
   */
  async runStep(step: ImportStep): Promise<void> {
    const job = await this.jobs.findById(step.jobId);
    if (!job) {
      throw new Error(`no import job ${step.jobId}`);
    }
    const organ = await this.organs.findById(job.organId);
    if (!organ) {
      throw new Error(`the organ of import job ${step.jobId} no longer exists`);
    }
    const file = await this.jobs.file(job.id);
    if (file === null) {
      throw new Error('the job has no file');
    }
    if (step.kind === 'VALIDATE') {
      await this.validate(job, organ, file);
    } else {
      await this.write(job, organ, file, step.actor);
    }
  }

  // ── The background steps ────────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts a step in the background, with the job's heartbeat beating from this (the main) thread while it runs, and
   * the job FAILED if the step fails — including when the worker thread running it dies.
   */
  private background(id: string, step: ImportStep): void {
    const heartbeat = setInterval(() => void this.jobs.heartbeat(id).catch(() => undefined), IMPORT_HEARTBEAT_MS);
    heartbeat.unref();
    const work = this.runner.enabled ? this.runner.run(step) : this.runStep(step);
    const run = work
      .catch(async (error: unknown) => {
        this.logger.error({ importId: id, err: error }, 'ledger import failed');
        // The logged form of the error: a database error is its SQLSTATE, never the driver's text, which can quote
        // a rejected value (the job's failure is shown to whoever reads the job).
        await this.jobs.failed(id, 'FAILED', String(safeError(error).message)).catch(() => undefined);
      })
      .finally(() => {
        clearInterval(heartbeat);
        this.running.delete(run);
      });
    this.running.add(run);
  }

  private async validate(job: ImportJobEntity, organ: OrganEntity, file: Buffer): Promise<void> {
    const analysis = await this.analyse(job, organ, file, (done, total) =>
      this.jobs.progress(job.id, done, total, 'VALIDATE'),
    );
    await this.jobs.validated(
      job.id,
      {
        rows: analysis.rows,
        valid: analysis.rows - analysis.invalidRows.size,
        invalid: analysis.invalidRows.size,
        alreadyImported: analysis.alreadyImported,
        imported: 0,
        skipped: 0,
      },
      analysis.problems.slice(0, IMPORT_PROBLEMS_KEPT),
      yearCounts(analysis.toImport),
    );
  }

  /**
   * Commit: the rows are checked again against the cases in the database (a case may have been registered or
   * imported meanwhile; the file itself is parsed again only if the validation's reading is not at hand, readRows),
   * then written IMPORT_BATCH_ROWS at a time, each batch one transaction; each row is all or nothing.
   */
  private async write(job: ImportJobEntity, organ: OrganEntity, file: Buffer, actor: Actor): Promise<void> {
    const analysis = await this.analyse(job, organ, file, () => Promise.resolve());
    // The rows (personal values in clear among them) are not kept past the commit.
    this.lastRead = null;
    if (analysis.invalidRows.size > 0 && !job.skipInvalid && job.counts.invalid === 0) {
      // A row valid at validation is invalid now (its number was registered meanwhile): nothing is written.
      await this.jobs.failed(
        job.id,
        'FAILED',
        `${analysis.invalidRows.size} row(s) became invalid since validation (e.g. their case number is now taken); upload the file again.`,
      );
      return;
    }
    const importer: Actor = { ...actor, keyName: actor.keyName };
    // In date order: a batch of neighbouring dates adds to few statistics_rollup buckets (its DAY and MONTH rows)
    // and few case-number counters, where a batch of dates from all years would touch a bucket per case.
    const rows = [...analysis.toImport].sort((a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.row - b.row);
    const total = rows.length;
    await this.jobs.progress(job.id, 0, total, 'COMMIT');
    for (let i = 0; i < total; i += IMPORT_BATCH_ROWS) {
      if (this.stopping) {
        // Committed batches stay (each is whole); uploading the same file again imports the rest (pt 3).
        throw new Error(
          `the service stopped during the commit after ${i} of ${total} rows; upload the same file again to import the rest`,
        );
      }
      const batch = rows.slice(i, i + IMPORT_BATCH_ROWS);
      await this.jobs.transaction((m) =>
        this.cases.registerHistoricalBatch(
          m,
          organ,
          batch.map((record) => historicalCase(record, organ, job)),
          importer,
        ),
      );
      await this.jobs.progress(job.id, Math.min(i + IMPORT_BATCH_ROWS, total), total, 'COMMIT');
    }
    await this.jobs.committed(job.id, {
      rows: analysis.rows,
      valid: analysis.rows - analysis.invalidRows.size,
      invalid: analysis.invalidRows.size,
      alreadyImported: analysis.alreadyImported,
      imported: total,
      skipped: analysis.invalidRows.size,
    });
  }

  private async analyse(
    job: ImportJobEntity,
    organ: OrganEntity,
    file: Buffer,
    progress: (done: number, total: number) => Promise<void>,
  ): Promise<Analysis> {
    const rows = await this.readRows(job, file, progress);
    const problems = [...rows.problems];
    const invalidRows = new Set(rows.invalidRows);
    const { valid, fileLevel } = rows;
    for (const p of duplicateCaseNumbers(valid, headerOf(job.mapping, 'caseNumber'))) {
      problems.push(p);
      invalidRows.add(p.row!);
    }
    const existing = await this.jobs.existing(
      organ.id,
      valid.map((r) => r.caseNumber).filter((n): n is string => n !== null),
    );
    const toImport: LedgerRecord[] = [];
    let alreadyImported = 0;
    for (const [i, record] of valid.entries()) {
      if ((i + 1) % LEDGER_ROWS_PER_YIELD === 0) {
        await yieldToEventLoop();
      }
      if (invalidRows.has(record.row)) {
        continue;
      }
      const hash = rowHash(record);
      const taken = record.caseNumber === null ? undefined : existing.byNumber.get(record.caseNumber);
      if (existing.importedHashes.has(hash) && (taken === undefined || taken === hash)) {
        alreadyImported += 1; // Issue 12 pt 3: importing the same file again adds nothing.
      } else if (taken !== undefined) {
        invalidRows.add(record.row);
        problems.push({
          row: record.row,
          column: headerOf(job.mapping, 'caseNumber'),
          code: 'DUPLICATE_CASE_NUMBER',
          message: `The organ already has a case numbered ${record.caseNumber} with other content.`,
        });
      } else {
        toImport.push(record);
      }
    }
    return {
      toImport: fileLevel ? [] : toImport,
      alreadyImported,
      invalidRows,
      problems: problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
      rows: rows.rows,
    };
  }

  /**
   * The file's rows, read and normalised: what depends on the file alone (the checks against the cases already in
   * the database follow in analyse). A commit right after its validation, on the same worker thread, reuses the
   * validation's reading instead of parsing the file again (same job, same file, same day, same code lists).
   */
  private async readRows(
    job: ImportJobEntity,
    file: Buffer,
    progress: (done: number, total: number) => Promise<void>,
  ): Promise<RowsRead> {
    const today = todayInChina();
    const deployment = await this.codeLists.deploymentLists();
    const lists = JSON.stringify(deployment);
    const cached = this.lastRead;
    if (
      cached &&
      cached.jobId === job.id &&
      cached.sha256 === job.sha256 &&
      cached.today === today &&
      cached.lists === lists
    ) {
      return cached.rows;
    }
    this.lastRead = null;
    const read = await readLedger(file, job.mapping);
    const resolve = resolverOf(deployment);
    const problems: LedgerProblem[] = [...read.problems];
    const invalidRows = new Set(read.problems.filter((p) => p.row !== null).map((p) => p.row!));
    const valid: LedgerRecord[] = [];
    await progress(0, read.rows.length);
    for (const [i, row] of read.rows.entries()) {
      const { record, problems: rowProblems } = normaliseLedgerRow(row, resolve, today);
      problems.push(...rowProblems);
      if (record === null || rowProblems.length > 0 || invalidRows.has(row.row)) {
        invalidRows.add(row.row);
      } else {
        valid.push(record);
      }
      if ((i + 1) % 1000 === 0) {
        await progress(i + 1, read.rows.length);
      }
      if ((i + 1) % LEDGER_ROWS_PER_YIELD === 0) {
        await yieldToEventLoop();
        if (this.stopping) {
          throw new Error('the service stopped during the validation; upload the file again');
        }
      }
    }
    // A file-level problem (not a ledger, no such column): no row can be imported.
    const fileLevel = read.problems.some((p) => p.row === null);
    const rows: RowsRead = { problems, invalidRows, valid, fileLevel, rows: read.rows.length };
    // Kept for the job read last only (its commit comes next): a thread holds one ledger's rows at most.
    this.lastRead = { jobId: job.id, sha256: job.sha256, today, lists, rows };
    return rows;
  }
}

/** Codes or zh-CN labels: the built-in lists, and this deployment's codes of the extensible ones. */
function resolverOf(lists: Awaited<ReturnType<CodeListRegistry['deploymentLists']>>): CodeResolver {
  const extensible = new Map<string, Map<string, string>>();
  for (const list of EXTENSIBLE_CODE_LISTS) {
    const byText = new Map<string, string>();
    for (const entry of lists[list]) {
      byText.set(normaliseHeader(entry.code).toUpperCase(), entry.code);
      byText.set(normaliseHeader(entry.labelZh), entry.code);
    }
    extensible.set(list, byText);
  }
  return (list, text) => {
    if (isExtensibleCodeList(list)) {
      const t = normaliseHeader(text);
      return extensible.get(list)?.get(t) ?? extensible.get(list)?.get(t.toUpperCase()) ?? null;
    }
    return builtInCodeResolver(list, text);
  };
}

/** The actor as plain data, for the worker thread (a structured clone keeps no prototype). */
function plainActor(actor: Actor): Actor {
  return {
    keyId: actor.keyId,
    keyName: actor.keyName,
    roles: [...actor.roles],
    scopes: [...actor.scopes],
    organIds: actor.organIds === null ? null : [...actor.organIds],
    ...(actor.subject === undefined ? {} : { subject: actor.subject }),
  };
}

function requireImportRole(actor: Actor): void {
  if (!actor.roles.some((r) => IMPORT_ROLES.includes(r))) {
    throw new ProblemException('FORBIDDEN', `Importing a ledger needs the role ${IMPORT_ROLES.join(' or ')}.`);
  }
}

function mappingOf(organ: OrganEntity): LedgerMapping {
  return (organ.ledgerMapping as LedgerMapping | null) ?? DEFAULT_LEDGER_MAPPING;
}

function headerOf(mapping: LedgerMapping, field: string): string | null {
  return Object.entries(mapping).find(([, f]) => f === field)?.[0] ?? null;
}

function emptyCounts(): ImportCounts {
  return { rows: 0, valid: 0, invalid: 0, alreadyImported: 0, imported: 0, skipped: 0 };
}

/** The file's base name (history names it), without any path a browser or client sent. */
function sourceName(filename: string): string {
  const base = filename.split(/[\\/]/).pop()?.trim() ?? '';
  return (base === '' ? 'ledger' : base).slice(0, 200);
}

/** The row's normalised content, without its position: the same case in another file or row is the same case. */
export function rowHash(record: LedgerRecord): string {
  const { row: _row, ...content } = record;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** What committing the rows adds to each year's statistics, by the year of each date. */
export function yearCounts(records: readonly LedgerRecord[]): ImportYearCounts[] {
  const years = new Map<number, ImportYearCounts>();
  const year = (y: number) => {
    let c = years.get(y);
    if (!c) {
      c = { year: y, received: 0, accepted: 0, concluded: 0, pending: 0 };
      years.set(y, c);
    }
    return c;
  };
  for (const r of records) {
    const received = Number(r.receivedOn.slice(0, 4));
    year(received).received += 1;
    if (r.acceptedOn) {
      year(Number(r.acceptedOn.slice(0, 4))).accepted += 1;
    }
    if (r.concludedOn) {
      year(Number(r.concludedOn.slice(0, 4))).concluded += 1;
    }
    if (!r.concludedOn || Number(r.concludedOn.slice(0, 4)) > received) {
      year(received).pending += 1;
    }
  }
  return [...years.values()].sort((a, b) => a.year - b.year);
}

/** A ledger row as the case it records: what the ledger has, empty where it has nothing (ImportedRecord.missing). */
export function historicalCase(record: LedgerRecord, organ: OrganEntity, job: ImportJobEntity): HistoricalCase {
  const applicants = record.applicants.map(
    (a) =>
      Object.fromEntries(
        Object.entries({
          kind: a.kind ?? undefined,
          name: a.name,
          sex: a.sex,
          idNumber: a.idNumber,
          unifiedSocialCreditCode: a.unifiedSocialCreditCode,
          legalRepresentative: a.legalRepresentative,
        }).filter(([, v]) => v !== undefined),
      ) as unknown as Party,
  );
  const details: CaseDetails = {
    channel: record.channel,
    applicants,
    thirdParties: [],
    respondent: { name: record.respondent.name, kind: record.respondent.kind },
    contestedAct: {
      title: record.contestedAct.title ?? '',
      ...(record.contestedAct.documentNumber ? { documentNumber: record.contestedAct.documentNumber } : {}),
      category: record.contestedAct.category,
      managementDomain: record.contestedAct.managementDomain,
    },
    request: { codes: record.requestCodes ?? [], text: record.requestText ?? '' },
  };
  return {
    organId: organ.id,
    caseNumber: record.caseNumber,
    legalRegime: record.legalRegime ?? defaultRegime(record.receivedOn),
    receivedOn: record.receivedOn,
    details,
    handlers: record.handlers,
    dates: {
      acceptedOn: record.acceptedOn,
      concludedOn: record.concludedOn,
      outcome: record.outcome,
      outcomeDetail: record.outcomeDetail,
      decisionDocumentNumber: record.decisionDocumentNumber,
      servedOn: record.servedOn,
    },
    imported: {
      importId: job.id,
      source: job.source,
      row: record.row,
      originalCaseNumber: record.caseNumber,
      missing: record.missing,
      rowHash: rowHash(record),
    },
  };
}
