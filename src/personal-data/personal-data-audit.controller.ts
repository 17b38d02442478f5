import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags, IntersectionType } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsDateInRange } from '../common/validation/local-date.validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/roles';
import { contentDisposition, CSV_CONTENT_TYPE, toCsv } from '../common/export/exports';
import { ApiOperationWithProblems, CSV_BODY } from '../common/http/api-operation.decorator';
import { CursorKind, decodeCursor, PageQuery, toPage } from '../common/http/pagination';
import { ProblemException } from '../common/errors/problem.exception';
import { AuditFilter, PersonalDataAudit } from './personal-data-audit';
import { AUDIT_KINDS, AuditKind, PersonalDataReadEntity } from './personal-data-read.entity';
import { auditOrigin } from './personal-data-presenter';

const AUDIT_CURSOR: CursorKind = { key: 'audit:-id', sortValue: /^\d{1,19}$/, id: /^\d{1,19}$/ };
/** An export holds at most this many rows; narrow the period or the case for more. */
const EXPORT_MAX_ROWS = 100_000;

export class AuditFilterQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only reads of this case.' })
  @IsOptional()
  @IsUUID()
  case?: string;

  @ApiPropertyOptional({ description: 'Only reads by this API key (id) or signed-on officer (`iss#sub`).' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  key?: string;

  @ApiPropertyOptional({
    description: 'From this instant (ISO 8601), inclusive.',
    example: '2026-01-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @IsDateInRange()
  from?: string;

  @ApiPropertyOptional({ description: 'Until this instant (ISO 8601), exclusive.' })
  @IsOptional()
  @IsDateString({ strict: true })
  @IsDateInRange()
  to?: string;
}

export class AuditPageQuery extends IntersectionType(PageQuery, AuditFilterQuery) {}

export class PersonalDataReadView {
  @ApiProperty({ description: 'Increasing with time.' })
  id: string;
  @ApiProperty({ format: 'date-time' })
  readAt: string;
  @ApiProperty({ enum: AUDIT_KINDS })
  kind: AuditKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorKeyId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A signed-on officer: `iss#sub`.' })
  actorSubject: string | null;
  @ApiProperty()
  actorName: string;
  @ApiProperty({ type: [String] })
  actorRoles: string[];
  @ApiProperty({ type: String, nullable: true, description: 'X-Request-Id of the response.' })
  requestId: string | null;
  @ApiProperty()
  method: string;
  @ApiProperty({ example: '/v1/cases/:id' })
  route: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  caseId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organId: string | null;
  @ApiProperty({ type: [String], example: ['applicants[].idNumber', 'applicants[].name'] })
  fields: string[];
  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  static of(e: PersonalDataReadEntity): PersonalDataReadView {
    return Object.assign(new PersonalDataReadView(), {
      id: e.id,
      readAt: e.readAt.toISOString(),
      kind: e.kind,
      actorKeyId: e.actorKeyId,
      actorSubject: e.actorSubject,
      actorName: e.actorName,
      actorRoles: e.actorRoles,
      requestId: e.requestId,
      method: e.method,
      route: e.route,
      caseId: e.caseId,
      organId: e.organId,
      fields: e.fields,
      reason: e.reason,
    });
  }
}

export class PersonalDataReadPage {
  @ApiProperty({ type: [PersonalDataReadView] })
  items: PersonalDataReadView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

function filterOf(query: AuditFilterQuery, reader: Actor): Omit<AuditFilter, 'limit'> {
  if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
    throw new ProblemException('VALIDATION_FAILED', '`from` must be before `to`.', {
      errors: [{ path: 'query.to', code: 'RANGE_EMPTY', message: 'to must be after from' }],
    });
  }
  return {
    reader,
    ...(query.case ? { caseId: query.case } : {}),
    ...(query.key ? { key: query.key } : {}),
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
  };
}

/**
 * Who read whose personal data (PIPL 51, 54: the handler's own audit of its processing). Only the AUDITOR reads it,
 * and an export of it is itself audited. The rows name fields, never values, so reading them discloses no one.
 */
@ApiTags('audit')
@Controller('audit/personal-data-reads')
export class PersonalDataAuditController {
  constructor(
    private readonly audit: PersonalDataAudit,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Access(['AUDITOR'])
  @ApiOperationWithProblems({
    operationId: 'listPersonalDataReads',
    summary: 'The personal-data audit: responses that disclosed personal values in clear, rectifications, erasures',
    type: PersonalDataReadPage,
    problems: [400, 401, 403],
  })
  async list(@Query() query: AuditPageQuery, @CurrentActor() actor: Actor): Promise<PersonalDataReadPage> {
    const after = decodeCursor(AUDIT_CURSOR, query.cursor);
    const rows = await this.audit.list({ ...filterOf(query, actor), limit: query.limit, ...(after ? { after } : {}) });
    const page = toPage(rows, query.limit, AUDIT_CURSOR, (r) => ({ sortValue: r.id, id: r.id }));
    return { items: page.items.map((r) => PersonalDataReadView.of(r)), nextCursor: page.nextCursor };
  }

  @Get('export')
  @Access(['AUDITOR'])
  @ApiOperationWithProblems({
    operationId: 'exportPersonalDataReads',
    summary: 'The personal-data audit as CSV (the export is itself recorded in the audit)',
    media: { 'text/csv': CSV_BODY },
    headers: ['Content-Disposition'],
    problems: [400, 401, 403, 422],
  })
  async export(
    @Query() query: AuditFilterQuery,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const filter = filterOf(query, actor);
    const rows = await this.dataSource.transaction(async (m) => {
      const found = await this.audit.list({ ...filter, limit: EXPORT_MAX_ROWS });
      if (found.length > EXPORT_MAX_ROWS) {
        throw new ProblemException(
          'EXPORT_TOO_LARGE',
          `More than ${EXPORT_MAX_ROWS} audit rows match; narrow the period or the case.`,
        );
      }
      const described = Object.entries(query)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('&');
      await this.audit.record(m, actor, auditOrigin(request), [
        {
          kind: 'AUDIT_EXPORT',
          caseId: query.case ?? null,
          organId: null,
          fields: [],
          ...(described ? { reason: described } : {}),
        },
      ]);
      return found;
    });
    void reply.header('content-type', CSV_CONTENT_TYPE);
    void reply.header('content-disposition', contentDisposition('personal-data-reads.csv', '个人信息访问审计.csv'));
    return toCsv([
      {
        sheet: '个人信息访问审计',
        headers: [
          '编号',
          '时间',
          '类型',
          'API密钥',
          '登录用户',
          '名称',
          '角色',
          '请求编号',
          '方法',
          '路由',
          '案件',
          '机关',
          '字段',
          '理由',
        ],
        rows: rows.map((r) => [
          r.id,
          r.readAt.toISOString(),
          r.kind,
          r.actorKeyId,
          r.actorSubject,
          r.actorName,
          r.actorRoles.join(' '),
          r.requestId,
          r.method,
          r.route,
          r.caseId,
          r.organId,
          r.fields.join(' '),
          r.reason,
        ]),
      },
    ]);
  }
}
