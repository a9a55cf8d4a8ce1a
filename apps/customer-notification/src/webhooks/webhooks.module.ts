import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { SesWebhookController } from './ses-webhook.controller';
import { SesWebhookService } from './ses-webhook.service';
import { HttpsSnsCertificateFetcher, HttpsSnsSubscriptionConfirmer, SnsCertificateFetcher, SnsSubscriptionConfirmer, SnsVerifier } from './sns-verifier';

@Module({
  imports: [DeliveriesModule],
  controllers: [SesWebhookController],
  providers: [
    SesWebhookService,
    SnsVerifier,
    { provide: SnsCertificateFetcher, useClass: HttpsSnsCertificateFetcher },
    { provide: SnsSubscriptionConfirmer, useClass: HttpsSnsSubscriptionConfirmer },
  ],
})
export class WebhooksModule {}
