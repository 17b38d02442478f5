import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhookRepository } from './webhook.repository';
import { WebhookService } from './webhook.service';
import { WebhooksController } from './webhooks.controller';

/** Signed webhooks over the event feed (issue 15 pt 4); it reads the outbox, and nothing depends on it. */
@Module({
  imports: [EventsModule],
  controllers: [WebhooksController],
  providers: [WebhookRepository, WebhookService, WebhookDispatcher],
  exports: [WebhookDispatcher],
})
export class WebhooksModule {}
