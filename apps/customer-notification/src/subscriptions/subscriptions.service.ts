import { BadRequestException, ConflictException, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isEmail } from 'class-validator';
import type { Model } from 'mongoose';
import { AggregateStore } from '@forewarn/aggregates';
import { Clock, isDuplicateKeyError } from '@forewarn/platform';
import { normaliseEmail } from '../customers/domain/email-address';
import type { Recipient } from '../customers/recipient';
import { DeliveriesService } from '../deliveries/deliveries.service';
import { TemplateNames } from '../templates/template-names';
import { onRequest, PUBLIC_SUBSCRIBERS, subscriberIdOf, withConfirmationAt } from './domain/subscription';
import { Subscriber } from './subscriber.schema';
import { SubscriptionAction, SubscriptionLinks } from './subscription-links';

const entry = (action: string, s: Pick<Subscriber, '_id' | 'email'>) => ({ action, entityType: 'subscriber', entityId: s._id, summary: s.email });

/** A subscriber as a recipient of the fan-out: not a customer, so no customer's name or terms. */
export const asRecipient = (s: Pick<Subscriber, '_id' | 'email'>): Recipient => ({ customerId: PUBLIC_SUBSCRIBERS, customerName: 'Public subscribers', contactId: s._id, contactName: 'Subscriber', email: s.email });

/**
 * The public subscription to subprocessor change notices, with double opt-in: a request stores
 * the address as pending and emails a confirmation link; only a confirmed subscriber is sent
 * notices, each with a one-click unsubscribe link. Every request gets the same answer, whatever
 * the address's state, so the form tells nobody who is subscribed.
 */
@Injectable()
export class Subscriptions implements OnModuleInit {
  constructor(
    @InjectModel(Subscriber.name) private readonly subscribers: Model<Subscriber>,
    private readonly store: AggregateStore,
    private readonly deliveries: DeliveriesService,
    private readonly links: SubscriptionLinks,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.store.register(this.subscribers);
  }

  /** The address as it is stored and sent to; a malformed one is a 400. */
  addressOf(raw: unknown): string {
    const email = normaliseEmail(typeof raw === 'string' ? raw : '');
    if (!isEmail(email) || email.length > 254) throw new BadRequestException('email: enter an email address, like name@example.com');
    return email;
  }

  /** The subscriber a link is for, to show its address on the page before the action. */
  async ofLink(token: string, action: SubscriptionAction): Promise<Subscriber> {
    const found = await this.subscribers.findById(this.links.verify(token, action), this.store.withoutStaged(this.subscribers)).lean<Subscriber>();
    if (!found) throw new BadRequestException('We have no subscription for this link. Please subscribe again on our list of subprocessors.');
    return found;
  }

  /** Asks for a subscription of an address from `addressOf`; whatever comes of it, the asker is told the same. */
  async request(email: string): Promise<void> {
    const id = subscriberIdOf(email);
    const now = this.clock.now();
    const current = await this.subscribers.findById(id, this.store.withoutStaged(this.subscribers)).lean<Subscriber>();
    if (!current) {
      const created: Subscriber = { _id: id, email, status: 'pending', confirmationsSentAt: [now], createdAt: now };
      try {
        await this.store.create(this.subscribers, created, { audit: entry('subscription.requested', created) });
      } catch (e) {
        if (isDuplicateKeyError(e)) return; // another request for the address got there first: it sends the email
        throw e;
      }
      return this.sendConfirmation(created, now);
    }
    let sent: Subscriber | undefined;
    await this.store.change<Subscriber>(this.subscribers, id, (s) => {
      if (onRequest(s, now) === 'nothing') return undefined;
      sent = { ...s, email, status: 'pending', confirmationsSentAt: withConfirmationAt(s.confirmationsSentAt, now) };
      return { set: { email, status: 'pending', confirmationsSentAt: sent.confirmationsSentAt, updatedAt: now }, audit: entry('subscription.requested', sent) };
    });
    if (sent) await this.sendConfirmation(sent, now);
  }

  /** Confirms through the emailed link; confirming twice is fine, after unsubscribing it is refused (409). */
  async confirm(token: string): Promise<Subscriber> {
    const id = this.links.verify(token, 'confirm');
    return this.move(id, (s, now) => {
      if (s.status === 'confirmed') return undefined;
      if (s.status === 'unsubscribed') throw new ConflictException('This subscription was ended. To be told of changes again, subscribe again on our list of subprocessors.');
      return { set: { status: 'confirmed', confirmedAt: now, updatedAt: now }, audit: entry('subscription.confirmed', s) };
    });
  }

  /** Ends the subscription; the same link again changes nothing. */
  async unsubscribe(token: string): Promise<Subscriber> {
    const id = this.links.verify(token, 'unsubscribe');
    return this.move(id, (s, now) => (s.status === 'unsubscribed' ? undefined : { set: { status: 'unsubscribed', unsubscribedAt: now, updatedAt: now }, audit: entry('subscription.ended', s) }));
  }

  /** Every confirmed subscriber: one streamed scan, as the customers' fan-out. */
  async *confirmed(): AsyncGenerator<Recipient> {
    for await (const s of this.subscribers.find({ status: 'confirmed' }, { email: 1 }).lean<Subscriber>().cursor()) yield asRecipient(s);
  }

  unsubscribeUrlOf(recipient: Recipient): string {
    return this.links.unsubscribeUrl(recipient.contactId, this.clock.now());
  }

  private async move(id: string, decide: (s: Subscriber, now: Date) => ReturnType<Parameters<AggregateStore['change']>[2]>): Promise<Subscriber> {
    const result = await this.store.change<Subscriber>(this.subscribers, id, (s) => decide(s, this.clock.now()));
    if (!result) throw new BadRequestException('We have no subscription for this link. Please subscribe again on our list of subprocessors.');
    return result.aggregate;
  }

  /** One email per request: its event id counts the confirmations, so a new request is a new email. */
  private async sendConfirmation(s: Subscriber, now: Date): Promise<void> {
    const eventId = `subscription:${s._id}:${now.getTime()}`;
    const confirmUrl = this.links.confirmUrl(s._id, now);
    await this.deliveries.fanOut(
      { sourceType: 'subprocessor-change', sourceId: 'subscriptions', sourceEventId: eventId, template: TemplateNames.subscriptionConfirmation, data: { requestedAt: now.toISOString() }, linkFor: () => confirmUrl },
      (async function* () {
        yield asRecipient(s);
      })(),
    );
  }
}
