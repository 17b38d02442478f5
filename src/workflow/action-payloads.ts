import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  DECISION_TYPES,
  DecisionType,
  NOT_ACCEPT_GROUNDS,
  NOT_COUNTED_PERIOD_KINDS,
  NotAcceptGround,
  NotCountedPeriodKind,
  PROCEDURES,
  Procedure,
  SUSPENSION_GROUNDS,
  SuspensionGround,
  TERMINATION_GROUNDS,
  TerminationGround,
  WITHDRAWAL_REASONS,
  WithdrawalReason,
  codesOf,
} from '../code-lists/code-lists';
import { IsLocalDate } from '../common/validation/local-date.validator';
import type { ProceduralAction } from './transition-table';

const codes = codesOf;

/**
 * Request bodies of POST /v1/cases/{id}/actions/{action}, one class per action. Every action carries the legal date
 * of the act (`occurredOn`); the fields each act must record by law are required here, so a missing one is a 400
 * naming the field. Rules that need the case (dates in order, grounds of the right regime …) are in action-rules.ts.
 */
export class ActionPayload {
  @ApiProperty({
    description: 'Legal date of the act (YYYY-MM-DD, China time): when it was done, not when it was typed in.',
    example: '2021-03-02',
  })
  @IsLocalDate()
  occurredOn: string;

