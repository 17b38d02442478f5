import { Module } from '@nestjs/common';
import { CodeListsModule } from '../code-lists/code-lists.module';
import { OrgansModule } from '../organs/organs.module';
import { CrosstabController } from './crosstab.controller';
import { CrosstabRepository } from './crosstab.repository';
import { CrosstabService } from './crosstab.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [OrgansModule, CodeListsModule],
  controllers: [StatisticsController, CrosstabController],
  providers: [StatisticsRepository, StatisticsService, CrosstabRepository, CrosstabService],
  exports: [StatisticsService],
})
export class StatisticsModule {}
