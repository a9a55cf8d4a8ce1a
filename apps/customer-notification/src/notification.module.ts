import { DynamicModule, Module } from '@nestjs/common';
import { AggregatesModule } from '@forewarn/aggregates';
import { AuditModule } from '@forewarn/audit';
import { Topics } from '@forewarn/contracts';
import { KafkaEventServer, MessagingModule, RethrowRpcErrorsFilter } from '@forewarn/messaging';
import { PlatformModule, ServiceDescription } from '@forewarn/platform';
import { SchedulingModule } from '@forewarn/scheduling';
import { CustomerLinksModule } from './customer-links/customer-links.module';
import { CustomerWebhooksModule } from './customer-webhooks/customer-webhooks.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { CustomersModule } from './customers/customers.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { NoticesModule } from './notices/notices.module';
import { NOTIFICATION_SERVICE, NotificationConfig } from './notification.config';
import { TemplatesModule } from './templates/templates.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export const notificationDescription: ServiceDescription = {
  title: 'Forewarn customer notification',
  description: 'Customer directory, templates, one email per contact through SES, delivery records, proof of notice.',
  eventServer: KafkaEventServer,
  eventFilters: [new RethrowRpcErrorsFilter()],
  importRoutes: ['/api/v1/customers/import'],
};

@Module({})
export class NotificationModule {
  static register(config: NotificationConfig): DynamicModule {
    return {
      module: NotificationModule,
      imports: [
        PlatformModule.forService({ serviceName: NOTIFICATION_SERVICE, config, databaseName: 'forewarn_notification' }),
        MessagingModule.forService({
          serviceName: NOTIFICATION_SERVICE,
          config,
          topics: [Topics.subprocessorChanges, Topics.breachIncidents, Topics.notificationDeliveries, Topics.customerObjections, Topics.customerTerms],
        }),
        AuditModule.forService(),
        SchedulingModule.forService(),
        AggregatesModule,
        CustomersModule,
        TemplatesModule,
        DeliveriesModule,
        NoticesModule,
        CustomerLinksModule,
        WebhooksModule,
        CustomerWebhooksModule,
        SubscriptionsModule,
      ],
    };
  }
}
