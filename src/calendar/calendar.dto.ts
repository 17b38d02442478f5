import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsLocalDate } from '../common/validation/local-date.validator';

export class CalendarDayDto {
  @ApiProperty({ example: '2021-10-01' })
  @IsLocalDate()
  date: string;

  @ApiProperty({ example: '国庆节' })
  @IsString()
  @Length(1, 50)
  holiday: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  note?: string;
}

export class PutCalendarYearDto {
  @ApiProperty({
    description: 'The State Council notice the data comes from.',
    example: '国务院办公厅关于2027年部分节假日安排的通知',
  })
  @IsString()
  @Length(1, 300)
  notice: string;

  @ApiPropertyOptional({ type: [String], description: 'Later notices that changed the arrangement.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  amendments?: string[];

  @ApiProperty({
    type: [CalendarDayDto],
    description: 'Statutory holiday rest days (放假), including weekend days inside a block.',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  restDays: CalendarDayDto[];

  @ApiProperty({ type: [CalendarDayDto], description: 'Weekend days declared working days (调休上班).' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  makeUpWorkdays: CalendarDayDto[];
}

export class CalendarYearView {
  @ApiProperty()
  year: number;
  @ApiProperty()
  notice: string;
  @ApiProperty({ type: [String] })
  amendments: string[];
  @ApiProperty({ type: [CalendarDayDto] })
  restDays: CalendarDayDto[];
  @ApiProperty({ type: [CalendarDayDto] })
  makeUpWorkdays: CalendarDayDto[];
  @ApiProperty({ type: String, nullable: true })
  updatedBy: string | null;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class CalendarClockChangeView {
  @ApiProperty({ example: 'DECISION' })
  clock: string;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueOnBefore: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueOnAfter: string | null;
  @ApiProperty({ description: 'The due date had been computed from the provisional calendar.' })
  provisionalBefore: boolean;
  @ApiProperty()
  provisionalAfter: boolean;
}

export class CalendarCaseChangeView {
  @ApiProperty({ format: 'uuid' })
  caseId: string;
  @ApiProperty()
  caseNumber: string;
  @ApiProperty({ type: [CalendarClockChangeView] })
  clocks: CalendarClockChangeView[];
}

export class PutCalendarYearResult extends CalendarYearView {
  @ApiProperty({ description: 'Open cases (and cases with a provisional due date) whose clocks were recomputed.' })
  recomputedCases: number;
  @ApiProperty({ description: 'Of those, cases whose stored due dates changed.' })
  changedCases: number;
  @ApiProperty({
    type: [CalendarCaseChangeView],
    description:
      'The cases counted in changedCases, by case number, with each clock whose due date, open flag or provisional mark changed.',
  })
  changes: CalendarCaseChangeView[];
}

export class CalendarYearsView {
  @ApiProperty({ type: [Number] })
  years: number[];
  @ApiProperty({ description: 'MAKE_UP_DAYS_ARE_WORKING_DAYS: whether make-up weekend days count as working days.' })
  makeUpDaysAreWorkingDays: boolean;
  @ApiProperty({
    description:
      'PROVISIONAL_CALENDAR: whether a year not listed in `years` is computed provisionally from 《全国年节及纪念日放假办法》 (else its clocks are CALENDAR_MISSING).',
  })
  provisionalCalendar: boolean;
}
