import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, CurrentActor } from '../auth/access.decorator';
import type { Actor } from '../auth/roles';
import { ApiOperationWithProblems } from '../common/http/api-operation.decorator';
import { PageQuery } from '../common/http/pagination';
import { uuidParam } from '../common/http/uuid-param.pipe';
import {
  CreatedWebhookView,
  CreateWebhookDto,
  DeliveryDetailView,
  DeliveryPage,
  ListDeliveriesQuery,
  RedeliveryDto,
  RedeliveryView,
  RotatedSecretView,
  UpdateWebhookDto,
  WebhookPage,
  WebhookView,
} from './webhook.dto';
import { WebhookService } from './webhook.service';

@ApiTags('webhooks')
@Controller('webhooks')
@Access(['ADMIN'])
export class WebhooksController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post()
  @ApiOperationWithProblems({
    operationId: 'createWebhook',
    summary: 'Subscribe a URL to events (the signing secret is shown once, in this response)',
    description:
      'Deliveries are POSTs of one CloudEvent each (the `caseEvent` webhook of this document), signed per Standard ' +
      'Webhooks (webhook-id, webhook-timestamp, webhook-signature), at least once and in order per case.',
    status: 201,
    type: CreatedWebhookView,
    headers: ['Location'],
    problems: [400, 401, 403, 404, 422],
  })
  async create(
    @Body() dto: CreateWebhookDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedWebhookView> {
    const created = await this.webhooks.create(dto, actor);
    void reply.header('location', `/v1/webhooks/${created.id}`);
    return created;
  }

  @Get()
  @ApiOperationWithProblems({
    operationId: 'listWebhooks',
    summary: 'List webhook subscriptions (never their secrets)',
    type: WebhookPage,
    problems: [400, 401, 403],
  })
  list(@Query() query: PageQuery, @CurrentActor() actor: Actor): Promise<WebhookPage> {
    return this.webhooks.list(query, actor);
  }

  @Get(':id')
  @ApiOperationWithProblems({
    operationId: 'getWebhook',
    summary: 'Read a webhook subscription',
    type: WebhookView,
    problems: [400, 401, 403, 404],
  })
  get(@Param('id', uuidParam('id')) id: string, @CurrentActor() actor: Actor): Promise<WebhookView> {
    return this.webhooks.get(id, actor);
  }

  @Patch(':id')
  @ApiOperationWithProblems({
    operationId: 'updateWebhook',
    summary: 'Change a webhook subscription’s URL, types, organ or description, or pause it (enabled: false)',
    type: WebhookView,
    problems: [400, 401, 403, 404, 422],
  })
  update(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateWebhookDto,
    @CurrentActor() actor: Actor,
  ): Promise<WebhookView> {
    return this.webhooks.update(id, dto, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperationWithProblems({
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook subscription with its delivery log (the events stay in the feed)',
    status: 204,
    problems: [400, 401, 403, 404],
  })
  async delete(@Param('id', uuidParam('id')) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.webhooks.delete(id, actor);
  }

  @Post(':id/secret-rotations')
  @ApiOperationWithProblems({
    operationId: 'rotateWebhookSecret',
    summary: 'Rotate the signing secret: the new one is shown once; the old one still signs for an overlap period',
    status: 201,
    type: RotatedSecretView,
    problems: [400, 401, 403, 404],
  })
  rotate(@Param('id', uuidParam('id')) id: string, @CurrentActor() actor: Actor): Promise<RotatedSecretView> {
    return this.webhooks.rotateSecret(id, actor);
  }

  @Get(':id/deliveries')
  @ApiOperationWithProblems({
    operationId: 'listWebhookDeliveries',
    summary: 'The subscription’s deliveries, newest first: status, attempts, last response code and latency',
    type: DeliveryPage,
    problems: [400, 401, 403, 404],
  })
  deliveries(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ListDeliveriesQuery,
    @CurrentActor() actor: Actor,
  ): Promise<DeliveryPage> {
    return this.webhooks.deliveries(id, query, actor);
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiOperationWithProblems({
    operationId: 'getWebhookDelivery',
    summary: 'One delivery with every attempt (time, response code, latency, error)',
    type: DeliveryDetailView,
    problems: [400, 401, 403, 404],
  })
  delivery(
    @Param('id', uuidParam('id')) id: string,
    @Param('deliveryId') deliveryId: string,
    @CurrentActor() actor: Actor,
  ): Promise<DeliveryDetailView> {
    return this.webhooks.delivery(id, deliveryId, actor);
  }

  @Post(':id/redeliveries')
  @HttpCode(202)
  @ApiOperationWithProblems({
    operationId: 'redeliverWebhookEvents',
    summary: 'Deliver again one event (eventId) or a range of feed positions (fromSequence..toSequence)',
    description: 'Queues new deliveries (redelivery: true) with the same webhook-id as the originals.',
    status: 202,
    type: RedeliveryView,
    problems: [400, 401, 403, 404, 422],
  })
  redeliver(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RedeliveryDto,
    @CurrentActor() actor: Actor,
  ): Promise<RedeliveryView> {
    return this.webhooks.redeliver(id, dto, actor);
  }
}
