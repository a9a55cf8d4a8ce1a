import { ConflictException, ForbiddenException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CustomerObjectionEventTypes, CustomerObjectionReceived } from '@forewarn/contracts';
import { AggregateStore } from '@forewarn/aggregates';
import { EventStager } from '@forewarn/messaging';
import { Clock, isDuplicateKeyError, requestContext } from '@forewarn/platform';
import { Contact, Customer } from '../customers/customer.schema';
import { CustomersService } from '../customers/customers.service';
import { ChangeNotice, ChangeNoticeStates } from '../notices/change-notice-states';
import { objectionWindow, ObjectionWindow } from './domain/objection-window';
import { NoticeLink, NoticeLinks } from './notice-links';
import { Objection, objectionIdOf } from './objection.schema';

/** What a signed link shows its contact: the change as announced, and their objection if any. */
export interface NoticeForContact {
  link: NoticeLink;
  change: ChangeNotice;
  customer: Pick<Customer, '_id' | 'name'>;
  contact: Contact;
  window: ObjectionWindow;
  objection: Objection | null;
}

export interface ObjectionOutcome {
  notice: NoticeForContact;
  objection: Objection;
  /** false when this contact had already objected to this change (nothing new was recorded) */
  created: boolean;
}

/**
 * The customer-facing side of a change notice. Every read is by `_id` (the change, the customer,
 * the objection), so a page costs the same however large the directory grows.
 */
@Injectable()
export class CustomerNotices implements OnModuleInit {
  constructor(
    @InjectModel(Objection.name) private readonly objections: Model<Objection>,
    private readonly links: NoticeLinks,
    private readonly changes: ChangeNoticeStates,
    private readonly customers: CustomersService,
    private readonly events: EventStager,
    private readonly store: AggregateStore,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.store.register(this.objections);
  }

  /** The notice a token grants; a bad token, or one for a notice or contact we do not know, throws a 4xx. */
  async open(token: string): Promise<NoticeForContact> {
    const link = this.links.verify(token);
    // The signed link is the credential: its contact is who acts (events, audit, logs).
    requestContext.setActor(`contact:${link.contactId}`);
    const change = await this.changes.get(link.changeId);
    if (!change) throw new NotFoundException('We cannot find the notice this link is for.');
    const customer = await this.customers.get(link.customerId).catch((e: unknown) => {
      if (e instanceof NotFoundException) throw new NotFoundException('We cannot find the customer this link is for.');
      throw e;
    });
    const contact = customer.contacts.find((c) => c.id === link.contactId);
    if (!contact) throw new NotFoundException('We cannot find the contact this link is for.');
    if (customer.status !== 'active' || !contact.active) {
      throw new ForbiddenException(`This link is no longer active: you are not a current notice contact for ${customer.name}.`);
    }
    const objection = await this.objections.findById(objectionIdOf(change.changeId, contact.id), this.store.withoutStaged(this.objections)).lean<Objection>();
    return { link, change, customer, contact, window: objectionWindow(change, this.clock.now()), objection };
  }

  /**
   * Records the contact's objection and its `objection-received` event in one insert. A second
   * objection by the same contact to the same change is "already received", not an error; after
   * the change took effect or was cancelled, objections are refused with 409.
   */
  async object(token: string, reason: string): Promise<ObjectionOutcome> {
    const notice = await this.open(token);
    if (notice.objection) return { notice, objection: notice.objection, created: false };
    if (!notice.window.open) throw new ConflictException(closedMessage(notice.window.why));
    const receivedAt = this.clock.now();
    const objection: Omit<Objection, 'outbox'> = {
      _id: objectionIdOf(notice.change.changeId, notice.contact.id),
      changeId: notice.change.changeId,
      customerId: notice.customer._id,
      customerName: notice.customer.name,
      contactId: notice.contact.id,
      contactName: notice.contact.name,
      contactEmail: notice.contact.email,
      reason,
      receivedAt,
    };
    const event: CustomerObjectionReceived = {
      objectionId: objection._id,
      changeId: objection.changeId,
      customerId: objection.customerId,
      customerName: objection.customerName,
      contactId: objection.contactId,
      contactEmail: objection.contactEmail,
      reason,
      receivedAt: receivedAt.toISOString(),
    };
    try {
      await this.store.create(this.objections, objection, {
        events: [this.events.stage(CustomerObjectionEventTypes.received, event)],
        audit: {
          action: 'objection.received',
          entityType: 'objection',
          entityId: objection._id,
          summary: `${objection.contactName} (${objection.customerName}) objected to change ${objection.changeId}`,
          changes: { reason },
        },
      });
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      // The same contact submitted twice at once: the other request recorded it.
      const first = await this.objections.findById(objection._id, this.store.withoutStaged(this.objections)).lean<Objection>();
      return { notice: { ...notice, objection: first }, objection: first!, created: false };
    }
    const stored = { ...objection, outbox: [] };
    return { notice: { ...notice, objection: stored }, objection: stored, created: true };
  }
}

export function closedMessage(why: 'cancelled' | 'effective'): string {
  return why === 'cancelled'
    ? 'This change was cancelled, so there is nothing to object to.'
    : 'This change has taken effect, so objections through this notice are closed. Please reply to the notice email if you have concerns.';
}
