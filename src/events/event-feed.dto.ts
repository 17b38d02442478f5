import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class EventFeedQuery {
  @ApiPropertyOptional({
    pattern: '^[0-9]{1,18}$',
    default: '0',
    description:
      'Resume after this position: a previous page’s nextCursor, or an event’s `sequence`. 0: from the start.',
  })
  @IsOptional()
  @Matches(/^[0-9]{1,18}$/, { message: 'after must be a cursor from a previous page (digits)' })
  after?: string;

  @ApiPropertyOptional({
    description:
      'Comma-separated event types (the enum of CloudEventView.type), or a family ending in `.*`, e.g. ' +
      '`cn.gov.reconsideration.case.accepted,cn.gov.reconsideration.deadline.*`. Default: every type.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  types?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this organ’s events (within the caller’s organ scope).' })
  @IsOptional()
  @IsUUID()
  organ?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;
}
