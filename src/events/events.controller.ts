import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor, Role } from '../auth/roles';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { EventPage } from './cloud-event.view';
import { EventFeedQuery } from './event-feed.dto';
import { EventFeedService } from './event-feed.service';

/** Who reads the feed: the case handlers, and other systems with the events:read scope. */
const FEED_READERS: Role[] = ['CLERK', 'OFFICER', 'SUPERVISOR', 'INTEGRATION'];

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly feed: EventFeedService) {}

  @Get()
  @Access(FEED_READERS, 'events:read')
  @ApiOperationWithProblems({
    operationId: 'listEvents',
    summary: 'The event feed: every committed act and deadline notice, in commit order, resumable from a cursor',
    description:
      'CloudEvents 1.0 (JSON structured mode). Read pages with `after=<nextCursor>` until a page is short; keep the last ' +
      'nextCursor and poll again later from it: no event is ever skipped or repeated, and a case’s events come in its ' +
      'own order. Personal values are masked unless the caller may read personal data.',
    type: EventPage,
    problems: [400, 401, 403, 404],
  })
  list(@Query() query: EventFeedQuery, @CurrentActor() actor: Actor): Promise<EventPage> {
    return this.feed.read(query, actor);
  }
}
