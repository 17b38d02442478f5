/**
 * THE CASE LOADER: replays recorded cases (paper files being migrated, published-report datasets) through CaseService,
 * so that every legal rule, date-order check, case numbering and history event applies exactly as through the API.
 * Nothing here writes SQL; the CLI is src/bin/load-cases.ts.
 *
 * ## File format (JSON, UTF-8)
 *
 * ```json
 * {
 *   "description": "台前县行政复议案件纸质档案（2021年）",
 *   "cases": [
 *     {
 *       "ref": "TQ-2021-07",
 *       "registration": { "receivedOn": "2021-03-01", "channel": "IN_PERSON", "applicants": [ … ], … },
 *       "handlers": ["王明", "李华"],
 *       "actions": [
 *         { "action": "ACCEPT", "occurredOn": "2021-03-02" },
 *         { "action": "DECIDE", "occurredOn": "2021-04-20", "decisionType": "REVOKED", … }
 *       ]
 *     }
 *   ]
 * }
 * ```
 *
 * - `description` (optional): free text about the file.
 * - `cases` (at least one), loaded in file order. Each case has exactly these keys:
 *   - `ref`: the file's own name for the case, unique within the file: 1–100 characters of A–Z a–z 0–9 . _ -
 *     It names the Idempotency-Keys (below), so never change the ref of a case that has been loaded.
 *   - `registration`: the body of POST /v1/cases (RegisterCaseDto). Without `organId` the case goes to the organ
 *     given by the loader's `organId` option (CLI: --organ CODE), else to DEFAULT_ORGAN_CODE's organ.
 *   - `handlers` (optional): names of the handling officers (at least two, R07 32), assigned right after
 *     registration, as PUT /v1/cases/{id}/handlers would. The service dates that event on the day of loading.
 *   - `actions` (optional): the procedural acts in the order they happened. Each is `action` (ACCEPT, DECIDE … — see
 *     ACTION_PAYLOADS; UNDO is not a recorded act and is refused) plus the body of
 *     POST /v1/cases/{id}/actions/{action}, which includes `occurredOn`, the legal date that history records.
 *     Approvals (L17 28, 31; L23 61, 62): a DECIDE or EXTEND without `approval` is loaded with
 *     `approval: {"kind": "NOT_RECORDED"}` (档案未载明审批情况), so history says the paper file did not record who
 *     approved; give `approval: {kind, approverName, approvedOn}` when the file does. An EXTEND without
 *     `partiesNotifiedOn` is loaded without a notice date. Only the loader may do either; the API refuses both (422).
 *
 * The structure above is checked for the whole file before anything is written (a malformed file loads nothing).
 * The content of each case — registration, handlers and every action body — is validated with the API's DTOs before
 * that case is written; a case whose content is invalid is reported and written not at all.
 *
 * ## Semantics
 *
 * - The loader acts as the system actor `loader:<source>` (source = the file's basename) with the roles CLERK,
 *   OFFICER and SUPERVISOR; history names it as the actor of every event.
 * - Case numbers are the organ's next numbers for the year received, taken in file order: a paper case's original
 *   number is not kept, so list cases in number order and load before the office registers new cases for that year.
 * - Each case is all or nothing: its registration, handler assignment and actions are written in ONE transaction
 *   (CaseService's ChangeRequest.manager). When a step is refused (an illegal transition, a date out of order …)
 *   the whole case is rolled back: no case, no event, no stored deadline, no Idempotency-Key, and its case number is
 *   not used up (the organ's counter rolls back with it, so the next case gets that number). The report says which
 *   step was refused and why, and the loader goes on with the next case (or stops, with `stopOnError`). The
 *   transaction holds the organ's counter row for that year until the case commits (milliseconds): a registration
 *   of the same organ and year through the API waits that long.
 * - Re-running a file is safe: registration uses the Idempotency-Key `loader:<ref>` and action i `loader:<ref>:<i>`,
 *   scoped to the actor, so steps already done are replayed, not repeated. A fully loaded case is ALREADY_LOADED; a
 *   case that failed has no keys stored, so the corrected file simply creates it (CREATED). A case loaded earlier
 *   whose file has gained further actions since gets them appended (RESUMED); if one of those is refused, the new
 *   actions are rolled back together and the case stays as it was loaded before. Changing a step that was already
 *   loaded is refused (IDEMPOTENCY_KEY_REUSED): the loader never rewrites recorded history.
 *   Because the keys are scoped to `loader:<source>`, a renamed file would be loaded again as new cases.
 * - Handler assignment has no Idempotency-Key in the service: on a re-run it is skipped when the case already has
 *   those handlers, done when it has none, and reported as CONFLICT when it has others.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/roles';
import type { CaseState, Outcome } from '../code-lists/code-lists';
import type { ErrorCode } from '../common/errors/error-codes';
import { FieldProblem, ProblemException } from '../common/errors/problem.exception';
import { validateDto } from '../common/validation/validate-dto';
import { ACTION_PAYLOADS } from '../workflow/action-payloads';
import type { ProceduralAction } from '../workflow/transition-table';
import { caseEtag } from './case-preconditions';
import { AssignHandlersDto, RegisterCaseDto } from './case.dto';
import { RecordedCase, RecordedCasesFile, recordedCasesFileProblems } from './recorded-cases-file';
import { CaseResult, CaseService } from './case.service';

// ── File format: src/cases/recorded-cases-file.ts ──────────────────────────────────────────────────────────────

export { RECORDED_CASE_REF } from './recorded-cases-file';
export type { RecordedAction, RecordedCase, RecordedCasesFile } from './recorded-cases-file';

/** Checks the file's structure and returns it typed; throws VALIDATION_FAILED listing every problem. */
export function parseRecordedCasesFile(value: unknown): RecordedCasesFile {
  const errors = recordedCasesFileProblems(value);
  if (errors.length > 0) {
    const summary = errors
      .slice(0, 3)
      .map((e) => `${e.path}: ${e.message}`)
      .join('; ');
    throw new ProblemException('VALIDATION_FAILED', `The file has ${errors.length} structural problem(s): ${summary}`, {
      errors,
    });
  }
  return value as RecordedCasesFile;
}

