import { Module, OnApplicationShutdown } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CodeListsModule } from '../code-lists/code-lists.module';
import { OrgansModule } from '../organs/organs.module';
import { ImportRunner } from './import-runner';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** Ledger imports (issue 12): depends on cases/ (historical cases are written by CaseService), never the reverse. */
@Module({
  imports: [CasesModule, CodeListsModule, OrgansModule],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportsService, ImportRunner],
  exports: [ImportsService],
})
export class ImportsModule implements OnApplicationShutdown {
  constructor(private readonly imports: ImportsService) {}

  /**
   * A commit in flight stops after its current batch (on this thread, or on the worker thread, which ImportRunner
   * stops in its own shutdown hook), and ends before the connections close.
   */
  async onApplicationShutdown(): Promise<void> {
    this.imports.stop();
    await this.imports.settled();
  }
}
