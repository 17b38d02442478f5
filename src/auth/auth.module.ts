import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitModule } from '../common/rate-limit/rate-limit.module';
import { OrgansModule } from '../organs/organs.module';
import { ApiKeyController } from './api-key.controller';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyService } from './api-key.service';
import { OidcTokenService } from './oidc-token.service';
import { RequestAuthenticator } from './request-authenticator';

@Module({
  imports: [OrgansModule, RateLimitModule],
  controllers: [ApiKeyController],
  providers: [
    ApiKeyRepository,
    ApiKeyService,
    OidcTokenService,
    RequestAuthenticator,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeyService, RequestAuthenticator],
})
export class AuthModule {}
