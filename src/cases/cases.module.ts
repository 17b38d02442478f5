import { Module } from '@nestjs/common';
import { CodeListsController } from '../code-lists/code-lists.controller';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { CaseEventRepository } from '../history/case-event.repository';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { OrgansModule } from '../organs/organs.module';
import { CaseLoaderService } from './case-loader.service';
import { CaseController } from './case.controller';
import { CaseRepository } from './case.repository';
import { CaseService } from './case.service';

@Module({
  imports: [OrgansModule, DeadlinesModule],
  controllers: [CaseController, CodeListsController],
  providers: [CaseRepository, CaseEventRepository, CaseService, IdempotencyService, CaseLoaderService],
  exports: [CaseService, CaseRepository, CaseEventRepository, CaseLoaderService],
})
export class CasesModule {}
