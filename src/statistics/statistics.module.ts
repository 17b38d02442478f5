import { Module } from '@nestjs/common';
import { CodeListsModule } from '../code-lists/code-lists.module';
import { OrgansModule } from '../organs/organs.module';
import { CrosstabController } from './crosstab.controller';
import { CrosstabRepository } from './crosstab.repository';
import { CrosstabService } from './crosstab.service';
import { BaselineController } from './baseline.controller';
import { BaselineRepository } from './baseline.repository';
import { BaselineService } from './baseline.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [OrgansModule, CodeListsModule],
  controllers: [StatisticsController, CrosstabController, BaselineController],
  providers: [
    StatisticsRepository,
    StatisticsService,
    CrosstabRepository,
    CrosstabService,
    BaselineRepository,
    BaselineService,
  ],
  exports: [StatisticsService],
})
export class StatisticsModule {}
