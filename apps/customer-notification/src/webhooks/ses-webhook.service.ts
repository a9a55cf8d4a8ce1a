import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@forewarn/platform';
import { deliveryIdOfTag } from '../mail/mail-sender';
import { DeliveryEvents } from '../deliveries/delivery-events';
import { DeliveryRecords } from '../deliveries/delivery-records';
import { SesReport } from './ses-notification';

export type ReportResult = 'recorded' | 'duplicate' | 'unknown-email';

/**
 * Records what SES reported about an email against its delivery, found by the `delivery` tag or
 * else by the SES message id, both reads by `_id`. A bounce or complaint (and, for breach notices,
 * a delivery) is published on `notification.deliveries.v1` so the owner of the notice sees it.
 */
@Injectable()
export class SesWebhookService {
  private readonly logger = new Logger(SesWebhookService.name);

  constructor(
    private readonly records: DeliveryRecords,
    private readonly events: DeliveryEvents,
    private readonly clock: Clock,
  ) {}

  async record(report: SesReport): Promise<ReportResult> {
    const deliveryId = report.deliveryTag ? deliveryIdOfTag(report.deliveryTag) : (await this.records.sesMessage(report.sesMessageId))?.deliveryId;
    const delivery = deliveryId ? await this.records.delivery(deliveryId) : null;
    if (!delivery) {
      this.logger.warn(`SES ${report.kind} for message ${report.sesMessageId}: no email of ours`);
      return 'unknown-email';
    }
    // SNS delivers at least once: a report already stored is acknowledged without publishing again.
    if (await this.records.outcome(delivery._id, report.kind)) return 'duplicate';
    const parsed = report.at ? new Date(report.at) : undefined;
    const at = parsed && !Number.isNaN(parsed.getTime()) ? parsed : this.clock.now();
    if (report.kind !== 'delivered' || delivery.sourceType === 'breach') {
      await this.events.outcome(report.kind, delivery, { sesMessageId: report.sesMessageId, at: at.toISOString(), ...(report.detail ? { detail: report.detail } : {}) });
    }
    const isNew = await this.records.recordReport(delivery, {
      _id: `${delivery._id}:${report.kind}`,
      deliveryId: delivery._id,
      kind: report.kind,
      sourceId: delivery.sourceId,
      customerId: delivery.customerId,
      at,
      sesMessageId: report.sesMessageId,
      ...(report.detail ? { detail: report.detail } : {}),
    });
    if (isNew) this.records.count(delivery.sourceId, report.kind);
    return isNew ? 'recorded' : 'duplicate';
  }
}
