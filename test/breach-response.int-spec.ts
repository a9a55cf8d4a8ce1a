import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import { runVerifier } from '@forewarn/evidence/testing/run-verifier';
import { link } from '../apps/breach-response/src/timeline/domain/timeline-chain';
import type { Consumer, Producer } from 'kafkajs';
import { Types, type Connection, type Model } from 'mongoose';
import { BreachEventTypes, buildEvent, DeliveryEventTypes, ForewarnEvent, Topics } from '@forewarn/contracts';
import { requestContext } from '@forewarn/platform';
import { BreachConfig } from '../apps/breach-response/src/breach.config';
import { breachDescription, BreachModule } from '../apps/breach-response/src/breach.module';
import { NoticeDeliveryTally } from '../apps/breach-response/src/deliveries/breach-delivery.schema';
import { binaryBody } from './support/binary-body';
import { openBrowser, pdfText } from './support/browser';
import { eventually, RunningService, TestStack } from './support/test-stack';
import { TopicPosition } from './support/topic-position';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DPO = 'Dana Scully, DPO, dpo@infotek.example, +44 20 7946 0000';

type BreachEvent = ForewarnEvent<Record<string, unknown>>;

/**
 * Breach response through the real Kafka and FerretDB with the test clock: deadlines, escalation
 * timers that fire at their offsets (and survive a restart), missed deadlines, customer notices
 * with the Art. 33(3) content, delivery progress, the hash-chained timeline, reports.
 */
