import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { OUTCOME_DETAILS, OUTCOMES } from '../code-lists/code-lists';
import type { Outcome, OutcomeDetail } from '../code-lists/code-lists';
import { IsLocalDate } from '../common/validation/local-date.validator';
import type { PercentMode, RateBase } from './tally';

const RATE_BASES = ['DECIDED', 'CONCLUDED', 'ACCEPTED'];
const PERCENT_MODES = ['ROUND_HALF_UP', 'TRUNCATE'];

const FORMULAS =
  'E = min(to, asOf). received: received in [from, E]. reopened: reopened in [from, E] by an order of the superior organ (L17 20; R07 31, 48 ¶2; L23 35). ' +
  'carriedOver: received or reopened before from and not concluded (again) before from. ' +
  'handled = carriedOver + received + reopened (a case counts once per episode: a refusal or dismissal that an order reopened stays counted on its date). accepted: accepted in [from, E]. concluded: handled cases whose concluding act is dated in [from, E]. ' +
  'pending = handled − concluded (open on E). correctionCount: concluded as REVOKED, VARIED, CONFIRMED_ILLEGAL, ORDERED_TO_PERFORM or CONFIRMED_VOID. ' +
  'correctionRate = correctionCount ÷ base × 100 (base by rateBase: DECIDED = decisions on the merits, without procedural dismissals (DISMISSED_APPLICATION, R07 48 ¶1(2) / L23 33); CONCLUDED = concluded; ACCEPTED = accepted). ' +
  'overallCorrectionRate adds terminations after the respondent corrected its act to the numerator (and, for DECIDED, to the base). ' +
  'All by the acts’ legal dates; undone acts never count.';

export class StatisticsQuery {
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
    enum: PERCENT_MODES,
    default: 'ROUND_HALF_UP',
    description: 'Percentages to 2 decimals, rounded half-up or truncated.',
  })
  @IsOptional()
  @IsIn(PERCENT_MODES)
  percent?: PercentMode;
}

export class ExportQuery extends StatisticsQuery {
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

  @ApiPropertyOptional({
    enum: OUTCOMES.map((o) => o.code),
    isArray: true,
    description: 'Outcomes counted whole. An item lists outcomes, details, or both (at least one code in all).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  outcomes?: Outcome[];

  @ApiPropertyOptional({
    enum: OUTCOME_DETAILS.map((d) => d.code),
    isArray: true,
    description:
      'Outcome details (OUTCOME_DETAILS) counted in addition, e.g. WITHDRAWN_AFTER_RESPONDENT_CORRECTED for 改正后终止. ' +
      'A detail cannot be listed where its outcome is counted whole, nor twice (422 naming the path).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  details?: OutcomeDetail[];
}

export class ReportTemplateDto {
  @ApiProperty({
    description:
      'Placeholders: {asOfPhrase} {organName} {year} {previousYear} {handled} {received} {reopened} {carriedOver} {accepted} {concluded} {pending} {items} {correctionCount} {correctionRate} {overallCorrectionRate} {settledBeforeAcceptance}.',
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
}

export class OrganQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organId?: string;
}
