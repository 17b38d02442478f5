import { Module } from '@nestjs/common';
import { CodeListsModule } from '../code-lists/code-lists.module';
import { OrgansModule } from '../organs/organs.module';
import { BaselineController } from './baseline.controller';
import { BaselineRepository } from './baseline.repository';
import { BaselineService } from './baseline.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [OrgansModule, CodeListsModule],
  controllers: [StatisticsController, BaselineController],
  providers: [StatisticsRepository, StatisticsService, BaselineRepository, BaselineService],
  exports: [StatisticsService],
})
export class StatisticsModule {}
