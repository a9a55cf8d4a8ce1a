import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException, OnModuleInit, UnprocessableEntityException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AggregateStore } from '@forewarn/aggregates';
import { AuditRecord } from '@forewarn/audit';
import { CustomerTermsEventTypes } from '@forewarn/contracts';
import { EventStager, PendingEvent } from '@forewarn/messaging';
import { Clock, isDuplicateKeyError, readEachById } from '@forewarn/platform';
import { ContactDto, CreateCustomerDto, CustomerTermsDto, ListCustomersQuery, UpdateContactDto, UpdateCustomerDto } from './customer.dto';
import { Contact, Customer, NOTICE_TOPICS, NoticeTopic } from './customer.schema';
import { applied, CustomerChange } from './customer-change';
import { DirectoryEvents } from './directory-events';
import { CustomerDirectoryOrder } from './directory-order/customer-directory-order';
import { newContact, repeatedAddress } from './domain/contacts';
import { termsAnnouncementOf } from './domain/terms-announcement';
import type { Recipient } from './recipient';

export type { Recipient } from './recipient';

/** The recipient a contact of a customer is, for any kind of notice it receives. */
export function recipientOf(customer: Pick<Customer, '_id' | 'name' | 'terms'>, contact: Contact): Recipient {
  return {
    // String(): customers written before ids were UUIDs (or by hand) may carry an ObjectId.
    customerId: String(customer._id),
    customerName: customer.name,
    contactId: contact.id,
    contactName: contact.name,
    email: contact.email,
    receives: contact.receives,
    ...(customer.terms?.authorisation === 'specific' ? { authorisation: 'specific' as const } : {}),
  };
}

const DEFAULT_PAGE = 1000;
/** What the fan-out reads of a customer. */
const RECIPIENT_FIELDS = { contacts: 1, name: 1, status: 1, terms: 1 } as const;

/**
 * The customer directory. Customers are read by id (cheap everywhere) and listed in name order
 * from `CustomerDirectoryOrder`, which every write here notes. Every write goes through the aggregate store: it
 * runs in the customer's write queue and decides on the stored customer, so two edits of one
 * customer never lose one another, and a mailbox is checked against the contacts as stored at
 * the moment of the write. Contacts who join an active customer are announced through
 * `DirectoryEvents` after it.
 */
@Injectable()
export class CustomersService implements OnModuleInit {
  constructor(
    @InjectModel(Customer.name) private readonly customers: Model<Customer>,
    private readonly directory: DirectoryEvents,
    private readonly order: CustomerDirectoryOrder,
    private readonly store: AggregateStore,
    private readonly events: EventStager,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.store.register(this.customers, { large: true });
  }

  async create(dto: CreateCustomerDto, actor: string): Promise<Customer> {
    const repeated = repeatedAddress(dto.contacts);
    // 422, not 400: the body matches its schema; only the two addresses compare equal (case-insensitively).
    if (repeated) throw new UnprocessableEntityException(`contacts.${repeated.index}.email: ${repeated.email} is listed twice`);
    const now = this.clock.now();
    const terms = dto.terms && { noticePeriodDays: dto.terms.noticePeriodDays, authorisation: dto.terms.authorisation, changedAt: now, changedBy: actor };
    const customer: Customer = {
      _id: randomUUID(),
      name: dto.name,
      externalId: dto.externalId ?? `fw-${randomUUID()}`,
      status: 'active',
      contacts: dto.contacts.map(newContact),
      ...(terms ? { terms, termsHistory: [terms] } : {}),
      createdAt: now,
      createdBy: actor,
    };
    try {
      await this.store.create(this.customers, customer, {
        audit: { ...customerEntry('customer.created', customer), changes: auditedFields(customer) },
        // It comes into service: terms of its own are told, as of its version 0.
        events: this.termsEventsOf({ ...customer, status: 'inactive' }, customer, 0),
      });
    } catch (e) {
      if (isDuplicateKeyError(e)) throw externalIdTaken(customer.externalId);
      throw e;
    }
    await this.order.noteWritten([customer]);
    await this.directory.contactsAdded(customer.contacts.map((c) => recipientOf(customer, c)));
    return customer;
  }

