import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { OUTCOMES } from '../code-lists/code-lists';
import type { Outcome } from '../code-lists/code-lists';
import { IsLocalDate } from '../common/validation/local-date.validator';
import {
  ACCEPTANCE_RATE_BASES,
  type AcceptanceRateBase,
  CONCLUSION_RATE_BASES,
  type ConclusionRateBase,
  DEFAULT_DECIMALS,
  MAX_DECIMALS,
  type PercentMode,
  type Population,
  POPULATIONS,
  type RateBase,
} from './tally';

const RATE_BASES = ['DECIDED', 'CONCLUDED', 'ACCEPTED'];
export const STATISTICS_SCOPES = ['SELF', 'DESCENDANTS'] as const;
export type StatisticsScope = (typeof STATISTICS_SCOPES)[number];

const SCOPE_DESCRIPTION =
  'SELF: the organ’s own cases. DESCENDANTS: the organ’s and those of every organ below it (parentId, recursively), in one query; ' +
  'the figures say so (figures.scope, figures.organIds) and breakdowns.organ counts each organ’s handled cases. ' +
  'A key limited to organs counts only the organs below that it can see; the others are left out as if they did not exist.';
const PERCENT_MODES = ['ROUND_HALF_UP', 'TRUNCATE'];

const FORMULAS =
  'E = min(to, asOf). received: received in [from, E]. reopened: reopened in [from, E] by an order of the superior organ (L17 20; R07 31, 48 ¶2; L23 35). ' +
  'carriedOver: received or reopened before from and not concluded (again) before from. ' +
  'handled = carriedOver + received + reopened (a case counts once per episode: a refusal or dismissal that an order reopened stays counted on its date). accepted: accepted in [from, E]. concluded: handled cases whose concluding act is dated in [from, E]. ' +
  'pending = handled − concluded (open on E). correctionCount: concluded as REVOKED, VARIED, CONFIRMED_ILLEGAL, ORDERED_TO_PERFORM or CONFIRMED_VOID. ' +
  'correctionRate = correctionCount ÷ base × 100 (base by rateBase: DECIDED = decisions on the merits, without procedural dismissals (DISMISSED_APPLICATION, R07 48 ¶1(2) / L23 33); CONCLUDED = concluded; ACCEPTED = accepted). ' +
  'overallCorrectionRate adds terminations after the respondent corrected its act to the numerator (and, for DECIDED, to the base). ' +
  'All by the acts’ legal dates; undone acts never count.';

/** A period of one organ's cases (the case-list export: case numbers are per organ, so it has no scope). */
export class PeriodQuery {
  @ApiProperty({ description: 'First day of the period.', example: '2021-01-01' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ description: 'Last day of the period.', example: '2021-12-31' })
  @IsLocalDate()
  to: string;

  @ApiPropertyOptional({
    description: 'History as it stood on this date (default: today in China).',
    example: '2021-12-31',
  })
  @IsOptional()
  @IsLocalDate()
  asOf?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Reconsideration organ (default: DEFAULT_ORGAN_CODE, or the one organ of a key limited to one).',
  })
  @IsOptional()
  @IsUUID()
  organId?: string;

  @ApiPropertyOptional({ enum: RATE_BASES, default: 'DECIDED', description: FORMULAS })
  @IsOptional()
  @IsIn(RATE_BASES)
  rateBase?: RateBase;

  @ApiPropertyOptional({
    enum: ACCEPTANCE_RATE_BASES,
    default: 'RECEIVED',
    description:
      'acceptanceRate (受理率) = accepted ÷ base × 100: RECEIVED = received in the period; HANDLED = handled; EXAMINED = accepted + concluded before acceptance (the admissibility outcomes of the period).',
  })
  @IsOptional()
  @IsIn(ACCEPTANCE_RATE_BASES)
  acceptanceRateBase?: AcceptanceRateBase;

  @ApiPropertyOptional({
    enum: CONCLUSION_RATE_BASES,
    default: 'HANDLED',
    description:
      'conclusionRate: HANDLED = concluded ÷ handled × 100 (办结率); ACCEPTED = concludedAfterAcceptance ÷ (acceptedCarriedOver + accepted) × 100 (审结率).',
  })
  @IsOptional()
  @IsIn(CONCLUSION_RATE_BASES)
  conclusionRateBase?: ConclusionRateBase;

  @ApiPropertyOptional({
    enum: PERCENT_MODES,
    default: 'ROUND_HALF_UP',
    description: 'Percentages and rates rounded half-up or truncated, to `decimals` decimals.',
  })
  @IsOptional()
  @IsIn(PERCENT_MODES)
  percent?: PercentMode;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_DECIMALS,
    default: DEFAULT_DECIMALS,
    description: 'Decimals of every percentage, rate and change (reports print 0, 1 or 2).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_DECIMALS)
  decimals?: number;

  @ApiPropertyOptional({
    enum: POPULATIONS,
    default: 'HANDLED',
    description:
      'What the breakdowns count: RECEIVED (received in the period), ACCEPTED (accepted in it), HANDLED (carried over + received + reopened), CONCLUDED (every case closed in it, 办结), CONCLUDED_AFTER_ACCEPTANCE (closed after acceptance, 审结), PENDING (open at the end). Breakdowns by outcome count the concluded members: CONCLUDED_AFTER_ACCEPTANCE for itself, CONCLUDED otherwise (see breakdownPopulations).',
  })
  @IsOptional()
  @IsIn(POPULATIONS)
  population?: Population;

  @ApiPropertyOptional({
    enum: POPULATIONS,
    description: 'Percentages of the breakdown entries are of this population’s total (default: each breakdown’s own).',
  })
  @IsOptional()
  @IsIn(POPULATIONS)
  percentOf?: Population;
}

