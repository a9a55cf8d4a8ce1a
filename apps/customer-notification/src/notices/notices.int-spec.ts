import { BreachEventTypes, buildEvent, ForewarnEvent, SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import type { Producer } from 'kafkajs';
import { emailsTo, eventually, RunningService, SesEmail, TestStack } from '../../../../test/support/test-stack';
import { emailJobsDrained } from '../deliveries/testing/sending-fixtures';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Customer } from '../customers/customer.schema';
import { newContact } from '../customers/domain/contacts';
import { ChangeNoticeStates } from './change-notice-states';
import { PendingNotices } from './pending-notices';

const DAY = 24 * 3600 * 1000;

describe('notices from change and breach events (real Kafka, FerretDB, SES emulator)', () => {
  const stack = new TestStack();
  const domain = `${stack.runId}.notices.example`;
  const at = (local: string) => `${local}@${domain}`;
  const responders = [at('oncall'), at('dpo-desk')];
  let notification: RunningService;
  let producer: Producer;
  let admin: string;
  let staff: string;
  const customerIds: Record<string, string> = {};
  const start = Date.now();
  const effectiveAt = new Date(start + 45 * DAY).toISOString();
  const subprocessor = { id: 'sp-1', name: 'Iceni Backup', category: 'Data hosting services', purpose: 'Off-site backups', dataCategories: ['backups'], locations: ['GB'], transferMechanism: 'UK data only' };
  const changeData = (changeId: string) => ({ changeId, kind: 'addition' as const, subprocessor, summary: 'We add Iceni Backup for off-site backups.', announcedAt: new Date(start).toISOString(), effectiveAt });

  const publish = async (topic: string, key: string, type: string, data: object, id?: string): Promise<ForewarnEvent> => {
    const event = { ...buildEvent({ type, source: '/forewarn/test', subject: key, data, time: new Date(), correlationId: 'corr-notices', actor: 'user:tester' }), ...(id ? { id } : {}) };
    await producer.send({ topic: stack.topic(topic), messages: [{ key, value: JSON.stringify(event) }] });
    return event;
  };
  const changeEvent = (type: string, data: object, id?: string) => publish(Topics.subprocessorChanges, (data as { changeId: string }).changeId, type, data, id);
  const addCustomer = async (name: string, contacts: { name: string; email: string; receives?: string[] }[]) => {
    const res = await notification.http().post('/api/v1/customers').set('authorization', `Bearer ${admin}`).send({ name, contacts }).expect(201);
    customerIds[name] = res.body.id;
    return res.body.id as string;
  };
  const inbox = async (addresses: string[], count: number, timeoutMs = 30_000): Promise<SesEmail[]> => {
    await eventually(`${count} emails at the emulator`, () => emailsTo(addresses), (e) => e.length >= count, timeoutMs);
    // Counted again once every job published so far is done: a late duplicate would be in by then.
    await emailJobsDrained(stack);
    const emails = await emailsTo(addresses);
    expect(emails.length).toBe(count);
    return emails;
  };
  const deliveries = async (sourceId: string) =>
    (await notification.http().get('/api/v1/deliveries').query({ sourceId }).set('authorization', `Bearer ${staff}`).expect(200)).body as { email: string; template: string; status: string; sourceEventId: string }[];

  beforeAll(async () => {
    notification = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, {
      SES_MAX_SEND_RATE: '100',
      RESPONDER_EMAILS: responders.join(', '),
    });
    producer = stack.kafka().producer();
    await producer.connect();
    admin = await stack.token(['admin']);
    staff = await stack.token(['compliance']);
    await addCustomer('Acme Ltd', [
      { name: 'Ada Both', email: at('ada') },
      { name: 'Bo Breaches', email: at('bo'), receives: ['breaches'] },
      { name: 'Cy Changes', email: at('cy'), receives: ['subprocessor-changes'] },
    ]);
    await addCustomer('Zenith plc', [{ name: 'Zed Both', email: at('zed') }]);
  });

  afterAll(async () => {
    await producer.disconnect();
    await stack.stop();
  });

  it('emails an announcement once to each subprocessor contact, with a signed link, even when the event comes twice', async () => {
    const announced = await changeEvent(SubprocessorChangeEventTypes.announced, { ...changeData('ch-1'), noticePeriodDays: 30 });
    await changeEvent(SubprocessorChangeEventTypes.announced, { ...changeData('ch-1'), noticePeriodDays: 30 }, announced.id); // redelivered
    const emails = await inbox([at('ada'), at('cy'), at('zed'), at('bo')], 3);
    expect(emails.map((e) => e.destination.to[0]).sort()).toEqual([at('ada'), at('cy'), at('zed')].sort());
    expect(emails[0].body.text).toMatch(/\/n\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
    expect(await notification.app.get(ChangeNoticeStates).get('ch-1')).toMatchObject({ status: 'announced', announcedEventId: announced.id });
  });

  it('sends the pending notice to a customer added while the change is pending, and proof of notice marks it late', async () => {
    await notification.http().post('/internal/test-clock').send({ advanceMs: 20 * DAY }).expect(200); // 25 days before effectiveAt
    await addCustomer('Late Arrivals Ltd', [{ name: 'Lou Late', email: at('lou') }]);
    const [email] = await inbox([at('lou')], 1);
    expect(email.subject).toContain('Iceni Backup');
    const proof = await eventually(
      'proof of notice for the change',
      async () => (await notification.http().get('/api/v1/proof-of-notice/ch-1').set('authorization', `Bearer ${staff}`).expect(200)).body,
      (p) => p.contacts.length === 4 && p.contacts.every((c: { sentAt?: string }) => c.sentAt),
    );
    expect(proof).toMatchObject({ changeId: 'ch-1', status: 'announced', noticePeriodDays: 30, effectiveAt });
    expect(proof.contacts.map((c: { email: string; late: boolean }) => [c.email, c.late]).sort()).toEqual(
      [[at('ada'), false], [at('cy'), false], [at('lou'), true], [at('zed'), false]].sort(),
    );
    const csv = await notification.http().get('/api/v1/proof-of-notice/ch-1').query({ format: 'csv' }).set('authorization', `Bearer ${staff}`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.trim().split('\r\n')).toHaveLength(5);
    await notification.http().get('/api/v1/proof-of-notice/no-such-change').set('authorization', `Bearer ${staff}`).expect(404);
  });

  it('sends reminder, rescheduled and effective emails with their own templates, and a cancellation for another change', async () => {
    const rescheduledTo = new Date(start + 50 * DAY).toISOString();
    await changeEvent(SubprocessorChangeEventTypes.reminderDue, { ...changeData('ch-1'), daysBefore: 7 });
    await changeEvent(SubprocessorChangeEventTypes.rescheduled, { ...changeData('ch-1'), effectiveAt: rescheduledTo, previousEffectiveAt: effectiveAt, rescheduledAt: new Date().toISOString() });
    await changeEvent(SubprocessorChangeEventTypes.effective, { ...changeData('ch-1'), effectiveAt: rescheduledTo, appliedAt: new Date().toISOString() });
    await changeEvent(SubprocessorChangeEventTypes.announced, { ...changeData('ch-2'), noticePeriodDays: 30 });
    await changeEvent(SubprocessorChangeEventTypes.cancelled, { ...changeData('ch-2'), cancelledAt: new Date().toISOString(), reason: 'Chose another provider' });

    // ada, cy, zed, lou: 4 emails for ch-1 so far + 3 more each; ch-2: announced + cancelled each.
    await inbox([at('ada'), at('cy'), at('zed'), at('lou')], 4 + 4 * 3 + 4 * 2, 45_000);
    const byTemplate = (list: { template: string; status: string }[]) =>
      list.reduce<Record<string, number>>((acc, d) => ({ ...acc, [`${d.template}:${d.status}`]: (acc[`${d.template}:${d.status}`] ?? 0) + 1 }), {});
    const ch1 = await eventually('16 ch-1 deliveries sent', () => deliveries('ch-1'), (d) => d.length === 16 && d.every((x) => x.status === 'sent'));
    expect(byTemplate(ch1)).toEqual({
      'subprocessor-change-announced:sent': 4,
      'subprocessor-change-reminder:sent': 4,
      'subprocessor-change-rescheduled:sent': 4,
      'subprocessor-change-effective:sent': 4,
    });
    const ch2 = await eventually('8 ch-2 deliveries sent', () => deliveries('ch-2'), (d) => d.length === 8 && d.every((x) => x.status === 'sent'));
    expect(byTemplate(ch2)).toEqual({ 'subprocessor-change-announced:sent': 4, 'subprocessor-change-cancelled:sent': 4 });
    expect(await notification.app.get(ChangeNoticeStates).get('ch-1')).toMatchObject({ status: 'effective', effectiveAt: new Date(rescheduledTo) });
    expect(await notification.app.get(ChangeNoticeStates).get('ch-2')).toMatchObject({ status: 'cancelled' });
  });

  it('sends a breach notice only to the breach contacts of the affected customers, and a follow-up as an update', async () => {
    const breach = { breachId: 'br-1', reference: 'BR-2026-0001', title: 'Lost laptop', description: 'A laptop was stolen', nature: ['stolen'], dataCategories: ['contact details'], specialCategoryData: false, approxDataSubjects: 10, approxRecords: 20, awareAt: new Date().toISOString(), affectedCustomerIds: [customerIds['Acme Ltd']], contactPoint: 'dpo@forewarn.example', requestedAt: new Date().toISOString() };
    await publish(Topics.breachIncidents, 'br-1', BreachEventTypes.customerNoticeRequested, { ...breach, phase: 'initial' });
    await publish(Topics.breachIncidents, 'br-1', BreachEventTypes.customerNoticeRequested, { ...breach, phase: 'follow-up', message: 'We recovered the laptop.' });
    const list = await eventually('4 breach deliveries sent', () => deliveries('br-1'), (d) => d.length === 4 && d.every((x) => x.status === 'sent'));
    expect(list.map((d) => `${d.email} ${d.template}`).sort()).toEqual([`${at('ada')} breach-notice`, `${at('ada')} breach-update`, `${at('bo')} breach-notice`, `${at('bo')} breach-update`].sort());
    await inbox([at('ada'), at('bo')], 6 + 2 + 2); // ada: 6 change emails before, 2 breach emails; bo: 2 breach emails
  });

  it('sends deadline escalations to every responder address', async () => {
    await publish(Topics.breachIncidents, 'br-1', BreachEventTypes.deadlineApproaching, { breachId: 'br-1', reference: 'BR-2026-0001', deadline: 'customer-notice', dueAt: new Date(Date.now() + 3600_000).toISOString(), remindedAt: new Date().toISOString(), title: 'Lost laptop' });
    const emails = await inbox(responders, 2);
    expect(emails.map((e) => e.destination.to[0]).sort()).toEqual([...responders].sort());
  });

  it('emails every responder when a deadline is missed, and does not email the reason a responder records afterwards', async () => {
    const missed = { breachId: 'br-1', reference: 'BR-2026-0001', deadline: 'customer-notice', dueAt: new Date(Date.now() - 60_000).toISOString(), missedAt: new Date().toISOString(), title: 'Lost laptop' };
    await publish(Topics.breachIncidents, 'br-1', BreachEventTypes.deadlineMissed, missed);
    const reasonEvent = await publish(Topics.breachIncidents, 'br-1', BreachEventTypes.deadlineMissed, { ...missed, reason: 'The customer list was wrong', reasonRecordedAt: new Date().toISOString() });
    // The sentinel comes after the reason on the same partition: once its emails are queued, the reason has been handled.
    const sentinel = await publish(Topics.breachIncidents, 'br-1', BreachEventTypes.deadlineApproaching, { breachId: 'br-1', reference: 'BR-2026-0001', deadline: 'authority-report', dueAt: new Date(Date.now() + 7200_000).toISOString(), remindedAt: new Date().toISOString(), title: 'Lost laptop' });
    await eventually('the sentinel escalation queued', () => deliveries('br-1'), (d) => d.filter((x) => x.sourceEventId === sentinel.id).length === 2);
    expect((await deliveries('br-1')).filter((x) => x.sourceEventId === reasonEvent.id)).toEqual([]);
    const emails = await inbox(responders, 2 + 2 + 2); // approaching (earlier test), missed, sentinel
    expect(emails.filter((e) => e.subject.startsWith('MISSED')).map((e) => e.destination.to[0]).sort()).toEqual([...responders].sort());
  });

  it('catches up a contact stored without its pending notice (the service died after the directory write): the reconcile pass sends it once', async () => {
    await changeEvent(SubprocessorChangeEventTypes.announced, { ...changeData('ch-3'), noticePeriodDays: 30 });
    await eventually('ch-3 queued for the current contacts', () => deliveries('ch-3'), (d) => d.length === 4);
    // Stored as a directory write leaves it when the service dies before the notice is queued.
    const customers = notification.app.get<Model<Customer>>(getModelToken(Customer.name));
    await customers.create({ _id: `unlucky-${stack.runId}`, name: 'Unlucky Ltd', externalId: `unlucky-${stack.runId}`, status: 'active', contacts: [newContact({ name: 'Una', email: at('una') })], createdAt: new Date(), createdBy: 'user:admin' });
    const pending = notification.app.get(PendingNotices);
    expect(await pending.reconcile()).toBe(1);
    expect(await pending.reconcile()).toBe(0); // a second pass finds nothing missing
    const [email] = await inbox([at('una')], 1);
    expect(email.subject).toContain('Iceni Backup');
    expect((await deliveries('ch-3')).filter((d) => d.email === at('una'))).toHaveLength(1);
  });
});
