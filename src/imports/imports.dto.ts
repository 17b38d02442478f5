import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsInt, IsObject, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { IMPORT_STATUSES, ImportJobEntity } from './import-job.entity';
import { LEDGER_FIELDS, LEDGER_PROBLEM_CODES } from './ledger/ledger-record';
import type { LedgerMapping } from './ledger/ledger-record';
import { IMPORT_PROBLEMS_KEPT } from './imports.service';

/** Problems shown in a job's view; all of them (up to IMPORT_PROBLEMS_KEPT) are kept. */
export const IMPORT_PROBLEMS_SHOWN = 1000;

export class CommitImportDto {
  @ApiPropertyOptional({ description: 'Import the valid rows and skip the invalid ones (listed in the job).' })
  @IsOptional()
  @IsBoolean()
  skipInvalid?: boolean;
}

export class ListImportsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ImportProgressView {
  @ApiProperty({ enum: ['VALIDATE', 'COMMIT'] })
  phase: 'VALIDATE' | 'COMMIT';
  @ApiProperty()
  rowsDone: number;
  @ApiProperty()
  rowsTotal: number;
}

export class ImportCountsView {
  @ApiProperty({ description: 'Data rows in the file.' })
  rows: number;
  @ApiProperty()
  valid: number;
  @ApiProperty()
  invalid: number;
  @ApiProperty({
    description: 'Valid rows whose case an earlier import of the same content brought in: nothing to add.',
  })
  alreadyImported: number;
  @ApiProperty({ description: 'Cases written by the commit.' })
  imported: number;
  @ApiProperty({ description: 'Invalid rows skipped by a commit with skipInvalid.' })
  skipped: number;
}

export class ImportProblemView {
  @ApiProperty({ type: Number, nullable: true, description: 'Row in the sheet (the header row is 1); null: the file.' })
  row: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The column’s header as in the file.' })
  column: string | null;
  @ApiProperty({ enum: LEDGER_PROBLEM_CODES })
  code: string;
  @ApiProperty()
  message: string;
}

export class ImportYearView {
  @ApiProperty()
  year: number;
  @ApiProperty({ description: 'Cases received that year.' })
  received: number;
  @ApiProperty({ description: 'Cases accepted that year.' })
  accepted: number;
  @ApiProperty({ description: 'Cases concluded that year.' })
  concluded: number;
  @ApiProperty({ description: 'Cases received that year and open at its end (carried over).' })
  pending: number;
}

export class ImportJobView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  organId: string;
  @ApiProperty({ description: 'The uploaded file’s name.' })
  source: string;
  @ApiProperty()
  sha256: string;
  @ApiProperty({ enum: IMPORT_STATUSES })
  status: string;
  @ApiProperty({ type: ImportProgressView })
  progress: ImportProgressView;
  @ApiProperty({ type: ImportCountsView })
  counts: ImportCountsView;
  @ApiProperty({ type: [ImportProblemView], description: `The first ${IMPORT_PROBLEMS_SHOWN}, by row.` })
  problems: ImportProblemView[];
  @ApiProperty()
  problemsTruncated: boolean;
  @ApiProperty({ type: [ImportYearView], description: 'What committing adds to each year’s statistics.' })
  statistics: ImportYearView[];
  @ApiProperty()
  skipInvalid: boolean;
  @ApiProperty({ description: 'The importer (API key name).' })
  createdBy: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  committedAt: string | null;
  @ApiProperty({ type: String, nullable: true })
  failure: string | null;
  @ApiProperty({ description: 'GET /v1/cases?importId= lists the cases it brought in.' })
  casesUrl: string;

  static of(j: ImportJobEntity): ImportJobView {
    const problems = j.problems ?? [];
    return {
      id: j.id,
      organId: j.organId,
      source: j.source,
      sha256: j.sha256,
      status: j.status,
      progress: { phase: j.phase, rowsDone: j.rowsDone, rowsTotal: j.rowsTotal },
      counts: j.counts,
      problems: problems.slice(0, IMPORT_PROBLEMS_SHOWN),
      problemsTruncated: problems.length > IMPORT_PROBLEMS_SHOWN || j.counts.invalid > IMPORT_PROBLEMS_KEPT,
      statistics: j.statistics ?? [],
      skipInvalid: j.skipInvalid,
      createdBy: j.createdBy,
      createdAt: j.createdAt.toISOString(),
      committedAt: j.committedAt ? j.committedAt.toISOString() : null,
      failure: j.failure,
      casesUrl: `/v1/cases?importId=${j.id}`,
    };
  }
}

export const LEDGER_MAPPING_SCHEMA = {
  type: 'object' as const,
  description: 'zh-CN header (spaces ignored) → ledger field.',
  additionalProperties: { type: 'string' as const, enum: [...LEDGER_FIELDS] },
  example: { 案号: 'caseNumber', 收到日期: 'receivedOn', 申请人: 'applicants' },
};

export class LedgerMappingView {
  @ApiProperty(LEDGER_MAPPING_SCHEMA)
  mapping: LedgerMapping;
  @ApiProperty({ description: 'True: the organ has none of its own and the default applies.' })
  isDefault: boolean;
}

export class SetLedgerMappingDto {
  @ApiProperty({ ...LEDGER_MAPPING_SCHEMA, nullable: true, description: 'The mapping; null: back to the default.' })
  @IsDefined()
  @ValidateIf((o: SetLedgerMappingDto) => o.mapping !== null)
  @IsObject()
  mapping: Record<string, string> | null;
}