const PROCEDURAL_ACTIONS = Object.keys(ACTION_PAYLOADS) as ProceduralAction[];

// ── Options and report ─────────────────────────────────────────────────────────────────────────────────────────

export interface LoadOptions {
  /** The file's basename: the actor is `loader:<source>`, and the Idempotency-Keys are scoped to that actor. */
  source: string;
  /** Organ of registrations that name none (the CLI resolves --organ CODE to this id). */
  organId?: string;
  /** Validate every case (registration, handlers, every action body) and write nothing. */
  dryRun?: boolean;
  /** Stop after the first failed case; the cases after it are listed in `notAttempted`. */
  stopOnError?: boolean;
  /** Checked between cases (never inside one): an interrupted load leaves no case half-done by the interruption. */
  signal?: AbortSignal;
  /** Called with (0, total) before the first case and (i, total) once the i-th case is done (loaded, valid or failed). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * CREATED: registered by this run. RESUMED: loaded by an earlier run; this run appended the actions the file has
 * gained since. ALREADY_LOADED: every step was already done (nothing written). FAILED: see failedAt; nothing of this
 * run was written for the case. VALID: dry run only.
 */
export type CaseLoadStatus = 'CREATED' | 'RESUMED' | 'ALREADY_LOADED' | 'FAILED' | 'VALID';

export interface LoadFailure {
  /** Index in the case's `actions`; null for the registration and the handler assignment. */
  index: number | null;
  /** REGISTER, ASSIGN_HANDLERS or the action's name. */
  action: string;
  code: ErrorCode;
  detail: string;
  /** Field problems, with paths relative to the step's body (e.g. `applicants[0].idNumber`, `occurredOn`). */
  errors?: FieldProblem[];
}

export interface CaseLoadResult {
  ref: string;
  status: CaseLoadStatus;
  /** Absent for a failed case that no earlier run had loaded (it was rolled back: there is no case). */
  caseId?: string;
  caseNumber?: string;
  /** The case's state after this run (for a failed case loaded by an earlier run: as that run left it). */
  finalState?: CaseState;
  outcome?: Outcome | null;
  /** How many of the file's actions are recorded on the case (the first N, by this run or an earlier one). */
  actionsLoaded: number;
  actionsTotal: number;
  failedAt?: LoadFailure;
}

export interface LoadReport {
  source: string;
  dryRun: boolean;
  cases: CaseLoadResult[];
  created: number;
  resumed: number;
  alreadyLoaded: number;
  failed: number;
  /** Dry run: cases whose content is valid. */
  valid: number;
  /** Refs not tried because of stopOnError or an interruption. */
  notAttempted: string[];
}

// ── The loader ─────────────────────────────────────────────────────────────────────────────────────────────────

/** A case validated and ready to write. */
interface PreparedCase {
  registration: RegisterCaseDto;
  handlers: AssignHandlersDto | undefined;
  actions: Array<{ action: ProceduralAction; body: Record<string, unknown> }>;
}

/** A refused step of one case: which step, and the problem. */
class StepFailure extends Error {
  /** What an earlier run had loaded of the case (it survives the rollback); undefined when this run registered it. */
  before?: { caseId: string; caseNumber: string; actionsLoaded: number };

