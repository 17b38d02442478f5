import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { getMetadataStorage } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { canSeeOrgan, resolveOrganInScope } from '../auth/organ-scope';
import { Actor, Role } from '../auth/roles';
import { CodeListRegistry, CodeUse } from '../code-lists/code-list-registry.service';
import { CaseAction, findCodeEntry, isCodeForRegime } from '../code-lists/code-lists';
import { ProblemException } from '../common/errors/problem.exception';
import { IdempotencyService, StoredResponse } from '../common/idempotency/idempotency.service';
import {
  CursorKind,
  DATE_PATTERN,
  decodeCursor,
  INSTANT_PATTERN,
  Page,
  toPage,
  UUID_PATTERN,
} from '../common/http/pagination';
import { todayInChina } from '../common/validation/local-date.validator';
import { validateDto } from '../common/validation/validate-dto';
import { Env } from '../config/env';
import { CaseEventEntity } from './history/case-event.entity';
import { CaseEventRepository, NewCaseEvent } from './history/case-event.repository';
import type { WriteStep } from '../database/write-statement';
import { CaseCommitPublisher } from './case-committed';
import { ProcedurePeriods } from './procedure-periods.service';
import { actionLabel, MetricsService } from '../observability/metrics.service';
import { inSpan } from '../observability/tracing';
import { OrganEntity } from '../organs/organ.entity';
import { OrganRepository } from '../organs/organ.repository';
import { parseCaseNumber, renderCaseNumber } from '../organs/case-number-template';
import { ACTION_PAYLOADS, ActionPayload, UndoPayload } from '../workflow/action-payloads';
import { checkActionRules, RuleContext } from '../workflow/action-rules';
import { CaseFacts, defaultRegime, initialFacts } from '../workflow/case-facts';
import { applyAction, lastUndoableEvent, replay } from '../workflow/case-reducer';
import { failedGuard, GUARDS } from '../workflow/guards';
import {
  EDIT_ROLES,
  findTransition,
  ProceduralAction,
  REGISTER_ROLES,
  targetState,
  TERMINAL_STATES,
  Transition,
  transitionsFor,
  UNDO_ROLES,
  workflowRolesOf,
} from '../workflow/transition-table';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { findReference, mayReadPersonalData } from '../personal-data/personal-values';
import { sealParties } from './case-field-classes';
import { caseEtag, requireCurrentVersion } from './case-preconditions';
import type { CaseDetails, Handler } from './case-details';
import { AssignHandlersDto, ListCasesQuery, RegisterCaseDto, UpdateCaseDto } from './case.dto';
import { CaseEntity } from './case.entity';
import { CaseRepository, nameGrams } from './case.repository';
import { AvailableActionView, CaseEventView, CaseView, RegisteredCaseView } from './case.view';
import { registrationWarnings } from './domain/registration-warnings';
import { HistoricalCase, historicalFacts } from './historical-case';

export interface ChangeRequest {
  actor: Actor;
  ifMatch?: string;
  idempotencyKey?: string;
  /**
   * The act comes from a historical paper file (the case loader): an approval the file does not record is filled in
   * as NOT_RECORDED (L17 28, 31; L23 61, 62 approvals were on paper), and an extension's notice date may be missing.
   */
  recordedHistory?: boolean;
  /**
   * Run inside the caller's transaction instead of opening one: the case loader writes all the steps of one recorded
   * case in one transaction, so that a case refused at any step leaves nothing (issue 12 pt 4). The caller commits or
   * rolls back; the API never passes one.
   */
  manager?: EntityManager;
}

export type CaseResult = StoredResponse<CaseView>;

/** The service itself, as the actor of the acts the law makes happen without anyone acting (视为受理). */
export const SYSTEM_ACTOR: Actor = { keyId: null, keyName: 'system', roles: [], scopes: [], organIds: null };

const PROCEDURAL_ACTIONS = Object.keys(ACTION_PAYLOADS) as ProceduralAction[];

/**
 * The rules of handling a case. Every change is one transaction that (1) locks the case, (2) checks If-Match,
 * (3) checks the transition table, role, guards and domain rules, (4) appends the event and (5) writes the new
 * projection — so a refused request changes nothing and writes no event.
 */
