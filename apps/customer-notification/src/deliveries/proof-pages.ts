import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Clock, GarbageCeiling, GroupCommit, NumberedPages } from '@forewarn/platform';
import type { Delivery } from './delivery.schema';
import { DeliveryOutcome, ProofPage } from './delivery-records.schema';
import type { EmailFacts } from './domain/delivery-status';
import type { ToldContact } from './domain/proof-of-notice';
import { DeliveryIdTable } from './delivery-id-table';
import { OutcomeIndex } from './outcome-index';

/** Who an email went to, as a proof names them. */
export type Addressee = Pick<Delivery, '_id' | 'sourceEventId' | 'customerId' | 'customerName' | 'contactId' | 'contactName' | 'email'>;

interface QueuedRow {
  deliveryId: string;
  customerId: string;
  customerName: string;
  contactId: string;
  contactName: string;
  email: string;
}

interface AttemptRow extends QueuedRow {
  kind: 'sent' | 'failed';
  at: Date | string; // a string once read back from a page
  sesMessageId?: string;
  template?: string;
  templateVersion?: number;
  attempts?: number;
  detail?: string;
}

interface ReportRow {
  deliveryId: string;
  kind: 'delivered' | 'bounced' | 'complained';
  at: Date | string; // a string once read back from a page
}

type Stream = 'queued' | 'attempts' | 'reports';
type Row = QueuedRow | AttemptRow | ReportRow;

/** How long an SES report waits for others to share its page: reports arrive one webhook at a
 *  time (at the send rate: 14/s by default), and a proof pays one read per page. SNS waits 15 s
 *  for an answer. */
const REPORT_LINGER_MS = 2000;

const queuedRow = (d: Addressee): QueuedRow => ({ deliveryId: d._id, customerId: d.customerId, customerName: d.customerName, contactId: d.contactId, contactName: d.contactName, email: d.email });

/**
 * Proof pages: every email of an event as three append-only streams of numbered pages, written
 * beside the delivery records — who was queued (one page per fan-out chunk), what each attempt
 * came to (one page per group commit of the sender: SES accepted it, or it failed for good) and
 * what SES reported later (one page per linger of the webhook). Each is written before the record
 * it shadows, so a crash between the two leaves a row repeated on retry, never a record with no
 * row; the one exception is a fan-out chunk stored before its `queued` page, which then shows in
 * a proof once it is sent rather than while it waits.
 *
 * A proof of notice reads an event's pages by `_id`: about one read per 500 queued emails, per
 * sender batch and per report batch, instead of two scans of every delivery record there is.
 */
@Injectable()
export class ProofPages {
  private readonly pages: NumberedPages<Row>;
  private readonly reportRows: GroupCommit<{ eventId: string; row: ReportRow }>;

  constructor(@InjectModel(ProofPage.name) model: Model<ProofPage>, clock: Clock) {
    this.pages = new NumberedPages<Row>(model, () => clock.now());
    this.reportRows = new GroupCommit((rows) => this.append('reports', rows), 500, REPORT_LINGER_MS);
  }

  /** Newly queued emails (of one or more events). */
  queued(deliveries: Delivery[]): Promise<void> {
    return this.append('queued', deliveries.map((d) => ({ eventId: d.sourceEventId, row: queuedRow(d) })));
  }

  /** Attempts that came to an end: SES accepted the email, or it failed for good. */
  attempts(attempts: { email: Addressee; outcome: DeliveryOutcome }[]): Promise<void> {
    return this.append(
      'attempts',
      attempts.map(({ email, outcome: o }) => {
        const row: AttemptRow = { ...queuedRow(email), kind: o.kind as AttemptRow['kind'], at: o.at };
        for (const field of ['sesMessageId', 'template', 'templateVersion', 'attempts', 'detail'] as const) if (o[field] !== undefined) Object.assign(row, { [field]: o[field] });
        return { eventId: email.sourceEventId, row };
      }),
    );
  }

  /** What SES reported about an email; resolves once stored (batched with reports close in time). */
  report(email: Addressee, outcome: DeliveryOutcome): Promise<void> {
    return this.reportRows.add({ eventId: email.sourceEventId, row: { deliveryId: email._id, kind: outcome.kind as ReportRow['kind'], at: outcome.at } });
  }

  /**
   * Every contact emailed for the event, each once: those the sender finished with (in the order
   * it recorded them), then those still queued. Memory holds the event's SES reports, packed, and
   * the ids already given; rows stream as the pages are read, with their garbage kept in bounds.
   */
  async *told(eventId: string): AsyncGenerator<ToldContact> {
    const garbage = new GarbageCeiling();
    const reports = new OutcomeIndex(true);
    for await (const rows of this.rowsOf<ReportRow>(eventId, 'reports', garbage)) for (const r of rows) reports.add(r.deliveryId, { kind: r.kind, at: new Date(r.at) });
    const given = new DeliveryIdTable();
    const contact = (row: QueuedRow, facts: EmailFacts): ToldContact => {
      given.add(row.deliveryId);
      return { customerId: row.customerId, customerName: row.customerName, contactId: row.contactId, contactName: row.contactName, email: row.email, facts };
    };
    for await (const rows of this.rowsOf<AttemptRow>(eventId, 'attempts', garbage)) {
      for (const a of rows) {
        if (given.get(a.deliveryId) !== undefined) continue; // a repeated row: the first is the proof
        const at = new Date(a.at);
        const attempt = a.kind === 'sent'
          ? { sent: { at, sesMessageId: a.sesMessageId, template: a.template, templateVersion: a.templateVersion } }
          : { failed: { at, detail: a.detail, attempts: a.attempts } };
        yield contact(a, { ...reports.factsOf(a.deliveryId), ...attempt });
      }
    }
    for await (const rows of this.rowsOf<QueuedRow>(eventId, 'queued', garbage)) {
      for (const q of rows) if (given.get(q.deliveryId) === undefined) yield contact(q, reports.factsOf(q.deliveryId));
    }
  }

  private async *rowsOf<R extends Row>(eventId: string, stream: Stream, garbage: GarbageCeiling): AsyncGenerator<R[]> {
    for await (const rows of this.pages.read(`${eventId}/${stream}`)) {
      garbage.check();
      yield rows as R[];
    }
  }

  private async append(stream: Stream, rows: { eventId: string; row: Row }[]): Promise<void> {
    const byEvent = new Map<string, Row[]>();
    for (const { eventId, row } of rows) {
      const eventRows = byEvent.get(eventId);
      if (eventRows) eventRows.push(row);
      else byEvent.set(eventId, [row]);
    }
    await Promise.all([...byEvent].map(([eventId, eventRows]) => this.pages.append(`${eventId}/${stream}`, eventRows)));
  }
}