  constructor(
    readonly index: number | null,
    readonly action: string,
    readonly problem: ProblemException,
  ) {
    super(problem.detail);
  }
}

/** Runs one step, turning whatever it throws into a StepFailure naming the step. */
async function step<T>(index: number | null, action: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StepFailure(index, action, asProblem(error));
  }
}

function asProblem(error: unknown): ProblemException {
  if (error instanceof ProblemException) {
    return error;
  }
  return new ProblemException('INTERNAL_ERROR', error instanceof Error ? error.message : String(error));
}

/** What the loader's user needs to know beyond the API's wording, for the problems a re-run can meet. */
const LOADER_HINTS: Partial<Record<ErrorCode, string>> = {
  IDEMPOTENCY_KEY_REUSED:
    'This step was loaded before with different content; the loader does not rewrite recorded history (correct the case through the API, or restore the file’s earlier content).',
  PRECONDITION_FAILED: 'The case was changed outside this file since the loader last wrote it.',
};

@Injectable()
export class CaseLoaderService {
  constructor(private readonly cases: CaseService) {}

  async load(file: RecordedCasesFile, options: LoadOptions): Promise<LoadReport> {
    const valid = parseRecordedCasesFile(file);
    if (typeof options.source !== 'string' || options.source.trim() === '') {
      throw new ProblemException('VALIDATION_FAILED', 'The loader needs the source (file name) it loads from.');
    }
    const actor: Actor = {
      keyId: null,
      keyName: `loader:${options.source}`,
      roles: ['CLERK', 'OFFICER', 'SUPERVISOR'],
      scopes: [],
      organIds: null,
    };
    const report: LoadReport = {
      source: options.source,
      dryRun: options.dryRun === true,
      cases: [],
      created: 0,
      resumed: 0,
      alreadyLoaded: 0,
      failed: 0,
      valid: 0,
      notAttempted: [],
    };
    const total = valid.cases.length;
    options.onProgress?.(0, total);
    for (const [i, recorded] of valid.cases.entries()) {
      if (options.signal?.aborted || (options.stopOnError && report.failed > 0)) {
        report.notAttempted = valid.cases.slice(i).map((c) => c.ref);
        break;
      }
      const result = await this.loadCase(recorded, options, actor);
      report.cases.push(result);
      if (result.status === 'CREATED') {
        report.created += 1;
      } else if (result.status === 'RESUMED') {
        report.resumed += 1;
      } else if (result.status === 'ALREADY_LOADED') {
        report.alreadyLoaded += 1;
      } else if (result.status === 'VALID') {
        report.valid += 1;
      } else {
        report.failed += 1;
      }
      options.onProgress?.(i + 1, total);
    }
    return report;
  }

  private async loadCase(recorded: RecordedCase, options: LoadOptions, actor: Actor): Promise<CaseLoadResult> {
    const result: CaseLoadResult = {
      ref: recorded.ref,
      status: 'FAILED',
      actionsLoaded: 0,
      actionsTotal: recorded.actions?.length ?? 0,
    };
    try {
      const prepared = await this.prepare(recorded, options);
      if (options.dryRun) {
        result.status = 'VALID';
        return result;
      }
      const written = await this.cases.transaction((manager) => this.write(recorded.ref, prepared, actor, manager));
      Object.assign(result, written);
    } catch (error) {
      if (!(error instanceof StepFailure)) {
        throw error;
      }
      result.status = 'FAILED';
      // Rolled back: only what an earlier run loaded remains (a case registered by this run does not exist).
      if (error.before) {
        result.caseId = error.before.caseId;
        result.caseNumber = error.before.caseNumber;
        result.actionsLoaded = error.before.actionsLoaded;
      }
      result.failedAt = {
        index: error.index,
        action: error.action,
        code: error.problem.code,
        detail: LOADER_HINTS[error.problem.code]
          ? `${error.problem.detail} ${LOADER_HINTS[error.problem.code]}`
          : error.problem.detail,
        ...(error.problem.options.errors ? { errors: error.problem.options.errors } : {}),
      };
    }
    if (result.caseId) {
      await this.describeCurrentState(result, actor);
    }
    return result;
  }

