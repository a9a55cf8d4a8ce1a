import { emailJobsDrained } from '../../apps/customer-notification/src/deliveries/testing/sending-fixtures';
import { SesFaultProxy } from '../support/ses-fault-proxy';
import { ChaosRun, gauge, until } from './chaos-run';

const CONTACTS = 5_000;
/** The sends one process has in hand at most (DELIVERY_CONCURRENCY's default). */
const IN_FLIGHT = 32;

describe('chaos: the notification service killed mid fan-out', () => {
  const run = new ChaosRun();
  const proxy = new SesFaultProxy();

  afterAll(async () => {
    await run.stop();
    await proxy.stop();
  });

  it(`SIGKILLed twice during a ${CONTACTS}-contact fan-out: every contact emailed, duplicates within what was in flight, sending back within 30 s, gauges true`, async () => {
    const sesUrl = await proxy.start();
    const sender = await run.service('customer-notification', { SES_ENDPOINT: sesUrl, SES_MAX_SEND_RATE: '100000', DELIVERY_CONCURRENCY: String(IN_FLIGHT) });
    await sender.start();
    await run.seedContacts(CONTACTS);
    await run.announceChange(`chaos-kill-${run.stack.runId}`);

    const sent = () => [...run.accepted(proxy).values()].reduce((a, b) => a + b, 0);
    const kills: { sentAtKill: number; sesInFlight: number; resumedAfterMs: number }[] = [];
    for (const at of [1_000, 3_000]) {
      // Killed with sends on the wire: the worst moment for duplicates.
      await until(`${at} emails sent, more in flight`, () => sent() >= at && proxy.inFlight > 0, 120_000);
      const sesInFlight = proxy.inFlight; // sends on the wire as it dies
      await sender.kill();
      await until('the dead process’s sends answered', () => proxy.inFlight === 0, 10_000);
      const sentAtKill = sent();
      const restarting = Date.now();
      await sender.start();
      await until('sending to resume', () => sent() > sentAtKill, 30_000);
      kills.push({ sentAtKill, sesInFlight, resumedAfterMs: Date.now() - restarting });
    }

    await until('every contact emailed', () => run.accepted(proxy).size === CONTACTS, 180_000);
    // Nothing more is coming once both job topics are consumed to their end.
    await emailJobsDrained(run.stack);
    await until('forewarn_emails_waiting back to 0', async () => (await gauge(sender, 'forewarn_emails_waiting')) === 0, 60_000);

    const counts = [...run.accepted(proxy).values()];
    const duplicates = counts.reduce((d, n) => d + n - 1, 0);
    console.info(`[chaos] sender kills: ${JSON.stringify({ contacts: CONTACTS, emailed: counts.length, duplicates, kills })}`);
    expect(counts.length).toBe(CONTACTS);
    expect(duplicates).toBeLessThanOrEqual(kills.length * IN_FLIGHT);
  });
});
