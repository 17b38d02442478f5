import { Module } from '@nestjs/common';
import { IdempotencyPurgeService } from './idempotency-purge.service';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService } from './idempotency.service';

/** Idempotency-Key records: replay within the TTL, and their purge after it (PIPL 19). */
@Module({
  providers: [IdempotencyRepository, IdempotencyService, IdempotencyPurgeService],
  exports: [IdempotencyService, IdempotencyPurgeService],
})
export class IdempotencyModule {}
