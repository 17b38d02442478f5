import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Env } from '../config/env';
import { PersonalDataAudit } from './personal-data-audit';
import { PersonalDataAuditController } from './personal-data-audit.controller';
import { PersonalDataInterceptor, PersonalDataPresenter } from './personal-data-presenter';
import { PersonalDataVault } from './personal-data-vault';
import { PersonalDatumRepository } from './personal-datum.repository';
import { PersonalDataCipher } from './personal-data-cipher';
import { PersonalDataKeyRotation } from './personal-data-key-rotation';
import { loadPersonalDataKeys, PersonalDataKeyRing } from './personal-data-keys';

/**
 * The personal-data vault's cipher and key ring, for every module that stores or reads personal values.
 * main.ts loads the ring before anything else (so a bad key stops the start with a clear message) and passes it in;
 * anything else that builds the application (tests, `npm run load`) gets it from the same configuration here.
 */
@Global()
@Module({})
export class PersonalDataModule {
  static forRoot(keys?: PersonalDataKeyRing): DynamicModule {
    return {
      module: PersonalDataModule,
      providers: [
        {
          provide: PersonalDataKeyRing,
          useFactory: (env: Env) =>
            keys ?? loadPersonalDataKeys(env, { log: (message) => new Logger('PersonalData').log(message) }),
          inject: [Env],
        },
        PersonalDataCipher,
        PersonalDataKeyRotation,
        PersonalDatumRepository,
        PersonalDataVault,
        PersonalDataAudit,
        PersonalDataPresenter,
        { provide: APP_INTERCEPTOR, useClass: PersonalDataInterceptor },
      ],
      controllers: [PersonalDataAuditController],
      exports: [
        PersonalDataKeyRing,
        PersonalDataCipher,
        PersonalDataKeyRotation,
        PersonalDataVault,
        PersonalDataAudit,
        PersonalDataPresenter,
      ],
    };
  }
}
