import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Clock, isDuplicateKeyError } from '@forewarn/platform';
import { CreateCustomerDto } from './customer.dto';
import { Customer, CustomerDocument, NOTICE_TOPICS, NoticeTopic } from './customer.schema';
import type { Recipient } from './recipient';

export type { Recipient } from './recipient';

@Injectable()
export class CustomersService {
  constructor(
    @InjectModel(Customer.name) private readonly customers: Model<Customer>,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateCustomerDto, actor: string): Promise<CustomerDocument> {
    try {
      return await this.customers.create({
        name: dto.name,
        externalId: dto.externalId ?? `fw-${randomUUID()}`,
        status: 'active',
        contacts: dto.contacts.map((c) => ({ ...c, receives: c.receives ?? [...NOTICE_TOPICS] })),
        createdAt: this.clock.now(),
        createdBy: actor,
      });
    } catch (e) {
      if (isDuplicateKeyError(e)) {
        throw new ConflictException(`externalId: a customer with externalId "${dto.externalId}" already exists`);
      }
      throw e;
    }
  }

  list(): Promise<CustomerDocument[]> {
    return this.customers.find().sort({ name: 1 }).exec();
  }

  /**
   * Every active contact who receives this kind of notice, of every active customer or of the
   * given ones. One streamed scan, however many customers there are.
   */
  async *recipientsOf(topic: NoticeTopic, customerIds: string[] | 'all' = 'all'): AsyncGenerator<Recipient> {
    const filter = customerIds === 'all' ? { status: 'active' } : { status: 'active', _id: { $in: customerIds } };
    for await (const customer of this.customers.find(filter).sort({ _id: 1 }).cursor()) {
      for (const contact of customer.contacts) {
        if (!contact.active || !contact.receives.includes(topic)) continue;
        yield {
          customerId: customer.id as string,
          customerName: customer.name,
          contactId: contact.id,
          contactName: contact.name,
          email: contact.email,
          receives: contact.receives,
        };
      }
    }
  }
}
