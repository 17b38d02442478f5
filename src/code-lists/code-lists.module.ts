import { Module } from '@nestjs/common';
import { CodeListRegistry } from './code-list-registry.service';
import { CodeListRepository } from './code-list.repository';
import { CodeListsController } from './code-lists.controller';

/**
 * The code lists: the release's (code-lists.ts, pure data) and the deployment's additions to the extensible ones
 * (CodeListRegistry). Their changes are the write side's (cases/code-list-codes.service.ts): whether cases use a code
 * is a question about cases.
 */
@Module({
  controllers: [CodeListsController],
  providers: [CodeListRepository, CodeListRegistry],
  exports: [CodeListRepository, CodeListRegistry],
})
export class CodeListsModule {}
