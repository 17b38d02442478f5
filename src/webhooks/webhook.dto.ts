import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../common/http/pagination';
import { NotNullIfPresent } from '../common/validation/not-null-if-present';
import { EVENT_TYPES } from '../events/event-types';

const SEQUENCE = /^[0-9]{1,18}$/;
export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'DEAD'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const TYPES_DESCRIPTION =
  'Event types to deliver, exact (cn.gov.reconsideration.case.accepted) or a family (cn.gov.reconsideration.case.*). ' +
  `Omit or null for every type. Known types: ${EVENT_TYPES.length} (GET /v1/events, the \`types\` parameter).`;

export class CreateWebhookDto {
  @ApiProperty({
    description:
      'Where deliveries are POSTed: http(s), no credentials; loopback, private and reserved addresses are refused unless WEBHOOK_ALLOW_PRIVATE.',
    example: 'https://integration.example.gov.cn/reconsideration/events',
  })
  @IsString()
  @Length(1, 2000)
  url: string;

  @ApiPropertyOptional({ type: String, isArray: true, nullable: true, description: TYPES_DESCRIPTION })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/\S/, { each: true, message: 'each type must contain a visible character' })
  @MaxLength(200, { each: true })
  types?: string[] | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Only this organ’s events. Omit for every organ (a key limited to organs must name one of its own).',
  })
  @IsOptional()
  @IsUUID('all')
  organId?: string | null;

  @ApiPropertyOptional({ description: 'What the subscription is for.', example: '一网通办 case status' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({ default: true, description: 'False: events are planned for delivery but not sent.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    pattern: SEQUENCE.source,
    description:
      'Deliver the events after this feed position (CloudEvent `sequence`; "0" for the whole feed). Default: the feed’s head now, i.e. only new events.',
  })
  @IsOptional()
  @IsString()
  @Matches(SEQUENCE)
  startAfter?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ description: 'A new target (the same rule as at creation).' })
  @NotNullIfPresent()
  @IsString()
  @Length(1, 2000)
  url?: string;

  @ApiPropertyOptional({ type: String, isArray: true, nullable: true, description: TYPES_DESCRIPTION })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/\S/, { each: true, message: 'each type must contain a visible character' })
  @MaxLength(200, { each: true })
  types?: string[] | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null: every organ.' })
  @IsOptional()
  @IsUUID('all')
  organId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string | null;

  @ApiPropertyOptional({
    description: 'False pauses sending (deliveries keep being planned, and are sent when it is true again).',
  })
  @NotNullIfPresent()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  url: string;
  @ApiProperty({ type: String, nullable: true })
  description: string | null;
  @ApiProperty({ type: String, isArray: true, nullable: true, description: 'null: every type.' })
  types: string[] | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: every organ.' })
  organId: string | null;
  @ApiProperty()
  enabled: boolean;
  @ApiProperty({
    pattern: SEQUENCE.source,
    description: 'The feed position up to which deliveries have been planned (the subscription’s cursor).',
  })
  cursor: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when the previous secret still signs deliveries (a second signature), after a rotation.',
  })
  previousSecretValidUntil: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class CreatedWebhookView extends WebhookView {
  @ApiProperty({
    description: 'The signing secret (Standard Webhooks whsec_…), shown in this response only. Keep it safe.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret: string;
}

export class RotatedSecretView {
  @ApiProperty({ description: 'The new signing secret, shown in this response only.' })
  secret: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The previous secret signs too (two signatures) until then (WEBHOOK_SECRET_OVERLAP_HOURS).',
  })
  previousSecretValidUntil: string | null;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookView] })
  items: WebhookView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'The deliveries of one event (its CloudEvent id).' })
  @IsOptional()
  @IsUUID('all')
  eventId?: string;
}

export class DeliveryView {
  @ApiProperty({ pattern: SEQUENCE.source })
  id: string;
  @ApiProperty({ format: 'uuid', description: 'The CloudEvent id, also the webhook-id header.' })
  eventId: string;
  @ApiProperty({ pattern: SEQUENCE.source, description: 'The event’s feed position.' })
  sequence: string;
  @ApiProperty({ enum: EVENT_TYPES })
  type: string;
  @ApiProperty({ format: 'uuid' })
  caseId: string;
  @ApiProperty({ description: 'True for a delivery asked for by POST …/redeliveries.' })
  redelivery: boolean;
  @ApiProperty({
    enum: DELIVERY_STATUSES,
    description: 'PENDING (waiting, in flight or to be retried), DELIVERED (a 2xx came), DEAD (given up).',
  })
  status: DeliveryStatus;
  @ApiProperty()
  attempts: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The last attempt’s HTTP status (null: no response).' })
  lastStatusCode: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The last attempt’s latency, milliseconds.' })
  lastLatencyMs: number | null;
  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it is tried next (PENDING).' })
  nextAttemptAt: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was delivered or given up.' })
  finishedAt: string | null;
}

export class AttemptView {
  @ApiProperty()
  attempt: number;
  @ApiProperty({ format: 'date-time' })
  startedAt: string;
  @ApiProperty({ type: Number, nullable: true })
  statusCode: number | null;
  @ApiProperty()
  latencyMs: number;
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
}

export class DeliveryDetailView extends DeliveryView {
  @ApiProperty({ type: [AttemptView] })
  attemptLog: AttemptView[];
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryView] })
  items: DeliveryView[];
  @ApiProperty({ type: String, nullable: true, description: 'Newest first; pass as `cursor` for older ones.' })
  nextCursor: string | null;
}

export class RedeliveryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Redeliver one event (its CloudEvent id).' })
  @IsOptional()
  @IsUUID('all')
  eventId?: string;

  @ApiPropertyOptional({
    pattern: SEQUENCE.source,
    description: 'Redeliver every event of the subscription from this feed position (inclusive) …',
  })
  @IsOptional()
  @IsString()
  @Matches(SEQUENCE)
  fromSequence?: string;

  @ApiPropertyOptional({ pattern: SEQUENCE.source, description: '… to this one (inclusive).' })
  @IsOptional()
  @IsString()
  @Matches(SEQUENCE)
  toSequence?: string;
}

export class RedeliveryView {
  @ApiProperty({ description: 'How many deliveries were queued.' })
  queued: number;
  @ApiProperty({ type: String, isArray: true, description: 'Their ids (GET …/deliveries/{deliveryId}).' })
  deliveryIds: string[];
}
