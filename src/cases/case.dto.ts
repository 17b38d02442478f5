import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  APPLICANT_KINDS,
  CASE_STATES,
  CHANNELS,
  LEGAL_REGIMES,
  OUTCOMES,
  REQUEST_CODES,
  SEX,
  codesOf,
} from '../code-lists/code-lists';
import type {
  ActCategory,
  ApplicantKind,
  CaseState,
  Channel,
  DeploymentCode,
  LegalRegime,
  ManagementDomain,
  Outcome,
  RequestCode,
  RespondentKind,
  Sex,
} from '../code-lists/code-lists';
import { IsListCode } from '../code-lists/list-code.validator';
import { PageQuery } from '../common/http/pagination';
import { IsLocalDate } from '../common/validation/local-date.validator';
import { NotNullIfPresent } from '../common/validation/not-null-if-present';
import { IsResidentId, IsUnifiedSocialCreditCode } from './dto/identifier.validators';

const codes = codesOf;

/** Names must contain a visible character: '   ' is not a name (and must not count as a handler, R07 32). */
const NOT_BLANK = /\S/;
/**
 * A personal field (case-field-classes.ts) comes back as null when the caller may not see it (masking to nothing,
 * another organ's party) or once it is erased (PIPL 47): documented so, since these DTOs describe responses too.
 */
const PERSONAL_IN_RESPONSES = { nullable: true } as const;
const isPerson = (o: { kind?: string }) => o.kind === 'NATURAL_PERSON';
const isOrganization = (o: { kind?: string }) => o.kind === 'ORGANIZATION';