@Injectable()
export class CaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly events: CaseEventRepository,
    private readonly organs: OrganRepository,
    private readonly idempotency: IdempotencyService,
    private readonly env: Env,
    private readonly periods: ProcedurePeriods,
    private readonly commits: CaseCommitPublisher,
    private readonly vault: PersonalDataVault,
    private readonly metrics: MetricsService,
    private readonly codeLists: CodeListRegistry,
  ) {}

  // ── Registration ───────────────────────────────────────────────────────────────────────────────────────────────

  async register(dto: RegisterCaseDto, request: ChangeRequest): Promise<CaseResult> {
    this.requireRole(request.actor, REGISTER_ROLES, 'register applications');
    refuseReferences(dto);
    if (dto.receivedOn > todayInChina()) {
      throw new ProblemException('DATE_IN_FUTURE', `receivedOn ${dto.receivedOn} is after today (China time).`, {
        errors: [{ path: 'receivedOn', code: 'DATE_IN_FUTURE', message: 'receivedOn cannot be in the future' }],
      });
    }
    const legalRegime = dto.legalRegime ?? defaultRegime(dto.receivedOn);
    // A request the case's law does not know (e.g. 确认无效, new in L23 67) cannot be registered under L2017.
    const unknownRequest = dto.request.codes.map(String).find((c) => !isCodeForRegime('REQUEST_CODES', c, legalRegime));
    if (unknownRequest) {
      throw new ProblemException(
        'CODE_NOT_IN_REGIME',
        `Request ${unknownRequest} does not exist under ${legalRegime}.`,
        {
          errors: [
            {
              path: 'request.codes',
              code: 'CODE_NOT_IN_REGIME',
              message: `${unknownRequest} is not a ${legalRegime} request`,
            },
          ],
        },
      );
    }
    return this.inTransaction(request, (m) =>
      this.runIdempotent(m, request, '/v1/cases', dto, async () => {
        // First, so that a refusal has written nothing (not even a sequence number); the codes stay locked until
        // the commit, so none of them can be deleted or retired underneath this case (issue 11 pt 9).
        await this.codeLists.requireUsable(m, codeUses(dto));
        const organ = await this.resolveOrgan(m, dto.organId, request.actor);
        const year = Number(dto.receivedOn.slice(0, 4));
        // Personal values go to the vault; the case row, its REGISTER event and the stored response hold references.
        const seal = this.vault.newSeal();
        const details: CaseDetails = {
          channel: dto.channel,
          applicants: sealParties(dto.applicants, seal.reference, 'applicants'),
          thirdParties: sealParties(dto.thirdParties ?? [], seal.reference, 'thirdParties'),
          respondent: dto.respondent,
          contestedAct: dto.contestedAct,
          request: dto.request,
        };
        const facts = initialFacts(legalRegime, dto.receivedOn);
        // Everything is computed before the case number is taken (issue 18 pt 1): the sequence row is then locked
        // for one round trip, the statement that takes it and writes the case, and the commit.
        const row: Partial<CaseEntity> = {
          id: randomUUID(),
          organId: organ.id,
          receivedYear: year,
          legalRegime,
          receivedOn: dto.receivedOn,
          ...projectionColumns(facts),
          ...detailColumns(details, applicantNames(dto.applicants)),
          handlers: [],
          handlerNames: [],
          version: 1,
        };
        const event: NewCaseEvent = {
          caseId: row.id!,
          organId: organ.id,
          seq: 1,
          action: 'REGISTER',
          occurredOn: dto.receivedOn,
          ...actorColumns(request.actor),
          stateBefore: null,
          stateAfter: 'RECEIVED',
          legalBasis: legalRegime === 'L2017' ? 'R07 18, 19' : 'L23 22',
          // caseNumber: the one the statement assigns (CaseEventRepository.appendStep, numberFromCase).
          payload: { legalRegime, receivedOn: dto.receivedOn, caseNumber: '', ...details },
          undoesSeq: null,
        };
        // Shown, never refused: jurisdiction (L23 27) and the application period (L23 20–21) are for the organ to decide.
        const warnings = registrationWarnings({
          regime: legalRegime,
          organLevel: organ.level,
          respondentKind: details.respondent.kind,
          applicationPeriod: await this.periods.applicationPeriod(m, facts, details),
        });
        const pending = Object.assign(new CaseEntity(), row, { caseNumber: '', sequence: 0 });
        const sealed = this.vault.storeStep(organ.id, row.id!, seal);
        const written = await this.cases.commit(
          m,
          this.cases.insertSteps(row, { organId: organ.id, year, template: organ.caseNumberTemplate }),
          this.events.appendStep(event, { numberFromCase: true }),
          [...(sealed ? [sealed] : []), ...(await this.commits.plan({ manager: m, case: pending, event }))],
        );
        if (!written) {
          throw new Error('a registration wrote no case');
        }
        const saved = this.cases.toEntity(written);
        const body: RegisteredCaseView = Object.assign(new RegisteredCaseView(), CaseView.of(saved), {
          warnings,
        });
        return { status: 201, body, etag: caseEtag(saved.version) };
      }),
    );
  }

  /**
   * Writes historical cases from an office's ledger (issue 12), a batch at a time, in the caller's transaction: each
   * case as the ledger recorded it, with one IMPORT event naming the source file, row and importer, and no invented
   * acts. The ledger's case number is kept; where the organ's template renders it, its sequence is the number's, and
   * the organ's counter moves past it so that a later registration never issues it again; any other number takes the
   * next sequence. Personal values go to the vault as a registration's do; deadlines and the event feed follow from
   * the commit notices like every other write, so clocks run only from the dates the ledger gives.
   *
   * Set-based (issue 12 pt 5): everything is computed first, then each table gets one statement for the batch —
   * numbers per year, cases, sealed values, events, stored deadlines, outbox rows — and the statistics rollup one
   * statement at the end (CaseRepository.addToRollup), so a batch of a thousand cases costs a handful of round trips.
   * All of one import job: `cases[*].imported.importId` is the same.
   */
  async registerHistoricalBatch(
    m: EntityManager,
    organ: OrganEntity,
    cases: readonly HistoricalCase[],
    actor: Actor,
  ): Promise<CaseEntity[]> {
    if (cases.length === 0) {
      return [];
    }
    const importId = cases[0]!.imported.importId;
    if (cases.some((c) => c.imported.importId !== importId || c.organId !== organ.id)) {
      throw new Error('registerHistoricalBatch: every case of a batch belongs to one import job and organ');
    }
    const sequences = await this.historicalSequences(m, organ, cases);
    const prepared = cases.map((c, i) => {
      const year = Number(c.receivedOn.slice(0, 4));
      const seal = this.vault.newSeal();
      const details: CaseDetails = {
        ...c.details,
        applicants: sealParties(c.details.applicants, seal.reference, 'applicants'),
        thirdParties: sealParties(c.details.thirdParties, seal.reference, 'thirdParties'),
      };
      const facts = historicalFacts(c.legalRegime, c.receivedOn, c.dates, c.handlers.length);
      const handlers = c.handlers.map((name) => ({ name }));
      const entity = Object.assign(new CaseEntity(), {
        id: randomUUID(),
        organId: organ.id,
        caseNumber: c.caseNumber ?? renderCaseNumber(organ.caseNumberTemplate, year, sequences[i]!),
        receivedYear: year,
        sequence: sequences[i]!,
        legalRegime: c.legalRegime,
        receivedOn: c.receivedOn,
        ...projectionColumns(facts),
        ...detailColumns(details, applicantNames(c.details.applicants)),
        handlers,
        handlerNames: c.handlers,
        importId,
        imported: c.imported,
        version: 1,
      });
      const event: NewCaseEvent = {
        caseId: entity.id,
        organId: organ.id,
        seq: 1,
        action: 'IMPORT',
        // The ledger's latest known date: the case's history starts with what was known then.
        occurredOn: facts.lastActOn,
        ...actorColumns(actor),
        stateBefore: null,
        stateAfter: facts.state,
        legalBasis: null,
        payload: {
          legalRegime: c.legalRegime,
          receivedOn: c.receivedOn,
          caseNumber: entity.caseNumber,
          ...details,
          handlers,
          imported: c.imported,
          facts,
        },
        undoesSeq: null,
      };
      return { entity, seal, event };
    });
    await this.cases.insertImported(
      m,
      importId,
      prepared.map((p) => p.entity),
    );
    await this.vault.storeMany(
      m,
      prepared.map((p) => ({ organId: organ.id, caseId: p.entity.id, seal: p.seal })),
    );
    const events = await this.events.appendMany(
      m,
      prepared.map((p) => p.event),
    );
    await this.commits.publishAll(
      m,
      prepared.map((p, i) => ({ case: p.entity, event: events[i]! })),
    );
    await this.cases.addToRollup(
      m,
      prepared.map((p) => p.entity.id),
    );
    return prepared.map((p) => p.entity);
  }

  /** The sequence of each historical case of a batch (registerHistoricalBatch), one statement per year received. */
  private async historicalSequences(
    m: EntityManager,
    organ: OrganEntity,
    cases: readonly HistoricalCase[],
  ): Promise<number[]> {
    const out: number[] = new Array<number>(cases.length);
    const byYear = new Map<
      number,
      { claims: Array<{ i: number; seq: number }>; claimed: Set<number>; unnumbered: number[] }
    >();
    cases.forEach((c, i) => {
      const year = Number(c.receivedOn.slice(0, 4));
      const group = byYear.get(year) ?? { claims: [], claimed: new Set<number>(), unnumbered: [] };
      byYear.set(year, group);
      const parsed = c.caseNumber === null ? null : parseCaseNumber(organ.caseNumberTemplate, year, c.caseNumber);
      // Two ledger numbers of one sequence (a template that reads 〔2021〕3号 and 〔2021〕03号 alike): the second is
      // kept as written, with a sequence of its own.
      if (parsed === null || group.claimed.has(parsed)) {
        group.unnumbered.push(i);
      } else {
        group.claims.push({ i, seq: parsed });
        group.claimed.add(parsed);
      }
    });
    for (const [year, group] of [...byYear].sort(([a], [b]) => a - b)) {
      const { taken, next } = await this.cases.takeSequences(
        m,
        organ.id,
        year,
        group.claims.map((c) => c.seq),
        group.unnumbered.length,
      );
      const fallback = [...group.unnumbered, ...group.claims.filter((c) => taken.has(c.seq)).map((c) => c.i)];
      fallback.forEach((i, n) => (out[i] = next[n]!));
      for (const c of group.claims.filter((c) => !taken.has(c.seq))) {
        out[c.i] = c.seq;
      }
    }
    return out;
  }

  // ── Reading ──────────────────────────────────────────────────────────────────────────────────────────────────

  /** `m`: read within a caller's transaction (the case loader's), seeing what it has written so far. */
  async get(id: string, actor: Actor, m?: EntityManager): Promise<CaseView> {
    return CaseView.of(await this.mustFind(id, actor, m));
  }

  async list(query: ListCasesQuery, actor: Actor): Promise<Page<CaseView>> {
    const byUpdate = query.sort.endsWith('updatedAt');
    const kind: CursorKind = {
      key: `cases:${query.sort}`,
      sortValue: byUpdate ? INSTANT_PATTERN : DATE_PATTERN,
      id: UUID_PATTERN,
    };
    const after = decodeCursor(kind, query.cursor);
    // A filter may name any code the list has or had (built-in, added, inactive): an unknown one is a 400 as before.
    await this.codeLists.requireKnown(filterCodeUses(query));
    let onlyIds: string[] | undefined;
    // Whether a person has a case is itself personal information (PIPL 4), and a name search would unmask 张* one
    // character at a time: only the entitled may search by ID number or by name.
    if ((query.idNumber !== undefined || query.applicantName !== undefined) && !mayReadPersonalData(actor)) {
      throw new ProblemException(
        'FORBIDDEN',
        'Searching by ID number or applicant name needs access to personal data.',
        {
          extensions: { requiredRoles: ['CLERK', 'OFFICER', 'SUPERVISOR'], requiredScope: 'personal-data:read' },
        },
      );
    }
    if (query.idNumber !== undefined) {
      onlyIds = await this.vault.casesWithIdNumber(this.dataSource.manager, query.idNumber);
    }
    const rows = await this.cases.list(query, after, actor, onlyIds);
    const page = toPage(rows, query.limit, kind, (c) => ({
      sortValue: byUpdate ? c.updatedAt.toISOString() : c.receivedOn,
      id: c.id,
    }));
    return { items: page.items.map((c) => CaseView.of(c)), nextCursor: page.nextCursor };
  }

  async history(id: string, actor: Actor): Promise<CaseEventView[]> {
    await this.mustFind(id, actor);
    return CaseEventView.list(await this.events.listForCase(id));
  }

  /** What this caller may do now: transitions of the case's regime and state that their role allows and whose guards hold. */
  async availableActions(
    id: string,
    actor: Actor,
  ): Promise<{ state: CaseEntity['state']; version: number; actions: AvailableActionView[] }> {
    const entity = await this.mustFind(id, actor);
    const facts = entity.facts;
    const actions = transitionsFor(facts.regime, facts.state)
      .filter((t) => mayAct(actor, t.roles) && failedGuard(t.guards, facts) === undefined)
      .map((t) =>
        describeAction(
          t.action,
          t.to === 'PREVIOUS' ? targetState(t, facts) : t.to, // RESUME / MEDIATION_FAILED: the remembered state
          t.legalBasis[facts.regime] ?? null,
          ACTION_PAYLOADS[t.action],
        ),
      );
    if (mayAct(actor, UNDO_ROLES) && lastUndoableEvent(await this.events.listForCase(id)) !== undefined) {
      actions.push(describeAction('UNDO', 'previous state', null, UndoPayload));
    }
    return { state: entity.state, version: entity.version, actions };
  }

  // ── Actions ──────────────────────────────────────────────────────────────────────────────────────────────────

  /** One action, counted by its result (rcs_case_actions_total) and traced as one span around its transaction. */
  perform(id: string, action: string, body: unknown, request: ChangeRequest): Promise<CaseResult> {
    return this.metrics.countAction(action, () =>
      inSpan('case.action', { 'case.action': actionLabel(action), 'case.id': id }, () =>
        this.performAction(id, action, body, request),
      ),
    );
  }

  private async performAction(id: string, action: string, body: unknown, request: ChangeRequest): Promise<CaseResult> {
    if (action !== 'UNDO' && !PROCEDURAL_ACTIONS.includes(action as ProceduralAction)) {
      throw new ProblemException('VALIDATION_FAILED', `Unknown action '${action}'.`, {
        errors: [
          {
            path: 'action',
            code: 'IS_IN',
            message: `action must be one of ${[...PROCEDURAL_ACTIONS, 'UNDO'].join(', ')}`,
          },
        ],
      });
    }
    refuseReferences(body);
    const payload =
      action === 'UNDO'
        ? await validateDto(UndoPayload, body)
        : await validateDto(ACTION_PAYLOADS[action as ProceduralAction], body);
    const path = `/v1/cases/${id}/actions/${action}`;
    const act = async (m: EntityManager, entity: CaseEntity) => {
      const after =
        action === 'UNDO'
          ? await this.undo(m, entity, payload as UndoPayload, request.actor)
          : await this.applyProcedural(
              m,
              entity,
              action as ProceduralAction,
              payload as ActionPayload,
              request.actor,
              request.recordedHistory === true,
            );
      return { status: 200, body: CaseView.of(after), etag: caseEtag(after.version) };
    };
    if (request.manager === undefined && request.idempotencyKey === undefined) {
      // Optimistic (issue 18 pt 1): read, decide, then one statement that writes only if the version is still the
      // one read (If-Match). Two round trips, and no connection held while the act is decided. A change committed
      // in between leaves the statement writing nothing and this act answered 412, exactly as if it had waited on
      // the row lock and found the new version. With an Idempotency-Key the stored response must commit with the
      // act, and the case loader writes in its own transaction: both take the row lock below.
      const m = this.dataSource.manager;
      const entity = await this.mustFind(id, request.actor, m);
      requireCurrentVersion(request.ifMatch, entity.version);
      return { ...(await act(m, entity)), replayed: false };
    }
    return this.inTransaction(request, (m) =>
      this.runIdempotent(m, request, path, body, async () => act(m, await this.lockForChange(m, id, request))),
    );
  }

  private async applyProcedural(
    m: EntityManager,
    entity: CaseEntity,
    action: ProceduralAction,
    payload: ActionPayload,
    actor: Actor,
    recordedHistory = false,
  ): Promise<CaseEntity> {
    const facts = entity.facts;
    const transition = findTransition(facts.regime, facts.state, action);
    if (!transition) {
      // Acts that only the service records (DEEM_ACCEPTED) are nobody's to choose: not listed.
      const allowed = transitionsFor(facts.regime, facts.state)
        .filter((t) => t.roles.length > 0 && failedGuard(t.guards, facts) === undefined)
        .map((t) => t.action);
      const afterAcceptance =
        facts.acceptedOn !== null && ['NOT_ACCEPT', 'INFORM', 'REQUEST_CORRECTION'].includes(action)
          ? ` The application has been accepted${facts.acceptanceDeemed ? ' (deemed accepted: L23 30 ¶3 / L17 17 ¶2)' : ''}: one found not to meet the acceptance conditions is dismissed by DECIDE with decisionType DISMISSED (驳回行政复议申请, L23 33; R07 48 ¶1(2)).`
          : '';
      throw new ProblemException(
        'ILLEGAL_TRANSITION',
        TERMINAL_STATES.includes(facts.state)
          ? `${action} is not possible: the case is ${facts.state}, a final state${allowed.length ? '' : ' (only UNDO by a supervisor remains)'}.`
          : `${action} is not allowed in state ${facts.state} under ${facts.regime}. Allowed: ${allowed.join(', ') || 'none'}.${afterAcceptance}`,
        { extensions: { state: facts.state, allowedActions: allowed } },
      );
    }
    if (transition.roles.length === 0) {
      // DEEM_ACCEPTED: an effect of the law that the service records itself (DeemedAcceptanceService), not an act.
      throw new ProblemException(
        'FORBIDDEN',
        `${action} is recorded by the service itself once the acceptance review has run out (L23 30 ¶3; L17 17 ¶2).`,
        { extensions: { requiredRoles: [] } },
      );
    }
    this.requireRole(actor, transition.roles, action);
    const guard = failedGuard(transition.guards, facts);
    if (guard) {
      throw new ProblemException('ACTION_NOT_AVAILABLE', GUARDS[guard].reason, { extensions: { condition: guard } });
    }
    if (recordedHistory && (action === 'DECIDE' || action === 'EXTEND')) {
      // A paper file that does not record who approved the act: say so in history rather than invent an approver.
      const withApproval = payload as ActionPayload & { approval?: unknown; decisionType?: string };
      if (withApproval.approval === undefined && withApproval.decisionType !== 'MEDIATED') {
        withApproval.approval = { kind: 'NOT_RECORDED' };
      }
    }
    const violation = checkActionRules(facts, action, payload, {
      ...(await this.ruleContext(m, entity, action, payload)),
      recordedHistory,
    });
    if (violation) {
      throw new ProblemException(violation.code, violation.detail, {
        ...(violation.path
          ? { errors: [{ path: violation.path, code: violation.code, message: violation.detail }] }
          : {}),
      });
    }
    const plain = { ...payload } as Record<string, unknown>;
    if (action === 'ACCEPT') {
      // The legal acceptance date goes into the event, computed with today's calendar, so that replaying the history
      // (UNDO, recovery) gives the same date whatever the calendar says later (L23 30 ¶3; L17 17 ¶2).
      const legal = await this.periods.legalAcceptance(m, facts, payload.occurredOn);
      Object.assign(plain, {
        legalAcceptedOn: legal.acceptedOn,
        acceptanceDeemed: legal.deemed,
        reviewEndedOn: legal.reviewEndedOn,
      });
    }
    return this.commitProcedural(m, entity, transition, action, plain, actor);
  }

  /**
   * DEEM_ACCEPTED for one case, if it is still awaiting the outcome of a review that has run out by `today`; returns
   * false when there was nothing to do (already decided, not yet due, or another instance holds the case). Run by
   * DeemedAcceptanceService; the row lock and the state check make it happen once whatever the number of instances.
   */
  async deemAcceptedIfDue(id: string, today: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const entity = await this.cases.lockByIdSkipLocked(m, id);
      if (!entity || entity.state !== 'RECEIVED') {
        return false;
      }
      const facts = entity.facts;
      const due = await this.periods.pendingDeemedAcceptance(m, facts, today);
      const transition = findTransition(facts.regime, facts.state, 'DEEM_ACCEPTED');
      if (!due || !transition) {
        return false;
      }
      const payload: Record<string, unknown> = { occurredOn: due.acceptedOn, reviewEndedOn: due.reviewEndedOn };
      await this.commitProcedural(m, entity, transition, 'DEEM_ACCEPTED', payload, SYSTEM_ACTOR);
      return true;
    });
  }

  private async commitProcedural(
    m: EntityManager,
    entity: CaseEntity,
    transition: Transition,
    action: ProceduralAction,
    plain: Record<string, unknown>,
    actor: Actor,
  ): Promise<CaseEntity> {
    const facts = entity.facts;
    const payload = plain as unknown as ActionPayload;
    const next = applyAction(facts, action, payload.occurredOn, plain);
    return this.commit(m, entity, next, {
      action,
      occurredOn: payload.occurredOn,
      actor,
      legalBasis: transition.legalBasis[facts.regime] ?? null,
      payload: plain,
      undoesSeq: null,
    });
  }

  /** A supervisor's correction of the record: reverts the latest effective action; history keeps both events. */
  private async undo(m: EntityManager, entity: CaseEntity, payload: UndoPayload, actor: Actor): Promise<CaseEntity> {
    this.requireRole(actor, UNDO_ROLES, 'undo an action');
    const history = await this.events.listForCase(entity.id, m);
    const target = lastUndoableEvent(history);
    if (!target) {
      throw new ProblemException(
        'NOTHING_TO_UNDO',
        'The case has no recorded action to undo (registration is corrected with PATCH).',
      );
    }
    const undoEvent = {
      seq: entity.version + 1,
      action: 'UNDO' as CaseAction,
      occurredOn: todayInChina(),
      payload: {},
      undoesSeq: target.seq,
    };
    const next = replayFacts(history, undoEvent);
    return this.commit(m, entity, next, {
      action: 'UNDO',
      occurredOn: undoEvent.occurredOn,
      actor,
      legalBasis: null,
      payload: { reason: payload.reason, undoneAction: target.action, undoneOccurredOn: target.occurredOn },
      undoesSeq: target.seq,
    });
  }

  // ── Edits and handlers ───────────────────────────────────────────────────────────────────────────────────────

  async update(id: string, dto: UpdateCaseDto, request: ChangeRequest): Promise<CaseResult> {
    this.requireRole(request.actor, EDIT_ROLES, 'edit cases');
    refuseReferences(dto);
    if ((dto.applicants || dto.thirdParties) && !mayReadPersonalData(request.actor)) {
      // It reads the parties masked: writing them back would store 张* as a name (PIPL 8: accuracy).
      throw new ProblemException('FORBIDDEN', 'Editing the parties needs access to personal data.', {
        extensions: { requiredScope: 'personal-data:read' },
      });
    }
    const sections = (Object.keys(dto) as Array<keyof UpdateCaseDto>).filter((k) => dto[k] !== undefined);
    if (sections.length === 0) {
      throw new ProblemException('VALIDATION_FAILED', 'Send at least one section to change.');
    }
    return this.dataSource.transaction(async (m) => {
      const entity = await this.lockForChange(m, id, request);
      // Only a code the edit changes must be active: a case keeps a code that was deactivated after it was stored.
      await this.codeLists.requireUsable(
        m,
        codeUses(dto).filter((use) => use.code !== codeUses(entity.details).find((u) => u.path === use.path)?.code),
      );
      const before = Object.fromEntries(sections.map((s) => [s, entity.details[s]]));
      // New personal values are sealed as at registration; the old references stay valid for history (`before`).
      const seal = await this.vault.resealFor(m, before);
      const sealed: UpdateCaseDto = {
        ...dto,
        ...(dto.applicants ? { applicants: sealParties(dto.applicants, seal.reference, 'applicants') } : {}),
        ...(dto.thirdParties ? { thirdParties: sealParties(dto.thirdParties, seal.reference, 'thirdParties') } : {}),
      };
      const sealedStep = this.vault.storeStep(entity.organId, entity.id, seal);
      const details: CaseDetails = { ...entity.details, ...Object.fromEntries(sections.map((s) => [s, sealed[s]])) };
      const after = await this.commit(
        m,
        entity,
        entity.facts,
        {
          action: 'EDIT',
          occurredOn: todayInChina(),
          actor: request.actor,
          legalBasis: null,
          payload: { changed: sections, before, after: Object.fromEntries(sections.map((s) => [s, sealed[s]])) },
          undoesSeq: null,
        },
        detailColumns(details, dto.applicants ? applicantNames(dto.applicants) : undefined),
        sealedStep,
      );
      return { status: 200, body: CaseView.of(after), etag: caseEtag(after.version), replayed: false };
    });
  }

  async assignHandlers(id: string, dto: AssignHandlersDto, request: ChangeRequest): Promise<CaseResult> {
    this.requireRole(request.actor, EDIT_ROLES, 'assign handlers');
    const names = dto.handlers.map((h) => h.name.trim());
    if (new Set(names).size !== names.length) {
      throw new ProblemException('VALIDATION_FAILED', 'Each handler may be named once.', {
        errors: [{ path: 'handlers', code: 'ARRAY_UNIQUE', message: 'handler names must be different' }],
      });
    }
    return this.inTransaction(request, async (m) => {
      const entity = await this.lockForChange(m, id, request);
      const handlers: Handler[] = dto.handlers.map((h) => ({
        name: h.name.trim(),
        ...(h.keyId ? { keyId: h.keyId } : {}),
      }));
      const payload = { handlers, previous: entity.handlers };
      const next = applyAction(entity.facts, 'ASSIGN_HANDLERS', todayInChina(), payload);
      const after = await this.commit(
        m,
        entity,
        next,
        {
          action: 'ASSIGN_HANDLERS',
          occurredOn: todayInChina(),
          actor: request.actor,
          legalBasis: 'R07 32',
          payload,
          undoesSeq: null,
        },
        { handlers, handlerNames: handlers.map((h) => h.name) },
      );
      return { status: 200, body: CaseView.of(after), etag: caseEtag(after.version), replayed: false };
    });
  }

  /**
   * Runs `work` in one transaction of its own: several changes made through `manager` (ChangeRequest.manager) commit
   * together or not at all. The case loader's way to make a recorded case all-or-nothing.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Writes an act: the event, the projection, the subscribers' rows (stored clocks, the outbox) and `sealed` values,
   * as one statement (CaseRepository.commit), conditioned on the case still being at `entity.version`. Under the row
   * lock it always is; on the optimistic path (performAction without a transaction) a change that committed since
   * the case was read makes the statement write nothing, and the act is answered 412 as if it had come second.
   */
  private async commit(
    m: EntityManager,
    entity: CaseEntity,
    next: CaseFacts,
    event: {
      action: CaseAction;
      occurredOn: string;
      actor: Actor;
      legalBasis: string | null;
      payload: Record<string, unknown>;
      undoesSeq: number | null;
    },
    extraColumns: Partial<CaseEntity> = {},
    sealed?: WriteStep,
  ): Promise<CaseEntity> {
    const seq = entity.version + 1;
    // The unique (case_id, seq) index is the database's own guard against two events for one version.
    const appended: NewCaseEvent = {
      caseId: entity.id,
      organId: entity.organId,
      seq,
      action: event.action,
      occurredOn: event.occurredOn,
      ...actorColumns(event.actor),
      stateBefore: entity.state,
      stateAfter: next.state,
      legalBasis: event.legalBasis,
      payload: event.payload,
      undoesSeq: event.undoesSeq,
    };
    const changes = { ...projectionColumns(next), ...extraColumns };
    const pending = Object.assign(new CaseEntity(), entity, changes, { version: seq });
    const written = await this.cases.commit(
      m,
      [{ name: 'act_case', step: this.cases.updateStep(entity.id, entity.version, changes) }],
      this.events.appendStep(appended),
      [...(sealed ? [sealed] : []), ...(await this.commits.plan({ manager: m, case: pending, event: appended }))],
    );
    if (!written) {
      const current = await this.cases.findById(entity.id, m);
      requireCurrentVersion(caseEtag(entity.version), current?.version ?? -1);
      throw new Error(`case ${entity.id} was not written at version ${entity.version}`);
    }
    // The row as just written: what we read, what we set, and the database's updated_at.
    return Object.assign(pending, { updatedAt: written.updated_at as Date });
  }

  /** The caller's transaction when it gives one (ChangeRequest.manager), else a transaction of this change's own. */
  private inTransaction<T>(request: ChangeRequest, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return request.manager ? work(request.manager) : this.dataSource.transaction(work);
  }

  /** A case of an organ outside the caller's scope is not found (404, never 403: src/auth/organ-scope.ts). */
  private async lockForChange(
    m: EntityManager,
    id: string,
    request: Pick<ChangeRequest, 'actor' | 'ifMatch'>,
  ): Promise<CaseEntity> {
    const entity = await this.cases.lockById(m, id);
    if (!entity || !canSeeOrgan(request.actor, entity.organId)) {
      throw new ProblemException('CASE_NOT_FOUND', `No case ${id}.`);
    }
    requireCurrentVersion(request.ifMatch, entity.version);
    return entity;
  }

  /** As lockForChange: out of the caller's organ scope is the same answer as absent. */
  private async mustFind(id: string, actor: Actor, m?: EntityManager): Promise<CaseEntity> {
    const entity = await this.cases.findById(id, m);
    if (!entity || !canSeeOrgan(actor, entity.organId)) {
      throw new ProblemException('CASE_NOT_FOUND', `No case ${id}.`);
    }
    return entity;
  }

  /** The organ of a registration: named, or the caller's default (rules in resolveOrganInScope). */
  private resolveOrgan(m: EntityManager, organId: string | undefined, actor: Actor): Promise<OrganEntity> {
    return resolveOrganInScope(actor, organId, this.organs, this.env.DEFAULT_ORGAN_CODE, m);
  }

  private requireRole(actor: Actor, roles: readonly Role[], what: string): void {
    if (!mayAct(actor, roles)) {
      throw new ProblemException('FORBIDDEN', `Only ${roles.join(', ')} may ${what}.`, {
        extensions: { requiredRoles: roles },
      });
    }
  }

  private async ruleContext(
    m: EntityManager,
    entity: CaseEntity,
    action: ProceduralAction,
    payload: ActionPayload,
  ): Promise<RuleContext> {
    const act = entity.details.contestedAct;
    return {
      today: todayInChina(),
      // L23 51, 88: the earliest hearing date after a notice; only SCHEDULE_HEARING needs it (and the calendar).
      hearingNoticeEndsOn:
        action === 'SCHEDULE_HEARING' ? await this.periods.workingDaysAfter(m, payload.occurredOn, 5) : null,
      requireOpinionsHeardToDecide: this.env.REQUIRE_OPINIONS_HEARD_TO_DECIDE,
      // Only these actions need the statutory correction period, and computing it needs the calendar.
      correctionPeriodEndsOn:
        action === 'DEEM_WITHDRAWN' || action === 'EXTEND_CORRECTION_PERIOD'
          ? await this.periods.correctionDueOn(m, entity.facts)
          : null,
      // The acts of the acceptance review are bounded by its end (L23 30 ¶2, ¶3; L23 31 ¶1; L17 17).
      acceptanceReviewEndsOn:
        entity.facts.state === 'RECEIVED' && ['NOT_ACCEPT', 'INFORM', 'REQUEST_CORRECTION', 'WITHDRAW'].includes(action)
          ? await this.periods.acceptanceReviewEndsOn(m, entity.facts)
          : null,
      requireTwoHandlersToDecide: this.env.REQUIRE_TWO_HANDLERS_TO_DECIDE,
      actCategory: act.category,
      eligibility: {
        onTheSpot: act.onTheSpot === true,
        warningOrReprimand: act.warningOrReprimand === true,
        // L23 53(3): 「案件涉及款额三千元以下」 — any amount involved, not only a fine.
        amountAtMost3000: act.amountInvolvedYuan !== undefined && act.amountInvolvedYuan <= 3000,
        informationDisclosure: act.category === 'INFORMATION_DISCLOSURE',
      },
    };
  }

  /**
   * A POST under its Idempotency-Key. A replay answers with the stored response only while the case is still in
   * the caller's organ scope (a key narrowed since is answered as for a missing case, issue 13 pt 6).
   */
  private async runIdempotent(
    m: EntityManager,
    request: ChangeRequest,
    path: string,
    body: unknown,
    work: () => Promise<{ status: number; body: CaseView; etag: string | null }>,
  ): Promise<CaseResult> {
    const result = await this.idempotency.run(
      m,
      {
        // An officer's sign-on subject (iss#sub) first: two officers with the same display name never share a scope.
        scope: request.actor.subject ?? request.actor.keyId ?? `system:${request.actor.keyName}`,
        key: request.idempotencyKey,
        method: 'POST',
        path,
        body,
      },
      work,
    );
    if (result.replayed && !canSeeOrgan(request.actor, result.body.organId)) {
      throw new ProblemException('CASE_NOT_FOUND', `No case ${result.body.id}.`);
    }
    return result;
  }
}

