import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { ProblemFilter } from './common/errors/problem.filter';
import { httpLoggerParams } from './common/logging/logging';
import { Env } from './config/env';
import { ConfigModule } from './config/config.module';
import { buildDataSourceOptions } from './database/data-source';
import { ReadDataSourceModule } from './database/read-data-source';
import { HealthModule } from './health/health.module';
import { ObservabilityModule } from './observability/observability.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { PersonalDataKeyRing } from './personal-data/personal-data-keys';
import { StatisticsModule } from './statistics/statistics.module';

export interface AppModuleOptions {
  env: Env;
  databaseUrl: string;
  /** The personal-data key ring main.ts loaded; when absent it is loaded from `env` (tests, tools). */
  personalDataKeys?: PersonalDataKeyRing;
}

@Module({})
export class AppModule {
  static forRoot({ env, databaseUrl, personalDataKeys }: AppModuleOptions): DynamicModule {
    const rateLimited = env.RATE_LIMIT_PER_MINUTE > 0;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env),
        LoggerModule.forRoot(httpLoggerParams(env.LOG_LEVEL, env.LOG_FILE)),
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions({ url: databaseUrl, poolSize: env.DB_POOL_SIZE }),
          // Start-up must not hang forever on an unreachable database; main.ts reports the failure.
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'default', ttl: 60_000, limit: rateLimited ? env.RATE_LIMIT_PER_MINUTE : Number.MAX_SAFE_INTEGER },
          ],
          skipIf: () => !rateLimited,
          // One budget per API key (hashed by the throttler), or per address for unauthenticated calls.
          getTracker: (req: Record<string, unknown>) => {
            const headers = req.headers as Record<string, string | undefined> | undefined;
            return headers?.authorization ?? String(req.ip);
          },
        }),
        ReadDataSourceModule,
        ObservabilityModule,
        PersonalDataModule.forRoot(personalDataKeys),
        HealthModule,
        AuthModule,
        CasesModule,
        StatisticsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
      ],
    };
  }
}
