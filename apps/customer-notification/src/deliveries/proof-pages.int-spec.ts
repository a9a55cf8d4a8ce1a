import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Clock } from '@forewarn/platform';
import { RunningService, TestStack } from '../../../../test/support/test-stack';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { ProofPage } from './delivery-records.schema';
import type { Delivery } from './delivery.schema';
import type { ToldContact } from './domain/proof-of-notice';
import { ProofPages } from './proof-pages';

describe('ProofPages (real FerretDB)', () => {
  const stack = new TestStack();
  let notification: RunningService;
  let pages: ProofPages;
  let otherReplica: ProofPages;

  const delivery = (event: string, i: number): Delivery => ({
    _id: `${event}:c${i}`, sourceType: 'subprocessor-change', sourceId: 'ch', sourceEventId: event, customerId: `cu${i % 3}`, customerName: 'Acme',
    contactId: `c${i}`, contactName: `Contact ${i}`, email: `c${i}@proof.example`, template: 'subprocessor-change-announced', createdAt: new Date(0),
  });
  const sent = (d: Delivery, at: Date) => ({ email: d, outcome: { _id: `${d._id}:sent`, deliveryId: d._id, kind: 'sent' as const, sourceId: 'ch', customerId: d.customerId, at, sesMessageId: `ses-${d._id}`, templateVersion: 2 } });
  const told = async (event: string) => {
    const rows: ToldContact[] = [];
    for await (const contact of pages.told(event)) rows.push(contact);
    return rows;
  };

  beforeAll(async () => {
    notification = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription);
    pages = notification.app.get(ProofPages);
    otherReplica = new ProofPages(notification.app.get<Model<ProofPage>>(getModelToken(ProofPage.name)), notification.app.get(Clock));
  });

  afterAll(() => stack.stop());

  it('gives each contact once: finished attempts first with what SES reported, then those still queued', async () => {
    const emails = Array.from({ length: 5 }, (_, i) => delivery('ev-a', i));
    await pages.queued(emails);
    const at = new Date('2027-01-01T09:00:00Z');
    await pages.attempts([sent(emails[2], at), sent(emails[0], at)]);
    await pages.attempts([sent(emails[2], new Date('2027-01-01T09:05:00Z'))]); // a batch retried after a failure it did not see
    await pages.attempts([{ email: emails[3], outcome: { _id: `${emails[3]._id}:failed`, deliveryId: emails[3]._id, kind: 'failed', sourceId: 'ch', customerId: 'cu0', at, attempts: 3, detail: 'rejected' } }]);
    await pages.report(emails[2], { _id: 'x', deliveryId: emails[2]._id, kind: 'bounced', sourceId: 'ch', customerId: 'cu2', at: new Date('2027-01-01T09:01:00Z') });
    const rows = await told('ev-a');
    expect(rows.map((r) => [r.contactId, Object.keys(r.facts).sort().join('+') || 'pending'])).toEqual([
      ['c2', 'bounced+sent'], ['c0', 'sent'], ['c3', 'failed'], ['c1', 'pending'], ['c4', 'pending'],
    ]);
    expect(rows[0].facts.sent).toMatchObject({ at, sesMessageId: `ses-${emails[2]._id}`, templateVersion: 2 });
    expect(rows[2].facts.failed).toMatchObject({ attempts: 3, detail: 'rejected' });
    expect(await told('ev-unknown')).toEqual([]);
  });

  it('shows a sent email whose queued page a crash lost', async () => {
    const lost = delivery('ev-b', 7);
    await pages.attempts([sent(lost, new Date('2027-01-01T09:00:00Z'))]);
    expect((await told('ev-b')).map((r) => r.email)).toEqual([lost.email]);
  });

  it('loses no page when two replicas write the same event at once, across many pages', async () => {
    const emails = Array.from({ length: 60 }, (_, i) => delivery('ev-c', i));
    await Promise.all(emails.map((d, i) => (i % 2 ? pages : otherReplica).attempts([sent(d, new Date(Date.UTC(2027, 0, 1, 0, i)))])));
    expect((await told('ev-c')).map((r) => r.contactId).sort()).toEqual(emails.map((d) => d.contactId).sort());
  });
});
