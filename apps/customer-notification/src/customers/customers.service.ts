import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { AuditTrail } from '@forewarn/audit';
import { Clock, isDuplicateKeyError } from '@forewarn/platform';
import { ContactDto, CreateCustomerDto, ListCustomersQuery, UpdateContactDto, UpdateCustomerDto } from './customer.dto';
import { Contact, Customer, NOTICE_TOPICS, NoticeTopic } from './customer.schema';
import { applied, CustomerChange, customerUpdates } from './customer-change';
import { DirectoryEvents } from './directory-events';
import { directoryWarnings } from './domain/directory-warnings';
import { newContact, repeatedAddress } from './domain/contacts';
import type { Recipient } from './recipient';

export type { Recipient } from './recipient';

/** The recipient a contact of a customer is, for any kind of notice it receives. */
export function recipientOf(customer: Pick<Customer, '_id' | 'name'>, contact: Contact): Recipient {
  return {
    // String(): customers written before ids were UUIDs (or by hand) may carry an ObjectId.
    customerId: String(customer._id),
    customerName: customer.name,
    contactId: contact.id,
    contactName: contact.name,
    email: contact.email,
    receives: contact.receives,
  };
}

const DEFAULT_PAGE = 1000;

/**
 * The customer directory. Customers are read by id (cheap everywhere) and listed by a scan (the
 * directory stays in the tens of thousands). Every change is a field-level update by id, then an
 * audit entry inserted straight after it rather than staged on the document: relaying a staged
 * entry pops it with a second update, which on FerretDB scans this large collection once more per
 * write (a crash between the two writes loses that entry, never the change);
 * contacts who join an active customer are announced through `DirectoryEvents` after it.
 */
@Injectable()
export class CustomersService {
  constructor(
    @InjectModel(Customer.name) private readonly customers: Model<Customer>,
    private readonly directory: DirectoryEvents,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateCustomerDto, actor: string): Promise<Customer> {
    const repeated = repeatedAddress(dto.contacts);
    if (repeated) throw new BadRequestException(`contacts.${repeated.index}.email: ${repeated.email} is listed twice`);
    const customer: Customer = {
      _id: randomUUID(),
      name: dto.name,
      externalId: dto.externalId ?? `fw-${randomUUID()}`,
      status: 'active',
      contacts: dto.contacts.map(newContact),
      createdAt: this.clock.now(),
      createdBy: actor,
    };
    try {
      await this.customers.create(customer);
    } catch (e) {
      if (isDuplicateKeyError(e)) throw externalIdTaken(customer.externalId);
      throw e;
    }
    await this.audit.record({ ...customerEntry('customer.created', customer), changes: auditedFields(customer) });
    await this.directory.contactsAdded(customer.contacts.map((c) => recipientOf(customer, c)));
    return customer;
  }

  async list(query: ListCustomersQuery = {}): Promise<Customer[]> {
    const filter: FilterQuery<Customer> = {};
    if (query.status) filter.status = query.status;
    if (query.externalId) filter.externalId = query.externalId;
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_PAGE;
    if (!query.flagged) return this.customers.find(filter).sort({ name: 1, _id: 1 }).skip(offset).limit(limit).lean<Customer[]>();
    // Warnings are derived from the contacts, so flagged customers are picked out here.
    const all = await this.customers.find({ ...filter, status: 'active' }).sort({ name: 1, _id: 1 }).lean<Customer[]>();
    return all.filter((c) => directoryWarnings(c).length > 0).slice(offset, offset + limit);
  }

  async get(id: string): Promise<Customer> {
    const customer = await this.customers.findById(id).lean<Customer>();
    if (!customer) throw new NotFoundException(`customer ${id} does not exist`);
    return customer;
  }

  /** Name, billing id or status. A customer made active again is sent the notices still pending. */
  async update(id: string, dto: UpdateCustomerDto, actor: string): Promise<Customer> {
    const current = await this.get(id);
    const updated = await this.save(current, { set: { name: dto.name, externalId: dto.externalId, status: dto.status } }, actor);
    await this.audit.record({ ...customerEntry('customer.updated', updated), changes: { ...dto } });
    if (current.status === 'inactive' && updated.status === 'active') {
      await this.directory.contactsAdded(updated.contacts.filter((c) => c.active).map((c) => recipientOf(updated, c)));
    }
    return updated;
  }

