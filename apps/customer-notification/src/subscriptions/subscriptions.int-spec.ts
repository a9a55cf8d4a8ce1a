import { BreachEventTypes, buildEvent, SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import type { Producer } from 'kafkajs';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { openBrowser } from '../../../../test/support/browser';
import { emailsTo, eventually, RunningService, SesEmail, TestStack } from '../../../../test/support/test-stack';
import { emailJobsDrained } from '../deliveries/testing/sending-fixtures';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { RegistryConfig } from '../../../subprocessor-registry/src/registry.config';
import { registryDescription, RegistryModule } from '../../../subprocessor-registry/src/registry.module';
import { Subscriptions } from './subscriptions.service';

const DAY = 24 * 3600_000;
/** Where the subscription pages send people for the changes announced before they subscribed. */
const LIST_URL = 'https://trust.example/subprocessors';
const linkIn = (email: SesEmail, action: 'confirm' | 'unsubscribe') => {
  const match = new RegExp(`(/subscriptions/${action}/[A-Za-z0-9_.-]+)`).exec(email.body.text ?? '');
  if (!match) throw new Error(`no ${action} link in "${email.subject}"`);
  return match[1];
};

/**
 * The public subscription through the real stack: double opt-in by email, notices through the same
 * sending path as customers' (Kafka jobs, the SES emulator), one-click unsubscribe, and nothing
 * that tells an asker whether an address is subscribed.
 */
describe('public subscription to change notices (real Kafka, FerretDB, SES emulator)', () => {
  const stack = new TestStack();
  const domain = `${stack.runId}.subscribers.example`;
  const reader = `reader@${domain}`;
  const other = `other@${domain}`;
  const dpo = `dpo@${domain}`;
  let notification: RunningService;
  let registry: RunningService;
  let browser: Browser;
  let producer: Producer;
  let admin: string;
  let auditor: string;
  const changeId = `ch-${stack.runId}`;
  const start = Date.now();
  const subprocessor = { id: 'sp-1', name: 'Iceni Backup', category: 'Data hosting services', purpose: 'Off-site backups', dataCategories: ['backups'], locations: ['GB'], transferMechanism: 'UK data only' };
  const change = { changeId, kind: 'addition', subprocessor, summary: 'We add Iceni Backup.', announcedAt: new Date(start).toISOString(), effectiveAt: new Date(start + 45 * DAY).toISOString() };

  const publish = async (topic: string, key: string, type: string, data: object) => {
    const event = buildEvent({ type, source: '/forewarn/test', subject: key, data, time: new Date(), correlationId: 'corr-subscriptions', actor: 'user:tester' });
    await producer.send({ topic: stack.topic(topic), messages: [{ key, value: JSON.stringify(event) }] });
  };
  const subscribe = (email: string) => notification.http().post('/subscriptions').type('form').send({ email });
  const inbox = (address: string) => emailsTo([address]);
  const settled = async (address: string, count: number, what: string) => {
    await eventually(what, () => inbox(address), (e) => e.length >= count);
    await emailJobsDrained(stack); // every job published by now is sent: a late extra email would be in
    const emails = await inbox(address);
    expect([what, emails.length]).toEqual([what, count]);
    return emails;
  };

  beforeAll(async () => {
    notification = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, { SES_MAX_SEND_RATE: '100', PUBLIC_LIST_URL: LIST_URL });
    await notification.app.listen(0, '127.0.0.1');
    const notificationUrl = `http://127.0.0.1:${(notification.app.getHttpServer().address() as AddressInfo).port}`;
    // The public list, whose form posts to the notification service (another origin).
    registry = await stack.start('subprocessor-registry', RegistryConfig, (c) => RegistryModule.register(c), registryDescription, { SUBSCRIPTION_PAGE_URL: `${notificationUrl}/subscriptions` });
    await registry.app.listen(0, '127.0.0.1');
    browser = await openBrowser();
    producer = stack.kafka().producer();
    await producer.connect();
    [admin, auditor] = await Promise.all([stack.token(['admin']), stack.token(['auditor'])]);
    await notification.http().post('/api/v1/customers').auth(admin, { type: 'bearer' }).send({ name: `Acme ${stack.runId}`, contacts: [{ name: 'DPO', email: dpo }] }).expect(201);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await browser?.close();
    await stack.stop();
  });

  it('subscribes from the public list in a browser, confirms by the emailed link (a GET only shows the button), and answers every request alike', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(registry.app.getHttpServer().address() as AddressInfo).port}/subprocessors`);
    await page.getByRole('link', { name: 'Get every change by email' }).click();
    await page.getByLabel('Your email address').fill(reader);
    await page.getByRole('button', { name: 'Subscribe' }).click(); // the list's CSP lets it post to the notification service
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain(`If ${reader} can receive our emails`);
    await page.close();
    expect((await notification.http().get('/subscriptions').expect(200)).text).toContain('<label for="email">Your email address</label>');
    const [confirmation] = await settled(reader, 1, 'the confirmation email');
    expect(confirmation.subject).toBe('Confirm your subscription to changes in our subprocessors');

    // Asked again at once: no second email (at most one per 10 minutes), and the same answer.
    await notification.app.get(Subscriptions).request(reader);
    expect((await subscribe(reader).expect(202)).text).toContain('Check your inbox');
    await settled(reader, 1, 'still one confirmation email');

    const confirmPath = linkIn(confirmation, 'confirm');
    expect((await notification.http().get(confirmPath).expect(200)).text).toContain(`Confirm that ${reader} should be told`);
    const subscribed = (await notification.http().post(confirmPath).expect(200)).text;
    expect(subscribed).toContain('You are subscribed');
    expect(subscribed).toContain(`Changes announced before today are on <a href="${LIST_URL}">our list of subprocessors</a>`);
    expect((await notification.http().post(confirmPath).expect(200)).text).toContain('You are subscribed'); // twice: nothing changes

    // A subscribed address and a new one get the very same answer.
    const known = await subscribe(reader).expect(202);
    const fresh = await subscribe(other).expect(202);
    expect(known.text.replace(reader, 'X')).toBe(fresh.text.replace(other, 'X'));
    await settled(other, 1, "the other address's confirmation");
    await settled(reader, 1, 'no email to the subscribed address');

    const bad = await subscribe('not-an-address').expect(400);
    expect(bad.text).toContain('Enter an email address');
    expect(bad.text).toContain('value="not-an-address"');
    await subscribe(`x@${domain}`).expect(429); // the sixth request from this client in 10 minutes
  });

  it('sends a confirmed subscriber the change notices (not reminders, never breaches), with one-click unsubscribe, and keeps it out of proof of notice', async () => {
    await publish(Topics.subprocessorChanges, changeId, SubprocessorChangeEventTypes.announced, { ...change, noticePeriodDays: 30 });
    const [, notice] = await settled(reader, 2, 'the announcement to the subscriber');
    expect(notice.subject).toBe(`Subprocessor change: Iceni Backup, from ${notice.subject.split(', from ')[1]}`);
    expect(notice.body.text).toContain('We have announced a change to the subprocessors');
    expect(notice.body.text).not.toContain('object');
    const unsubscribePath = linkIn(notice, 'unsubscribe');
    const [customerNotice] = await settled(dpo, 1, "the customer's notice");
    expect(customerNotice.body.text).toContain('Your right to object'.toUpperCase());

    const proof = (await notification.http().get(`/api/v1/proof-of-notice/${changeId}`).auth(auditor, { type: 'bearer' }).expect(200)).body as { contacts: { email: string }[] };
    expect(proof.contacts.map((c) => c.email)).toEqual([dpo]);
    // The change's progress counts the customer's email, and the subscriber's apart.
    type Tally = { total: number; sent: number; pending: number };
    const progress = async () => (await notification.http().get('/api/v1/deliveries/progress').query({ sourceId: changeId }).auth(auditor, { type: 'bearer' }).expect(200)).body as Tally & { subscribers: Tally };
    await eventually('both emails counted as sent', progress, (p) => p.sent === 1 && p.subscribers.sent === 1);
    expect(await progress()).toMatchObject({ total: 1, pending: 0, subscribers: { total: 1, pending: 0 } });

    await publish(Topics.subprocessorChanges, changeId, SubprocessorChangeEventTypes.reminderDue, { ...change, daysBefore: 7 });
    await publish(Topics.breachIncidents, `br-${stack.runId}`, BreachEventTypes.customerNoticeRequested, {
      breachId: `br-${stack.runId}`, reference: 'BR-2026-0099', title: 'Lost laptop', description: 'A laptop was stolen', nature: ['stolen'], dataCategories: ['contact details'],
      specialCategoryData: false, approxDataSubjects: 10, approxRecords: 20, awareAt: new Date().toISOString(), affectedCustomerIds: 'all', contactPoint: 'dpo@forewarn.example', requestedAt: new Date().toISOString(), phase: 'initial',
    });
    await settled(dpo, 3, 'the reminder and the breach notice at the customer');
    await settled(reader, 2, 'neither at the subscriber');

    // One click: what a mail client sends for List-Unsubscribe-Post.
    const page = await notification.http().get(unsubscribePath).expect(200);
    expect(page.text).toContain(`Stop the emails about changes to our subprocessors to ${reader}?`);
    const done = await notification.http().post(unsubscribePath).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(done.text).toContain('You are unsubscribed');

    await publish(Topics.subprocessorChanges, changeId, SubprocessorChangeEventTypes.cancelled, { ...change, cancelledAt: new Date().toISOString(), reason: 'Not needed after all.' });
    await settled(dpo, 4, 'the cancellation at the customer');
    await settled(reader, 2, 'nothing more after unsubscribing');

    const ended = await notification.http().post(linkIn((await inbox(reader))[0], 'confirm')).expect(409);
    expect(ended.text).toContain('This subscription was ended');
    const audit = (await notification.http().get('/api/v1/audit').query({ entityType: 'subscriber' }).auth(auditor, { type: 'bearer' }).expect(200)).body as { action: string; summary: string }[];
    expect(audit.filter((a) => a.summary === reader).map((a) => a.action).sort()).toEqual(['subscription.confirmed', 'subscription.ended', 'subscription.requested']);
  });
});