  @ApiPropertyOptional({ description: 'Free-text remark for the file.', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

class DocumentedActPayload extends ActionPayload {
  @ApiProperty({ description: 'Number of the written document (文书编号), e.g. 台政复不受字〔2021〕3号.' })
  @IsString()
  @Length(1, 100)
  documentNumber: string;

  @ApiProperty({ description: 'Reasons stated in the document.' })
  @IsString()
  @Length(1, 5000)
  reasons: string;
}

export class RequestCorrectionPayload extends ActionPayload {
  @ApiProperty({ type: [String], description: 'Everything the applicant must supply (L23 31 ¶1: all in one notice).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  items: string[];

  @ApiPropertyOptional({
    description:
      'Deadline set in the notice (R07 29: a reasonable period). Under L2023 the period is 10 working days (L23 31).',
  })
  @IsOptional()
  @IsLocalDate()
  correctionDueOn?: string;

  @ApiPropertyOptional({ description: 'Date the notice was served on the applicant.' })
  @IsOptional()
  @IsLocalDate()
  servedOn?: string;
}

export class ReceiveCorrectionPayload extends ActionPayload {}

export class DeemWithdrawnPayload extends ActionPayload {
  @ApiProperty({ description: 'Why the correction counts as not supplied without good reason (R07 29 / L23 31 ¶2).' })
  @IsString()
  @Length(1, 5000)
  reasons: string;
}

export class WithdrawPayload extends ActionPayload {
  @ApiProperty({
    enum: codes(WITHDRAWAL_REASONS),
    description: 'VOLUNTARY, or SETTLED_BEFORE_ACCEPTANCE (受理前协商化解).',
  })
  @IsIn(codes(WITHDRAWAL_REASONS))
  reason: WithdrawalReason;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reasons?: string;
}

export class NotAcceptPayload extends DocumentedActPayload {
  @ApiProperty({
    enum: codes(NOT_ACCEPT_GROUNDS),
    description: 'The unmet acceptance condition: R07 28(1)–(7) for L2017, L23 30(1)–(7) for L2023.',
  })
  @IsIn(codes(NOT_ACCEPT_GROUNDS))
  ground: NotAcceptGround;

  @ApiPropertyOptional({ description: 'The competent organ, required when the ground is jurisdiction (L23 30 ¶2).' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  competentOrgan?: string;
}

export class AcceptPayload extends ActionPayload {
  @ApiPropertyOptional({
    enum: codes(PROCEDURES),
    description: 'L2023 only, and required there (L23 36): ORDINARY or SIMPLIFIED.',
  })
  @IsOptional()
  @IsIn(codes(PROCEDURES))
  procedure?: Procedure;

  @ApiPropertyOptional({ description: 'L23 53 ¶2: the parties agreed to the simplified procedure.' })
  @IsOptional()
  @IsBoolean()
  partiesConsentToSimplified?: boolean;
}

export class TransferPayload extends ActionPayload {
  @ApiProperty({ description: 'The organ the application is passed on to (L17 15 ¶2).' })
  @IsString()
  @Length(1, 200)
  receivingOrgan: string;

  @ApiPropertyOptional({ description: 'Date the applicant was told of the transfer.' })
  @IsOptional()
  @IsLocalDate()
  applicantNotifiedOn?: string;
}

export class SendCopyPayload extends ActionPayload {}
export class ReceiveReplyPayload extends ActionPayload {
  @ApiPropertyOptional({ description: 'The respondent also submitted its evidence and documents.' })
  @IsOptional()
  @IsBoolean()
  evidenceSubmitted?: boolean;
}

export class HoldHearingPayload extends ActionPayload {
  @ApiProperty({
    enum: ['HEARING', 'OPINIONS_HEARD'],
    description: 'A hearing (听证, L23 50) or hearing the parties’ opinions (L23 49).',
  })
  @IsIn(['HEARING', 'OPINIONS_HEARD'])
  kind: 'HEARING' | 'OPINIONS_HEARD';
}

export class SuspendPayload extends ActionPayload {
  @ApiProperty({ enum: codes(SUSPENSION_GROUNDS), description: 'R07 41(1)–(8) for L2017, L23 39(1)–(10) for L2023.' })
  @IsIn(codes(SUSPENSION_GROUNDS))
  ground: SuspensionGround;

  @ApiPropertyOptional({ description: 'Number of the written suspension notice (L23 39 ¶3).' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  documentNumber?: string;
}

export class ResumePayload extends ActionPayload {}

export class StartMediationPayload extends ActionPayload {
  @ApiProperty({
    enum: ['MEDIATION', 'SETTLEMENT'],
    description: 'Mediation by the organ (调解) or settlement between the parties (和解).',
  })
  @IsIn(['MEDIATION', 'SETTLEMENT'])
  kind: 'MEDIATION' | 'SETTLEMENT';
}

export class MediationFailedPayload extends ActionPayload {}

export class StartNotCountedPeriodPayload extends ActionPayload {
  @ApiProperty({
    enum: codes(NOT_COUNTED_PERIOD_KINDS),
    description:
      'COMPETENT_ORGAN_DETERMINATION (R07 30), ON_SITE_INSPECTION (R07 34 ¶3) or EXPERT_APPRAISAL (R07 37): time not counted towards the decision period, from occurredOn until END_NOT_COUNTED_PERIOD.',
  })
  @IsIn(codes(NOT_COUNTED_PERIOD_KINDS))
  kind: NotCountedPeriodKind;

  @ApiPropertyOptional({ description: 'Reference of the underlying document (委托鉴定书, 勘验通知, 指定受理文书 …).' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  documentNumber?: string;
}

export class EndNotCountedPeriodPayload extends ActionPayload {
  @ApiProperty({ enum: codes(NOT_COUNTED_PERIOD_KINDS), description: 'The kind of the open interval to end.' })
  @IsIn(codes(NOT_COUNTED_PERIOD_KINDS))
  kind: NotCountedPeriodKind;
}

export class ExtendPayload extends ActionPayload {
  @ApiProperty({
    minimum: 1,
    maximum: 30,
    description: 'Days added to the decision period: at most 30 (L17 31 / L23 62).',
  })
  @IsInt()
  @Min(1)
  @Max(30)
  days: number;

  @ApiProperty({ description: 'Why the case is complex enough to need it; the parties are notified in writing.' })
  @IsString()
  @Length(1, 5000)
  reasons: string;
}

export class ConvertToOrdinaryPayload extends ActionPayload {
  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  reasons: string;
}

export class TerminatePayload extends DocumentedActPayload {
  @ApiProperty({ enum: codes(TERMINATION_GROUNDS) })
  @IsIn(codes(TERMINATION_GROUNDS))
  ground: TerminationGround;
}

export class DecidePayload extends DocumentedActPayload {
  @ApiProperty({
    enum: codes(DECISION_TYPES),
    description: 'CONFIRMED_VOID exists under L2023 only; MEDIATED records a mediation statement.',
  })
  @IsIn(codes(DECISION_TYPES))
  decisionType: DecisionType;

  @ApiProperty({
    description: 'The article the decision rests on, e.g. "L23 64" or "行政复议法第二十八条第一款第三项".',
  })
  @IsString()
  @Length(1, 200)
  legalBasis: string;

  @ApiPropertyOptional({ description: 'REVOKED only: the respondent is ordered to make the act anew (责令重新作出).' })
  @IsOptional()
  @IsBoolean()
  remakeOrdered?: boolean;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 365,
    description: 'Deadline for the remade act; defaults to 60 days (R07 49).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  remakeDeadlineDays?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'ORDERED_TO_PERFORM: the time limit for performance.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  performanceDeadlineDays?: number;

  @ApiPropertyOptional({ description: 'Compensation decided together with the decision (L17 29 / L23 72), in yuan.' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  compensationYuan?: number;
}

export class ServeDecisionPayload extends ActionPayload {
  @ApiPropertyOptional({ description: 'How it was served (直接送达, 邮寄送达 …).' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  method?: string;
}

export class ClosePayload extends ActionPayload {}

export class UndoPayload {
  @ApiProperty({ description: 'Why the last action is being undone (recorded; the original event stays in history).' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

/** The payload class of every procedural action: the single source for validation, OpenAPI and GET /actions. */
export const ACTION_PAYLOADS: Record<ProceduralAction, new () => ActionPayload> = {
  REQUEST_CORRECTION: RequestCorrectionPayload,
  RECEIVE_CORRECTION: ReceiveCorrectionPayload,
  DEEM_WITHDRAWN: DeemWithdrawnPayload,
  WITHDRAW: WithdrawPayload,
  NOT_ACCEPT: NotAcceptPayload,
  ACCEPT: AcceptPayload,
  TRANSFER: TransferPayload,
  SEND_COPY: SendCopyPayload,
  RECEIVE_REPLY: ReceiveReplyPayload,
  HOLD_HEARING: HoldHearingPayload,
  SUSPEND: SuspendPayload,
  RESUME: ResumePayload,
  START_MEDIATION: StartMediationPayload,
  MEDIATION_FAILED: MediationFailedPayload,
  START_NOT_COUNTED_PERIOD: StartNotCountedPeriodPayload,
  END_NOT_COUNTED_PERIOD: EndNotCountedPeriodPayload,
  EXTEND: ExtendPayload,
  CONVERT_TO_ORDINARY: ConvertToOrdinaryPayload,
  TERMINATE: TerminatePayload,
  DECIDE: DecidePayload,
  SERVE_DECISION: ServeDecisionPayload,
  CLOSE: ClosePayload,
};
