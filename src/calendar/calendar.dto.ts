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

export class PutCalendarYearResult extends CalendarYearView {
  @ApiProperty({ description: 'Open cases whose clocks were recomputed.' })
  recomputedCases: number;
  @ApiProperty({ description: 'Of those, cases whose stored due dates changed.' })
  changedCases: number;
}

export class CalendarYearsView {
  @ApiProperty({ type: [Number] })
  years: number[];
  @ApiProperty({ description: 'MAKE_UP_DAYS_ARE_WORKING_DAYS: whether make-up weekend days count as working days.' })
  makeUpDaysAreWorkingDays: boolean;
}
