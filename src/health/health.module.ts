import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ALWAYS_LIVE, LIVENESS_CHECK, LivenessCheck } from './liveness';

@Module({})
export class HealthModule {
  static forRoot(liveness: LivenessCheck = ALWAYS_LIVE): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
      controllers: [HealthController],
      providers: [{ provide: LIVENESS_CHECK, useValue: liveness }],
    };
  }
}