/** A role check of the workflow: an integration with cases:write counts as a clerk (workflowRolesOf). */
function mayAct(actor: Actor, roles: readonly Role[]): boolean {
  return workflowRolesOf(actor).some((r) => roles.includes(r));
}

function replayFacts(
  history: CaseEventEntity[],
  extra: {
    seq: number;
    action: CaseAction;
    occurredOn: string;
    payload: Record<string, unknown>;
    undoesSeq: number | null;
  },
): CaseFacts {
  const register = history[0];
  if (!register || (register.action !== 'REGISTER' && register.action !== 'IMPORT')) {
    throw new Error('case history does not start with REGISTER or IMPORT');
  }
  const reg = register.payload as { legalRegime: CaseFacts['regime']; receivedOn: string };
  return replay({ legalRegime: reg.legalRegime, receivedOn: reg.receivedOn }, [...history, extra]);
}

function projectionColumns(facts: CaseFacts): Partial<CaseEntity> {
  return {
    state: facts.state,
    outcome: facts.outcome,
    procedure: facts.procedure,
    acceptedOn: facts.acceptedOn,
    decidedOn: facts.decidedOn,
    concludedOn: facts.concludedOn,
    outcomeDetail: facts.outcomeDetail ?? null,
    priorConclusions: facts.priorConclusions ?? [],
    terminationGround: facts.terminationGround,
    withdrawalReason: facts.withdrawalReason,
    facts,
  };
}

