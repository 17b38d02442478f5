import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATES, OUTCOME_DETAILS, OUTCOMES, REGISTRATION_WARNINGS, codesOf } from '../code-lists/code-lists';
import type { CaseState, LegalRegime, Outcome, Procedure, RegistrationWarningCode } from '../code-lists/code-lists';
import type { CaseEventEntity } from './history/case-event.entity';
import type { CaseFacts } from '../workflow/case-facts';
import { CaseEntity } from './case.entity';
import type { CaseDetails, Handler, ImportedRecord, Party } from './case-details';
import { ContestedActDto, HandlerDto, PartyDto, ReconsiderationRequestDto, RespondentDto } from './case.dto';
import { remedyWording } from './domain/remedy';

const codes = codesOf;

/** The remedy wording (诉权告知): set by the compulsory-reconsideration flag (L23 23, 34; L17 19, 30 ¶1). */
export class RemedyView {
  @ApiProperty({ description: 'The case is one of compulsory reconsideration (复议前置, L23 23; L17 30 ¶1).' })
  compulsoryReconsideration: boolean;
  @ApiProperty({
    description: 'Days to sue after receiving the decision or the period expiring (L23 34; 行政诉讼法 45).',
  })
  suitWithinDays: number;
  @ApiProperty({ description: 'zh-CN wording for the decision and notices.' })
  wordingZh: string;
  @ApiProperty()
  legalBasis: string;
}

/** A historical case's provenance (ImportedRecord). */
export class ImportedRecordView {
  @ApiProperty({ format: 'uuid' })
  importId: string;
  @ApiProperty({ description: 'The ledger file.' })
  source: string;
  @ApiProperty({ description: 'Its row (the header row is 1).' })
  row: number;
  @ApiProperty({ type: String, nullable: true })
  originalCaseNumber: string | null;
  @ApiProperty({ type: [String], example: ['channel', 'applicants[0].idNumber'] })
  missing: string[];
  @ApiProperty({ description: 'SHA-256 of the row as normalised.' })
  rowHash: string;
}

export class CaseView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '台政复〔2021〕7号' })
  caseNumber: string;
  @ApiProperty({ format: 'uuid' })
  organId: string;
  @ApiProperty({ enum: ['L2017', 'L2023'] })
  legalRegime: LegalRegime;
  @ApiProperty({ enum: codes(CASE_STATES) })
  state: CaseState;
  @ApiProperty({ enum: codes(OUTCOMES), nullable: true })
  outcome: Outcome | null;
  @ApiProperty({
    enum: codes(OUTCOME_DETAILS),
    nullable: true,
    description:
      'The outcome’s detail where the law has one (OUTCOME_DETAILS): which dismissal (R07 48 ¶1; L23 33 / 69), the not-accept ground (R07 28 / L23 30), the termination ground (R07 42 / L23 41), the pre-acceptance withdrawal’s reason; null otherwise.',
  })
  outcomeDetail: string | null;
  @ApiProperty({ enum: ['ORDINARY', 'SIMPLIFIED'], nullable: true })
  procedure: Procedure | null;
  @ApiProperty({ format: 'date' })
  receivedOn: string;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  acceptedOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  decidedOn: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Legal date of the act that concluded the case.',
  })
  concludedOn: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null only for a historical case whose ledger lacks it.' })
  channel: string | null;
  @ApiProperty({
    type: ImportedRecordView,
    nullable: true,
    description:
      'A historical case (issue 12): its ledger import, source file and row, its original number, and the registration fields the ledger lacked (left empty).',
  })
  imported: ImportedRecord | null;
  @ApiProperty({ type: [PartyDto] })
  applicants: Party[];
  @ApiProperty({ type: [PartyDto] })
  thirdParties: Party[];
  @ApiProperty({ type: RespondentDto })
  respondent: CaseDetails['respondent'];
  @ApiProperty({ type: ContestedActDto })
  contestedAct: CaseDetails['contestedAct'];
  @ApiProperty({ type: ReconsiderationRequestDto })
  request: CaseDetails['request'];
  @ApiProperty({ type: RemedyView, description: 'How the applicant may go to court after the reconsideration.' })
  remedy: RemedyView;
  @ApiProperty({ type: [HandlerDto] })
  handlers: Handler[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Procedure facts derived from history: correction, copy, reply, suspensions, extension, decision, service dates …',
  })
  facts: CaseFacts;
  @ApiProperty({ description: 'Changes with every event; send it back as If-Match (the ETag header carries it too).' })
  version: number;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  /**
   * The case as stored: personal values are `pd:` references, which PersonalDataPresenter resolves (in clear or
   * masked, by the caller's entitlement) for every response; no view masks on its own (case-field-classes.ts).
   */
  static of(entity: CaseEntity): CaseView {
    const details = entity.details;
    const view = new CaseView();
    Object.assign(view, {
      id: entity.id,
      caseNumber: entity.caseNumber,
      organId: entity.organId,
      legalRegime: entity.legalRegime,
      state: entity.state,
      outcome: entity.outcome,
      outcomeDetail: entity.outcomeDetail,
      procedure: entity.procedure,
      receivedOn: entity.receivedOn,
      acceptedOn: entity.acceptedOn,
      decidedOn: entity.decidedOn,
      concludedOn: entity.concludedOn,
      channel: details.channel,
      imported: entity.imported ?? null,
      applicants: details.applicants,
      thirdParties: details.thirdParties,
      respondent: details.respondent,
      contestedAct: details.contestedAct,
      request: details.request,
      remedy: remedyWording(entity.legalRegime, details.contestedAct.compulsoryReconsideration === true),
      handlers: entity.handlers,
      facts: entity.facts,
      version: entity.version,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    });
    return view;
  }
}

