import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BreachDeliveriesService } from '../deliveries/breach-deliveries.service';
import { BreachDelivery, BreachDeliverySchema, NoticeDeliveryMark, NoticeDeliveryMarkSchema, NoticeDeliveryTally, NoticeDeliveryTallySchema } from '../deliveries/breach-delivery.schema';
import { DeliveryEventsController } from '../deliveries/delivery-events.controller';
import { BreachEvidenceController } from '../evidence/breach-evidence.controller';
import { BreachEvidence } from '../evidence/breach-evidence.service';
import { AuthorityReports } from '../reports/authority-reports';
import { ReportsController } from '../reports/reports.controller';
import { TimelineEntry, TimelineEntrySchema } from '../timeline/timeline-entry.schema';
import { TimelineService } from '../timeline/timeline.service';
import { BreachReferenceClaim, BreachReferenceClaimSchema, BreachReferences } from './breach-references';
import { Breach, BreachSchema } from './breach.schema';
import { BreachTimerHandlers } from './breach-timer-handlers';
import { BreachesController } from './breaches.controller';
import { BreachesService } from './breaches.service';
import { BreachNotificationsService } from './breach-notifications.service';
import { BreachWrites } from './breach-writes';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Breach.name, schema: BreachSchema },
      { name: TimelineEntry.name, schema: TimelineEntrySchema },
      { name: BreachReferenceClaim.name, schema: BreachReferenceClaimSchema },
      { name: BreachDelivery.name, schema: BreachDeliverySchema },
      { name: NoticeDeliveryTally.name, schema: NoticeDeliveryTallySchema },
      { name: NoticeDeliveryMark.name, schema: NoticeDeliveryMarkSchema },
    ]),
  ],
  controllers: [BreachesController, ReportsController, BreachEvidenceController, DeliveryEventsController],
  providers: [
    BreachWrites,
    BreachesService,
    BreachNotificationsService,
    BreachReferences,
    TimelineService,
    BreachDeliveriesService,
    BreachTimerHandlers,
    AuthorityReports,
    BreachEvidence,
  ],
})
export class BreachesModule {}
