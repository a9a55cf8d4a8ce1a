import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CustomerLinksModule } from '../customer-links/customer-links.module';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { Subscriber, SubscriberSchema } from './subscriber.schema';
import { SubscriptionLinks } from './subscription-links';
import { SubscriptionPages } from './subscription-pages';
import { SubscriptionPagesController } from './subscription-pages.controller';
import { Subscriptions } from './subscriptions.service';

/** The public subscription to subprocessor change notices (double opt-in, one-click unsubscribe). */
@Module({
  imports: [MongooseModule.forFeature([{ name: Subscriber.name, schema: SubscriberSchema }]), CustomerLinksModule, DeliveriesModule],
  controllers: [SubscriptionPagesController],
  providers: [Subscriptions, SubscriptionLinks, SubscriptionPages],
  exports: [Subscriptions],
})
export class SubscriptionsModule {}