export class StatisticsQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: STATISTICS_SCOPES, default: 'SELF', description: SCOPE_DESCRIPTION })
  @IsOptional()
  @IsIn(STATISTICS_SCOPES)
  scope?: StatisticsScope;
}

export class ExportQuery extends StatisticsQuery {
  @ApiProperty({ enum: ['csv', 'xlsx'] })
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx';
}

export class CaseListExportQuery extends PeriodQuery {
  @ApiProperty({ enum: ['csv', 'xlsx'] })
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx';
}

export class ReportQuery {
  @ApiProperty({ example: 2021 })
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ description: 'Without it the sentence begins 截至目前; with it, 截至YYYY年M月D日.' })
  @IsOptional()
  @IsLocalDate()
  asOf?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organId?: string;

  @ApiPropertyOptional({ enum: STATISTICS_SCOPES, default: 'SELF', description: SCOPE_DESCRIPTION })
  @IsOptional()
  @IsIn(STATISTICS_SCOPES)
  scope?: StatisticsScope;

  @ApiPropertyOptional({ enum: ['json', 'text', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'text', 'csv'])
  format?: 'json' | 'text' | 'csv';
}

export class FreezeReportDto {
  @ApiProperty({ example: 2021 })
  @IsInt()
  @Min(1990)
  @Max(2100)
  year: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsLocalDate()
  asOf?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organId?: string;

  @ApiPropertyOptional({ example: '台前县人民政府2021年度行政复议工作报告' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;
}

export class FrozenReportQuery {
  @ApiPropertyOptional({ description: 'Also compute the report now and list what differs (restatement).' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  compare?: 'true' | 'false';
}

export class ListFrozenQuery {
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

export class ReportItemDto {
  @ApiProperty({ example: '{n}起不予受理', description: 'Placeholders {n} (count) and {percent}.' })
  @IsString()
  @Length(1, 100)
  label: string;

  @ApiProperty({ enum: OUTCOMES.map((o) => o.code), isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  outcomes: Outcome[];

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_DECIMALS, description: 'Decimals of this item’s {percent}.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DECIMALS)
  decimals?: number;

  @ApiPropertyOptional({ enum: PERCENT_MODES, description: 'Rounding of this item’s {percent}.' })
  @IsOptional()
  @IsIn(PERCENT_MODES)
  percentMode?: PercentMode;
}

export class ReportTemplateDto {
  @ApiProperty({
    description:
      'Placeholders: {asOfPhrase} {organName} {year} {previousYear} {handled} {received} {reopened} {carriedOver} {accepted} {concluded} {pending} {items} {correctionCount} {correctionRate} {overallCorrectionRate} {settledBeforeAcceptance} {concludedAfterAcceptance} {concludedBeforeAcceptance} {acceptedCarriedOver} {overallCorrectionCount} {acceptanceRate} {conclusionRate}.',
  })
  @IsString()
  @Length(1, 2000)
  sentence: string;

  @ApiProperty({ type: [ReportItemDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ReportItemDto)
  items: ReportItemDto[];

  @ApiProperty({ example: ',' })
  @IsString()
  @Length(0, 10)
  itemSeparator: string;

  @ApiProperty()
  @IsBoolean()
  omitZeroItems: boolean;

  @ApiProperty({ enum: PERCENT_MODES })
  @IsIn(PERCENT_MODES)
  percentMode: PercentMode;

  @ApiProperty({ enum: RATE_BASES })
  @IsIn(RATE_BASES)
  rateBase: RateBase;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_DECIMALS,
    default: DEFAULT_DECIMALS,
    description: 'Decimals of every percentage and rate in the sentence (an item may set its own).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DECIMALS)
  decimals?: number;
}

export class OrganQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organId?: string;
}
