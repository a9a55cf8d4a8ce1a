import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CustomersModule } from '../customers/customers.module';
import { WebhookAttempt, WebhookAttemptSchema, WebhookDelivery, WebhookDeliverySchema, WebhookFanOutPage, WebhookFanOutPageSchema } from './webhook-delivery.schema';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookEndpoint, WebhookEndpointSchema } from './webhook-endpoint.schema';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpoints } from './webhook-endpoints.service';
import { webhookMetrics } from './webhook.metrics';

/** Notices to customers' own HTTPS endpoints, signed per Standard Webhooks (see WebhookDeliveries). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: WebhookEndpoint.name, schema: WebhookEndpointSchema },
      { name: WebhookDelivery.name, schema: WebhookDeliverySchema },
      { name: WebhookAttempt.name, schema: WebhookAttemptSchema },
      { name: WebhookFanOutPage.name, schema: WebhookFanOutPageSchema },
    ]),
    CustomersModule,
  ],
  controllers: [WebhookEndpointsController],
  providers: [WebhookEndpoints, WebhookDeliveries, ...webhookMetrics],
  exports: [WebhookDeliveries],
})
export class CustomerWebhooksModule {}
