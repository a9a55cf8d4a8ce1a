import { BreachEventTypes, SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import { emailsTo, eventually, RunningService, TestStack } from '../../../../test/support/test-stack';
import { NotificationConfig } from '../notification.config';
import { notificationDescription, NotificationModule } from '../notification.module';
import { DeliveriesService } from './deliveries.service';
import { EmailSender } from './email-sender';
import { announcementData, expectOneEmailEach, publishEvent, seedCustomers } from './testing/sending-fixtures';

const RATE = 20;
const CHANGE_CONTACTS = 300;
const BREACH_CONTACTS = 40;

describe('the priority lane (issue 12, item 1; real Kafka, FerretDB, SES emulator)', () => {
  const stack = new TestStack();
  const domain = `${stack.runId}.lanes.example`;
  const changeAddresses = Array.from({ length: CHANGE_CONTACTS }, (_, i) => `change${i}@${domain}`);
  const breachAddresses = Array.from({ length: BREACH_CONTACTS }, (_, i) => `breach${i}@${domain}`);
  const replicas: RunningService[] = [];
  const start = () =>
    stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, {
      SES_MAX_SEND_RATE: String(RATE),
      DELIVERY_CLAIM_LEASE_MS: '30000',
    });

  beforeAll(async () => {
    // Two replicas: the breach's jobs land on both, the change's too, and both must hold their bulk.
    replicas.push(await start(), await start());
  });
  afterAll(() => stack.stop());

  it('sends a breach notice before the change emails still waiting, holding every replica, then finishes the change with one email each', async () => {
    const [a] = replicas;
    await seedCustomers(a, changeAddresses);
    const [breached] = await seedCustomers(a, breachAddresses, ['breaches']);
    await publishEvent(stack, Topics.subprocessorChanges, 'ch-lanes', SubprocessorChangeEventTypes.announced, announcementData('ch-lanes'));
    const progress = () => a.app.get(DeliveriesService).progress('ch-lanes');
    await eventually('the change fan-out under way', progress, (p) => p.sent >= 2 * RATE, 60_000);
    expect(replicas.map((r) => r.app.get(EmailSender).limiter.rate)).toEqual([RATE / 2, RATE / 2]); // the quota shared

    const breach = { breachId: 'br-lanes', reference: 'BR-2026-0042', title: 'Lost laptop', description: 'A laptop was stolen', nature: ['stolen'], dataCategories: ['contact details'], specialCategoryData: false, approxDataSubjects: 10, approxRecords: 20, awareAt: new Date().toISOString(), affectedCustomerIds: [breached], contactPoint: 'dpo@forewarn.example', requestedAt: new Date().toISOString(), phase: 'initial' };
    await publishEvent(stack, Topics.breachIncidents, 'br-lanes', BreachEventTypes.customerNoticeRequested, breach);
    await eventually('every breach contact emailed', () => emailsTo(breachAddresses), (e) => e.length >= BREACH_CONTACTS, 60_000);
    const whenBreachDone = await progress();
    expect(whenBreachDone.sent).toBeLessThan(CHANGE_CONTACTS - 2 * RATE); // most of the change was still waiting

    await eventually('the change fan-out finished after', progress, (p) => p.sent === CHANGE_CONTACTS, 90_000);
    await expectOneEmailEach(breachAddresses);
    await expectOneEmailEach(changeAddresses);
    // In the emulator's order of acceptance: between the first breach email and the last, only the
    // change emails already past the hold (a token taken, or the other replica's mark not yet read).
    const accepted = (await emailsTo([...changeAddresses, ...breachAddresses])).map((e) => e.destination.to[0].startsWith('breach'));
    const first = accepted.indexOf(true);
    const last = accepted.lastIndexOf(true);
    const changeEmailsAmongBreach = accepted.slice(first, last + 1).filter((isBreach) => !isBreach).length;
    expect(changeEmailsAmongBreach).toBeLessThanOrEqual(8);
    expect(accepted.slice(last + 1).length).toBeGreaterThan(100); // change emails after the breach's
  });
});
