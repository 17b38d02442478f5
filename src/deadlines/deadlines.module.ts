import { Module, OnModuleInit } from '@nestjs/common';
import { CaseCommitPublisher } from '../cases/case-committed';
import { CasesModule } from '../cases/cases.module';
import { CalendarModule } from '../calendar/calendar.module';
import { OrgansModule } from '../organs/organs.module';
import { CalendarAdminService } from './calendar-admin.service';
import { CalendarController } from './calendar.controller';
import { DeadlineController } from './deadline.controller';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineService } from './deadline.service';

@Module({
  imports: [CasesModule, CalendarModule, OrgansModule],
  controllers: [DeadlineController, CalendarController],
  providers: [DeadlineRepository, DeadlineService, CalendarAdminService],
  exports: [DeadlineService],
})
export class DeadlinesModule implements OnModuleInit {
  constructor(
    private readonly commits: CaseCommitPublisher,
    private readonly deadlines: DeadlineService,
  ) {}

  /** Stored due dates move with their anchors in the act's own transaction (the work queues read them). */
  onModuleInit(): void {
    this.commits.subscribe(
      'deadlines',
      ({ manager, case: entity }) => this.deadlines.planForCase(manager, entity),
      (manager, notices) =>
        this.deadlines.recomputeForCases(
          manager,
          notices.map((n) => n.case),
        ),
    );
  }
}