  /** A page of customers in name order (see `CustomerDirectoryOrder`: the database is not asked to sort). */
  list(query: ListCustomersQuery = {}): Promise<Customer[]> {
    const { offset = 0, limit = DEFAULT_PAGE, ...filter } = query;
    return this.order.list<Customer>(filter, offset, limit, this.store.withoutStaged(this.customers));
  }

  async get(id: string): Promise<Customer> {
    const customer = await this.customers.findById(id, this.store.withoutStaged(this.customers)).lean<Customer>();
    if (!customer) throw new NotFoundException(`customer ${id} does not exist`);
    return customer;
  }

  /** Name, billing id or status. A customer made active again is sent the notices still pending. */
  async update(id: string, dto: UpdateCustomerDto, actor: string): Promise<Customer> {
    const { before, after } = await this.change(id, actor, () => ({ set: { name: dto.name, externalId: dto.externalId, status: dto.status } }), (c) => ({
      ...customerEntry('customer.updated', c),
      changes: { ...dto },
    }));
    if (before.status === 'inactive' && after.status === 'active') {
      await this.directory.contactsAdded(after.contacts.filter((c) => c.active).map((c) => recipientOf(after, c)));
    }
    return after;
  }

  /** Adds a contact; a mailbox the customer already has is a 409, checked against the contacts as stored when the write happens. */
  async addContact(id: string, dto: ContactDto, actor: string): Promise<{ customer: Customer; contact: Contact }> {
    const contact = newContact(dto);
    const { after } = await this.change(
      id,
      actor,
      (current) => {
        if (repeatedAddress([...current.contacts, dto])) throw addressTaken(dto.email);
        return { addedContacts: [contact] };
      },
      (c) => ({ ...customerEntry('customer.contact-added', c), changes: { contact: auditedContact(contact) } }),
    );
    if (after.status === 'active') await this.directory.contactsAdded([recipientOf(after, contact)]);
    return { customer: after, contact };
  }

  /**
   * Changes a contact. `active: false` deactivates it (it stays on record: deliveries and proof of
   * notice name it). A contact made active again, or given a new kind of notice, is sent what is
   * still pending; the listener skips what it already had.
   */
  async updateContact(id: string, contactId: string, dto: UpdateContactDto, actor: string): Promise<Customer> {
    let before: Contact | undefined;
    let after: Contact | undefined;
    const { after: customer } = await this.change(
      id,
      actor,
      (current) => {
        const index = current.contacts.findIndex((c) => c.id === contactId);
        if (index < 0) throw new NotFoundException(`customer ${id} has no contact ${contactId}`);
        before = current.contacts[index];
        after = {
          ...before,
          ...(dto.name !== undefined ? { name: dto.name } : {}),
          ...(dto.email !== undefined ? { email: dto.email } : {}),
          ...(dto.receives !== undefined ? { receives: dto.receives } : {}),
          ...(dto.active !== undefined ? { active: dto.active } : {}),
        };
        if (repeatedAddress(current.contacts.map((c, i) => (i === index ? after! : c)))) throw addressTaken(after.email);
        return { changedContacts: [{ index, contact: after }] };
      },
      (c) => ({ ...customerEntry('customer.contact-updated', c), changes: { contactId, ...dto } }),
    );
    const gained = (topic: NoticeTopic) => after!.receives.includes(topic) && !(before!.active && before!.receives.includes(topic));
    if (customer.status === 'active' && after!.active && NOTICE_TOPICS.some(gained)) {
      await this.directory.contactsAdded([recipientOf(customer, after!)]);
    }
    return customer;
  }

  /** Sets the customer's own terms; the registry learns them from `customer.terms.v1`. */
  async setTerms(id: string, dto: CustomerTermsDto, actor: string): Promise<Customer> {
    const terms = { noticePeriodDays: dto.noticePeriodDays, authorisation: dto.authorisation };
    const { after } = await this.change(id, actor, () => ({ terms }), (c) => ({ ...customerEntry('customer.terms-changed', c), changes: terms }));
    return after;
  }