export class AgentDto {
  @ApiProperty({ example: '赵律师', ...PERSONAL_IN_RESPONSES })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ enum: ['LAWYER', 'RELATIVE', 'COLLEAGUE', 'OTHER'] })
  @IsOptional()
  @IsIn(['LAWYER', 'RELATIVE', 'COLLEAGUE', 'OTHER'])
  kind?: 'LAWYER' | 'RELATIVE' | 'COLLEAGUE' | 'OTHER';

  @ApiPropertyOptional({ description: '18-character resident ID (GB 11643).', ...PERSONAL_IN_RESPONSES })
  @IsOptional()
  @IsResidentId()
  idNumber?: string;

  @ApiPropertyOptional({ ...PERSONAL_IN_RESPONSES })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,30}$/, { message: 'phone must be a telephone number' })
  phone?: string;

  @ApiPropertyOptional({ description: 'Scope of the power of attorney (委托权限), R07 10 / L23 17.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  authorityScope?: string;

  @ApiPropertyOptional({ description: 'Last day of the power of attorney.' })
  @IsOptional()
  @IsLocalDate()
  authorityUntil?: string;
}

/** An applicant or a third party: a natural person (公民) or a legal person / other organisation. */
export class PartyDto {
  @ApiProperty({ enum: codes(APPLICANT_KINDS) })
  @IsIn(codes(APPLICANT_KINDS))
  kind: ApplicantKind;

  @ApiProperty({ example: '张三', ...PERSONAL_IN_RESPONSES })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @ApiPropertyOptional({ enum: codes(SEX), description: 'Required for a natural person.', ...PERSONAL_IN_RESPONSES })
  @ValidateIf(isPerson)
  @IsIn(codes(SEX))
  sex?: Sex;

  @ApiPropertyOptional({
    description: 'Natural person: 18-character resident ID with a valid GB 11643 check character.',
    example: '11010519491231002X',
    ...PERSONAL_IN_RESPONSES,
  })
  @ValidateIf(isPerson)
  @IsResidentId()
  idNumber?: string;

  @ApiPropertyOptional({ ...PERSONAL_IN_RESPONSES })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  address?: string;

  @ApiPropertyOptional({ ...PERSONAL_IN_RESPONSES })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,30}$/, { message: 'phone must be a telephone number' })
  phone?: string;

  @ApiPropertyOptional({
    description: 'Organisation: unified social credit code with a valid GB 32100 check character.',
    example: '91350100M000100Y43',
  })
  @ValidateIf(isOrganization)
  @IsUnifiedSocialCreditCode()
  unifiedSocialCreditCode?: string;

  @ApiPropertyOptional({
    description: 'Organisation: its legal representative (法定代表人).',
    ...PERSONAL_IN_RESPONSES,
  })
  @ValidateIf(isOrganization)
  @IsString()
  @Length(1, 100)
  legalRepresentative?: string;

  @ApiPropertyOptional({ type: [AgentDto], description: 'At most 2 agents per party (R07 10; L23 17).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => AgentDto)
  agents?: AgentDto[];

  @ApiPropertyOptional({ description: 'Elected representative of numerous applicants (R07 8; L23 15).' })
  @IsOptional()
  @IsBoolean()
  isRepresentative?: boolean;

  @ApiPropertyOptional({ description: 'Receives legal aid (L23 18).' })
  @IsOptional()
  @IsBoolean()
  legalAid?: boolean;

  @ApiPropertyOptional({ description: 'Third parties: their interest in the case (R07 9; L23 16).' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  interest?: string;
}

export class RespondentDto {
  @ApiProperty({ example: '台前县市场监督管理局' })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @IsListCode('RESPONDENT_KINDS')
  kind: DeploymentCode<RespondentKind>;

  @ApiPropertyOptional({ type: [String], description: 'Co-respondents of a joint act (R07 13; L23 19).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  coRespondents?: string[];
}

export class ContestedActDto {
  @ApiProperty({ example: '行政处罚决定书' })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiPropertyOptional({ example: '台市监罚〔2021〕15号' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  documentNumber?: string;

  @IsListCode('ACT_CATEGORIES')
  category: DeploymentCode<ActCategory>;

  @IsListCode('MANAGEMENT_DOMAINS')
  managementDomain: DeploymentCode<ManagementDomain>;

  @ApiPropertyOptional({ description: 'Date the act was made.' })
  @IsOptional()
  @IsLocalDate()
  madeOn?: string;

  @ApiPropertyOptional({
    description:
      'Date the applicant knew (L2023: or should have known) of the act: starts the 60-day application period (L17 9 ¶1; R07 15; L23 20 ¶1). Under L2023 the caps of L23 21 run from madeOn.',
  })
  @IsOptional()
  @IsLocalDate()
  knownOn?: string;

  @ApiPropertyOptional({
    description:
      'false when the act did not tell the applicant of the right to apply for reconsideration, the organ and the period: under L2023 the period then runs from rightsKnownOn, at most one year from knownOn (L23 20 ¶3; R07 17). Absent = not recorded (the general rule applies).',
  })
  @IsOptional()
  @IsBoolean()
  rightsNotified?: boolean;

  @ApiPropertyOptional({
    description:
      'When the applicant knew or should have known of the right to apply, the organ and the period (L23 20 ¶3).',
  })
  @IsOptional()
  @IsLocalDate()
  rightsKnownOn?: string;

  @ApiPropertyOptional({
    description:
      'The application concerns real property (因不动产提出): the cap is 20 years from madeOn instead of 5 (L23 21).',
  })
  @IsOptional()
  @IsBoolean()
  realProperty?: boolean;

  @ApiPropertyOptional({
    description:
      'A law sets an application period longer than 60 days (L17 9 ¶1; L23 20 ¶1 「法律规定的申请期限超过六十日的除外」): its length in days.',
    minimum: 61,
    maximum: 3650,
  })
  @IsOptional()
  @IsInt()
  @Min(61)
  @Max(3650)
  statutoryPeriodDays?: number;

  @ApiPropertyOptional({
    description:
      'Non-performance (category FAILURE_TO_PERFORM): the day the respondent received the request to perform; the period starts 60 days later when no performance period is set by law (R07 16 ¶1(2)).',
  })
  @IsOptional()
  @IsLocalDate()
  performanceRequestedOn?: string;

  @ApiPropertyOptional({
    description:
      'Non-performance: the last day of the performance period set by law; the application period starts from it (R07 16 ¶1(1)).',
  })
  @IsOptional()
  @IsLocalDate()
  performanceDueOn?: string;

  @ApiPropertyOptional({
    description:
      'Non-performance in an emergency, to protect personal or property rights: the application period does not apply (R07 16 ¶2).',
  })
  @IsOptional()
  @IsBoolean()
  emergencyProtection?: boolean;

  @ApiPropertyOptional({
    description:
      'Compulsory reconsideration (复议前置): the applicant must apply for reconsideration before suing (L23 23; L17 30 ¶1; 行政诉讼法 44 ¶2). Sets the remedy wording of the case view (L23 34; L17 19).',
  })
  @IsOptional()
  @IsBoolean()
  compulsoryReconsideration?: boolean;

  @ApiPropertyOptional({
    description: 'The provision requiring reconsideration first, e.g. "L23 23(1)" or a law’s article.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  compulsoryReconsiderationBasis?: string;

  @ApiPropertyOptional({ description: 'Made on the spot (当场作出), L23 53(1).' })
  @IsOptional()
  @IsBoolean()
  onTheSpot?: boolean;

  @ApiPropertyOptional({ description: 'A warning or public criticism (警告或者通报批评), L23 53(2).' })
  @IsOptional()
  @IsBoolean()
  warningOrReprimand?: boolean;

  @ApiPropertyOptional({
    description:
      'Amount involved in yuan (fine, fee, compensation …); ≤ 3,000 makes the simplified procedure available (L23 53(3): 案件涉及款额三千元以下).',
  })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  amountInvolvedYuan?: number;
}

export class CompensationClaimDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  amountYuan?: number;

  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  text: string;
}

export class NormativeDocumentReviewDto {
  @ApiProperty({ description: 'The normative document whose incidental review is requested (附带审查).' })
  @IsString()
  @Length(1, 300)
  document: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  issuer: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  clause?: string;
}

export class ReconsiderationRequestDto {
  @ApiProperty({ enum: codes(REQUEST_CODES), isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(codes(REQUEST_CODES), { each: true })
  codes: RequestCode[];

  @ApiProperty({ description: 'The request and its reasons in the applicant’s words.' })
  @IsString()
  @Length(1, 10000)
  text: string;

  @ApiPropertyOptional({ type: CompensationClaimDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CompensationClaimDto)
  compensationClaim?: CompensationClaimDto;

  @ApiPropertyOptional({
    description:
      'The applicant asks for execution of the act to be stayed (L17 21(3); L23 42(3)); the organ’s decision is the DECIDE_STAY_OF_EXECUTION action.',
  })
  @IsOptional()
  @IsBoolean()
  stayOfExecutionRequested?: boolean;

  @ApiPropertyOptional({ type: NormativeDocumentReviewDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NormativeDocumentReviewDto)
  normativeDocumentReview?: NormativeDocumentReviewDto;
}

export class RegisterCaseDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Reconsideration organ; defaults to DEFAULT_ORGAN_CODE’s organ.',
  })
  @IsOptional()
  @IsUUID()
  organId?: string;

  @ApiProperty({ description: 'Date the application was received (YYYY-MM-DD).', example: '2021-03-01' })
  @IsLocalDate()
  receivedOn: string;

  @ApiProperty({ enum: codes(CHANNELS) })
  @IsIn(codes(CHANNELS))
  channel: Channel;

  @ApiPropertyOptional({
    enum: codes(LEGAL_REGIMES),
    description: 'Defaults to L2017 when received before 2024-01-01, else L2023.',
  })
  @IsOptional()
  @IsIn(codes(LEGAL_REGIMES))
  legalRegime?: LegalRegime;

  @ApiProperty({ type: [PartyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  applicants: PartyDto[];

  @ApiPropertyOptional({ type: [PartyDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  thirdParties?: PartyDto[];

  @ApiProperty({ type: RespondentDto })
  // Required: ValidateNested alone lets an absent section through (a 500 further on, found by the fuzzer).
  @IsDefined()
  @ValidateNested()
  @Type(() => RespondentDto)
  respondent: RespondentDto;

  @ApiProperty({ type: ContestedActDto })
  // Required: ValidateNested alone lets an absent section through (a 500 further on, found by the fuzzer).
  @IsDefined()
  @ValidateNested()
  @Type(() => ContestedActDto)
  contestedAct: ContestedActDto;

  @ApiProperty({ type: ReconsiderationRequestDto })
  // Required: ValidateNested alone lets an absent section through (a 500 further on, found by the fuzzer).
  @IsDefined()
  @ValidateNested()
  @Type(() => ReconsiderationRequestDto)
  request: ReconsiderationRequestDto;
}

/** PATCH: each section given replaces that section; absent sections are unchanged, and `null` is refused. */
export class UpdateCaseDto {
  @ApiPropertyOptional({ enum: codes(CHANNELS) })
  @NotNullIfPresent()
  @IsIn(codes(CHANNELS))
  channel?: Channel;

  @ApiPropertyOptional({ type: [PartyDto] })
  @NotNullIfPresent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  applicants?: PartyDto[];

  @ApiPropertyOptional({ type: [PartyDto] })
  @NotNullIfPresent()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  thirdParties?: PartyDto[];

  @ApiPropertyOptional({ type: RespondentDto })
  @NotNullIfPresent()
  @ValidateNested()
  @Type(() => RespondentDto)
  respondent?: RespondentDto;

  @ApiPropertyOptional({ type: ContestedActDto })
  @NotNullIfPresent()
  @ValidateNested()
  @Type(() => ContestedActDto)
  contestedAct?: ContestedActDto;

  @ApiPropertyOptional({ type: ReconsiderationRequestDto })
  @NotNullIfPresent()
  @ValidateNested()
  @Type(() => ReconsiderationRequestDto)
  request?: ReconsiderationRequestDto;
}

export class HandlerDto {
  @ApiProperty({ example: '王明' })
  @IsString()
  @Length(1, 100)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The handler’s API key, when they have one.' })
  @IsOptional()
  @IsUUID()
  keyId?: string;
}

export class AssignHandlersDto {
  @ApiProperty({ type: [HandlerDto], description: 'At least two handling officers (R07 32).' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => HandlerDto)
  handlers: HandlerDto[];
}

export const CASE_SORTS = ['-receivedOn', 'receivedOn', '-updatedAt', 'updatedAt'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: codes(CASE_STATES) })
  @IsOptional()
  @IsIn(codes(CASE_STATES))
  state?: CaseState;

  @ApiPropertyOptional({ enum: codes(OUTCOMES) })
  @IsOptional()
  @IsIn(codes(OUTCOMES))
  outcome?: Outcome;

  @ApiPropertyOptional({ enum: codes(LEGAL_REGIMES) })
  @IsOptional()
  @IsIn(codes(LEGAL_REGIMES))
  legalRegime?: LegalRegime;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the historical cases of this ledger import (issue 12).' })
  @IsOptional()
  @IsUUID()
  importId?: string;

  @IsOptional()
  @IsListCode('RESPONDENT_KINDS', { optional: true })
  respondentKind?: DeploymentCode<RespondentKind>;

  @ApiPropertyOptional({ description: 'Respondent name, exact.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  respondentName?: string;

  @IsOptional()
  @IsListCode('ACT_CATEGORIES', { optional: true })
  actCategory?: DeploymentCode<ActCategory>;

  @IsOptional()
  @IsListCode('MANAGEMENT_DOMAINS', { optional: true })
  managementDomain?: DeploymentCode<ManagementDomain>;

  @ApiPropertyOptional({ description: 'Received on or after (YYYY-MM-DD).' })
  @IsOptional()
  @IsLocalDate()
  receivedFrom?: string;

  @ApiPropertyOptional({ description: 'Received on or before.' })
  @IsOptional()
  @IsLocalDate()
  receivedTo?: string;

  @ApiPropertyOptional({ description: 'Decided on or after.' })
  @IsOptional()
  @IsLocalDate()
  decidedFrom?: string;

  @ApiPropertyOptional({ description: 'Decided on or before.' })
  @IsOptional()
  @IsLocalDate()
  decidedTo?: string;

  @ApiPropertyOptional({ description: 'Case number, exact.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  caseNumber?: string;

  @ApiPropertyOptional({ description: 'Part of an applicant’s name (张 finds 张三 and 李张); spaces are ignored.' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  @Matches(NOT_BLANK, { message: 'applicantName must not be blank' })
  applicantName?: string;

  @ApiPropertyOptional({
    description:
      'An applicant’s, third party’s or agent’s resident ID, exact (through a keyed blind index: the numbers are stored encrypted). Only for callers who may read personal data.',
  })
  @IsOptional()
  @IsResidentId()
  idNumber?: string;

  @ApiPropertyOptional({ description: 'A handling officer’s name, exact.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  handler?: string;

  @ApiPropertyOptional({ enum: CASE_SORTS, default: '-receivedOn' })
  @IsOptional()
  @IsIn(CASE_SORTS)
  sort: CaseSort = '-receivedOn';
}