  /** Validates the whole case with the API's DTOs, so that invalid content is reported before anything is written. */
  private async prepare(recorded: RecordedCase, options: LoadOptions): Promise<PreparedCase> {
    const registration = await step(null, 'REGISTER', () =>
      validateDto(
        RegisterCaseDto,
        options.organId !== undefined && recorded.registration.organId === undefined
          ? { ...recorded.registration, organId: options.organId }
          : recorded.registration,
      ),
    );
    const handlers =
      recorded.handlers === undefined
        ? undefined
        : await step(null, 'ASSIGN_HANDLERS', async () => {
            const dto = await validateDto(AssignHandlersDto, {
              handlers: (recorded.handlers ?? []).map((name) => ({ name })),
            });
            const names = dto.handlers.map((h) => h.name.trim());
            if (new Set(names).size !== names.length) {
              throw new ProblemException('VALIDATION_FAILED', 'Each handler may be named once.', {
                errors: [{ path: 'handlers', code: 'ARRAY_UNIQUE', message: 'handler names must be different' }],
              });
            }
            return dto;
          });
    const actions: PreparedCase['actions'] = [];
    for (const [index, { action, ...body }] of (recorded.actions ?? []).entries()) {
      await step(index, action, async () => {
        if (!PROCEDURAL_ACTIONS.includes(action as ProceduralAction)) {
          throw new ProblemException('VALIDATION_FAILED', `Unknown action '${action}'.`, {
            errors: [
              {
                path: 'action',
                code: 'IS_IN',
                message: `action must be one of ${PROCEDURAL_ACTIONS.join(', ')} (UNDO is not a recorded act)`,
              },
            ],
          });
        }
        await validateDto(ACTION_PAYLOADS[action as ProceduralAction], body);
      });
      actions.push({ action: action as ProceduralAction, body });
    }
    return { registration, handlers, actions };
  }

  /**
   * Registers, assigns handlers and performs the actions, each with If-Match from the step before it, all through
   * `manager`: the caller's one transaction for the case, rolled back when a step throws.
   */
  private async write(
    ref: string,
    prepared: PreparedCase,
    actor: Actor,
    manager: EntityManager,
  ): Promise<Pick<CaseLoadResult, 'status' | 'caseId' | 'caseNumber' | 'actionsLoaded'>> {
    const registered = await step(null, 'REGISTER', () =>
      this.cases.register(prepared.registration, { actor, idempotencyKey: `loader:${ref}`, manager }),
    );
    const id = registered.body.id;
    const caseNumber = registered.body.caseNumber;
    // Replayed steps were committed by an earlier run: they are what remains of the case if this run is rolled back.
    const earlier = registered.replayed ? { caseId: id, caseNumber, actionsLoaded: 0 } : undefined;
    const tracked = async <T>(index: number | null, action: string, work: () => Promise<T>): Promise<T> => {
      try {
        return await step(index, action, work);
      } catch (error) {
        if (error instanceof StepFailure && earlier) {
          error.before = earlier;
        }
        throw error;
      }
    };
    let wrote = !registered.replayed;
    let etag = caseEtag(registered.body.version);

    const handlers = prepared.handlers;
    if (handlers) {
      await tracked(null, 'ASSIGN_HANDLERS', async () => {
        if (registered.replayed) {
          // A replayed registration returns the case as it was then: read what it has now.
          const current = await this.cases.get(id, actor, manager);
          etag = caseEtag(current.version);
          const wanted = handlers.handlers.map((h) => h.name.trim());
          const have = current.handlers.map((h) => h.name);
          if (sameNames(have, wanted)) {
            return;
          }
          if (have.length > 0) {
            throw new ProblemException(
              'CONFLICT',
              `The case already has the handlers ${have.join('、')}, not ${wanted.join('、')} as in the file; the loader does not reassign them (use PUT /v1/cases/{id}/handlers).`,
            );
          }
        }
        const assigned: CaseResult = await this.cases.assignHandlers(id, handlers, { actor, ifMatch: etag, manager });
        etag = caseEtag(assigned.body.version);
        wrote = true;
      });
    }

    let actionsLoaded = 0;
    for (const [index, { action, body }] of prepared.actions.entries()) {
      const done = await tracked(index, action, () =>
        this.cases.perform(id, action, body, {
          actor,
          ifMatch: etag,
          idempotencyKey: `loader:${ref}:${index}`,
          recordedHistory: true,
          manager,
        }),
      );
      etag = caseEtag(done.body.version);
      wrote ||= !done.replayed;
      actionsLoaded = index + 1;
      if (earlier && done.replayed) {
        earlier.actionsLoaded = actionsLoaded;
      }
    }
    return {
      status: registered.replayed ? (wrote ? 'RESUMED' : 'ALREADY_LOADED') : 'CREATED',
      caseId: id,
      caseNumber,
      actionsLoaded,
    };
  }

  /** The case as it is now (replayed responses show it as it was when first loaded). */
  private async describeCurrentState(result: CaseLoadResult, actor: Actor): Promise<void> {
    try {
      const current = await this.cases.get(result.caseId as string, actor);
      result.finalState = current.state;
      result.outcome = current.outcome;
    } catch {
      // The report still says what was loaded; the state is only missing if the database went away meanwhile.
    }
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}
