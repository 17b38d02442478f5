import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { uuidParam } from '../common/http/uuid-param.pipe';
import { Access, CurrentActor } from './access.decorator';
import { ApiKeyPage, ApiKeyView, CreateApiKeyDto, CreatedApiKeyView, ListApiKeysQuery } from './api-key.dto';
import { ApiKeyService } from './api-key.service';
import type { Actor } from './roles';

@ApiTags('api-keys')
@Controller('api-keys')
@Access(['ADMIN'])
export class ApiKeyController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Post()
  @ApiOperationWithProblems({
    operationId: 'createApiKey',
    summary: 'Create an API key (the key is shown once, in this response)',
    status: 201,
    type: CreatedApiKeyView,
    problems: [400, 401, 403, 409, 422],
  })
  async create(@Body() dto: CreateApiKeyDto, @CurrentActor() actor: Actor): Promise<CreatedApiKeyView> {
    const { entity, key } = await this.apiKeys.create(dto, actor);
    return Object.assign(ApiKeyView.of(entity), { key });
  }

  @Get()
  @ApiOperationWithProblems({
    operationId: 'listApiKeys',
    summary: 'List API keys (never their secrets)',
    type: ApiKeyPage,
    problems: [400, 401, 403],
  })
  async list(@Query() query: ListApiKeysQuery, @CurrentActor() actor: Actor): Promise<ApiKeyPage> {
    const page = await this.apiKeys.list(query, actor);
    return { items: page.items.map((k) => ApiKeyView.of(k)), nextCursor: page.nextCursor };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperationWithProblems({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key (kept for the audit trail; idempotent)',
    status: 204,
    problems: [400, 401, 403, 404, 422],
  })
  async revoke(@Param('id', uuidParam('id')) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.apiKeys.revoke(id, actor);
  }
}