/** Only the service writes `pd:` references; one in a request could make a response resolve someone else's value. */
function refuseReferences(body: unknown): void {
  const path = findReference(body);
  if (path) {
    throw new ProblemException('REFERENCE_IN_INPUT', `${path} starts with "pd:", which only the service writes.`, {
      errors: [{ path, code: 'REFERENCE_IN_INPUT', message: 'a value may not start with pd:' }],
    });
  }
}

/** The codes of extensible lists a registration or an edit stores, where they are in the body. */
function codeUses(body: Pick<Partial<CaseDetails>, 'respondent' | 'contestedAct'>): CodeUse[] {
  return [
    ...(body.respondent
      ? [{ path: 'respondent.kind', list: 'RESPONDENT_KINDS' as const, code: body.respondent.kind }]
      : []),
    ...(body.contestedAct
      ? [
          { path: 'contestedAct.category', list: 'ACT_CATEGORIES' as const, code: body.contestedAct.category },
          {
            path: 'contestedAct.managementDomain',
            list: 'MANAGEMENT_DOMAINS' as const,
            code: body.contestedAct.managementDomain,
          },
        ]
      : []),
  ];
}

/** The list filters of GET /v1/cases, named as the validation pipe names query parameters. */
function filterCodeUses(query: ListCasesQuery): CodeUse[] {
  const uses: CodeUse[] = [];
  if (query.respondentKind !== undefined) {
    uses.push({ path: 'respondentKind', list: 'RESPONDENT_KINDS', code: query.respondentKind });
  }
  if (query.actCategory !== undefined) {
    uses.push({ path: 'actCategory', list: 'ACT_CATEGORIES', code: query.actCategory });
  }
  if (query.managementDomain !== undefined) {
    uses.push({ path: 'managementDomain', list: 'MANAGEMENT_DOMAINS', code: query.managementDomain });
  }
  return uses;
}

