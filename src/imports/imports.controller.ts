import { Body, Controller, Get, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/roles';
import { contentDisposition, XLSX_CONTENT_TYPE } from '../common/export/exports';
import { ApiOperationWithProblems, XLSX_BODY } from '../common/http/api-operation.decorator';
import { uuidParam } from '../common/http/uuid-param.pipe';
import {
  CommitImportDto,
  ImportJobView,
  LedgerMappingView,
  ListImportsQuery,
  SetLedgerMappingDto,
} from './imports.dto';
import { ImportsService } from './imports.service';
import { parseLedgerUpload } from './multipart';

/** Ledger imports (issue 12): upload, watch, commit. The rules are in ImportsService. */
@ApiTags('imports')
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post('imports')
  @Access(['ADMIN', 'SUPERVISOR'])
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'The ledger, XLSX or CSV (at most IMPORT_MAX_BYTES).' },
        organId: { type: 'string', format: 'uuid', description: 'The organ the cases belong to.' },
      },
    },
  })
  @ApiOperationWithProblems({
    operationId: 'createImport',
    summary: 'Upload a case ledger (台账): a job that validates every row (poll it), then commit it',
    status: 202,
    type: ImportJobView,
    headers: ['Location'],
    problems: [400, 401, 403, 404, 422],
  })
  async create(
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportJobView> {
    const upload = await parseLedgerUpload(request.body, request.headers['content-type']);
    const job = await this.imports.create(upload, actor);
    void reply.status(202).header('location', `/v1/imports/${job.id}`);
    return ImportJobView.of(job);
  }

  @Get('imports')
  @Access(['ADMIN', 'SUPERVISOR'])
  @ApiOperationWithProblems({
    operationId: 'listImports',
    summary: 'Ledger imports, newest first',
    type: [ImportJobView],
    problems: [400, 401, 403],
  })
  async list(@Query() query: ListImportsQuery, @CurrentActor() actor: Actor): Promise<ImportJobView[]> {
    return (await this.imports.list(actor, query.limit ?? 50)).map((j) => ImportJobView.of(j));
  }

  @Get('imports/template.xlsx')
  @Access(['ADMIN', 'SUPERVISOR'])
  @ApiOperationWithProblems({
    operationId: 'getImportTemplate',
    summary: 'The template ledger: its columns, an example row, and a sheet explaining each column and its codes',
    media: { [XLSX_CONTENT_TYPE]: XLSX_BODY },
    headers: ['Content-Disposition'],
    problems: [401, 403],
  })
  async template(@Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.imports.template();
    void reply.header('content-type', XLSX_CONTENT_TYPE);
    void reply.header('content-disposition', contentDisposition('ledger-template.xlsx', '行政复议案件台账模板.xlsx'));
    return file;
  }

  @Get('imports/:id')
  @Access(['ADMIN', 'SUPERVISOR'])
  @ApiOperationWithProblems({
    operationId: 'getImport',
    summary: 'A ledger import: progress, per-row problems, what it adds to each year, and its outcome',
    type: ImportJobView,
    problems: [400, 401, 403, 404],
  })
  async get(@Param('id', uuidParam('id')) id: string, @CurrentActor() actor: Actor): Promise<ImportJobView> {
    return ImportJobView.of(await this.imports.get(id, actor));
  }

  @Post('imports/:id/commit')
  @Access(['ADMIN', 'SUPERVISOR'])
  @ApiOperationWithProblems({
    operationId: 'commitImport',
    summary: 'Write a validated import’s rows as historical cases (in the background: poll the job)',
    status: 202,
    type: ImportJobView,
    problems: [400, 401, 403, 404, 409],
  })
  async commit(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CommitImportDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportJobView> {
    const job = await this.imports.commit(id, dto.skipInvalid === true, actor);
    void reply.status(202);
    return ImportJobView.of(job);
  }

  @Get('organs/:id/ledger-mapping')
  @Access(['ADMIN', 'SUPERVISOR'])
  @ApiOperationWithProblems({
    operationId: 'getLedgerMapping',
    summary: 'How the organ’s ledger names its columns (the default mapping unless it has its own)',
    type: LedgerMappingView,
    problems: [400, 401, 403, 404],
  })
  getMapping(@Param('id', uuidParam('id')) id: string, @CurrentActor() actor: Actor): Promise<LedgerMappingView> {
    return this.imports.mapping(id, actor);
  }

  @Put('organs/:id/ledger-mapping')
  @Access(['ADMIN', 'SUPERVISOR'])
  @ApiOperationWithProblems({
    operationId: 'setLedgerMapping',
    summary: 'Set the organ’s ledger column mapping (null: back to the default)',
    type: LedgerMappingView,
    problems: [400, 401, 403, 404, 422],
  })
  setMapping(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: SetLedgerMappingDto,
    @CurrentActor() actor: Actor,
  ): Promise<LedgerMappingView> {
    return this.imports.setMapping(id, dto.mapping, actor);
  }
}
