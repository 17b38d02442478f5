import { DynamicModule, Module } from '@nestjs/common';
import './error-catalog';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { EventsModule } from './events/events.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { ImportsModule } from './imports/imports.module';
import { ProblemFilter } from './common/errors/problem.filter';
import { httpLoggerParams } from './common/logging/logging';
import { Env } from './config/env';
import { ConfigModule } from './config/config.module';
import { buildDataSourceOptions, sessionTimeoutsOf } from './database/data-source';
import { DatabaseNotificationsModule } from './database/database-notifications';
import { ReadDataSourceModule } from './database/read-data-source';
import { HealthModule } from './health/health.module';
import { LivenessCheck } from './health/liveness';
import { ObservabilityModule } from './observability/observability.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { PersonalDataKeyRing } from './personal-data/personal-data-keys';
import { StatisticsModule } from './statistics/statistics.module';

export interface AppModuleOptions {
  env: Env;
  databaseUrl: string;
  /** The personal-data key ring main.ts loaded; when absent it is loaded from `env` (tests, tools). */
  personalDataKeys?: PersonalDataKeyRing;
  /** main.ts: the embedded database's watch, for /health/live. Absent: always live. */
  liveness?: LivenessCheck;
}

@Module({})
export class AppModule {
  static forRoot({ env, databaseUrl, personalDataKeys, liveness }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env),
        LoggerModule.forRoot(httpLoggerParams(env.LOG_LEVEL, env.LOG_FILE)),
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions({
            url: databaseUrl,
            poolSize: env.DB_POOL_SIZE,
            sessionTimeouts: sessionTimeoutsOf(env),
          }),
          // Start-up must not hang forever on an unreachable database; main.ts reports the failure.
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        ReadDataSourceModule,
        DatabaseNotificationsModule,
        ObservabilityModule,
        PersonalDataModule.forRoot(personalDataKeys),
        HealthModule.forRoot(liveness),
        AuthModule,
        CasesModule,
        DeadlinesModule,
        EventsModule,
        WebhooksModule,
        StatisticsModule,
        ImportsModule,
      ],
      // Authentication and the rate limit run in Fastify's onRequest hook (RequestAuthenticator, registered by
      // createApp), before the body is read.
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
