import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, IsUrl, IsUUID, Length, Max, Min } from 'class-validator';
import { IsLocalDate } from '../common/validation/local-date.validator';
import { BASELINE_BREAKDOWNS, BREAKDOWN_LIST, MAX_DECLARED_COUNT, MAX_DECLARED_RATE } from './baseline';
import type {
  BaselineBreakdowns,
  BaselineFigures,
  BaselineRateBases,
  BaselineRates,
  BaselineBreakdownName,
} from './baseline';
import { COMPARED_FIGURES, COMPARED_RATES } from './compared';
import { ACCEPTANCE_RATE_BASES, CONCLUSION_RATE_BASES, MAX_DECIMALS, POPULATIONS } from './tally';

const FIGURES_SCHEMA = {
  type: 'object' as const,
  description:
    'Published counts by figure name (any subset of the figures 同比 compares); integers ≥ 0. A figure the report does not give is left out: its comparison is null (NOT_DECLARED).',
  properties: Object.fromEntries(
    COMPARED_FIGURES.map((k) => [k, { type: 'integer' as const, minimum: 0, maximum: MAX_DECLARED_COUNT }]),
  ),
  additionalProperties: false,
  example: { received: 20, handled: 22, concluded: 18 },
};

const RATES_SCHEMA = {
  type: 'object' as const,
  description: `Published rates in percent, as printed (0–${MAX_DECLARED_RATE}, at most ${MAX_DECIMALS} decimals). They are re-expressed at the request's decimals and percent mode.`,
  properties: Object.fromEntries(
    COMPARED_RATES.map((k) => [
      k,
      { type: 'number' as const, minimum: 0, maximum: MAX_DECLARED_RATE, multipleOf: 0.0001 },
    ]),
  ),
  additionalProperties: false,
  example: { correctionRate: 12.5 },
};

const RATE_BASES_SCHEMA = {
  type: 'object' as const,
  description:
    'The bases the report computed its rates over, when it says (see GET /v1/statistics/reconsideration). A declared base that differs from the request’s makes the rate’s comparison null (RATE_BASE_DIFFERS); without one the rate is compared as published.',
  properties: {
    rateBase: { type: 'string' as const, enum: ['DECIDED', 'CONCLUDED', 'ACCEPTED'] },
    acceptanceRateBase: { type: 'string' as const, enum: [...ACCEPTANCE_RATE_BASES] },
    conclusionRateBase: { type: 'string' as const, enum: [...CONCLUSION_RATE_BASES] },
  },
  additionalProperties: false,
};

const breakdownSchema = (name: BaselineBreakdownName) => ({
  type: 'object' as const,
  description: `Counts per code of ${BREAKDOWN_LIST[name]} (GET /v1/code-lists), over the population the report counted. A code not listed counted 0.`,
  properties: {
    population: { type: 'string' as const, enum: [...POPULATIONS] },
    counts: { type: 'object' as const, additionalProperties: { type: 'integer' as const, minimum: 0 } },
  },
  required: ['population', 'counts'],
  additionalProperties: false,
});

const BREAKDOWNS_SCHEMA = {
  type: 'object' as const,
  description:
    'Published breakdowns. A breakdown whose population differs from the request’s is not compared (POPULATION_DIFFERS).',
  properties: Object.fromEntries(BASELINE_BREAKDOWNS.map((n) => [n, breakdownSchema(n)])),
  additionalProperties: false,
  example: { respondentKind: { population: 'HANDLED', counts: { COUNTY_DEPARTMENT: 15, TOWNSHIP_GOVERNMENT: 7 } } },
};

export class DeclareBaselineDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The organ (default: DEFAULT_ORGAN_CODE, or the one organ of a key limited to one).',
  })
  @IsOptional()
  @IsUUID()
  organId?: string;

  @ApiProperty({ description: 'First day of the published period.', example: '2020-01-01' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ description: 'Last day of the published period.', example: '2020-12-31' })
  @IsLocalDate()
  to: string;

  @ApiPropertyOptional(FIGURES_SCHEMA)
  @IsOptional()
  @IsObject()
  figures?: BaselineFigures;

  @ApiPropertyOptional(RATES_SCHEMA)
  @IsOptional()
  @IsObject()
  rates?: BaselineRates;

  @ApiPropertyOptional(RATE_BASES_SCHEMA)
  @IsOptional()
  @IsObject()
  rateBases?: BaselineRateBases;

  @ApiPropertyOptional(BREAKDOWNS_SCHEMA)
  @IsOptional()
  @IsObject()
  breakdowns?: BaselineBreakdowns;

  @ApiProperty({
    description: 'The report the figures come from: its title or document number (文号).',
    example: '台前县人民政府2020年度行政复议工作报告',
  })
  @IsString()
  @Length(1, 500)
  source: string;

  @ApiPropertyOptional({ description: 'Where the report is published.', example: 'https://www.taiqian.gov.cn/' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @Length(1, 2000)
  sourceUrl?: string;
}

export class ListBaselinesQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organId?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}

export class BaselineView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  organId: string;
  @ApiProperty({ format: 'date' })
  from: string;
  @ApiProperty({ format: 'date' })
  to: string;
  @ApiProperty(FIGURES_SCHEMA)
  figures: BaselineFigures;
  @ApiProperty(RATES_SCHEMA)
  rates: BaselineRates;
  @ApiProperty(RATE_BASES_SCHEMA)
  rateBases: BaselineRateBases;
  @ApiProperty(BREAKDOWNS_SCHEMA)
  breakdowns: BaselineBreakdowns;
  @ApiProperty()
  source: string;
  @ApiProperty({ type: String, nullable: true })
  sourceUrl: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The baseline of the same organ and period this one replaced.',
  })
  supersedes: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The baseline that replaced this one; null: this one is active (the newest of its organ and period).',
  })
  supersededBy: string | null;
  @ApiProperty({ description: 'The API key’s name that declared it.' })
  createdByName: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
