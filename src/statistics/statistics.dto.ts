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
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { OUTCOME_DETAILS, OUTCOMES } from '../code-lists/code-lists';
import type { Outcome, OutcomeDetail } from '../code-lists/code-lists';
import { IsLocalDate } from '../common/validation/local-date.validator';
import { FIGURES, type FigureName, LIST_DIMENSIONS, type ListDimension } from './report-language';
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

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

export class ListItemDto {
  @ApiProperty({
    example: '{n}件予以维持(占{percent})',
    description: 'Placeholders {n} {label} {previous} {percent[:d]} {change[:d]}.',
  })
  @IsString()
  @Length(1, 200)
  label: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'The codes the item counts together (absent in `rest`): codes of the list’s dimension.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  codes?: string[];

  @ApiPropertyOptional({ description: 'Printed instead of the label when the count is 0.' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  whenZero?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_DECIMALS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DECIMALS)
  decimals?: number;

  @ApiPropertyOptional({ enum: PERCENT_MODES })
  @IsOptional()
  @IsIn(PERCENT_MODES)
  percentMode?: PercentMode;
}

export class ListDto {
  @ApiProperty({ example: 'byKind', pattern: NAME.source, description: 'Placed with {list:<name>}.' })
  @Matches(NAME)
  name: string;

  @ApiProperty({ enum: LIST_DIMENSIONS })
  @IsIn(LIST_DIMENSIONS)
  dimension: ListDimension;

  @ApiPropertyOptional({ enum: POPULATIONS, description: 'Default CONCLUDED for outcomes, HANDLED otherwise.' })
  @IsOptional()
  @IsIn(POPULATIONS)
  population?: Population;

  @ApiPropertyOptional({
    enum: POPULATIONS,
    description: 'The population of the items’ {percent} (default: population).',
  })
  @IsOptional()
  @IsIn(POPULATIONS)
  percentOf?: Population;

  @ApiPropertyOptional({ type: [ListItemDto], description: 'Absent: one item per code with cases (itemLabel).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ListItemDto)
  items?: ListItemDto[];

  @ApiPropertyOptional({ example: '{label}{n}件' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  itemLabel?: string;

  @ApiPropertyOptional({ type: ListItemDto, description: 'The codes no item names, together ("其他").' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ListItemDto)
  rest?: ListItemDto;

  @ApiPropertyOptional({ enum: ['TEMPLATE', 'COUNT_DESC'], default: 'TEMPLATE' })
  @IsOptional()
  @IsIn(['TEMPLATE', 'COUNT_DESC'])
  order?: 'TEMPLATE' | 'COUNT_DESC';

  @ApiPropertyOptional({ default: '，' })
  @IsOptional()
  @IsString()
  @Length(0, 10)
  separator?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  omitZeroItems?: boolean;

  @ApiPropertyOptional({ description: 'Printed when no item is left.' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  whenEmpty?: string;
}

export class PartConditionDto {
  @ApiProperty({ enum: FIGURES })
  @IsIn(FIGURES)
  figure: FigureName;

  @ApiProperty({ enum: ['ZERO', 'NONZERO'] })
  @IsIn(['ZERO', 'NONZERO'])
  is: 'ZERO' | 'NONZERO';
}

export class PartDto {
  @ApiProperty({ example: 'corrections', pattern: NAME.source, description: 'Placed with {part:<name>}.' })
  @Matches(NAME)
  name: string;

  @ApiProperty({ type: PartConditionDto })
  @ValidateNested()
  @Type(() => PartConditionDto)
  when: PartConditionDto;

  @ApiProperty({ description: 'Printed when the condition holds (placeholders as in the sentence, no {part:…}).' })
  @IsString()
  @Length(0, 1000)
  text: string;

  @ApiPropertyOptional({ description: 'Printed when it does not (default nothing).' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  otherwise?: string;
}

export class ChangeWordsDto {
  @ApiProperty({ example: '增长' })
  @IsString()
  @Length(1, 10)
  up: string;

  @ApiProperty({ example: '下降' })
  @IsString()
  @Length(1, 10)
  down: string;

  @ApiProperty({ example: '持平' })
  @IsString()
  @Length(1, 10)
  same: string;
}

export class ReportTemplateDto {
  @ApiProperty({
    description:
      'The text. Placeholders: {asOfPhrase} {organName} {year} {previousYear}; any figure ({received} {accepted} {handled} {concludedAfterAcceptance} …); any rate, optionally with decimals ({acceptanceRate} {conclusionRate:1}); {previous:<figure>}, {change:<figure>[:d]}, {changePercent:<figure>[:d]}, {changeWord:<figure>}, {pointChange:<rate>[:d]}; {items}; {list:<name>}; {part:<name>}. See the README (report template language).',
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

  @ApiPropertyOptional({ enum: ACCEPTANCE_RATE_BASES, default: 'RECEIVED' })
  @IsOptional()
  @IsIn(ACCEPTANCE_RATE_BASES)
  acceptanceRateBase?: AcceptanceRateBase;

  @ApiPropertyOptional({ enum: CONCLUSION_RATE_BASES, default: 'HANDLED' })
  @IsOptional()
  @IsIn(CONCLUSION_RATE_BASES)
  conclusionRateBase?: ConclusionRateBase;

  @ApiPropertyOptional({ type: [ListDto], description: 'Named lists of breakdown items, placed with {list:<name>}.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ListDto)
  lists?: ListDto[];

  @ApiPropertyOptional({ type: [PartDto], description: 'Named conditional texts, placed with {part:<name>}.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PartDto)
  parts?: PartDto[];

  @ApiPropertyOptional({ type: ChangeWordsDto, description: 'Words of {change:…} (default 增长/下降/持平).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChangeWordsDto)
  changeWords?: ChangeWordsDto;

  @ApiPropertyOptional({ type: ChangeWordsDto, description: 'Words of {pointChange:…} (default 上升/下降/持平).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChangeWordsDto)
  pointWords?: ChangeWordsDto;
}

export class OrganQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organId?: string;
}
