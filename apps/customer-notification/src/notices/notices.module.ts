import { Module } from '@nestjs/common';
import { CustomerLinksModule } from '../customer-links/customer-links.module';
import { CustomerWebhooksModule } from '../customer-webhooks/customer-webhooks.module';
import { CustomersModule } from '../customers/customers.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { BreachEventsController } from './breach-events.controller';
import { ChangeLinks } from './change-links';
import { ChangeNoticeStatesModule } from './change-notice-states.module';
import { PendingNotices } from './pending-notices';
import { SubprocessorChangeEventsController } from './subprocessor-change-events.controller';

@Module({
  imports: [CustomersModule, CustomerWebhooksModule, SubscriptionsModule, DeliveriesModule, ChangeNoticeStatesModule, CustomerLinksModule],
  controllers: [SubprocessorChangeEventsController, BreachEventsController],
  providers: [ChangeLinks, PendingNotices],
})
export class NoticesModule {}
