import { Global, Module } from '@nestjs/common';
import { MetricsServer } from './metrics-server';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

/** Metrics for every module (CaseService counts actions); the listener is started by main.ts. */
@Global()
@Module({
  providers: [MetricsRepository, MetricsService, MetricsServer],
  exports: [MetricsService, MetricsServer],
})
export class ObservabilityModule {}
