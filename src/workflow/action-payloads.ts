import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  APPROVAL_KINDS,
  ApprovalKind,
  COMPLIANCE_MEASURES,
  ComplianceMeasure,
  OPINION_HEARING_METHODS,
  OPINION_HEARING_RESULTS,
  OpinionHearingMethod,
  OpinionHearingResult,
  DECISION_TYPES,
  DecisionType,
  NOT_ACCEPT_GROUNDS,
  NOT_COUNTED_PERIOD_KINDS,
  NotAcceptGround,
  DISMISSAL_DETAILS,
  DismissalDetail,
  NotCountedPeriodKind,
  PROCEDURES,
  Procedure,
  SERVICE_METHODS,
  ServiceMethod,
  STAY_OF_EXECUTION_GROUNDS,
  StayOfExecutionGround,
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

/**
 * Who approved an extension or a decision, and when (审批记录): L17 31 / L23 62 for an extension, L17 28 / L23 61 for
 * a decision. Which kind fits which act and regime is checked in action-rules.ts (422 naming the article). The
 * approver is named here rather than inferred from the caller's role: the SUPERVISOR who records the act is not
 * necessarily the head who approved it.
 */
export class ApprovalRecord {
  @ApiProperty({
    enum: codes(APPROVAL_KINDS),
    description:
      'ORGAN_HEAD_APPROVAL (行政复议机关负责人: L17 28, 31; L23 61), OFFICE_HEAD_APPROVAL (行政复议机构负责人: L23 62) or COLLECTIVE_DISCUSSION (集体讨论: L17 28; L23 61). NOT_RECORDED only for historical files loaded with npm run load.',
  })
  @IsIn(codes(APPROVAL_KINDS))
  kind: ApprovalKind;

  @ApiPropertyOptional({
    description: 'The head who approved, or for a collective discussion the meeting (e.g. 县政府第12次常务会议).',
  })
  @ValidateIf((o: ApprovalRecord) => o.kind !== 'NOT_RECORDED')
  @IsString()
  @Length(1, 200)
  approverName?: string;

  @ApiPropertyOptional({ description: 'Date of the approval; not after the date of the act it approves.' })
  @ValidateIf((o: ApprovalRecord) => o.kind !== 'NOT_RECORDED')
  @IsLocalDate()
  approvedOn?: string;
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

  @ApiPropertyOptional({
    description:
      'Date the applicant received the notice, when known at once (e.g. served in person). L23 31 ¶2: the 10 working days run from it; until it is recorded (RECORD_CORRECTION_SERVICE) the clock is estimated from the notice date.',
  })
  @IsOptional()
  @IsLocalDate()
  servedOn?: string;

  @ApiPropertyOptional({ enum: codes(SERVICE_METHODS), description: 'How the notice was served (民事诉讼法 88–95).' })
  @IsOptional()
  @IsIn(codes(SERVICE_METHODS))
  serviceMethod?: ServiceMethod;
}

/** Receipt of a document by its addressee, learnt after the document was sent (a return receipt, a delivery record). */
class ServiceRecordPayload extends ActionPayload {
  @ApiPropertyOptional({ enum: codes(SERVICE_METHODS), description: 'How it was served (民事诉讼法 88–95).' })
  @IsOptional()
  @IsIn(codes(SERVICE_METHODS))
  serviceMethod?: ServiceMethod;
}

export class RecordCorrectionServicePayload extends ServiceRecordPayload {
  @ApiProperty({
    description:
      'Date the applicant received the correction notice (for postal service the date on the return receipt, 民事诉讼法 91). The L23 31 ¶2 period runs from it. occurredOn is the date the office recorded it.',
  })
  @IsLocalDate()
  servedOn: string;
}

export class ExtendCorrectionPeriodPayload extends ActionPayload {
  @ApiProperty({ description: 'The new last day of the correction period (L23 31 ¶2 「可以延长合理的补正期限」).' })
  @IsLocalDate()
  correctionDueOn: string;

  @ApiProperty({
    description: 'The good cause the applicant showed for not correcting in time (L23 31 ¶2 「正当理由」).',
  })
  @IsString()
  @Length(1, 5000)
  reasons: string;
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

  @ApiPropertyOptional({
    description:
      'Date the notice of acceptance (受理通知书) was sent, if it was sent with the acceptance; otherwise record SEND_ACCEPTANCE_NOTICE later.',
  })
  @IsOptional()
  @IsLocalDate()
  noticeSentOn?: string;
}

/**
 * Written by the service itself, never by a client (the transition allows no role): the review period ran out with
 * no refusal (L23 30 ¶3; L17 17 ¶2).
 */
