import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor, Role } from '../auth/roles';
import { ROLES } from '../auth/roles';
import { CalendarYearEntity } from '../calendar/calendar-year.entity';
import {
  CalendarYearsView,
  CalendarYearView,
  PutCalendarYearDto,
  PutCalendarYearResult,
} from '../calendar/calendar.dto';
import { ProblemException } from '../common/errors/problem.exception';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { Env } from '../config/env';
import { CalendarAdminService } from './calendar-admin.service';

const ALL: readonly Role[] = ROLES;

const yearParam = new ParseIntPipe({
  exceptionFactory: () =>
    new ProblemException('VALIDATION_FAILED', 'year must be a number such as 2027.', {
      errors: [{ path: 'year', code: 'IS_INT', message: 'year must be an integer' }],
    }),
});

function view(row: CalendarYearEntity): CalendarYearView {
  return {
    year: row.year,
    notice: row.notice,
    amendments: row.amendments,
    restDays: row.restDays,
    makeUpWorkdays: row.makeUpWorkdays,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly admin: CalendarAdminService,
    private readonly env: Env,
  ) {}

  @Get()
  @Access(ALL, 'calendar:read')
  @ApiOperationWithProblems({
    operationId: 'listCalendarYears',
    summary: 'Years with a loaded holiday calendar',
    type: CalendarYearsView,
    problems: [401, 403],
  })
  async years(): Promise<CalendarYearsView> {
    return {
      years: await this.admin.years(),
      makeUpDaysAreWorkingDays: this.env.MAKE_UP_DAYS_ARE_WORKING_DAYS,
      provisionalCalendar: this.env.PROVISIONAL_CALENDAR,
    };
  }

  @Get(':year')
  @Access(ALL, 'calendar:read')
  @ApiOperationWithProblems({
    operationId: 'getCalendarYear',
    summary: 'One year’s rest days and make-up working days',
    type: CalendarYearView,
    problems: [400, 401, 403, 404],
  })
  async get(@Param('year', yearParam) year: number): Promise<CalendarYearView> {
    return view(await this.admin.get(year));
  }

  @Put(':year')
  @Access(['ADMIN'])
  @ApiOperationWithProblems({
    operationId: 'putCalendarYear',
    summary: 'Load or replace a year from the State Council notice; recomputes open cases’ due dates',
    type: PutCalendarYearResult,
    problems: [400, 401, 403, 422],
  })
  async put(
    @Param('year', yearParam) year: number,
    @Body() dto: PutCalendarYearDto,
    @CurrentActor() actor: Actor,
  ): Promise<PutCalendarYearResult> {
    if (year < 1990 || year > 2100) {
      throw new ProblemException('VALIDATION_FAILED', 'year must be between 1990 and 2100.', {
        errors: [{ path: 'year', code: 'OUT_OF_RANGE', message: 'year must be between 1990 and 2100' }],
      });
    }
    const { row, recomputed, changed, changes } = await this.admin.put(year, dto, actor);
    return { ...view(row), recomputedCases: recomputed, changedCases: changed, changes };
  }
}
