import { Global, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Env } from '../config/env';
import { createDataSource, sessionTimeoutsOf } from './data-source';

/**
 * Where read-heavy reporting queries go: a read replica when DATABASE_READ_URL is set (statistics then never compete
 * with officers' writes on the primary, at the price of replication lag), else the primary itself.
 */
export const READ_DATA_SOURCE = Symbol('READ_DATA_SOURCE');

const readDataSourceProvider: Provider = {
  provide: READ_DATA_SOURCE,
  inject: [Env, getDataSourceToken()],
  useFactory: async (env: Env, primary: DataSource): Promise<DataSource> => {
    if (!env.DATABASE_READ_URL) {
      return primary;
    }
    const replica = createDataSource({
      url: env.DATABASE_READ_URL,
      poolSize: env.DB_POOL_SIZE,
      applicationName: 'reconsideration-read',
      sessionTimeouts: sessionTimeoutsOf(env),
    });
    return replica.initialize();
  },
};

@Injectable()
class ReadDataSourceCloser implements OnApplicationShutdown {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly read: DataSource,
    @Inject(getDataSourceToken()) private readonly primary: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.read !== this.primary && this.read.isInitialized) {
      await this.read.destroy();
    }
  }
}

@Global()
@Module({ providers: [readDataSourceProvider, ReadDataSourceCloser], exports: [READ_DATA_SOURCE] })
export class ReadDataSourceModule {}
