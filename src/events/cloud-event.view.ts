import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { CASE_STATES, OUTCOMES } from '../code-lists/code-lists';
import { CLOCK_NAMES } from '../workflow/clocks';
import { EVENT_TYPES } from './event-types';

/** `data` of a `cn.gov.reconsideration.case.*` event: the act as committed, and the case after it. */
export class CaseActEventData {
  @ApiProperty({ format: 'uuid' })
  caseId: string;
  @ApiProperty({ example: '台政复〔2021〕1号' })
  caseNumber: string;
  @ApiProperty({ format: 'uuid' })
  organId: string;
  @ApiProperty({ description: 'The action code (GET /v1/code-lists ACTIONS).', example: 'ACCEPT' })
  action: string;
  @ApiProperty({ enum: CASE_STATES.map((s) => s.code), description: 'The state after the act.' })
  state: string;
  @ApiProperty({ type: String, nullable: true, description: 'The state before the act (null for REGISTER).' })
  stateBefore: string | null;
  @ApiProperty({ description: 'The case version after the act: the ETag to send as If-Match next.' })
  version: number;
  @ApiProperty({
    format: 'date',
    description: 'The act’s legal date (occurredOn), as opposed to `time`, when it was recorded.',
  })
  legalDate: string;
  @ApiProperty({ type: String, nullable: true, example: 'L23 30 ¶1' })
  legalBasis: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Set once the case is concluded (办结).' })
  concludedOn: string | null;
  @ApiProperty({ type: String, nullable: true, enum: [...OUTCOMES.map((o) => o.code), null] })
  outcome: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The act’s payload as recorded in the case history; an IMPORT’s leaves out `facts`, the state folded from the ' +
      'ledger’s dates, which GET /v1/cases/{id} shows. Personal values (names, ID numbers, phones, addresses) are ' +
      'masked unless the reader may see them (README "Personal data"); webhooks always carry them masked.',
  })
  act: Record<string, unknown>;
}

/** `data` of a `cn.gov.reconsideration.deadline.*` event: one statutory clock of one case. */
export class DeadlineEventData {
  @ApiProperty({ format: 'uuid' })
  caseId: string;
  @ApiProperty()
  caseNumber: string;
  @ApiProperty({ format: 'uuid' })
  organId: string;
  @ApiProperty({ enum: CASE_STATES.map((s) => s.code) })
  state: string;
  @ApiProperty({ enum: CLOCK_NAMES })
  clock: string;
  @ApiProperty({ format: 'date' })
  dueOn: string;
  @ApiProperty({ description: 'Working days announced ahead (due_soon), 0 for overdue.' })
  withinWorkingDays: number;
  @ApiProperty({ type: String, nullable: true })
  legalBasis: string | null;
  @ApiProperty({
    description: 'True when the due date comes from a provisional calendar (not yet the State Council notice).',
  })
  provisional: boolean;
}

/**
 * One event, as CloudEvents 1.0 in JSON structured mode (application/cloudevents+json), on the feed (GET /v1/events)
 * and in webhook deliveries. `sequence` is the feed's order and the cursor to resume after this event.
 */
@ApiExtraModels(CaseActEventData, DeadlineEventData)
export class CloudEventView {
  @ApiProperty({ enum: ['1.0'] })
  specversion: '1.0';
  @ApiProperty({
    format: 'uuid',
    description: 'Unique per event: a receiver deduplicates on it (deliveries are at least once).',
  })
  id: string;
  @ApiProperty({ example: '/v1/organs/3f0c…', description: 'The organ whose case it is (a URI reference).' })
  source: string;
  @ApiProperty({ enum: EVENT_TYPES })
  type: string;
  @ApiProperty({ format: 'uuid', description: 'The case id.' })
  subject: string;
  @ApiProperty({ format: 'date-time', description: 'When the act was committed.' })
  time: string;
  @ApiProperty({ enum: ['application/json'] })
  datacontenttype: 'application/json';
  @ApiProperty({
    pattern: '^[0-9]{1,18}$',
    description: 'The position in the feed (CloudEvents sequence extension): pass it as `after` to resume.',
  })
  sequence: string;
  @ApiPropertyOptional({ description: 'The case’s own order: increases with every event of the case.' })
  caseversion: number;
  @ApiProperty({ oneOf: [{ $ref: getSchemaPath(CaseActEventData) }, { $ref: getSchemaPath(DeadlineEventData) }] })
  data: CaseActEventData | DeadlineEventData;
}

export class EventPage {
  @ApiProperty({ type: [CloudEventView] })
  items: CloudEventView[];
  @ApiProperty({
    pattern: '^[0-9]{1,18}$',
    description:
      'Pass as `after` for the next page. Always present: at the end of the feed it is the head, so a poller keeps its place.',
  })
  nextCursor: string;
}
