import { Body, Controller, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor, Role } from '../auth/roles';
import { findCodeEntry } from '../code-lists/code-lists';
import { ApiOperationWithProblems, CSV_BODY, XLSX_BODY } from '../common/http/api-operation.decorator';
import { uuidParam } from '../common/http/uuid-param.pipe';
import {
  contentDisposition,
  CSV_CONTENT_TYPE,
  csvStream,
  ExportTable,
  toCsv,
  toXlsx,
  XLSX_CONTENT_TYPE,
  xlsxStream,
} from '../common/export/exports';
import { auditOrigin } from '../personal-data/personal-data-presenter';
import { FrozenReportEntity } from './frozen-report.entity';
import { ReportTemplateData } from './report-template';
import {
  CaseListExportQuery,
  ExportQuery,
  FreezeReportDto,
  FrozenReportQuery,
  ListFrozenQuery,
  OrganQuery,
  ReportQuery,
  ReportTemplateDto,
  StatisticsQuery,
} from './statistics.dto';
import { Figures, Report, Statistics, StatisticsService } from './statistics.service';
import { FiguresView, StatisticsView } from './statistics.view';

const READERS: Role[] = ['REPORTER', 'SUPERVISOR', 'OFFICER', 'ADMIN', 'INTEGRATION'];

/** A frozen report's figures as they were computed when it was frozen (older reports may lack newer figures). */
class JsonObject {
  @ApiProperty({ type: 'object', additionalProperties: true })
  figures: Record<string, unknown>;
}

class ReportView {
  @ApiProperty()
  year: number;
  @ApiProperty({ type: FiguresView })
  figures: FiguresView;
  @ApiProperty({ type: String, nullable: true })
  asOf: string | null;
  @ApiProperty({ example: '截至目前,县政府共办理行政复议案件26起,…' })
  sentence: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Outcomes with cases that no template item mentions.',
  })
  unmappedOutcomes: Record<string, number>;
}

class FrozenReportView extends JsonObject {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  title: string;
  @ApiProperty()
  sentence: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  parameters: Record<string, unknown>;
  @ApiProperty()
  definitionsVersion: string;
  @ApiProperty()
  createdByName: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'With compare=true: fresh figures, sentence and differences.',
  })
  comparison?: Record<string, unknown>;
}

