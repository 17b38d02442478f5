import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { OrgansModule } from '../organs/organs.module';
import { CalendarAdminService } from './calendar-admin.service';
import { CalendarController } from './calendar.controller';
import { DeadlineController } from './deadline.controller';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineService } from './deadline.service';

@Module({
  imports: [CalendarModule, OrgansModule],
  controllers: [DeadlineController, CalendarController],
  providers: [DeadlineRepository, DeadlineService, CalendarAdminService],
  exports: [DeadlineService],
})
export class DeadlinesModule {}
