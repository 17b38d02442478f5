import { Module } from '@nestjs/common';
import { CodeListsModule } from '../code-lists/code-lists.module';
import { OrgansModule } from '../organs/organs.module';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [OrgansModule, CodeListsModule],
  controllers: [StatisticsController],
  providers: [StatisticsRepository, StatisticsService],
  exports: [StatisticsService],
})
export class StatisticsModule {}