  /**
   * Applies one change (from the customer as stored at the write) with its audit entry and what
   * it tells `customer.terms.v1`, all in the one write; the import
   * passes no audit entry (it records its entries in bulk). Returns the customer before and after.
   */
  async change(
    id: string,
    actor: string,
    decide: (current: Customer) => CustomerChange,
    audit?: (after: Customer) => AuditRecord,
  ): Promise<{ before: Customer; after: Customer }> {
    let before: Customer | undefined;
    let after: Customer | undefined;
    const result = await this.store
      .change<{ toObject(): Customer }>(this.customers, id, (stored) => {
        before = stored.toObject();
        const stamp = { now: this.clock.now(), actor };
        after = applied(before, decide(before), stamp);
        const { name, externalId, status, contacts, terms, termsHistory, updatedAt, updatedBy } = after;
        // The write adds one to the version: the event's revision is the version it leaves.
        const revision = ((before as { version?: number }).version ?? 0) + 1;
        return {
          set: { name, externalId, status, contacts, ...(terms ? { terms, termsHistory } : {}), updatedAt, updatedBy },
          events: this.termsEventsOf(before, after, revision),
          ...(audit ? { audit: audit(after) } : {}),
        };
      })
      .catch((e: unknown) => {
        if (isDuplicateKeyError(e)) throw externalIdTaken(String(after?.externalId));
        throw e;
      });
    if (!result) throw new NotFoundException(`customer ${id} does not exist`);
    await this.order.noteWritten([{ ...after!, version: (result.aggregate as { version?: number }).version }]);
    return { before: before!, after: after! };
  }

  private termsEventsOf(before: Customer, after: Customer, revision: number): PendingEvent[] {
    const told = termsAnnouncementOf(before, after);
    const customer = { customerId: String(after._id), customerName: after.name, revision };
    const at = (after.updatedAt ?? this.clock.now()).toISOString();
    if (told === 'deactivated') return [this.events.stage(CustomerTermsEventTypes.deactivated, { ...customer, deactivatedAt: at })];
    if (told !== 'terms-changed') return [];
    const { noticePeriodDays, authorisation } = after.terms!;
    return [this.events.stage(CustomerTermsEventTypes.termsChanged, { ...customer, noticePeriodDays, authorisation, changedAt: at })];
  }

  /**
   * Every active contact who receives this kind of notice, of every active customer (one streamed
   * scan) or of the given ones (read by `_id`, a few at a time: on the embedded database any other
   * filter scans every customer, and a breach notice should not wait for that).
   */
  async *recipientsOf(topic: NoticeTopic, customerIds: string[] | 'all' = 'all'): AsyncGenerator<Recipient> {
    const contactsOf = function* (customer: Customer) {
      if (customer.status !== 'active') return;
      for (const contact of customer.contacts) {
        if (contact.active && contact.receives.includes(topic)) yield recipientOf(customer, contact);
      }
    };
    if (customerIds === 'all') {
      for await (const customer of this.customers.find({ status: 'active' }, RECIPIENT_FIELDS).sort({ _id: 1 }).lean<Customer>().cursor()) yield* contactsOf(customer);
      return;
    }
    for await (const customers of readEachById([...new Set(customerIds)].sort(), (id) => this.customers.findById(id, RECIPIENT_FIELDS).lean<Customer>().exec())) {
      for (const customer of customers) yield* contactsOf(customer);
    }
  }
}

/** The audit record of a write to a customer; `changes` says what the write set. */
export function customerEntry(action: string, customer: Pick<Customer, '_id' | 'name'>) {
  return { action, entityType: 'customer', entityId: customer._id, summary: customer.name };
}

const auditedContact = (c: Contact) => ({ id: c.id, name: c.name, email: c.email, receives: c.receives, active: c.active });

export const auditedFields = (c: Customer) => ({
  name: c.name,
  externalId: c.externalId,
  status: c.status,
  contacts: c.contacts.map(auditedContact),
  ...(c.terms ? { terms: { noticePeriodDays: c.terms.noticePeriodDays, authorisation: c.terms.authorisation } } : {}),
});

function externalIdTaken(externalId: string): ConflictException {
  return new ConflictException(`externalId: a customer with externalId "${externalId}" already exists`);
}

function addressTaken(email: string): ConflictException {
  return new ConflictException(`email: ${email} is already a contact of this customer`);
}
