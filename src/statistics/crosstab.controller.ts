import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor, Role } from '../auth/roles';
import { ApiOperationWithProblems, CSV_BODY, XLSX_BODY } from '../common/http/api-operation.decorator';
import { contentDisposition, CSV_CONTENT_TYPE, toCsv, toXlsx, XLSX_CONTENT_TYPE } from '../common/export/exports';
import { CrosstabExportQuery, CrosstabQuery } from './crosstab.dto';
import { Crosstab, CrosstabService, crosstabTables } from './crosstab.service';
import { CrosstabValueView, CrosstabView } from './crosstab.view';

const READERS: Role[] = ['REPORTER', 'SUPERVISOR', 'OFFICER', 'ADMIN', 'INTEGRATION'];

/** Thin: parameters in, the cross-tab out (rules: crosstab.service.ts). */
@ApiTags('statistics')
@ApiExtraModels(CrosstabValueView)
@Controller('statistics')
export class CrosstabController {
  constructor(private readonly crosstabs: CrosstabService) {}

  @Get('reconsideration/crosstab')
  @Access(READERS, 'statistics:read')
  @ApiOperationWithProblems({
    operationId: 'getReconsiderationCrosstab',
    summary: 'A population’s members counted per pair of codes of two dimensions, with totals and percentages',
    description:
      'The grand total is the population’s figure of GET /v1/statistics/reconsideration for the same parameters; with outcome or outcomeDetail the cells count the concluded members (countedPopulation), and RECEIVED, ACCEPTED or PENDING are 400 naming population.',
    type: CrosstabView,
    problems: [400, 401, 403, 404, 422],
  })
  get(@Query() query: CrosstabQuery, @CurrentActor() actor: Actor): Promise<Crosstab> {
    return this.crosstabs.crosstab(query, actor);
  }

  @Get('reconsideration/crosstab/export')
  @Access(READERS, 'statistics:read')
  @ApiOperationWithProblems({
    operationId: 'exportReconsiderationCrosstab',
    summary: 'The cross-tab as CSV or XLSX with zh-CN headers: counts, then percentages, each with totals',
    media: { 'text/csv': CSV_BODY, [XLSX_CONTENT_TYPE]: XLSX_BODY },
    headers: ['Content-Disposition'],
    problems: [400, 401, 403, 404, 422],
  })
  async export(
    @Query() query: CrosstabExportQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const tables = crosstabTables(await this.crosstabs.crosstab(query, actor));
    const base = `reconsideration-crosstab-${query.rows}-${query.columns}-${query.from}-${query.to}`;
    const zh = `行政复议交叉统计_${query.from}_${query.to}`;
    void reply.header('content-type', query.format === 'csv' ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE);
    void reply.header('content-disposition', contentDisposition(`${base}.${query.format}`, `${zh}.${query.format}`));
    return query.format === 'csv' ? toCsv(tables) : toXlsx(tables);
  }
}