function frozenView(row: FrozenReportEntity): FrozenReportView {
  return {
    id: row.id,
    title: row.title,
    sentence: row.sentence,
    figures: row.figures,
    parameters: row.parameters,
    definitionsVersion: row.definitionsVersion,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Thin: parameters in, figures out. Definitions and formulas: src/statistics/tally.ts. */
@ApiTags('statistics')
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('reconsideration')
  @Access(READERS, 'statistics:read')
  @ApiOperationWithProblems({
    operationId: 'getReconsiderationStatistics',
    summary: 'Tallies of a period as of a date, with breakdowns and change on the previous period (同比)',
    description:
      'Figures are derived from the cases’ history by the acts’ legal dates; see the rateBase parameter for the formulas.',
    type: StatisticsView,
    problems: [400, 401, 403, 404, 422],
  })
  async get(@Query() query: StatisticsQuery, @CurrentActor() actor: Actor): Promise<Statistics> {
    return this.statistics.statistics(query, actor);
  }

  @Get('reconsideration/report')
  @Access(READERS, 'statistics:read')
  @ApiOperationWithProblems({
    operationId: 'getReconsiderationReport',
    summary: 'The year’s report sentence rendered from the organ’s template, with its figures (json, text or csv)',
    description:
      'format=json (the default) answers application/json; format=text the sentence alone as text/plain; format=csv the figures and the sentence as a text/csv download.',
    type: ReportView,
    media: {
      'text/plain': { type: 'string', description: 'The report sentence and a newline.' },
      'text/csv': CSV_BODY,
    },
    headers: ['Content-Disposition'],
    problems: [400, 401, 403, 404, 422],
  })
  async report(
    @Query() query: ReportQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportView | string> {
    const report = await this.statistics.report(query, actor);
    if (query.format === 'text') {
      void reply.header('content-type', 'text/plain; charset=utf-8');
      return `${report.sentence}\n`;
    }
    if (query.format === 'csv') {
      void reply.header('content-type', CSV_CONTENT_TYPE);
      void reply.header(
        'content-disposition',
        contentDisposition(`reconsideration-report-${query.year}.csv`, `行政复议统计报告_${query.year}.csv`),
      );
      return toCsv([
        figuresTable(report.figures),
        { sheet: '报告', headers: ['报告表述'], rows: [[report.sentence]] },
      ]).toString('utf8');
    }
    return {
      year: report.year,
      asOf: report.asOf,
      figures: report.figures,
      sentence: report.sentence,
      unmappedOutcomes: report.unmappedOutcomes,
    };
  }

  @Get('reconsideration/export')
  @Access(READERS, 'statistics:read')
  @ApiOperationWithProblems({
    operationId: 'exportReconsiderationStatistics',
    summary: 'Figures and breakdowns as CSV or XLSX with zh-CN headers',
    media: { 'text/csv': CSV_BODY, [XLSX_CONTENT_TYPE]: XLSX_BODY },
    headers: ['Content-Disposition'],
    problems: [400, 401, 403, 404, 422],
  })
  async export(
    @Query() query: ExportQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const s = await this.statistics.statistics(query, actor);
    const tables: ExportTable[] = [
      figuresTable(s.figures),
      ...(['respondentKind', 'actCategory', 'managementDomain', 'outcome', 'outcomeDetail'] as const).map((d) => ({
        sheet: {
          respondentKind: '按被申请人类型',
          actCategory: '按行为类别',
          managementDomain: '按管理领域',
          outcome: '按结案方式',
          outcomeDetail: '按结案情形',
        }[d],
        headers: ['代码', '名称', '件数', '占比(%)', '上期件数', '同比(%)'],
        rows: s.breakdowns[d].map((e) => [e.code, e.labelZh, e.count, e.percent, e.previousCount, e.changePercent]),
      })),
      // scope=DESCENDANTS: each organ's handled cases.
      ...(s.breakdowns.organ
        ? [
            {
              sheet: '按复议机关',
              headers: ['代码', '名称', '件数', '占比(%)', '上期件数', '同比(%)'],
              rows: s.breakdowns.organ.map((e) => [
                e.code,
                e.labelZh,
                e.count,
                e.percent,
                e.previousCount,
                e.changePercent,
              ]),
            },
          ]
        : []),
    ];
    return this.sendTables(
      reply,
      tables,
      query.format,
      `reconsideration-statistics-${query.from}-${query.to}`,
      `行政复议统计_${query.from}_${query.to}`,
    );
  }

  @Get('cases/export')
  @Access(READERS, 'statistics:read')
  @ApiOperationWithProblems({
    operationId: 'exportHandledCases',
    summary:
      'The cases handled in a period (carried over + received), with their outcome as of the date, as CSV or XLSX',
    media: { 'text/csv': CSV_BODY, [XLSX_CONTENT_TYPE]: XLSX_BODY },
    headers: ['Content-Disposition'],
    problems: [400, 401, 403, 404, 422],
  })
  async exportCases(
    @Query() query: CaseListExportQuery,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const table = await this.statistics.handledCasesTable(query, query.format, {
      actor,
      origin: auditOrigin(request),
    });
    const asciiName = `reconsideration-cases-${query.from}-${query.to}.${query.format}`;
    const zhName = `行政复议案件清单_${query.from}_${query.to}.${query.format}`;
    void reply.header('content-type', query.format === 'csv' ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE);
    void reply.header('content-disposition', contentDisposition(asciiName, zhName));
    // Streamed: Fastify pipes it and, should a page fail mid-way, cuts the connection instead of ending a short file.
    return query.format === 'csv' ? csvStream(table) : xlsxStream(table);
  }

  @Get('report-template')
  @Access(READERS, 'statistics:read')
  @ApiOperationWithProblems({
    operationId: 'getReportTemplate',
    summary: 'The organ’s report sentence template (data)',
    type: ReportTemplateDto,
    problems: [400, 401, 403, 404],
  })
  async template(@Query() query: OrganQuery, @CurrentActor() actor: Actor): Promise<ReportTemplateData> {
    return (await this.statistics.templateFor(query.organId, actor)).template;
  }

  @Put('report-template')
  @Access(['ADMIN'])
  @ApiOperationWithProblems({
    operationId: 'putReportTemplate',
    summary: 'Replace the organ’s report sentence template; unknown placeholders or outcome codes are 422',
    type: ReportTemplateDto,
    problems: [400, 401, 403, 404, 422],
  })
  putTemplate(
    @Query() query: OrganQuery,
    @Body() dto: ReportTemplateDto,
    @CurrentActor() actor: Actor,
  ): Promise<ReportTemplateData> {
    return this.statistics.saveTemplate(query.organId, dto, actor);
  }

  @Post('reports')
  @Access(['REPORTER', 'SUPERVISOR'])
  @ApiOperationWithProblems({
    operationId: 'freezeReport',
    summary: 'Freeze a year’s report as published: figures, sentence, parameters, template, who and when',
    status: 201,
    type: FrozenReportView,
    problems: [400, 401, 403, 404, 422],
  })
  async freeze(@Body() dto: FreezeReportDto, @CurrentActor() actor: Actor): Promise<FrozenReportView> {
    return frozenView(await this.statistics.freeze(dto, actor));
  }

  @Get('reports')
  @Access(READERS, 'statistics:read')
  @ApiOperationWithProblems({
    operationId: 'listFrozenReports',
    summary: 'Frozen reports, newest first',
    type: [FrozenReportView],
    problems: [400, 401, 403],
  })
  async list(@Query() query: ListFrozenQuery, @CurrentActor() actor: Actor): Promise<FrozenReportView[]> {
    return (await this.statistics.listFrozen(query.organId, query.limit, actor)).map(frozenView);
  }

  @Get('reports/:id')
  @Access(READERS, 'statistics:read')
  @ApiOperationWithProblems({
    operationId: 'getFrozenReport',
    summary: 'A frozen report; with compare=true, how a fresh computation differs (restatement)',
    type: FrozenReportView,
    problems: [400, 401, 403, 404],
  })
  async getFrozen(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: FrozenReportQuery,
    @CurrentActor() actor: Actor,
  ): Promise<FrozenReportView> {
    const row = await this.statistics.frozen(id, actor);
    const view = frozenView(row);
    if (query.compare === 'true') {
      const c = await this.statistics.compare(row, actor);
      view.comparison = {
        figures: c.figures,
        sentence: c.sentence,
        differences: c.differences,
        restated: c.differences.length > 0,
      };
    }
    return view;
  }

  private async sendTables(
    reply: FastifyReply,
    tables: ExportTable[],
    format: 'csv' | 'xlsx',
    asciiBase: string,
    zhBase: string,
  ): Promise<Buffer> {
    void reply.header('content-type', format === 'csv' ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE);
    void reply.header('content-disposition', contentDisposition(`${asciiBase}.${format}`, `${zhBase}.${format}`));
    return format === 'csv' ? toCsv(tables) : toXlsx(tables);
  }
}

const RATE_BASE_LABELS: Record<Figures['rateBase'], string> = {
  DECIDED: '实体审理决定数',
  CONCLUDED: '办结数',
  ACCEPTED: '受理数',
};
const ACCEPTANCE_BASE_LABELS: Record<Figures['acceptanceRateBase'], string> = {
  RECEIVED: '收到申请数',
  HANDLED: '办理数',
  EXAMINED: '受理数 + 受理前结案数',
};
const CONCLUSION_BASE_LABELS: Record<Figures['conclusionRateBase'], string> = {
  HANDLED: '办结数 ÷ 办理数',
  ACCEPTED: '审结数 ÷ (结转的已受理案件 + 受理数)',
};

function figuresTable(f: Figures): ExportTable {
  const rate = (v: number | null) => (v === null ? null : v);
  return {
    sheet: '主要数据',
    headers: ['项目', '数值'],
    rows: [
      ['复议机关', f.organ.name],
      ['统计范围', f.scope === 'DESCENDANTS' ? `本机关及下级机关（共${f.organIds.length}个机关）` : '本机关'],
      ['统计期间', `${f.period.from} 至 ${f.period.to}`],
      ['截至日期', f.period.effectiveEnd],
      ['新收案件', f.received],
      ['上年结转', f.carriedOver],
      ['共办理', f.handled],
      ['受理', f.accepted],
      ['结转的已受理案件', f.acceptedCarriedOver],
      // 办结 counts every closing, before acceptance too; 审结 only those after acceptance (issue 11).
      ['办结', f.concluded],
      ['审结', f.concludedAfterAcceptance],
      ['受理前结案', f.concludedBeforeAcceptance],
      ['正在办理', f.pending],
      ['受理前协商化解', f.settledBeforeAcceptance],
      ['纠错件数', f.correctionCount],
      ['综合纠错件数', f.overallCorrectionCount],
      [`纠错率(%)（基数：${RATE_BASE_LABELS[f.rateBase]}）`, rate(f.correctionRate)],
      ['综合纠错率(%)', rate(f.overallCorrectionRate)],
      [`受理率(%)（基数：${ACCEPTANCE_BASE_LABELS[f.acceptanceRateBase]}）`, rate(f.acceptanceRate)],
      [`结案率(%)（${CONCLUSION_BASE_LABELS[f.conclusionRateBase]}）`, rate(f.conclusionRate)],
      ...Object.entries(f.byOutcome).map(([code, n]): [string, number] => [
        findCodeEntry('OUTCOMES', code)?.labelZh ?? code,
        n,
      ]),
    ],
  };
}

export type { Report };