describe('breach response (real Kafka, FerretDB, test clock)', () => {
  const stack = new TestStack();
  const env = { CUSTOMER_NOTICE_SLA_HOURS: '24', ESCALATION_OFFSETS_HOURS: '24,6,1', DPO_CONTACT: DPO, ORGANISATION_NAME: 'Infotek Software Limited', ICO_REGISTRATION_NUMBER: 'ZA123456' };
  let service: RunningService;
  let responder: string;
  let auditor: string;
  let consumer: Consumer;
  let producer: Producer;
  const events: BreachEvent[] = [];
  const position = new TopicPosition(stack, Topics.breachIncidents);

  const start = () => stack.start('breach-response', BreachConfig, (c) => BreachModule.register(c), breachDescription, env);
  const api = () => service.http();

  beforeAll(async () => {
    service = await start();
    [responder, auditor] = await Promise.all([stack.token(['responder']), stack.token(['auditor'])]);
    consumer = stack.kafka().consumer({ groupId: `test-${stack.runId}-watcher` });
    await consumer.connect();
    await consumer.subscribe({ topic: stack.topic(Topics.breachIncidents), fromBeginning: true });
    // Delivery is at-least-once (the outbox may relay an event twice); consumers keep one per event id.
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const event = JSON.parse(message.value!.toString()) as BreachEvent;
        if (!events.some((e) => e.id === event.id)) events.push(event);
        position.saw(partition, message.offset);
      },
    });
    producer = stack.kafka().producer();
    await producer.connect();
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await stack.stop();
  });

  async function now(): Promise<Date> {
    return new Date((await api().post('/internal/test-clock').send({ advanceMs: 0 }).expect(200)).body.now);
  }

  /** Moves the service's clock to `at` (timers due by then have run when this returns). */
  async function advanceTo(at: Date): Promise<void> {
    const ms = at.getTime() - (await now()).getTime();
    if (ms > 0) await api().post('/internal/test-clock').send({ advanceMs: ms }).expect(200);
  }

  const eventsOf = (breachId: string, type: string) => events.filter((e) => e.type === type && e.data.breachId === breachId);

  /**
   * Expects exactly `count` events of `type` for the breach: counted once every event the service
   * has staged so far has reached this test's consumer, so an extra one cannot still be on its way.
   */
  async function expectEvents(breachId: string, type: string, count: number): Promise<BreachEvent[]> {
    await eventually(`${count} ${type} event(s) for breach ${breachId}`, async () => eventsOf(breachId, type).length, (n) => n >= count, 15_000);
    await position.settled(service);
    const found = eventsOf(breachId, type);
    expect(found).toHaveLength(count);
    return found;
  }

  function breachBody(over: Record<string, unknown>) {
    return {
      title: 'Backup disk stolen from a hosting cabinet',
      description: 'An unencrypted backup disk was taken from our rack at the hosting provider.',
      nature: ['stolen'],
      ciaClassification: ['confidentiality', 'availability'],
      dataCategories: ['contact details', 'order history'],
      specialCategoryData: false,
      dataSubjectCategories: ['customers\' end users'],
      approxDataSubjects: 1200,
      approxRecords: 5400,
      cyberIncident: 'no',
      howDiscovered: 'Hosting provider\'s access log review',
      likelyConsequences: 'Phishing aimed at the people whose contact details were on the disk.',
      measures: 'Disk access revoked; backups now encrypted at rest.',
      ...over,
    };
  }

  async function logBreach(over: Record<string, unknown>) {
    const response = await api().post('/api/v1/breaches').auth(responder, { type: 'bearer' }).send(breachBody(over));
    expect(response.status).toBe(201);
    return response.body as { id: string; reference: string; deadlines: Record<string, string>; status: string };
  }

  const getBreach = async (id: string) => (await api().get(`/api/v1/breaches/${id}`).auth(auditor, { type: 'bearer' }).expect(200)).body;
  const move = (id: string, to: string, reason?: string) =>
    api().post(`/api/v1/breaches/${id}/transitions`).auth(responder, { type: 'bearer' }).send({ to, ...(reason ? { reason } : {}) });

  it('keeps its timers across a restart, records a missed deadline and asks for the reason', async () => {
    const awareAt = new Date((await now()).getTime() - HOUR);
    const breach = await logBreach({ awareAt: awareAt.toISOString(), role: 'controller', riskLevel: 'risk', affectedCustomerIds: [] });
    expect(breach.deadlines).toEqual({ authorityReportDueAt: new Date(awareAt.getTime() + 72 * HOUR).toISOString() });

    await stack.stopService(service);
    service = await start();

    const at = (h: number, m = 0) => new Date(awareAt.getTime() + h * HOUR + m * MINUTE);
    await advanceTo(at(48, -1));
    await expectEvents(breach.id, BreachEventTypes.deadlineApproaching, 0);
    for (const [hours, count] of [[48, 1], [66, 2], [71, 3]] as const) {
      await advanceTo(at(hours, 1));
      const reminders = await expectEvents(breach.id, BreachEventTypes.deadlineApproaching, count);
      expect(reminders.at(-1)!.data).toMatchObject({ deadline: 'authority-report', hoursBefore: 72 - hours, title: breach.reference ? expect.any(String) : '' });
    }
    await expectEvents(breach.id, BreachEventTypes.deadlineMissed, 0);
    await advanceTo(at(72, 1));
    const [missed] = await expectEvents(breach.id, BreachEventTypes.deadlineMissed, 1);
    expect(missed.data).toMatchObject({ deadline: 'authority-report', dueAt: at(72).toISOString() });
    expect(missed.data.reason).toBeUndefined();

    const asking = await getBreach(breach.id);
    expect(asking.clocks).toEqual([expect.objectContaining({ kind: 'authority-report', met: false, reasonRequired: true, missedAt: expect.any(String) })]);

    await api().post(`/api/v1/breaches/${breach.id}/deadlines/authority-report/missed-reason`).auth(responder, { type: 'bearer' }).send({}).expect(400);
    await api()
      .post(`/api/v1/breaches/${breach.id}/deadlines/authority-report/missed-reason`)
      .auth(responder, { type: 'bearer' })
      .send({ reason: 'The forensic report confirming personal data arrived late.' })
      .expect(200);
    const [, withReason] = await expectEvents(breach.id, BreachEventTypes.deadlineMissed, 2);
    expect(withReason.data).toMatchObject({ reason: 'The forensic report confirming personal data arrived late.' });
    expect((await getBreach(breach.id)).clocks[0]).toMatchObject({ reasonRequired: false, missedReason: expect.stringContaining('forensic') });

    // A late report to the ICO takes the recorded reason; the register shows it.
    await api().post(`/api/v1/breaches/${breach.id}/authority-notifications`).auth(responder, { type: 'bearer' }).send({ icoReference: 'IC-0001-X' }).expect(201);
    const row = (await api().get('/api/v1/breach-register').auth(auditor, { type: 'bearer' }).expect(200)).body.find((r: { reference: string }) => r.reference === breach.reference);
    expect(row).toMatchObject({ decision: 'reported to the ICO', icoReference: 'IC-0001-X', decisionReason: expect.stringContaining('reported late') });
  });

  it('walks a breach from report to closed: clocks, escalations, customer notice with Art. 33(3) content, delivery progress', async () => {
    const awareAt = new Date((await now()).getTime() - HOUR);
    const at = (h: number, m = 0) => new Date(awareAt.getTime() + h * HOUR + m * MINUTE);
    const breach = await logBreach({ awareAt: awareAt.toISOString(), role: 'both', riskLevel: 'high', affectedCustomerIds: ['cust-acme', 'cust-globex'] });
    expect(breach).toMatchObject({ status: 'reported', reference: expect.stringMatching(/^BR-\d{4}-\d{4}$/) });
    expect(breach.deadlines).toEqual({ authorityReportDueAt: at(72).toISOString(), customerNoticeDueAt: at(24).toISOString() });
    const [reported] = await expectEvents(breach.id, BreachEventTypes.reported, 1);
    expect(reported.data).toMatchObject({ reference: breach.reference, deadlines: breach.deadlines });
    // The same breach under its reference.
    expect((await getBreach(breach.reference)).id).toBe(breach.id);

    await move(breach.id, 'triaged').expect(200);
    await move(breach.id, 'contained').expect(200);

    // Customer notice due at 24 h: its 24 h reminder is already past, the 6 h one fires at 18 h.
    await advanceTo(at(18, -1));
    await expectEvents(breach.id, BreachEventTypes.deadlineApproaching, 0);
    await advanceTo(at(18, 1));
    const [sixHours] = await expectEvents(breach.id, BreachEventTypes.deadlineApproaching, 1);
    expect(sixHours.data).toMatchObject({ deadline: 'customer-notice', hoursBefore: 6, dueAt: at(24).toISOString() });

    const notice = await api()
      .post(`/api/v1/breaches/${breach.id}/customer-notices`)
      .auth(responder, { type: 'bearer' })
      .send({ message: 'We will write again when the investigation ends.' })
      .expect(202);
    expect(notice.body).toMatchObject({ noticeId: `${breach.reference}-N1`, phase: 'initial' });
    const [requested] = await expectEvents(breach.id, BreachEventTypes.customerNoticeRequested, 1);
    expect(requested.id).toBe(notice.body.eventId);
    expect(requested.data).toMatchObject({
      noticeId: `${breach.reference}-N1`,
      phase: 'initial',
      nature: ['stolen'],
      dataCategories: ['contact details', 'order history'],
      dataSubjectCategories: ['customers\' end users'],
      approxDataSubjects: 1200,
      approxRecords: 5400,
      contactPoint: DPO,
      likelyConsequences: expect.stringContaining('Phishing'),
      measures: expect.stringContaining('encrypted'),
      affectedCustomerIds: ['cust-acme', 'cust-globex'],
      message: 'We will write again when the investigation ends.',
    });

    // Requested is not told: until SES accepts an email for a customer, the customer is still owed.
    const requestedOnly = await getBreach(breach.id);
    expect(requestedOnly.openProblems.map((p: { customerId: string }) => p.customerId).sort()).toEqual(['cust-acme', 'cust-globex']);
    // Delivery progress, as the notification service reports it (one event redelivered).
    const delivery = (type: string, deliveryId: string, customerId: string, extra: Record<string, unknown>) =>
      buildEvent({
        type,
        source: '/forewarn/customer-notification',
        subject: requested.id,
        time: new Date(),
        correlationId: 'test',
        actor: 'system:customer-notification',
        data: { deliveryId, sourceType: 'breach', sourceId: breach.id, sourceEventId: requested.id, customerId, contactId: `${deliveryId}-contact`, ...extra },
      });
    const sent = (id: string, customerId: string) =>
      delivery(DeliveryEventTypes.sent, id, customerId, { email: `${id}@customer.example`, template: 'breach-notice', templateVersion: 1, sesMessageId: `ses-${id}`, sentAt: new Date().toISOString() });
    const outcome = (type: string, id: string, customerId: string) => delivery(type, id, customerId, { sesMessageId: `ses-${id}`, at: new Date().toISOString() });
    const sentA = sent('d1', 'cust-acme');
    await producer.send({
      topic: stack.topic(Topics.notificationDeliveries),
      messages: [sentA, sentA, sent('d2', 'cust-acme'), sent('d3', 'cust-globex'), outcome(DeliveryEventTypes.delivered, 'd1', 'cust-acme'), outcome(DeliveryEventTypes.bounced, 'd3', 'cust-globex')].map(
        (e) => ({ key: requested.id, value: JSON.stringify(e) }),
      ),
    });
    const withProgress = await eventually(
      "delivery progress on the breach's notice",
      () => getBreach(breach.id),
      (b) => b.customerNotices[0].deliveries.sent === 3 && b.customerNotices[0].deliveries.bounced === 1 && b.customerNotices[0].deliveries.delivered === 1,
    );
    expect(withProgress.customerNotices[0].deliveries).toEqual({ sent: 3, delivered: 1, bounced: 1, complained: 0, failed: 0, customers: 2, contacts: 3 });
    expect(withProgress.openProblems).toEqual([]);
    expect(withProgress.obligations.filter((o: { kind: string }) => o.kind === 'customer').map((o: { status: string }) => o.status)).toEqual(['sent', 'sent']);

    // SES accepted an email for each customer: the deadline is met, its 1 h reminder and its deadline stay silent.
    await advanceTo(at(24, 1));
    await expectEvents(breach.id, BreachEventTypes.deadlineApproaching, 1);
    await expectEvents(breach.id, BreachEventTypes.deadlineMissed, 0);

    // Still owed: the ICO and, at high risk, the data subjects; notified is refused until then.
    const refused = await move(breach.id, 'notified').expect(409);
    expect(refused.body).toMatchObject({ allowed: [], message: expect.stringContaining('not every required notification') });
    await advanceTo(at(48, 1));
    const authorityReminder = (await expectEvents(breach.id, BreachEventTypes.deadlineApproaching, 2)).at(-1)!;
    expect(authorityReminder.data).toMatchObject({ deadline: 'authority-report', hoursBefore: 24 });
    await api().post(`/api/v1/breaches/${breach.id}/authority-notifications`).auth(responder, { type: 'bearer' }).send({ icoReference: 'IC-7777-B' }).expect(201);
    await api().post(`/api/v1/breaches/${breach.id}/data-subject-notifications`).auth(responder, { type: 'bearer' }).send({ summary: 'Emailed every affected person with advice on phishing.' }).expect(201);
    await advanceTo(at(72, 1));
    await expectEvents(breach.id, BreachEventTypes.deadlineApproaching, 2);
    await expectEvents(breach.id, BreachEventTypes.deadlineMissed, 0);

    await move(breach.id, 'notified').expect(200);
    const closed = await move(breach.id, 'closed').expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', allowedTransitions: [] });
    expect((await expectEvents(breach.id, BreachEventTypes.closed, 1))[0].data).toMatchObject({ outcome: 'closed' });

    const view = await getBreach(breach.id);
    expect(view.obligations.map((o: { key: string; status: string }) => [o.key, o.status])).toEqual([
      ['authority', 'sent'],
      ['customer:cust-acme', 'sent'],
      ['customer:cust-globex', 'sent'],
      ['data-subjects', 'sent'],
    ]);
    const timeline = (await api().get(`/api/v1/breaches/${breach.id}/timeline`).auth(auditor, { type: 'bearer' }).expect(200)).body as { kind: string; actor: string }[];
    expect(timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['reported', 'status', 'deadline-approaching', 'notice', 'notification']),
    );
    expect(timeline[0].actor).toBe('user:tester');
    expect((await api().get(`/api/v1/breaches/${breach.id}/timeline/verify`).auth(auditor, { type: 'bearer' }).expect(200)).body).toMatchObject({ valid: true });

    // Every write is in the audit trail with who caused it: a responder, a timer, the event consumed.
    const audit = await eventually(
      "the breach's audit entries",
      async () => (await api().get(`/api/v1/audit?entityType=breach&entityId=${breach.id}&limit=500`).auth(auditor, { type: 'bearer' }).expect(200)).body as { action: string; actor: string }[],
      (entries) => entries.some((e) => e.action === 'breach.transitioned' && e.actor === 'user:tester' && entries.length >= 12),
    );
    const actions = audit.map((e) => `${e.action} by ${e.actor}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'breach.reported by user:tester',
        'breach.transitioned by user:tester',
        'breach.customer-notice-requested by user:tester',
        'breach.authority-notified by user:tester',
        'breach.deadline-approaching by system:breach-response',
        'breach.delivery-bounced by system:customer-notification',
      ]),
    );
  });

  it('counts a delivery step once when its handler failed after storing it and ran again', async () => {
    const breach = await logBreach({ role: 'processor', affectedCustomerIds: ['cust-retry'], awareAt: (await now()).toISOString() });
    const notice = (await api().post(`/api/v1/breaches/${breach.id}/customer-notices`).auth(responder, { type: 'bearer' }).send({}).expect(202)).body;
    const tallies = service.app.get<Model<NoticeDeliveryTally>>(getModelToken(NoticeDeliveryTally.name));
    // The consumer's first try stores the step and its marks, then loses the database before counting.
    const read = tallies.findById.bind(tallies);
    let failures = 0;
    const failOnce = jest.spyOn(tallies, 'findById').mockImplementation(((...args: Parameters<typeof read>) => {
      if (failures === 0 && requestContext.current()?.actor === 'system:customer-notification') {
        failures++;
        throw new Error('the database went away');
      }
      return read(...args);
    }) as never);
    const step = (type: string, extra: Record<string, unknown>) => ({
      key: notice.eventId,
      value: JSON.stringify(
        buildEvent({
          type,
          source: '/forewarn/customer-notification',
          subject: notice.eventId,
          time: new Date(),
          correlationId: 'test',
          actor: 'system:customer-notification',
          data: { deliveryId: 'retry-d1', sourceType: 'breach', sourceId: breach.id, sourceEventId: notice.eventId, customerId: 'cust-retry', contactId: 'retry-contact', sesMessageId: 'ses-retry', ...extra },
        }),
      ),
    });
    await producer.send({
      topic: stack.topic(Topics.notificationDeliveries),
      messages: [
        step(DeliveryEventTypes.sent, { email: 'retry@customer.example', template: 'breach-notice', templateVersion: 1, sentAt: new Date().toISOString() }),
        step(DeliveryEventTypes.delivered, { at: new Date().toISOString() }), // the sentinel: handled after the retried one
      ],
    });
    const counted = await eventually('the delivered step counted', () => getBreach(breach.id), (b) => b.customerNotices[0].deliveries.delivered === 1);
    expect(failures).toBe(1);
    failOnce.mockRestore();
    expect(counted.customerNotices[0].deliveries).toEqual({ sent: 1, delivered: 1, bounced: 0, complained: 0, failed: 0, customers: 1, contacts: 1 });
    const audit = (await api().get('/api/v1/audit').query({ entityId: breach.id }).auth(auditor, { type: 'bearer' }).expect(200)).body as { action: string }[];
    expect(audit.filter((e) => e.action.startsWith('breach.delivery-')).map((e) => e.action).sort()).toEqual(['breach.delivery-delivered', 'breach.delivery-sent']);
  });

  it('raises an Art. 34 duty only where the company is controller; takes an Art. 34(3) exemption with its reason', async () => {
    const awareAt = (await now()).toISOString();
    // Processor only, high risk: the controllers decide; telling the customers is all that holds the breach open.
    const processed = await logBreach({ awareAt, role: 'processor', riskLevel: 'high', affectedCustomerIds: ['cust-initech'] });
    await move(processed.id, 'triaged').expect(200);
    await move(processed.id, 'contained').expect(200);
    expect((await getBreach(processed.id)).art34).toEqual({ duty: 'controllers', summary: expect.stringContaining('controllers (our customers) decide on Art. 34') });
    const notOurs = await api().post(`/api/v1/breaches/${processed.id}/data-subject-notifications`).auth(responder, { type: 'bearer' }).send({ summary: 'Email to users' }).expect(409);
    expect(notOurs.body.message).toMatch(/processor only/);
    await api().post(`/api/v1/breaches/${processed.id}/art34-exemption`).auth(responder, { type: 'bearer' }).send({ ground: 'data-unintelligible', reason: 'encrypted' }).expect(409);
    const notice = await api().post(`/api/v1/breaches/${processed.id}/customer-notices`).auth(responder, { type: 'bearer' }).send({}).expect(202);
    const accepted = buildEvent({
      type: DeliveryEventTypes.sent,
      source: '/forewarn/customer-notification',
      subject: notice.body.eventId,
      time: new Date(),
      correlationId: 'test',
      actor: 'system:customer-notification',
      data: {
        deliveryId: `art34-${processed.id}`,
        sourceType: 'breach',
        sourceId: processed.id,
        sourceEventId: notice.body.eventId,
        customerId: 'cust-initech',
        contactId: 'c-1',
        email: 'dpo@initech.example',
        template: 'breach-notice',
        templateVersion: 1,
        sesMessageId: `ses-art34-${processed.id}`,
        sentAt: new Date().toISOString(),
      },
    });
    await producer.send({ topic: stack.topic(Topics.notificationDeliveries), messages: [{ key: notice.body.eventId, value: JSON.stringify(accepted) }] });
    await eventually('the customer reached', () => getBreach(processed.id), (b) => b.allowedTransitions.includes('notified'));
    const notified = (await move(processed.id, 'notified').expect(200)).body;
    expect(notified.obligations.map((o: { kind: string }) => o.kind)).toEqual(['customer']);

    // Controller, high risk: the data subjects are owed a notice, or an exemption with its reason.
    const own = await logBreach({ awareAt, role: 'controller', riskLevel: 'high', affectedCustomerIds: [], measuresAfter: 'Keys rotated; the disk wiped remotely.' });
    await move(own.id, 'triaged').expect(200);
    await move(own.id, 'contained').expect(200);
    await api().post(`/api/v1/breaches/${own.id}/authority-notifications`).auth(responder, { type: 'bearer' }).send({ icoReference: 'IC-1-A' }).expect(201);
    expect((await move(own.id, 'notified').expect(409)).body.message).toMatch(/not every required notification/);
    const missing = await api().post(`/api/v1/breaches/${own.id}/art34-exemption`).auth(responder, { type: 'bearer' }).send({ ground: 'disproportionate-effort', reason: 'No contact details are held' }).expect(400);
    expect(missing.body.message).toContain('publicCommunication is required (not blank) when the ground is disproportionate-effort');
    const exempt = await api()
      .post(`/api/v1/breaches/${own.id}/art34-exemption`)
      .auth(auditor, { type: 'bearer' })
      .send({ ground: 'data-unintelligible', reason: 'x' });
    expect(exempt.status).toBe(403);
    const recorded = (
      await api()
        .post(`/api/v1/breaches/${own.id}/art34-exemption`)
        .auth(responder, { type: 'bearer' })
        .send({ ground: 'disproportionate-effort', reason: 'No contact details are held', publicCommunication: 'Notice on our home page from 3 March' })
        .expect(200)
    ).body;
    expect(recorded.art34).toMatchObject({ duty: 'ours', exemption: { ground: 'disproportionate-effort', recordedBy: expect.stringMatching(/^user:/) }, summary: expect.stringContaining('Art. 34(3)(c)') });
    expect(recorded.obligations.find((o: { kind: string }) => o.kind === 'data-subjects').status).toBe('exempt');
    await move(own.id, 'notified').expect(200);
    const timeline = (await api().get(`/api/v1/breaches/${own.id}/timeline`).auth(auditor, { type: 'bearer' }).expect(200)).body as { kind: string }[];
    expect(timeline.map((e) => e.kind)).toContain('art34-exemption');

    // The register carries the facts, the remedial action and the Art. 34 decision (Art. 33(5)).
    const register = (await api().get('/api/v1/breach-register').auth(auditor, { type: 'bearer' }).expect(200)).body as Record<string, string>[];
    expect(register.find((r) => r.reference === own.reference)).toMatchObject({
      description: expect.stringContaining('unencrypted backup disk'),
      measuresAfter: 'Keys rotated; the disk wiped remotely.',
      dataSubjectsDecision: expect.stringContaining('Public communication: Notice on our home page from 3 March'),
    });
    expect(register.find((r) => r.reference === processed.reference)!.dataSubjectsDecision).toMatch(/controllers \(our customers\) decide/);
  });

  it('refuses invalid moves with 409 and the allowed states, and needs a reason for not-a-breach', async () => {
    const breach = await logBreach({ role: 'processor', affectedCustomerIds: 'all' });
    expect(breach.deadlines).toEqual({});
    const skipped = await move(breach.id, 'closed').expect(409);
    expect(skipped.body).toMatchObject({ statusCode: 409, allowed: ['triaged', 'not-a-breach'] });
    await move(breach.id, 'triaged').expect(200);
    const unaware = await move(breach.id, 'contained').expect(409);
    expect(unaware.body).toMatchObject({ allowed: ['not-a-breach'], message: expect.stringContaining('awareAt') });
    const noReason = await move(breach.id, 'not-a-breach').expect(400);
    expect(JSON.stringify(noReason.body.message)).toContain('reason');
    await move(breach.id, 'not-a-breach', 'The laptop was encrypted and the key was not lost.').expect(200);
    await move(breach.id, 'triaged').expect(409);

    const register = await api().get('/api/v1/breach-register').auth(auditor, { type: 'bearer' }).expect(200);
    expect(register.body.find((r: { reference: string }) => r.reference === breach.reference)).toMatchObject({
      decision: 'not a personal data breach',
      decisionReason: 'The laptop was encrypted and the key was not lost.',
    });
    const csv = await api().get('/api/v1/breach-register?format=csv').auth(auditor, { type: 'bearer' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toMatch(/^reference,title,status,/);
    expect(csv.text).toContain(`${breach.reference},`);
    expect(csv.text).toContain('not a personal data breach');
  });

  it('recomputes deadlines when awareAt and role change', async () => {
    const breach = await logBreach({ role: 'processor', affectedCustomerIds: ['c1'] });
    const awareAt = new Date((await now()).getTime() - 2 * HOUR);
    const patched = await api()
      .patch(`/api/v1/breaches/${breach.id}`)
      .auth(responder, { type: 'bearer' })
      .send({ awareAt: awareAt.toISOString(), role: 'both' })
      .expect(200);
    expect(patched.body.deadlines).toEqual({
      authorityReportDueAt: new Date(awareAt.getTime() + 72 * HOUR).toISOString(),
      customerNoticeDueAt: new Date(awareAt.getTime() + 24 * HOUR).toISOString(),
    });
    await expectEvents(breach.id, BreachEventTypes.assessed, 1);
    // Moving awareness an hour later moves the customer reminder with it.
    const later = new Date(awareAt.getTime() + HOUR);
    await api().patch(`/api/v1/breaches/${breach.id}`).auth(responder, { type: 'bearer' }).send({ awareAt: later.toISOString() }).expect(200);
    await advanceTo(new Date(awareAt.getTime() + 18 * HOUR + MINUTE));
    await expectEvents(breach.id, BreachEventTypes.deadlineApproaching, 0);
    await advanceTo(new Date(later.getTime() + 18 * HOUR + MINUTE));
    const [reminder] = await expectEvents(breach.id, BreachEventTypes.deadlineApproaching, 1);
    expect(reminder.data).toMatchObject({ deadline: 'customer-notice', dueAt: new Date(later.getTime() + 24 * HOUR).toISOString() });
  });

  it('names the first timeline entry tampered with in the database', async () => {
    const breach = await logBreach({ role: 'controller', affectedCustomerIds: [] });
    for (const text of ['Disk reported missing by the hosting provider', 'Police informed']) {
      await api().post(`/api/v1/breaches/${breach.id}/timeline`).auth(responder, { type: 'bearer' }).send({ text }).expect(201);
    }
    expect((await api().get(`/api/v1/breaches/${breach.id}/timeline/verify`).auth(auditor, { type: 'bearer' }).expect(200)).body).toMatchObject({
      valid: true,
      entries: 3,
      chain: { valid: true, entries: 3 },
      publishedHeads: { valid: true, heads: expect.any(Number) },
    });
    const db = service.app.get<Connection>(getConnectionToken());
    await db.collection('timeline_entries').updateOne({ _id: `${breach.id}:000002` as never }, { $set: { text: 'Nothing was missing' } });
    const verdict = await api().get(`/api/v1/breaches/${breach.id}/timeline/verify`).auth(auditor, { type: 'bearer' }).expect(200);
    expect(verdict.body).toMatchObject({ valid: false, brokenAt: 2, brokenEntryId: `${breach.id}:000002` });
  });

  it('reports a deleted entry, a deleted tail and a rewritten suffix, with the entries after a gap still listed', async () => {
    const db = service.app.get<Connection>(getConnectionToken());
    const entries = db.collection('timeline_entries');
    const verify = async (id: string) => (await api().get(`/api/v1/breaches/${id}/timeline/verify`).auth(auditor, { type: 'bearer' }).expect(200)).body;
    const withNotes = async (count: number) => {
      const breach = await logBreach({ role: 'controller', affectedCustomerIds: [] });
      for (let i = 1; i <= count; i++) await api().post(`/api/v1/breaches/${breach.id}/timeline`).auth(responder, { type: 'bearer' }).send({ text: `Note ${i}` }).expect(201);
      expect(await verify(breach.id)).toMatchObject({ valid: true, entries: count + 1 });
      return breach.id as string;
    };

    const gap = await withNotes(3);
    await entries.deleteOne({ _id: `${gap}:000002` as never });
    expect(await verify(gap)).toMatchObject({ valid: false, brokenAt: 2, reason: 'entry 2 is missing', entries: 3 });
    const listed = (await api().get(`/api/v1/breaches/${gap}/timeline`).auth(auditor, { type: 'bearer' }).expect(200)).body as { seq: number }[];
    expect(listed.map((e) => e.seq)).toEqual([1, 3, 4]);

    const tail = await withNotes(3);
    await entries.deleteMany({ _id: { $in: [`${tail}:000003`, `${tail}:000004`] as never[] } });
    expect(await verify(tail)).toMatchObject({ valid: false, brokenAt: 3, reason: expect.stringContaining('3 to 4 are missing') });

    // A forger who rewrites the last entries and recomputes their hashes keeps the chain consistent; the head on the breach gives it away.
    const rewritten = await withNotes(2);
    const stored = await entries.findOne({ _id: `${rewritten}:000003` as never });
    const forged = link(
      await entries.findOne({ _id: `${rewritten}:000002` as never }).then((e) => ({ seq: e!.seq as number, hash: e!.hash as string })),
      { breachId: rewritten, entryId: stored!.entryId, at: stored!.at, actor: stored!.actor, kind: stored!.kind, text: 'Nothing happened' },
    );
    await entries.replaceOne({ _id: `${rewritten}:000003` as never }, { ...forged });
    expect(await verify(rewritten)).toMatchObject({ valid: false, brokenAt: 3, reason: expect.stringContaining('rewritten') });
  });

  it('publishes every new chain head and audits it, so a chain rewritten whole in the database is reported', async () => {
    const db = service.app.get<Connection>(getConnectionToken());
    const entries = db.collection('timeline_entries');
    const breach = await logBreach({ role: 'controller', affectedCustomerIds: [] });
    let timeline: { seq: number; hash: string }[] = [];
    for (const text of ['Laptop reported stolen', 'Remote wipe confirmed']) {
      timeline = (await api().post(`/api/v1/breaches/${breach.id}/timeline`).auth(responder, { type: 'bearer' }).send({ text }).expect(201)).body;
    }
    const last = timeline.at(-1)!;
    // The head is on the topic (under an id of its own, the same on every redelivery) and in the audit trail.
    const [published] = await eventually(
      'the last head published',
      async () => eventsOf(breach.id, BreachEventTypes.timelineHeadRecorded).filter((e) => e.data.seq === last.seq),
      (found) => found.length > 0,
    );
    expect(published).toMatchObject({ id: `${breach.id}:timeline-head:${last.seq}`, data: { breachId: breach.id, seq: last.seq, hash: last.hash } });
    const audited = (await api().get(`/api/v1/audit?entityType=breach&entityId=${breach.id}`).auth(auditor, { type: 'bearer' }).expect(200)).body as { action: string; changes: unknown }[];
    expect(audited.filter((e) => e.action === 'breach.timeline-head-recorded').map((e) => e.changes)).toContainEqual({ seq: last.seq, hash: last.hash });

    // A forger rewrites every entry from the first, recomputes every hash and the head on the breach: the chain holds together.
    const stored = (await entries.find({ _id: { $in: timeline.map((e) => `${breach.id}:${String(e.seq).padStart(6, '0')}`) as never[] } }).toArray()).sort((a, b) => a.seq - b.seq);
    let forged: ReturnType<typeof link> | undefined;
    for (const entry of stored) {
      forged = link(forged, { breachId: breach.id, entryId: entry.entryId, at: entry.at, actor: entry.actor, kind: entry.kind, text: entry.seq === 2 ? 'Laptop found in the office' : entry.text });
      await entries.replaceOne({ _id: entry._id }, { ...forged });
    }
    await db.collection('breaches').updateOne({ _id: new Types.ObjectId(breach.id) as never }, { $set: { timelineHead: { seq: forged!.seq, hash: forged!.hash } } });
    const verdict = (await api().get(`/api/v1/breaches/${breach.id}/timeline/verify`).auth(auditor, { type: 'bearer' }).expect(200)).body;
    expect(verdict.chain).toEqual({ valid: true, entries: 3 });
    expect(verdict).toMatchObject({
      valid: false,
      brokenAt: 2,
      brokenEntryId: `${breach.id}:000002`,
      publishedHeads: { valid: false, brokenAt: 2, reason: expect.stringContaining('rewritten') },
    });
  });

  it('downloads a breach\'s evidence as a signed bundle that verifies offline, and names the file a changed byte is in', async () => {
    const breach = await logBreach({ role: 'both', riskLevel: 'risk', affectedCustomerIds: ['cust-acme'], awareAt: (await now()).toISOString() });
    await api().post(`/api/v1/breaches/${breach.id}/timeline`).auth(responder, { type: 'bearer' }).send({ text: 'Forensics engaged' }).expect(201);
    await api().post(`/api/v1/breaches/${breach.id}/customer-notices`).auth(responder, { type: 'bearer' }).send({}).expect(202);
    const download = await api().get(`/api/v1/breaches/${breach.reference}/evidence-bundle`).auth(auditor, { type: 'bearer' }).buffer(true).parse(binaryBody).expect(200);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(download.headers['content-disposition']).toContain(`${breach.reference}-evidence.zip`);
    const key = (await api().get('/.well-known/forewarn-evidence-key').expect(200)).body as { algorithm: string; keyId: string; publicKeyPem: string };
    expect(key).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    writeFileSync(join(dir, 'key.pem'), key.publicKeyPem);
    writeFileSync(join(dir, 'bundle.zip'), download.body as Buffer);
    const verified = await runVerifier(join(dir, 'bundle.zip'), '--key', join(dir, 'key.pem'));
    expect(verified.code).toBe(0);
    for (const file of ['authority-report.pdf', 'authority-report.json', 'breach.json', 'customer-notices.json', 'deadlines.json', 'timeline.json', 'timeline-verification.json', 'register-row.json', 'audit-entries.json']) {
      expect(verified.out).toContain(`ok   ${file}`);
    }
    expect(verified.out).toContain(`VERIFIED: breach ${breach.reference}, 9 files`);
    // The audit entries are the breach's own, and the download itself is audited.
    const audited = (await api().get(`/api/v1/audit?entityType=breach&entityId=${breach.id}`).auth(auditor, { type: 'bearer' }).expect(200)).body as { action: string }[];
    expect(audited.map((e) => e.action)).toEqual(expect.arrayContaining(['breach.reported', 'breach.customer-notice-requested', 'breach.evidence-bundle-generated']));

    // One byte of the stored PDF changed: the verifier names that file and no other.
    const zip = Buffer.from(download.body as Buffer);
    const name = Buffer.from('authority-report.pdf');
    const header = zip.indexOf(Buffer.from('PK\x03\x04', 'latin1')); // the first local file header
    expect(zip.subarray(header + 30, header + 30 + name.length).equals(name)).toBe(true);
    zip[header + 30 + name.length + zip.readUInt16LE(header + 28) + 10] ^= 0x01;
    writeFileSync(join(dir, 'tampered.zip'), zip);
    const tampered = await runVerifier(join(dir, 'tampered.zip'), '--key', join(dir, 'key.pem'));
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/FAIL authority-report\.pdf/);
    expect(tampered.out.match(/^FAIL/gm)).toHaveLength(1);
  });

  it('answers bad input with 400s naming the field, impossible dates with 422, and unknown ids with 404', async () => {
    const bad = await api().post('/api/v1/breaches').auth(responder, { type: 'bearer' }).send(breachBody({ role: 'owner', approxRecords: -1, affectedCustomerIds: 'some' }));
    expect(bad.status).toBe(400);
    const message = JSON.stringify(bad.body.message);
    for (const field of ['role', 'approxRecords', 'affectedCustomerIds']) expect(message).toContain(field);
    const future = new Date((await now()).getTime() + HOUR).toISOString();
    const tooSoon = await api().post('/api/v1/breaches').auth(responder, { type: 'bearer' }).send(breachBody({ role: 'controller', affectedCustomerIds: [], awareAt: future }));
    expect(tooSoon.status).toBe(422);
    expect(JSON.stringify(tooSoon.body.message)).toContain('awareAt');
    for (const id of ['not-an-id', '0123456789abcdef01234567', 'BR-1999-0001']) {
      await api().get(`/api/v1/breaches/${id}`).auth(auditor, { type: 'bearer' }).expect(404);
    }
    await api().post('/api/v1/breaches').auth(auditor, { type: 'bearer' }).send(breachBody({ role: 'controller', affectedCustomerIds: [] })).expect(403);

    const openapi = (await api().get('/openapi.json').expect(200)).body;
    expect(Object.keys(openapi.paths['/api/v1/breaches/{id}/transitions'].post.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409']);
    expect(openapi.paths['/api/v1/breaches/{id}/customer-notices'].post.responses).toHaveProperty('202');
    // Times of things already done are refused in the future, and the document says so (found by the fuzzer).
    for (const path of ['/api/v1/breaches/{id}/data-subject-notifications', '/api/v1/breaches/{id}/authority-notifications']) {
      expect(openapi.paths[path].post.responses).toHaveProperty('422');
    }
  });

  it('prints the authority report in the ICO form\'s sections, unknowns marked', async () => {
    const breach = await logBreach({
      role: 'controller',
      riskLevel: 'risk',
      affectedCustomerIds: [],
      howDiscovered: undefined,
      awareAt: (await now()).toISOString(),
      reporter: { name: 'Sam Patel', role: 'Head of Security', email: 'sam.patel@infotek.example', phone: '+44 20 7946 0001' },
      staffTrained: 'yes',
      crossBorderProcessing: 'yes',
      leadAuthority: 'Information Commissioner\'s Office (UK)',
      otherAuthorities: [{ authority: 'Data Protection Commission', country: 'IE', status: 'will-tell', reference: 'DPC-77' }],
      otherBodies: [{ body: 'action-fraud', reference: 'NFRC-2026-0042' }],
    });
    const json = await api().get(`/api/v1/breaches/${breach.id}/authority-report`).auth(auditor, { type: 'bearer' }).expect(200);
    expect(json.body.sections.map((s: { title: string }) => s.title)).toEqual([
      'About your report',
      'About the breach',
      'Personal data placed at risk',
      'Containment and recovery',
      'Informing others',
      'About you',
    ]);
    const fields = json.body.sections.flatMap((s: { fields: unknown[] }) => s.fields) as { label: string; value: string; known: boolean }[];
    expect(fields.find((f) => f.label === 'How the breach was discovered')).toEqual(expect.objectContaining({ value: 'Not yet known', known: false }));
    expect(fields.find((f) => f.label.startsWith('Data protection officer'))).toEqual(expect.objectContaining({ value: DPO, known: true }));
    const valueOf = (label: string) => fields.find((f) => f.label === label)?.value;
    expect(valueOf('ICO registration number')).toBe('ZA123456');
    expect(valueOf('Name of the person reporting')).toBe('Sam Patel');
    expect(valueOf('Their phone number')).toBe('+44 20 7946 0001');
    expect(valueOf('Had the staff handling the data had data protection training in the last two years')).toBe('Yes');
    expect(valueOf('Supervisory authorities in other countries told, or to be told')).toBe('Data Protection Commission (IE): to be told, reference DPC-77');
    expect(valueOf('Police, NCSC, Action Fraud or other bodies told')).toBe('Action Fraud, reference NFRC-2026-0042');
    expect(valueOf('Lead supervisory authority')).toBe('Information Commissioner\'s Office (UK)');
    // The same breach without those answers: each is marked, none left blank.
    const bare = await logBreach({ role: 'controller', riskLevel: 'risk', affectedCustomerIds: [] });
    const bareFields = (await api().get(`/api/v1/breaches/${bare.id}/authority-report`).auth(auditor, { type: 'bearer' }).expect(200)).body.sections.flatMap(
      (s: { fields: unknown[] }) => s.fields,
    ) as { label: string; value: string }[];
    for (const label of ['Name of the person reporting', 'Cross-border processing', 'Police, NCSC, Action Fraud or other bodies told']) {
      expect(bareFields.find((f) => f.label === label)?.value).toBe('Not yet known');
    }

    // The PDF, made on the server: every part and every answer, footed with the reference, the time and the chain head.
    const chained = (await api().post(`/api/v1/breaches/${breach.id}/timeline`).auth(responder, { type: 'bearer' }).send({ text: 'Report drafted' }).expect(201)).body;
    const head = chained.at(-1) as { seq: number; hash: string };
    const pdf = await api()
      .get(`/api/v1/breaches/${breach.id}/authority-report`)
      .auth(auditor, { type: 'bearer' })
      .set('accept', 'application/pdf')
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const serverPdf = pdf.body as Buffer;
    expect(serverPdf.subarray(0, 5).toString()).toBe('%PDF-');
    const read = pdfText(serverPdf).replace(/\s+/g, ' ');
    json.body.sections.forEach((section: { title: string; fields: { label: string; value: string }[] }, i: number) => {
      expect(read).toContain(`Part ${i + 1} of ${json.body.sections.length}: ${section.title}`);
      for (const f of section.fields) {
        expect(read).toContain(f.label.replace(/\s+/g, ' '));
        expect(read).toContain(f.value.replace(/\s+/g, ' '));
      }
    });
    expect(read).toMatch(new RegExp(`${breach.reference} · generated \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z · timeline chain head: entry ${head.seq}, SHA-256 ${head.hash}`));

    const html = await api().get(`/api/v1/breaches/${breach.id}/authority-report`).auth(auditor, { type: 'bearer' }).set('accept', 'text/html').expect(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.setContent(html.text);
      const headings = await page.locator('h2').allTextContents();
      expect(headings).toEqual([
        'Part 1 of 6: About your report',
        'Part 2 of 6: About the breach',
        'Part 3 of 6: Personal data placed at risk',
        'Part 4 of 6: Containment and recovery',
        'Part 5 of 6: Informing others',
        'Part 6 of 6: About you',
      ]);
      expect(await page.locator('dd.unknown').count()).toBeGreaterThan(0);
      await page.screenshot({ path: `${process.env.BREACH_REPORT_SCREENSHOT ?? '/tmp/breach-authority-report.png'}`, fullPage: true });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
      expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(2);
      // What a printed copy says: every ICO-form part, and the unknowns marked as such.
      const printed = pdfText(pdf);
      for (const heading of headings) expect(printed).toContain(heading);
      expect(printed).toContain('Not yet known');
      expect(printed).toContain(breach.reference);
    } finally {
      await browser.close();
    }
  });
});