  async addContact(id: string, dto: ContactDto, actor: string): Promise<{ customer: Customer; contact: Contact }> {
    const current = await this.get(id);
    if (repeatedAddress([...current.contacts, dto])) throw addressTaken(dto.email);
    const contact = newContact(dto);
    const customer = await this.save(current, { addedContacts: [contact] }, actor);
    await this.audit.record({ ...customerEntry('customer.contact-added', customer), changes: { contact: auditedContact(contact) } });
    if (customer.status === 'active') await this.directory.contactsAdded([recipientOf(customer, contact)]);
    return { customer, contact };
  }

  /**
   * Changes a contact. `active: false` deactivates it (it stays on record: deliveries and proof of
   * notice name it). A contact made active again, or given a new kind of notice, is sent what is
   * still pending; the listener skips what it already had.
   */
  async updateContact(id: string, contactId: string, dto: UpdateContactDto, actor: string): Promise<Customer> {
    const current = await this.get(id);
    const index = current.contacts.findIndex((c) => c.id === contactId);
    if (index < 0) throw new NotFoundException(`customer ${id} has no contact ${contactId}`);
    const before = current.contacts[index];
    const after: Contact = {
      ...before,
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(dto.email !== undefined ? { email: dto.email } : {}),
      ...(dto.receives !== undefined ? { receives: dto.receives } : {}),
      ...(dto.active !== undefined ? { active: dto.active } : {}),
    };
    const contacts = current.contacts.map((c) => (c.id === contactId ? after : c));
    if (repeatedAddress(contacts)) throw addressTaken(after.email);
    const customer = await this.save(current, { changedContacts: [{ index, contact: after }] }, actor);
    await this.audit.record({ ...customerEntry('customer.contact-updated', customer), changes: { contactId, ...dto } });
    const gained = (topic: NoticeTopic) => after.receives.includes(topic) && !(before.active && before.receives.includes(topic));
    if (customer.status === 'active' && after.active && NOTICE_TOPICS.some(gained)) {
      await this.directory.contactsAdded([recipientOf(customer, after)]);
    }
    return customer;
  }

  /**
   * Every active contact who receives this kind of notice, of every active customer or of the
   * given ones. One streamed scan, however many customers there are.
   */
  async *recipientsOf(topic: NoticeTopic, customerIds: string[] | 'all' = 'all'): AsyncGenerator<Recipient> {
    const filter: FilterQuery<Customer> = customerIds === 'all' ? { status: 'active' } : { status: 'active', _id: { $in: customerIds } };
    for await (const customer of this.customers.find(filter, { contacts: 1, name: 1 }).sort({ _id: 1 }).lean<Customer>().cursor()) {
      for (const contact of customer.contacts) {
        if (contact.active && contact.receives.includes(topic)) yield recipientOf(customer, contact);
      }
    }
  }

  private async save(current: Customer, change: CustomerChange, actor: string): Promise<Customer> {
    const stamp = { now: this.clock.now(), actor };
    try {
      for (const update of customerUpdates(change, stamp)) await this.customers.updateOne({ _id: current._id }, update);
    } catch (e) {
      if (isDuplicateKeyError(e)) throw externalIdTaken(String(change.set?.externalId));
      throw e;
    }
    return applied(current, change, stamp);
  }
}

/** The audit record of a write to a customer; `changes` says what the write set. */
export function customerEntry(action: string, customer: Pick<Customer, '_id' | 'name'>) {
  return { action, entityType: 'customer', entityId: customer._id, summary: customer.name };
}

const auditedContact = (c: Contact) => ({ id: c.id, name: c.name, email: c.email, receives: c.receives, active: c.active });

export const auditedFields = (c: Customer) => ({ name: c.name, externalId: c.externalId, status: c.status, contacts: c.contacts.map(auditedContact) });

function externalIdTaken(externalId: string): ConflictException {
  return new ConflictException(`externalId: a customer with externalId "${externalId}" already exists`);
}

function addressTaken(email: string): ConflictException {
  return new ConflictException(`email: ${email} is already a contact of this customer`);
}
