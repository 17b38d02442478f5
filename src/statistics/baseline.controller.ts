import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor, Role } from '../auth/roles';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { uuidParam } from '../common/http/uuid-param.pipe';
import { BaselineView, DeclareBaselineDto, ListBaselinesQuery } from './baseline.dto';
import type { BaselineRow } from './baseline.repository';
import { BaselineService } from './baseline.service';

/** Whoever reads statistics reads the baselines their comparisons use. */
const READERS: Role[] = ['REPORTER', 'SUPERVISOR', 'OFFICER', 'ADMIN', 'INTEGRATION'];

function baselineView({ baseline: b, supersededBy }: BaselineRow): BaselineView {
  return {
    id: b.id,
    organId: b.organId,
    from: b.periodFrom,
    to: b.periodTo,
    figures: b.figures,
    rates: b.rates,
    rateBases: b.rateBases,
    breakdowns: b.breakdowns,
    source: b.source,
    sourceUrl: b.sourceUrl,
    supersedes: b.supersedes,
    supersededBy,
    createdByName: b.createdByName,
    createdAt: b.createdAt.toISOString(),
  };
}

/** Declared baselines: published figures that 同比 uses where the case data is incomplete (baseline.ts). */
@ApiTags('statistics')
@Controller('statistics/baselines')
export class BaselineController {
  constructor(private readonly baselines: BaselineService) {}

  // Entering a report's published figures is the report writer's task (and an ADMIN's, who sets caseDataFrom).
  @Post()
  @Access(['REPORTER', 'ADMIN'])
  @ApiOperationWithProblems({
    operationId: 'declareStatisticsBaseline',
    summary:
      'Declare an organ’s published figures for a period (同比 baseline); it supersedes the active one of the same organ and period',
    status: 201,
    type: BaselineView,
    problems: [400, 401, 403, 404, 422],
  })
  async declare(@Body() dto: DeclareBaselineDto, @CurrentActor() actor: Actor): Promise<BaselineView> {
    return baselineView(await this.baselines.declare(dto, actor));
  }

  @Get()
  @Access(READERS, 'statistics:read')
  @ApiOperationWithProblems({
    operationId: 'listStatisticsBaselines',
    summary: 'Declared baselines, newest first, superseded ones included',
    type: [BaselineView],
    problems: [400, 401, 403, 404],
  })
  async list(@Query() query: ListBaselinesQuery, @CurrentActor() actor: Actor): Promise<BaselineView[]> {
    return (await this.baselines.list(query.organId, query.limit, actor)).map(baselineView);
  }

  @Get(':id')
  @Access(READERS, 'statistics:read')
  @ApiOperationWithProblems({
    operationId: 'getStatisticsBaseline',
    summary: 'A declared baseline, active or superseded',
    type: BaselineView,
    problems: [400, 401, 403, 404],
  })
  async get(@Param('id', uuidParam('id')) id: string, @CurrentActor() actor: Actor): Promise<BaselineView> {
    return baselineView(await this.baselines.get(id, actor));
  }
}
