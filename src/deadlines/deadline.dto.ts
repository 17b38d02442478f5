import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PageQuery } from '../common/http/pagination';
import { IsLocalDate } from '../common/validation/local-date.validator';
import { CLOCK_NAMES, ClockName } from '../workflow/clocks';

export class DeadlinesAsOfQuery {
  @ApiPropertyOptional({ description: 'Evaluate the clocks as of this date (default: today in Asia/Shanghai).' })
  @IsOptional()
  @IsLocalDate()
  asOf?: string;
}

export class DeadlineQueueQuery extends PageQuery {
  @ApiProperty({
    enum: ['OVERDUE', 'DUE_SOON', 'CALENDAR_MISSING'],
    description:
      'CALENDAR_MISSING: clocks that need a year with no loaded notice; empty while PROVISIONAL_CALENDAR is on (such clocks are then computed provisionally and listed as OVERDUE / DUE_SOON).',
  })
  @IsIn(['OVERDUE', 'DUE_SOON', 'CALENDAR_MISSING'])
  status: 'OVERDUE' | 'DUE_SOON' | 'CALENDAR_MISSING';

  @ApiPropertyOptional({
    description: 'DUE_SOON: due within this many working days from today.',
    default: 5,
    minimum: 0,
    maximum: 60,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  within = 5;

  @ApiPropertyOptional({ enum: CLOCK_NAMES })
  @IsOptional()
  @IsIn(CLOCK_NAMES)
  clock?: ClockName;

  @ApiPropertyOptional({ description: 'A handling officer’s name, exact.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  handler?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Default: the DEFAULT_ORGAN_CODE organ; for a key limited to one organ, that organ (README "Organ scope").',
  })
  @IsOptional()
  @IsUUID()
  organId?: string;
}

export class ClockView {
  @ApiProperty({ enum: CLOCK_NAMES })
  clock: string;
  @ApiProperty()
  labelZh: string;
  @ApiProperty()
  legalBasis: string;
  @ApiProperty({ enum: ['WORKING_DAYS', 'CALENDAR_DAYS'] })
  unit: string;
  @ApiProperty({ type: Number, nullable: true })
  period: number | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  startOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  metOn: string | null;
  @ApiProperty({ enum: ['NOT_STARTED', 'RUNNING', 'PAUSED', 'MET', 'MISSED', 'CALENDAR_MISSING'] })
  status: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Working or calendar days (per unit) left; negative when overdue.',
  })
  daysLeft: number | null;
  @ApiProperty({
    type: [String],
    description:
      'Step by step, in Chinese: start, period, skipped rest days, pauses, extension, roll-forward, article.',
  })
  explanation: string[];
  @ApiProperty()
  open: boolean;
  @ApiProperty({
    description:
      'The due date was computed from the provisional calendar of 《全国年节及纪念日放假办法》 (weekends and statutory holidays, no 调休) for a year whose State Council notice is not loaded (PROVISIONAL_CALENDAR); it is recomputed when the notice is loaded.',
  })
  provisional: boolean;
}

export class CaseDeadlinesView {
  @ApiProperty({ format: 'uuid' })
  caseId: string;
  @ApiProperty({ format: 'date' })
  asOf: string;
  @ApiProperty({ type: [ClockView] })
  clocks: ClockView[];
}

export class QueueItemView {
  @ApiProperty({ format: 'uuid' })
  caseId: string;
  @ApiProperty()
  caseNumber: string;
  @ApiProperty()
  state: string;
  @ApiProperty({ enum: CLOCK_NAMES })
  clock: string;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueOn: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Calendar days from today to dueOn (negative: overdue).' })
  calendarDaysLeft: number | null;
  @ApiProperty({
    description:
      'dueOn was computed from the provisional calendar (全国年节及纪念日放假办法) of a year whose notice is not loaded.',
  })
  provisional: boolean;
  @ApiProperty()
  legalBasis: string;
  @ApiProperty({ type: [String] })
  handlers: string[];
}

export class QueuePage {
  @ApiProperty({ type: [QueueItemView] })
  items: QueueItemView[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
