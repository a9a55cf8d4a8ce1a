import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { CustomerDeactivated, CustomerTermsChanged } from '@forewarn/contracts';
import { isDuplicateKeyError } from '@forewarn/platform';
import type { CustomerNoticeTerms } from '../changes/domain/notice-period';
import { CustomerTerms } from './customer-terms.schema';

/** The customers' terms as the registry learns them from `customer.terms.v1`. */
@Injectable()
export class CustomerTermsService {
  constructor(@InjectModel(CustomerTerms.name) private readonly terms: Model<CustomerTerms>) {}

  termsChanged(event: CustomerTermsChanged): Promise<void> {
    const { customerName, noticePeriodDays, authorisation, changedAt } = event;
    return this.project(event.customerId, event.revision, { customerName, noticePeriodDays, authorisation, active: true, updatedAt: new Date(changedAt) });
  }

  deactivated(event: CustomerDeactivated): Promise<void> {
    return this.project(event.customerId, event.revision, { customerName: event.customerName, active: false, updatedAt: new Date(event.deactivatedAt) });
  }

  /** The notice periods of the customers served now whose terms set one (a scan of a small collection). */
  async noticeTermsOfActiveCustomers(): Promise<CustomerNoticeTerms[]> {
    const found = await this.terms.find({ active: true }, { noticePeriodDays: 1 }).lean<CustomerTerms[]>();
    return found.filter((t) => t.noticePeriodDays !== undefined).map((t) => ({ customerId: t._id, noticePeriodDays: t.noticePeriodDays! }));
  }

  /** Whether the customer's terms ask (or, once deactivated, asked) for specific authorisation: a read by `_id`. */
  async isSpecific(customerId: string): Promise<boolean> {
    const found = await this.terms.findById(customerId, { authorisation: 1 }).lean<CustomerTerms>();
    return found?.authorisation === 'specific';
  }

  /** The customers served now whose terms ask for specific prior authorisation (a scan of a small collection). */
  async specificCustomers(): Promise<{ customerId: string; customerName: string }[]> {
    const found = await this.terms.find({ active: true, authorisation: 'specific' }, { customerName: 1 }).lean<CustomerTerms[]>();
    return found.map((t) => ({ customerId: t._id, customerName: t.customerName }));
  }

  /**
   * Applies an event unless a later one is already applied: the filter then matches nothing and the
   * upsert's insert meets the existing `_id`. A redelivered event changes nothing either.
   */
  private async project(customerId: string, revision: number, set: Omit<CustomerTerms, '_id' | 'revision'>): Promise<void> {
    try {
      await this.terms.updateOne({ _id: customerId, revision: { $lt: revision } }, { $set: { ...set, revision } }, { upsert: true });
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
  }
}
