import { Module, OnModuleInit } from '@nestjs/common';
import { PersonalDataPresenter } from '../personal-data/personal-data-presenter';
import { PARTY_FIELDS, partyPublicFields } from './case-field-classes';
import { CodeListsModule } from '../code-lists/code-lists.module';
import { CodeListCodesController } from './code-list-codes.controller';
import { CodeListCodesService } from './code-list-codes.service';
import { IdempotencyModule } from '../common/idempotency/idempotency.module';
import { CaseEventRepository } from './history/case-event.repository';
import { CalendarModule } from '../calendar/calendar.module';
import { OrgansModule } from '../organs/organs.module';
import { CaseLoaderService } from './case-loader.service';
import { CasePersonalDataController } from './case-personal-data.controller';
import { CasePersonalDataService } from './case-personal-data.service';
import { CaseController } from './case.controller';
import { CaseRepository } from './case.repository';
import { CaseCommitPublisher } from './case-committed';
import { CaseService } from './case.service';
import { ProcedurePeriods } from './procedure-periods.service';
import { DeemedAcceptanceService } from './deemed-acceptance.service';

@Module({
  imports: [OrgansModule, CalendarModule, IdempotencyModule, CodeListsModule],
  controllers: [CaseController, CasePersonalDataController, CodeListCodesController],
  providers: [
    CaseRepository,
    CaseEventRepository,
    CaseService,
    CaseLoaderService,
    DeemedAcceptanceService,
    CasePersonalDataService,
    CaseCommitPublisher,
    ProcedurePeriods,
    CodeListCodesService,
  ],
  exports: [
    CaseService,
    CaseRepository,
    CaseEventRepository,
    CaseLoaderService,
    DeemedAcceptanceService,
    CaseCommitPublisher,
    ProcedurePeriods,
  ],
})
export class CasesModule implements OnModuleInit {
  constructor(private readonly presenter: PersonalDataPresenter) {}

  /** Parties written before the vault existed hold plaintext: the presenter masks them by PARTY_FIELDS too. */
  onModuleInit(): void {
    this.presenter.registerPlaintextRule({
      listKeys: ['applicants', 'thirdParties'],
      fields: PARTY_FIELDS,
      publicFields: partyPublicFields,
    });
  }
}
