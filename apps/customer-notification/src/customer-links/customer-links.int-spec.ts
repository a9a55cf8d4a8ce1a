import { buildEvent, CustomerObjectionEventTypes, SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import type { Browser } from 'playwright-core';
import { openBrowser } from '../../../../test/support/browser';
import { emailsTo, eventually, RunningService, TestStack } from '../../../../test/support/test-stack';
import { TopicPosition } from '../../../../test/support/topic-position';
import { ChangeNoticeStates } from '../notices/change-notice-states';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { samples } from '../templates/sample-data';
import { NoticeLinks } from './notice-links';

const DAY = 24 * 3600 * 1000;

/**
 * The customer pages through the real service: links signed by NoticeLinks, change states from
 * real change events on Kafka, objections stored in FerretDB and published on customer.objections.v1.
 */
describe('customer notice pages and objections (real Kafka, FerretDB, Chromium)', () => {
  const stack = new TestStack();
  let notification: RunningService;
  let links: NoticeLinks;
  let customer: { id: string; name: string; contacts: { id: string; email: string }[] };
  /** Distinct events by id: the outbox publishes at least once, and consumers skip repeats by id. */
  const objections: { key: string; type: string; actor: string; data: Record<string, unknown> }[] = [];
  const position = new TopicPosition(stack, Topics.customerObjections);
  const seen = new Set<string>();
  const stopConsumer: (() => Promise<void>)[] = [];

  const start = (extra: Record<string, string> = {}) =>
    stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, {
      NOTICE_PAGE_RATE_LIMIT: '1000',
      ...extra,
    });

  async function now(): Promise<Date> {
    return new Date((await notification.http().post('/internal/test-clock').send({ advanceMs: 0 }).expect(200)).body.now);
  }

  /** A change event as the registry publishes it, straight onto the topic. */
  async function publishChange(type: string, data: Record<string, unknown>, status: 'announced' | 'effective' | 'cancelled'): Promise<void> {
    const producer = stack.kafka().producer();
    await producer.connect();
    const event = buildEvent({ type, source: '/test', subject: String(data.changeId), data, time: new Date(), correlationId: 'c', actor: 'user:test' });
    await producer.send({ topic: stack.topic(Topics.subprocessorChanges), messages: [{ key: String(data.changeId), value: JSON.stringify(event) }] });
    await producer.disconnect();
    const states = notification.app.get(ChangeNoticeStates);
    const state = await eventually(`the change notice ${String(data.changeId)} to be ${status}`, () => states.get(String(data.changeId)), (s) => s?.status === status);
    expect(state?.status).toBe(status);
  }

  async function announce(changeId: string, effectiveAt: Date, summary = samples.changeAnnounced.summary): Promise<void> {
    const { contact: _c, customer: _u, links: _l, ...event } = samples.changeAnnounced;
    await publishChange(
      SubprocessorChangeEventTypes.announced,
      { ...event, changeId, summary, announcedAt: (await now()).toISOString(), effectiveAt: effectiveAt.toISOString() },
      'announced',
    );
  }

  // One expiry for the whole suite, so two tokens for the same change are the same token.
  const expiresAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 365 * DAY);
  const token = (changeId: string, overrides: Partial<{ customerId: string; contactId: string; expiresAt: Date }> = {}) =>
    links.tokenFor({ customerId: customer.id, contactId: customer.contacts[0].id, changeId, expiresAt, ...overrides });

  beforeAll(async () => {
    notification = await start();
    links = notification.app.get(NoticeLinks);
    const admin = await stack.token(['admin']);
    customer = (
      await notification
        .http()
        .post('/api/v1/customers')
        .auth(admin, { type: 'bearer' })
        .send({ name: 'Northwind <Traders>', contacts: [{ name: 'Dana', email: `dana.${stack.runId}@northwind.example` }] })
        .expect(201)
    ).body;

    const consumer = stack.kafka().consumer({ groupId: `objections-${stack.runId}` });
    await consumer.connect();
    await consumer.subscribe({ topic: stack.topic(Topics.customerObjections), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        position.saw(partition, message.offset);
        const event = JSON.parse(message.value!.toString());
        if (seen.has(event.id)) return;
        seen.add(event.id);
        objections.push({ key: message.key!.toString(), type: event.type, actor: event.actor, data: event.data });
      },
    });
    stopConsumer.push(() => consumer.disconnect());
  });

  afterAll(async () => {
    for (const stop of stopConsumer) await stop();
    await stack.stop();
  });

  it('shows the notice as a page, every value escaped, with the objection form and safe headers', async () => {
    const changeId = `page-${stack.runId}`;
    await announce(changeId, new Date((await now()).getTime() + 31 * DAY), 'We add <script>alert(1)</script> a host');
    const t = token(changeId);
    const page = await notification.http().get(`/n/${t}`).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.text).toContain('<html lang="en-GB">');
    expect(page.text).toContain('Change to our subprocessors: UKFast');
    expect(page.text).toContain('We add &lt;script&gt;alert(1)&lt;/script&gt; a host');
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('on behalf of Northwind &lt;Traders&gt;');
    expect(page.text).toMatch(/Where the data is processed<\/th><td[^>]*>United Kingdom/);
    expect(page.text).toContain('<label for="reason">Your reasons for objecting</label>');
    expect(page.text).toContain(`action="/n/${t}/objection"`);
  });

  it('answers a malformed (400), forged (403), expired (410) or wrong-notice (404) link with a page', async () => {
    const changeId = `tokens-${stack.runId}`;
    await announce(changeId, new Date((await now()).getTime() + 31 * DAY));
    const good = token(changeId);
    const forged = `${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`;
    const cases: [string, number, string][] = [
      ['not-a-token', 400, 'This link is not complete'],
      [forged, 403, 'This link does not work'],
      [token(changeId, { expiresAt: new Date(Date.now() - 1000) }), 410, 'This link has expired'],
      [token(`unknown-${stack.runId}`), 404, 'We cannot find this notice'],
      [token(changeId, { contactId: 'someone-else' }), 404, 'We cannot find this notice'],
    ];
    for (const [t, status, heading] of cases) {
      const page = await notification.http().get(`/n/${t}`);
      expect({ status: page.status, type: page.headers['content-type'], heading: page.text.includes(`<h1>${heading}</h1>`) }).toEqual({
        status,
        type: expect.stringMatching(/^text\/html/),
        heading: true,
      });
      const post = await notification.http().post(`/n/${t}/objection`).send({ reason: 'x' });
      expect({ status: post.status, body: post.body }).toEqual({ status, body: { statusCode: status, message: expect.any(String) } });
    }
    expect(objections).toEqual([]);
  });

  it('records one objection per contact and change and publishes objection-received once', async () => {
    const changeId = `object-${stack.runId}`;
    await announce(changeId, new Date((await now()).getTime() + 31 * DAY));
    const t = token(changeId);
    const empty = await notification.http().post(`/n/${t}/objection`).send({ reason: '   ' }).expect(400);
    expect(empty.body.message).toEqual(['reason: please tell us why you object']);
    const emptyForm = await notification.http().post(`/n/${t}/objection`).type('form').send({ reason: '' }).expect(400);
    expect(emptyForm.text).toContain('<strong>There is a problem:</strong> Please tell us why you object.');
    expect(emptyForm.text).toContain('aria-invalid="true"');

    const first = await notification.http().post(`/n/${t}/objection`).send({ reason: 'We cannot accept a new host.' }).expect(201);
    expect(first.body).toEqual({
      objectionId: `${changeId}:${customer.contacts[0].id}`,
      changeId,
      status: 'received',
      receivedAt: expect.any(String),
    });
    const again = await notification.http().post(`/n/${t}/objection`).type('form').send({ reason: 'Second thoughts' }).expect(200);
    expect(again.text).toContain('We already have your objection');
    expect(again.text).toContain('We cannot accept a new host.');

    const published = await eventually(`objection-received for ${changeId} on the topic`, async () => objections.filter((o) => o.key === changeId), (o) => o.length >= 1, 15_000);
    await position.settled(notification); // a second event would be in by now
    expect(objections.filter((o) => o.key === changeId)).toEqual([
      {
        key: changeId,
        type: CustomerObjectionEventTypes.received,
        actor: `contact:${customer.contacts[0].id}`,
        data: {
          objectionId: `${changeId}:${customer.contacts[0].id}`,
          changeId,
          customerId: customer.id,
          customerName: 'Northwind <Traders>',
          contactId: customer.contacts[0].id,
          contactEmail: customer.contacts[0].email,
          reason: 'We cannot accept a new host.',
          receivedAt: first.body.receivedAt,
        },
      },
    ]);
    expect(published).toHaveLength(1);
    const page = await notification.http().get(`/n/${t}`).expect(200);
    expect(page.text).toContain('We received your objection on');
    expect(page.text).not.toContain('<form');
  });

  it('refuses objections once the change is cancelled or effective, or its date has come (409)', async () => {
    const start = await now();
    const { contact: _c, customer: _u, links: _l, ...event } = samples.changeAnnounced;
    const cancelled = `cancelled-${stack.runId}`;
    await announce(cancelled, new Date(start.getTime() + 31 * DAY));
    await publishChange(SubprocessorChangeEventTypes.cancelled, { ...event, changeId: cancelled, cancelledAt: start.toISOString(), reason: 'Not needed' }, 'cancelled');
    const effective = `effective-${stack.runId}`;
    await announce(effective, new Date(start.getTime() + 31 * DAY));
    await publishChange(SubprocessorChangeEventTypes.effective, { ...event, changeId: effective, appliedAt: start.toISOString() }, 'effective');
    const dateCame = `date-came-${stack.runId}`;
    await announce(dateCame, new Date(start.getTime() + 30 * DAY + 60_000));
    await notification.http().post('/internal/test-clock').send({ advanceMs: 30 * DAY + 120_000 }).expect(200);

    for (const [changeId, words] of [
      [cancelled, 'This change was cancelled'],
      [effective, 'This change has taken effect'],
      [dateCame, 'The date of this change has passed'],
    ]) {
      const page = await notification.http().get(`/n/${token(changeId)}`).expect(200);
      expect(page.text).toContain(words);
      expect(page.text).not.toContain('<form');
      const refused = await notification.http().post(`/n/${token(changeId)}/objection`).type('form').send({ reason: 'Too late?' });
      expect({ changeId, status: refused.status }).toEqual({ changeId, status: 409 });
      expect(refused.text).toContain('<h1>Objections to this change are closed</h1>');
    }
    await position.settled(notification);
    expect(objections.filter((o) => [cancelled, effective, dateCame].includes(o.key))).toEqual([]);
  });

  it('lets a contact follow the link in the email at the SES emulator, object in a real browser and see the confirmation', async () => {
    await notification.app.listen(0, '127.0.0.1');
    const base = (await notification.app.getUrl()).replace('[::1]', '127.0.0.1');
    const changeId = `browser-${stack.runId}`;
    await announce(changeId, new Date((await now()).getTime() + 31 * DAY));
    // The contact has had an email for every change of this suite; find the one for this change.
    const linkOfThisChange = async () =>
      (await emailsTo([customer.contacts[0].email]))
        .flatMap((e) => (e.body.text ?? '').match(/https?:\/\/\S+\/n\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g) ?? [])
        .find((url) => links.verify(url.split('/n/')[1]).changeId === changeId);
    const link = await eventually("the notice email with this change's link at the emulator", linkOfThisChange, (l) => l !== undefined, 30_000);
    expect(link).toBeDefined();
    // The email's link names PUBLIC_BASE_URL; this test's service listens on a port of its own.
    const path = new URL(link!).pathname;
    let browser: Browser | undefined;
    try {
      browser = await openBrowser();
      const page = await browser.newPage();
      await page.goto(`${base}${path}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Change to our subprocessors: UKFast');
      await page.getByLabel('Your reasons for objecting').fill('Our contract requires a UK-only host we have vetted.');
      await page.getByRole('button', { name: 'Send objection' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you: we have received your objection');
      expect(await page.getByRole('status').textContent()).toContain('Your objection to the change for UKFast was recorded');
    } finally {
      await browser?.close();
    }
    const published = await eventually(`objection-received for ${changeId} on the topic`, async () => objections.filter((o) => o.key === changeId), (o) => o.length >= 1, 15_000);
    expect(published.map((o) => o.data.reason)).toEqual(['Our contract requires a UK-only host we have vetted.']);
  });

  it('limits each client to NOTICE_PAGE_RATE_LIMIT requests per window (429 page)', async () => {
    const limited = await start({ NOTICE_PAGE_RATE_LIMIT: '3', NOTICE_PAGE_RATE_TTL_MS: '60000' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.http().get('/n/not-a-token')).status);
    expect(statuses).toEqual([400, 400, 400, 429]);
    const page = await limited.http().get('/n/not-a-token').expect(429);
    expect(page.text).toContain('<h1>Too many requests</h1>');
    expect(page.headers['retry-after']).toBeDefined();
    // Staff endpoints are not limited by it.
    await limited.http().get('/health').expect(200);
  });
});
