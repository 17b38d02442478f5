import { Module, OnModuleInit } from '@nestjs/common';
import { CaseCommitPublisher } from '../cases/case-committed';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { Env } from '../config/env';
import { DeadlineEventsService } from './deadline-events.service';
import { EventFeedRepository } from './event-feed.repository';
import { EventFeedService } from './event-feed.service';
import { EventsController } from './events.controller';
import { OutboxWriter } from './outbox.writer';

/** The event outbox, the feed over it and the deadline notices (issue 15 pt 2–3); it subscribes to cases/. */
@Module({
  imports: [CasesModule, CalendarModule],
  controllers: [EventsController],
  providers: [OutboxWriter, EventFeedRepository, EventFeedService, DeadlineEventsService],
  exports: [EventFeedRepository, EventFeedService],
})
export class EventsModule implements OnModuleInit {
  constructor(
    private readonly commits: CaseCommitPublisher,
    private readonly outbox: OutboxWriter,
    private readonly env: Env,
  ) {}

  onModuleInit(): void {
    if (this.env.EVENT_OUTBOX_ENABLED) {
      this.commits.subscribe(
        'outbox',
        (pending) => this.outbox.planCaseCommitted(pending),
        (manager, notices) => this.outbox.onCasesCommitted(manager, notices),
      );
    }
  }
}
