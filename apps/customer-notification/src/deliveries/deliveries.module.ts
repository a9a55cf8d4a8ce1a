import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MailSender } from '../mail/mail-sender';
import { SesMailSender } from '../mail/ses-mail-sender';
import { TemplatesModule } from '../templates/templates.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { Delivery, DeliverySchema } from './delivery.schema';
import { deliveryMetrics } from './delivery.metrics';

@Module({
  imports: [MongooseModule.forFeature([{ name: Delivery.name, schema: DeliverySchema }]), TemplatesModule],
  controllers: [DeliveriesController],
  providers: [DeliveriesService, DeliveryDispatcher, { provide: MailSender, useClass: SesMailSender }, ...deliveryMetrics],
  exports: [DeliveriesService],
})
export class DeliveriesModule {}
