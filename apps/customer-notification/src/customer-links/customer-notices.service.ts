import { ConflictException, ForbiddenException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CustomerAuthorisationGiven, CustomerObjectionEventTypes, CustomerObjectionReceived } from '@forewarn/contracts';
import { AggregateStore, WriteEffects } from '@forewarn/aggregates';
import { EventStager } from '@forewarn/messaging';
import { Clock, isDuplicateKeyError, requestContext } from '@forewarn/platform';
import { Contact, Customer } from '../customers/customer.schema';
import { CustomersService } from '../customers/customers.service';
import { ChangeNotice, ChangeNoticeStates } from '../notices/change-notice-states';
import { Approval, approvalIdOf } from './approval.schema';
import type { ContactAnswer } from './contact-answer.schema';
import { approvalOpen, objectionWindow, ObjectionWindow } from './domain/objection-window';
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
  /** Set when the customer's terms ask for specific authorisation: whether it can still approve, and its approval if given. */
  authorisation?: { open: boolean; approval: Approval | null };
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
    @InjectModel(Approval.name) private readonly approvals: Model<Approval>,
    private readonly links: NoticeLinks,
    private readonly changes: ChangeNoticeStates,
    private readonly customers: CustomersService,
    private readonly events: EventStager,
    private readonly store: AggregateStore,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.store.register(this.objections);
    this.store.register(this.approvals);
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
    const specific = customer.terms?.authorisation === 'specific';
    const approval = specific ? await this.approvals.findById(approvalIdOf(change.changeId, customer._id), this.store.withoutStaged(this.approvals)).lean<Approval>() : null;
    return {
      link,
      change,
      customer,
      contact,
      window: objectionWindow(change, this.clock.now()),
      objection,
      ...(specific ? { authorisation: { open: approvalOpen(change), approval } } : {}),
    };
  }

  /**
   * Records the customer's approval of a change it must specifically authorise, with its
   * `authorisation-given` event, in one insert. One approval per customer: a second, from any of
   * its contacts, is "already approved". Refused (409) once the change is no longer announced, and
   * for a customer whose terms do not ask for it.
   */
  async approve(token: string): Promise<{ notice: NoticeForContact; approval: Approval; created: boolean }> {
    const notice = await this.open(token);
    if (!notice.authorisation) throw new ConflictException(`${notice.customer.name} has general authorisation of subprocessor changes: there is nothing to approve. You may object instead.`);
    if (notice.authorisation.approval) return { notice, approval: notice.authorisation.approval, created: false };
    if (!notice.authorisation.open) throw new ConflictException(closedMessage(notice.change.status === 'cancelled' ? 'cancelled' : 'effective'));
    const givenAt = this.clock.now();
    const approval: Omit<Approval, 'outbox'> = { _id: approvalIdOf(notice.change.changeId, notice.customer._id), ...answeredBy(notice), givenAt };
    const { _id: approvalId, contactName: _, ...named } = approval;
    const event: CustomerAuthorisationGiven = { ...named, approvalId, givenAt: givenAt.toISOString() };
    const { record, created } = await this.recordOnce(this.approvals, approval, {
      events: [this.events.stage(CustomerObjectionEventTypes.authorisationGiven, event)],
      audit: {
        action: 'authorisation.given',
        entityType: 'authorisation-approval',
        entityId: approval._id,
        summary: `${approval.contactName} approved change ${approval.changeId} for ${approval.customerName}`,
      },
    });
    return { notice: { ...notice, authorisation: { open: true, approval: record } }, approval: record, created };
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
    const objection: Omit<Objection, 'outbox'> = { _id: objectionIdOf(notice.change.changeId, notice.contact.id), ...answeredBy(notice), reason, receivedAt };
    const { _id: objectionId, contactName: _, ...named } = objection;
    const event: CustomerObjectionReceived = { ...named, objectionId, receivedAt: receivedAt.toISOString() };
    const { record, created } = await this.recordOnce(this.objections, objection, {
      events: [this.events.stage(CustomerObjectionEventTypes.received, event)],
      audit: {
        action: 'objection.received',
        entityType: 'objection',
        entityId: objection._id,
        summary: `${objection.contactName} (${objection.customerName}) objected to change ${objection.changeId}`,
        changes: { reason },
      },
    });
    return { notice: { ...notice, objection: record }, objection: record, created };
  }

  /**
   * Inserts an answer with its event and audit entry; a duplicate `_id` means the same answer was
   * recorded already (a double click, or another of the customer's contacts): that one is returned.
   */
  private async recordOnce<T extends ContactAnswer>(model: Model<T>, answer: Omit<T, 'outbox'>, effects: WriteEffects): Promise<{ record: T; created: boolean }> {
    try {
      await this.store.create(model, answer, effects);
      return { record: { ...answer, outbox: [] } as unknown as T, created: true };
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      const first = await model.findById(answer._id, this.store.withoutStaged(model)).lean<T>();
      return { record: first!, created: false };
    }
  }
}

/** The change, customer and contact an answer through a signed link comes from. */
const answeredBy = (notice: NoticeForContact): Omit<ContactAnswer, '_id' | 'outbox'> => ({
  changeId: notice.change.changeId,
  customerId: notice.customer._id,
  customerName: notice.customer.name,
  contactId: notice.contact.id,
  contactName: notice.contact.name,
  contactEmail: notice.contact.email,
});

export function closedMessage(why: 'cancelled' | 'effective' | 'date-passed'): string {
  if (why === 'cancelled') return 'This change was cancelled, so there is nothing to object to.';
  const when = why === 'effective' ? 'This change has taken effect' : 'The date of this change has passed';
  return `${when}, so objections through this notice are closed. Please reply to the notice email if you have concerns.`;
}
