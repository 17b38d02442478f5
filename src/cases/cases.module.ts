import { Module } from '@nestjs/common';
import { CodeListsController } from '../code-lists/code-lists.controller';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { CaseEventRepository } from '../history/case-event.repository';
import { OrgansModule } from '../organs/organs.module';
import { CaseController } from './case.controller';
import { CaseRepository } from './case.repository';
import { CaseService } from './case.service';

@Module({
  imports: [OrgansModule],
  controllers: [CaseController, CodeListsController],
  providers: [CaseRepository, CaseEventRepository, CaseService, IdempotencyService],
  exports: [CaseService, CaseRepository, CaseEventRepository],
})
export class CasesModule {}
