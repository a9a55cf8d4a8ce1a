import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Clock, isDuplicateKeyError } from '@forewarn/platform';
import { CreateCustomerDto } from './customer.dto';
import { Customer, CustomerDocument, NOTICE_TOPICS, NoticeTopic } from './customer.schema';

/** A contact who is to receive one kind of notice. */
export interface Recipient {
  customerId: string;
  customerName: string;
  contactId: string;
  contactName: string;
  email: string;
}

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

  /** Every active contact of every active customer who receives this kind of notice. */
  async *recipientsOf(topic: NoticeTopic): AsyncGenerator<Recipient> {
    for await (const customer of this.customers.find({ status: 'active' }).sort({ _id: 1 }).cursor()) {
      for (const contact of customer.contacts) {
        if (!contact.active || !contact.receives.includes(topic)) continue;
        yield {
          customerId: customer.id as string,
          customerName: customer.name,
          contactId: contact.id,
          contactName: contact.name,
          email: contact.email,
        };
      }
    }
  }
}
