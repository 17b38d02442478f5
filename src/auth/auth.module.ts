import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OrgansModule } from '../organs/organs.module';
import { ApiKeyController } from './api-key.controller';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyService } from './api-key.service';
import { OidcTokenService } from './oidc-token.service';

@Module({
  imports: [OrgansModule],
  controllers: [ApiKeyController],
  providers: [ApiKeyRepository, ApiKeyService, OidcTokenService, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeyService],
})
export class AuthModule {}
