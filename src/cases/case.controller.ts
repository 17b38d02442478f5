import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor, Role } from '../auth/roles';
import { ApiOperationWithProblems, ApiPathVariants } from '../common/http/api-operation.decorator';
import { uuidParam } from '../common/http/uuid-param.pipe';
import { CASE_ACTION_OPERATIONS } from './case-action-operations';
import { caseEtag } from './case-preconditions';
import { AssignHandlersDto, ListCasesQuery, RegisterCaseDto, UpdateCaseDto } from './case.dto';
import { CaseResult, CaseService } from './case.service';
import { AvailableActionsView, CaseHistoryView, CasePage, CaseView, RegisteredCaseView } from './case.view';

const READERS: Role[] = ['CLERK', 'OFFICER', 'SUPERVISOR', 'REPORTER', 'INTEGRATION'];
const WRITERS: Role[] = ['CLERK', 'OFFICER', 'SUPERVISOR', 'INTEGRATION'];

const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: true,
  description: 'The ETag of your last read of the case (428 if missing, 412 if stale).',
});
const IDEMPOTENCY_KEY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description:
    'Retry-safe key: the same key and body replay the first response; the same key with another body is 422.',
});

/** Thin: validate, call one service method, set ETag / Location / replay headers, return the view. */
@ApiTags('cases')
@Controller('cases')
export class CaseController {
  constructor(private readonly cases: CaseService) {}

  @Post()
  @Access(WRITERS, 'cases:write')
  @IDEMPOTENCY_KEY
  @ApiOperationWithProblems({
    operationId: 'registerCase',
    summary: 'Register an application (收到申请); assigns the next case number',
    status: 201,
    type: RegisteredCaseView,
    headers: ['Location', 'ETag', 'Idempotent-Replayed'],
    problems: [400, 401, 403, 404, 422],
  })
  async register(
    @Body() dto: RegisterCaseDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegisteredCaseView> {
    const result = await this.cases.register(dto, { actor, ...(idempotencyKey ? { idempotencyKey } : {}) });
    void reply.header('location', `/v1/cases/${result.body.id}`);
    return send(reply, result) as RegisteredCaseView;
  }

  @Get()
  @Access(READERS, 'cases:read')
  @ApiOperationWithProblems({
    operationId: 'listCases',
    summary: 'Search cases (filters, cursor pagination)',
    type: CasePage,
    problems: [400, 401, 403],
  })
  list(@Query() query: ListCasesQuery, @CurrentActor() actor: Actor): Promise<CasePage> {
    return this.cases.list(query, actor);
  }

  @Get(':id')
  @Access(READERS, 'cases:read')
  @ApiOperationWithProblems({
    operationId: 'getCase',
    summary: 'Read a case (ETag header for If-Match)',
    type: CaseView,
    headers: ['ETag'],
    problems: [400, 401, 403, 404],
  })
  async get(
    @Param('id', uuidParam('id')) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    const view = await this.cases.get(id, actor);
    void reply.header('etag', caseEtag(view.version));
    return view;
  }

  @Patch(':id')
  @Access(WRITERS, 'cases:write')
  @IF_MATCH
  @ApiOperationWithProblems({
    operationId: 'updateCase',
    summary: 'Correct registered details (parties, respondent, contested act, request); recorded as an EDIT event',
    type: CaseView,
    headers: ['ETag'],
    problems: [400, 401, 403, 404, 412, 428],
  })
  async update(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateCaseDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    return send(reply, await this.cases.update(id, dto, { actor, ...(ifMatch ? { ifMatch } : {}) }));
  }

  @Put(':id/handlers')
  @Access(WRITERS, 'cases:write')
  @IF_MATCH
  @ApiOperationWithProblems({
    operationId: 'assignCaseHandlers',
    summary: 'Assign the handling officers (at least two, R07 32)',
    type: CaseView,
    headers: ['ETag'],
    problems: [400, 401, 403, 404, 412, 428],
  })
  async assignHandlers(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: AssignHandlersDto,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    return send(reply, await this.cases.assignHandlers(id, dto, { actor, ...(ifMatch ? { ifMatch } : {}) }));
  }

  @Get(':id/history')
  @Access(READERS, 'cases:read')
  @ApiOperationWithProblems({
    operationId: 'getCaseHistory',
    summary: 'The case’s append-only history',
    type: CaseHistoryView,
    problems: [400, 401, 403, 404],
  })
  async history(@Param('id', uuidParam('id')) id: string, @CurrentActor() actor: Actor): Promise<CaseHistoryView> {
    return { events: await this.cases.history(id, actor) };
  }

  @Get(':id/actions')
  @Access(READERS, 'cases:read')
  @ApiOperationWithProblems({
    operationId: 'listCaseActions',
    summary: 'The actions this caller may take now, with their required fields',
    type: AvailableActionsView,
    problems: [400, 401, 403, 404],
  })
  actions(@Param('id', uuidParam('id')) id: string, @CurrentActor() actor: Actor): Promise<AvailableActionsView> {
    return this.cases.availableActions(id, actor);
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @Access(WRITERS, 'cases:write')
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiPathVariants('action', CASE_ACTION_OPERATIONS)
  @ApiOperationWithProblems({
    operationId: 'performCaseAction',
    summary: 'Perform a procedural action',
    description:
      'Illegal moves are 409 naming the allowed actions; a role that may not act is 403; dates out of order, in the future, or a decision before acceptance are 422. GET /v1/cases/{id}/actions lists what the caller may do now.',
    type: CaseView,
    headers: ['ETag', 'Idempotent-Replayed'],
    problems: [400, 401, 403, 404, 409, 412, 422, 428],
  })
  async perform(
    @Param('id', uuidParam('id')) id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    const result = await this.cases.perform(id, action, body ?? {}, {
      actor,
      ...(ifMatch ? { ifMatch } : {}),
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
    return send(reply, result);
  }
}

function send(reply: FastifyReply, result: CaseResult): CaseView {
  void reply.status(result.status);
  if (result.etag) {
    void reply.header('etag', result.etag);
  }
  if (result.replayed) {
    void reply.header('idempotent-replayed', 'true');
  }
  return result.body;
}
