import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MailSender } from '../mail/mail-sender';
import { SesMailSender } from '../mail/ses-mail-sender';
import { ChangeNoticeStatesModule } from '../notices/change-notice-states.module';
import { TemplatesModule } from '../templates/templates.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryEvents } from './delivery-events';
import { DeliveryRecords } from './delivery-records';
import { DeliveryClaim, DeliveryClaimSchema, DeliveryOutcome, DeliveryOutcomeSchema, DeliveryProgress, DeliveryProgressSchema, ProofPage, ProofPageSchema, SendLaneMark, SendLaneMarkSchema, SenderReplica, SenderReplicaSchema, SesMessage, SesMessageSchema } from './delivery-records.schema';
import { Delivery, DeliverySchema, OutgoingNotice, OutgoingNoticeSchema } from './delivery.schema';
import { deliveryMetrics } from './delivery.metrics';
import { EmailJobConsumers, emailsWaitingGauge } from './email-job-consumers';
import { EmailSender } from './email-sender';
import { ProofOfNoticeController } from './proof-of-notice.controller';
import { ProofPages } from './proof-pages';
import { CustomersModule } from '../customers/customers.module';
import { CustomerWebhooksModule } from '../customer-webhooks/customer-webhooks.module';
import { sendingMetrics } from './sending.metrics';
import { UrgentLane } from './urgent-lane';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: OutgoingNotice.name, schema: OutgoingNoticeSchema },
      { name: Delivery.name, schema: DeliverySchema },
      { name: DeliveryClaim.name, schema: DeliveryClaimSchema },
      { name: DeliveryOutcome.name, schema: DeliveryOutcomeSchema },
      { name: SesMessage.name, schema: SesMessageSchema },
      { name: DeliveryProgress.name, schema: DeliveryProgressSchema },
      { name: ProofPage.name, schema: ProofPageSchema },
      { name: SendLaneMark.name, schema: SendLaneMarkSchema },
      { name: SenderReplica.name, schema: SenderReplicaSchema },
    ]),
    TemplatesModule,
    ChangeNoticeStatesModule,
    CustomersModule,
    CustomerWebhooksModule,
  ],
  controllers: [DeliveriesController, ProofOfNoticeController],
  providers: [DeliveriesService, DeliveryRecords, ProofPages, DeliveryEvents, EmailSender, UrgentLane, EmailJobConsumers, { provide: MailSender, useClass: SesMailSender }, ...deliveryMetrics, emailsWaitingGauge, ...sendingMetrics],
  exports: [DeliveriesService, DeliveryRecords, DeliveryEvents],
})
export class DeliveriesModule {}
