import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor, Role } from '../auth/roles';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { uuidParam } from '../common/http/uuid-param.pipe';
import { CaseDeadlinesView, DeadlineQueueQuery, DeadlinesAsOfQuery, QueuePage } from './deadline.dto';
import { DeadlineService } from './deadline.service';

const READERS: Role[] = ['CLERK', 'OFFICER', 'SUPERVISOR', 'REPORTER', 'INTEGRATION'];

@ApiTags('deadlines')
@Controller()
export class DeadlineController {
  constructor(private readonly deadlines: DeadlineService) {}

  @Get('cases/:id/deadlines')
  @Access(READERS, 'cases:read')
  @ApiOperationWithProblems({
    operationId: 'getCaseDeadlines',
    summary: 'Every statutory clock of a case as of a date, with a step-by-step explanation',
    type: CaseDeadlinesView,
    problems: [400, 401, 403, 404],
  })
  caseDeadlines(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: DeadlinesAsOfQuery,
    @CurrentActor() actor: Actor,
  ): Promise<CaseDeadlinesView> {
    return this.deadlines.clocksFor(id, query.asOf, actor);
  }

  @Get('deadlines')
  @Access(READERS, 'cases:read')
  @ApiOperationWithProblems({
    operationId: 'listDeadlineQueue',
    summary: 'Work queue across cases: overdue, due soon, or not computable for lack of a calendar',
    type: QueuePage,
    problems: [400, 401, 403, 404],
  })
  async queue(@Query() query: DeadlineQueueQuery, @CurrentActor() actor: Actor): Promise<QueuePage> {
    const page = await this.deadlines.queue(query, actor);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((r) => ({
        caseId: r.case_id,
        caseNumber: r.case_number,
        state: r.state,
        clock: r.clock,
        dueOn: r.due_on,
        calendarDaysLeft: r.calendarDaysLeft,
        provisional: r.provisional,
        legalBasis: r.legal_basis,
        handlers: r.handler_names,
      })),
    };
  }
}
