import { Module, OnApplicationShutdown } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CodeListsModule } from '../code-lists/code-lists.module';
import { OrgansModule } from '../organs/organs.module';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** Ledger imports (issue 12): depends on cases/ (historical cases are written by CaseService), never the reverse. */
@Module({
  imports: [CasesModule, CodeListsModule, OrgansModule],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportsService],
  exports: [ImportsService],
})
export class ImportsModule implements OnApplicationShutdown {
  constructor(private readonly imports: ImportsService) {}

  /** A batch in flight finishes (or rolls back) before the connections close. */
  async onApplicationShutdown(): Promise<void> {
    await this.imports.settled();
  }
}