export class DeemAcceptedPayload extends ActionPayload {
  @ApiProperty({ description: 'Last day of the acceptance review period that passed with no refusal.' })
  @IsLocalDate()
  reviewEndedOn: string;
}

export class SendAcceptanceNoticePayload extends ActionPayload {
  @ApiPropertyOptional({ description: 'Number of the notice of acceptance (受理通知书).' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  documentNumber?: string;
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

/**
 * L17 17 ¶1: 「对符合本法规定，但是不属于本机关受理的行政复议申请，应当告知申请人向有关行政复议机关提出」 — the
 * application meets the law's conditions but is for another organ; the applicant is told where to apply (告知), which
 * is not a refusal (不予受理). The act's date is the date of the notice to the applicant.
 */
export class InformPayload extends ActionPayload {
  @ApiProperty({
    description: 'The reconsideration organ the applicant is told to apply to (有关行政复议机关, L17 17 ¶1).',
  })
  @IsString()
  @Length(1, 200)
  competentOrgan: string;

  @ApiPropertyOptional({ description: 'Number of the written notice (告知书), if any.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  documentNumber?: string;

  @ApiPropertyOptional({ description: 'Why the application is for that organ (its jurisdiction, L17 12–15).' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reasons?: string;
}

export class SendCopyPayload extends ActionPayload {
  @ApiPropertyOptional({
    description:
      'Date the respondent received the copy, when known at once (e.g. electronic service). L17 23 / L23 48: the reply period runs from it; until it is recorded (RECORD_COPY_RECEIPT) the reply clock is estimated from the sending date.',
  })
  @IsOptional()
  @IsLocalDate()
  receivedOn?: string;

  @ApiPropertyOptional({ enum: codes(SERVICE_METHODS), description: 'How the copy was served (民事诉讼法 88–95).' })
  @IsOptional()
  @IsIn(codes(SERVICE_METHODS))
  serviceMethod?: ServiceMethod;
}

export class RecordCopyReceiptPayload extends ServiceRecordPayload {
  @ApiProperty({
    description:
      'Date the respondent received the copy of the application (for postal service the date on the return receipt, 民事诉讼法 91). occurredOn is the date the office recorded it.',
  })
  @IsLocalDate()
  receivedOn: string;
}
export class ReceiveReplyPayload extends ActionPayload {
  @ApiPropertyOptional({ description: 'The respondent also submitted its evidence and documents.' })
  @IsOptional()
  @IsBoolean()
  evidenceSubmitted?: boolean;
}

/**
 * A hearing (听证, R07 33; L23 50–51). Hearing the parties' opinions (听取意见, L23 49) is HEAR_OPINIONS. Events
 * recorded before the split carry `kind: HEARING | OPINIONS_HEARD`; the fold still reads them (case-reducer.ts).
 */
export class HoldHearingPayload extends ActionPayload {}

/** The written notice of a hearing (L23 51): occurredOn is the notice's date. */
export class ScheduleHearingPayload extends ActionPayload {
  @ApiProperty({
    description:
      'Date of the hearing. Under L2023 at least 5 working days after the notice (L23 51 「举行听证的五日前」, L23 88).',
  })
  @IsLocalDate()
  hearingOn: string;

  @ApiProperty({ description: 'Place of the hearing, as stated in the notice (L23 51).' })
  @IsString()
  @Length(1, 200)
  place: string;

  @ApiProperty({ description: 'Matters to be heard, as stated in the notice (拟听证事项, L23 51).' })
  @IsString()
  @Length(1, 2000)
  matters: string;
}

export class HearOpinionsPayload extends ActionPayload {
  @ApiProperty({
    enum: codes(OPINION_HEARING_RESULTS),
    description:
      'HEARD (听取意见并记录在案, L23 49), or NOT_POSSIBLE_PARTIES_REASON (因当事人原因不能听取意见的，可以书面审理, L23 49).',
  })
  @IsIn(codes(OPINION_HEARING_RESULTS))
  result: OpinionHearingResult;

  @ApiPropertyOptional({
    enum: codes(OPINION_HEARING_METHODS),
    description: 'How (L23 49 「当面或者通过互联网、电话等方式」); HEARD only.',
  })
  @IsOptional()
  @IsIn(codes(OPINION_HEARING_METHODS))
  method?: OpinionHearingMethod;

  @ApiPropertyOptional({
    description: 'NOT_POSSIBLE_PARTIES_REASON: why the parties could not be heard (required then).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  reasons?: string;
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

  @ApiPropertyOptional({
    type: () => ApprovalRecord,
    description:
      'Required: L2017 the organ head’s approval (L17 31 「经行政复议机关的负责人批准」), L2023 the office head’s (L23 62 「经行政复议机构的负责人批准」).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApprovalRecord)
  approval?: ApprovalRecord;

  @ApiPropertyOptional({
    description:
      'Required: the date the parties were told of the extension (L17 31 「告知申请人和被申请人」; L23 62 「书面告知当事人」).',
  })
  @IsOptional()
  @IsLocalDate()
  partiesNotifiedOn?: string;
}

export class ConvertToOrdinaryPayload extends ActionPayload {
  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  reasons: string;
}

/**
 * The decision whether to stay execution of the contested act during the review (L17 21; L23 42). Execution is not
 * stayed as a rule; it is stayed on one of the grounds (1)–(4). Grounds (2) and (3) are the organ's decision; under (1)
 * the respondent stops execution itself and the office records it (`decidedBy`); (4) follows from a law. A refusal
 * of a party's request (granted: false) is the organ's decision and names no ground.
 */
export class DecideStayOfExecutionPayload extends ActionPayload {
  @ApiProperty({ description: 'true: execution is stayed (停止执行); false: the request is refused (不停止执行).' })
  @IsBoolean()
  granted: boolean;

  @ApiPropertyOptional({
    enum: codes(STAY_OF_EXECUTION_GROUNDS),
    description:
      'Required when granted: L17 21(1)–(4) for L2017, L23 42(1)–(4) for L2023. Absent for a refusal (L23 42 ¶1: execution is not stayed).',
  })
  @IsOptional()
  @IsIn(codes(STAY_OF_EXECUTION_GROUNDS))
  ground?: StayOfExecutionGround;

  @ApiPropertyOptional({
    enum: ['ORGAN', 'RESPONDENT'],
    default: 'ORGAN',
    description:
      'Who decided: the reconsideration organ (L23 42(2), (3)), or the respondent itself (ground (1); L17 21(1)). Defaults to ORGAN, and must be RESPONDENT exactly for ground (1).',
  })
  @IsOptional()
  @IsIn(['ORGAN', 'RESPONDENT'])
  decidedBy?: 'ORGAN' | 'RESPONDENT';

  @ApiPropertyOptional({ description: 'Name of the person who approved the decision (e.g. the organ’s head).' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  approvedBy?: string;

  @ApiPropertyOptional({ description: 'Number of the written decision or notice (文书编号).' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  documentNumber?: string;

  @ApiProperty({ description: 'Reasons: why the request is reasonable or not (L23 42(3)), or the law relied on.' })
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

  @ApiPropertyOptional({
    enum: codes(DISMISSAL_DETAILS),
    description:
      'Required for DISMISSED: DISMISSED_APPLICATION (驳回行政复议申请, R07 48 ¶1(2) / L23 33, procedural) or ' +
      'DISMISSED_CLAIM (驳回行政复议请求, R07 48 ¶1(1) / L23 69, non-performance cases only). Not allowed otherwise.',
  })
  @IsOptional()
  @IsIn(codes(DISMISSAL_DETAILS))
  outcomeDetail?: DismissalDetail;

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

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 365,
    description:
      'ORDERED_TO_PERFORM only, and required there (L17 28(1)(2); L23 66 「在一定期限内履行」): days from service of the decision.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  performanceDeadlineDays?: number;

  @ApiPropertyOptional({
    type: () => ApprovalRecord,
    description:
      'Required except for a mediation statement: the organ head’s approval or the collective discussion (L17 28; L23 61).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApprovalRecord)
  approval?: ApprovalRecord;

  @ApiPropertyOptional({ description: 'Compensation decided together with the decision (L17 29 / L23 72), in yuan.' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  compensationYuan?: number;
}

/**
 * An order of the superior organ (上级行政机关) that the office received and records (it does not sign it). The
 * act's date (`occurredOn`) is the order's date: the case reopens from it.
 */
class SuperiorOrderPayload extends ActionPayload {
  @ApiProperty({ description: 'The superior organ that made the order, e.g. 濮阳市人民政府.' })
  @IsString()
  @Length(1, 200)
  orderingOrgan: string;

  @ApiProperty({ description: 'Number of the order (责令受理/纠正/恢复审理通知书), e.g. 濮政复责字〔2021〕2号.' })
  @IsString()
  @Length(1, 100)
  documentNumber: string;

  @ApiPropertyOptional({ description: 'The order’s reasons (e.g. why the refusal or dismissal does not hold).' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reasons?: string;
}

/** L17 20; R07 31 / L23 35: accept the refused application, from the order's date. */
export class OrderToAcceptPayload extends SuperiorOrderPayload {
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

/** L23 40: resume a suspension without good cause; R07 48 ¶2 / L23 35: resume a dismissed review. */
export class OrderToResumePayload extends SuperiorOrderPayload {}

export class ServeDecisionPayload extends ActionPayload {
  @ApiPropertyOptional({ description: 'How it was served (直接送达, 邮寄送达 …).' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  method?: string;
}

export class ClosePayload extends ActionPayload {}

/** The respondent's remade act (R07 49; L17 28(1)(3); L23 64): occurredOn is the date of the remade act. */
export class RecordRemadeActPayload extends ActionPayload {
  @ApiProperty({ description: 'Document number of the remade act, e.g. 台市监罚〔2021〕31号.' })
  @IsString()
  @Length(1, 100)
  documentNumber: string;
}

/** The respondent performed the decision (L17 28(1)(2), 32; L23 66, 77): occurredOn is the date it performed. */
export class RecordPerformancePayload extends ActionPayload {
  @ApiPropertyOptional({ description: 'What was done, and the document that shows it.' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  description?: string;
}

/** Supervision of compliance (L17 32 ¶2; L23 77 ¶2): occurredOn is the date of the measure. */
export class SuperviseCompliancePayload extends ActionPayload {
  @ApiProperty({
    enum: codes(COMPLIANCE_MEASURES),
    description:
      'ORDER_TO_PERFORM_WITHIN_LIMIT (责令限期履行, L17 32 ¶2 / L23 77 ¶2), ADMONITORY_TALK (约谈) or PUBLIC_CRITICISM (通报批评), both L23 77 ¶2.',
  })
  @IsIn(codes(COMPLIANCE_MEASURES))
  measure: ComplianceMeasure;

  @ApiPropertyOptional({
    description: 'ORDER_TO_PERFORM_WITHIN_LIMIT: the time limit (required then), after occurredOn.',
  })
  @IsOptional()
  @IsLocalDate()
  dueOn?: string;

  @ApiPropertyOptional({ description: 'Who took the measure: the organ, or the superior organ (有关上级行政机关).' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  by?: string;

  @ApiPropertyOptional({ description: 'Number of the written document, if any.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  documentNumber?: string;
}

export class UndoPayload {
  @ApiProperty({ description: 'Why the last action is being undone (recorded; the original event stays in history).' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

/** The payload class of every procedural action: the single source for validation, OpenAPI and GET /actions. */
export const ACTION_PAYLOADS: Record<ProceduralAction, new () => ActionPayload> = {
  REQUEST_CORRECTION: RequestCorrectionPayload,
  RECORD_CORRECTION_SERVICE: RecordCorrectionServicePayload,
  EXTEND_CORRECTION_PERIOD: ExtendCorrectionPeriodPayload,
  RECEIVE_CORRECTION: ReceiveCorrectionPayload,
  DEEM_WITHDRAWN: DeemWithdrawnPayload,
  WITHDRAW: WithdrawPayload,
  NOT_ACCEPT: NotAcceptPayload,
  ACCEPT: AcceptPayload,
  DEEM_ACCEPTED: DeemAcceptedPayload,
  SEND_ACCEPTANCE_NOTICE: SendAcceptanceNoticePayload,
  TRANSFER: TransferPayload,
  INFORM: InformPayload,
  SEND_COPY: SendCopyPayload,
  RECORD_COPY_RECEIPT: RecordCopyReceiptPayload,
  RECEIVE_REPLY: ReceiveReplyPayload,
  HOLD_HEARING: HoldHearingPayload,
  SCHEDULE_HEARING: ScheduleHearingPayload,
  HEAR_OPINIONS: HearOpinionsPayload,
  SUSPEND: SuspendPayload,
  RESUME: ResumePayload,
  START_MEDIATION: StartMediationPayload,
  MEDIATION_FAILED: MediationFailedPayload,
  START_NOT_COUNTED_PERIOD: StartNotCountedPeriodPayload,
  END_NOT_COUNTED_PERIOD: EndNotCountedPeriodPayload,
  EXTEND: ExtendPayload,
  CONVERT_TO_ORDINARY: ConvertToOrdinaryPayload,
  DECIDE_STAY_OF_EXECUTION: DecideStayOfExecutionPayload,
  TERMINATE: TerminatePayload,
  ORDER_TO_ACCEPT: OrderToAcceptPayload,
  ORDER_TO_RESUME: OrderToResumePayload,
  DECIDE: DecidePayload,
  SERVE_DECISION: ServeDecisionPayload,
  CLOSE: ClosePayload,
  RECORD_REMADE_ACT: RecordRemadeActPayload,
  RECORD_PERFORMANCE: RecordPerformancePayload,
  SUPERVISE_COMPLIANCE: SuperviseCompliancePayload,
};
