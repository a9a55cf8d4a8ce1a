import { BadRequestException, Injectable } from '@nestjs/common';
import { NoticeLinks } from '../customer-links/notice-links';
import { PUBLIC_SUBSCRIBERS } from './domain/subscription';

export type SubscriptionAction = 'confirm' | 'unsubscribe';

const CONFIRM_DAYS = 7;
/** Unsubscribe links must keep working as long as the emails that carry them are read. */
const UNSUBSCRIBE_YEARS = 10;
const DAY_MS = 24 * 3600_000;

/**
 * The signed links of a subscription, made and checked as the links in change emails are (same
 * key and rotation), for the subscriber and the one action the link may take.
 */
@Injectable()
export class SubscriptionLinks {
  constructor(private readonly links: NoticeLinks) {}

  confirmUrl(subscriberId: string, now: Date): string {
    return this.urlOf(subscriberId, 'confirm', new Date(now.getTime() + CONFIRM_DAYS * DAY_MS));
  }

  unsubscribeUrl(subscriberId: string, now: Date): string {
    return this.urlOf(subscriberId, 'unsubscribe', new Date(now.getTime() + UNSUBSCRIBE_YEARS * 365 * DAY_MS));
  }

  /** The subscriber a token names for this action; a forged (403), expired (410) or foreign (400) token throws. */
  verify(token: string, action: SubscriptionAction): string {
    const link = this.links.verify(token);
    if (link.customerId !== PUBLIC_SUBSCRIBERS || link.changeId !== action) throw new BadRequestException('This link is not one for this page. Please open it again from the email.');
    return link.contactId;
  }

  private urlOf(subscriberId: string, action: SubscriptionAction, expiresAt: Date): string {
    return this.links.urlFor({ customerId: PUBLIC_SUBSCRIBERS, contactId: subscriberId, changeId: action, expiresAt }).replace(/\/n\/([^/]+)$/, `/subscriptions/${action}/$1`);
  }
}