/** Names in clear, before sealing: the search columns (applicant_names, grams) are built from them. */
function applicantNames(parties: ReadonlyArray<{ name: string }>): string[] {
  return parties.map((a) => a.name);
}

/** The columns copied out of the details; the name search columns only when the applicants are (re)written. */
function detailColumns(details: CaseDetails, names: string[] | undefined): Partial<CaseEntity> {
  return {
    details,
    channel: details.channel,
    respondentName: details.respondent.name,
    respondentKind: details.respondent.kind,
    actCategory: details.contestedAct.category,
    managementDomain: details.contestedAct.managementDomain,
    ...(names ? { applicantNames: names.join('、'), applicantNameGrams: nameGrams(names) } : {}),
  };
}

function actorColumns(actor: Actor): { actorKeyId: string | null; actorName: string; actorRoles: string[] } {
  return { actorKeyId: actor.keyId, actorName: actor.keyName, actorRoles: [...actor.roles] };
}

/** Required and optional body fields of a payload class, read from its class-validator metadata (no second list). */
function describeAction(
  action: string,
  to: string,
  legalBasis: string | null,
  payloadClass: new () => object,
): AvailableActionView {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(payloadClass, '', true, false);
  const properties = [...new Set(metadata.map((md) => md.propertyName))];
  const optional = new Set(metadata.filter((md) => md.type === 'conditionalValidation').map((md) => md.propertyName));
  return {
    action,
    labelZh: findCodeEntry('ACTIONS', action)?.labelZh ?? action,
    to,
    legalBasis,
    requiredFields: properties.filter((p) => !optional.has(p)),
    optionalFields: properties.filter((p) => optional.has(p)),
    payloadSchema: payloadClass.name,
  };
}
