import { DynamicModule, Global, Module } from '@nestjs/common';
import { Env } from './env';

/** Makes the validated Env injectable everywhere: `constructor(private readonly env: Env)`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(env: Env): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: Env, useValue: env }], exports: [Env] };
  }
}
