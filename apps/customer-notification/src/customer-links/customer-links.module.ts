import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ThrottlerModule } from '@nestjs/throttler';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { CustomersModule } from '../customers/customers.module';
import { ChangeNoticeStatesModule } from '../notices/change-notice-states.module';
import type { NotificationConfig } from '../notification.config';
import { Approval, ApprovalSchema } from './approval.schema';
import { CustomerNotices } from './customer-notices.service';
import { NoticeLinks } from './notice-links';
import { NoticePages } from './notice-pages';
import { NoticePagesController } from './notice-pages.controller';
import { Objection, ObjectionSchema } from './objection.schema';

/**
 * The pages customers reach from their emails, and the signed links that lead there. The rate
 * limit is per client address and per replica (in memory): behind a proxy, set Express's
 * `trust proxy` so the client's address is the one counted.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Objection.name, schema: ObjectionSchema },
      { name: Approval.name, schema: ApprovalSchema },
    ]),
    ThrottlerModule.forRootAsync({
      inject: [SERVICE_CONFIG],
      useFactory: (config: NotificationConfig) => [{ ttl: config.NOTICE_PAGE_RATE_TTL_MS, limit: config.NOTICE_PAGE_RATE_LIMIT }],
    }),
    CustomersModule,
    ChangeNoticeStatesModule,
  ],
  controllers: [NoticePagesController],
  providers: [NoticeLinks, NoticePages, CustomerNotices],
  exports: [NoticeLinks, NoticePages],
})
export class CustomerLinksModule {}