/** A warning on a registration (REGISTRATION_WARNINGS): the case is registered all the same (201). */
export class RegistrationWarningView {
  @ApiProperty({ enum: codes(REGISTRATION_WARNINGS), description: 'Stable code from REGISTRATION_WARNINGS.' })
  code: RegistrationWarningCode;
  @ApiProperty({ description: 'zh-CN message for the clerk.' })
  message: string;
  @ApiProperty({ example: 'L23 27' })
  legalBasis: string;
}

/** The response of POST /v1/cases: the case, and warnings the organ should consider (L23 27; L23 20–21). */
export class RegisteredCaseView extends CaseView {
  @ApiProperty({
    type: [RegistrationWarningView],
    description:
      'Warnings, never refusals: e.g. RESPONDENT_UNDER_UPPER_DEPARTMENT (L23 27), APPLICATION_PERIOD_EXCEEDED (L23 20–21). Empty when none. Not repeated by GET.',
  })
  warnings: RegistrationWarningView[];
}

export class CasePage {
  @ApiProperty({ type: [CaseView] })
  items: CaseView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class CaseEventView {
  @ApiProperty()
  seq: number;
  @ApiProperty()
  action: string;
  @ApiProperty({ format: 'date' })
  occurredOn: string;
  @ApiProperty({ format: 'date-time' })
  recordedAt: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  actorKeyId: string | null;
  @ApiProperty()
  actorName: string;
  @ApiProperty({ type: String, nullable: true })
  stateBefore: string | null;
  @ApiProperty()
  stateAfter: string;
  @ApiProperty({ type: String, nullable: true })
  legalBasis: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  payload: Record<string, unknown>;
  @ApiProperty({ type: Number, nullable: true, description: 'UNDO events: the seq of the event reverted.' })
  undoesSeq: number | null;
  @ApiProperty({ description: 'True when a later UNDO reverted this event (it stays in history).' })
  undone: boolean;

  static list(events: CaseEventEntity[]): CaseEventView[] {
    const undone = new Set(events.filter((e) => e.undoesSeq !== null).map((e) => e.undoesSeq));
    return events.map((e) =>
      Object.assign(new CaseEventView(), {
        seq: e.seq,
        action: e.action,
        occurredOn: e.occurredOn,
        recordedAt: e.recordedAt.toISOString(),
        actorKeyId: e.actorKeyId,
        actorName: e.actorName,
        stateBefore: e.stateBefore,
        stateAfter: e.stateAfter,
        legalBasis: e.legalBasis,
        payload: e.payload,
        undoesSeq: e.undoesSeq,
        undone: undone.has(e.seq),
      }),
    );
  }
}

export class CaseHistoryView {
  @ApiProperty({ type: [CaseEventView] })
  events: CaseEventView[];
}

export class AvailableActionView {
  @ApiProperty()
  action: string;
  @ApiProperty()
  labelZh: string;
  @ApiProperty({ description: 'State after the action ("SAME" when it records a step without changing state).' })
  to: string;
  @ApiProperty({ type: String, nullable: true })
  legalBasis: string | null;
  @ApiProperty({ type: [String], description: 'Body fields the action requires (besides the optional ones).' })
  requiredFields: string[];
  @ApiProperty({ type: [String] })
  optionalFields: string[];
  @ApiProperty({ description: 'Name of the payload schema in the OpenAPI document.' })
  payloadSchema: string;
}

export class AvailableActionsView {
  @ApiProperty({ enum: codes(CASE_STATES) })
  state: CaseState;
  @ApiProperty()
  version: number;
  @ApiProperty({ type: [AvailableActionView] })
  actions: AvailableActionView[];
}
