import { emailJobsDrained } from '../../apps/customer-notification/src/deliveries/testing/sending-fixtures';
import { PrivateFerretDb, PrivateKafka } from '../support/private-servers';
import { SesFaultProxy, SesFaults } from '../support/ses-fault-proxy';
import { ChaosRun, gauge, until } from './chaos-run';

const CONTACTS = 2_000;
/** Fewer: at a quarter of requests refused, the sender slows to about 9 emails a second (it backs off on throttling). */
const SES_FAULT_CONTACTS = 500;
const OUTAGE_MS = 15_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A change fanned out to `contacts` contacts while something it depends on fails; every case ends
 * with each contact emailed exactly once (nothing was in the middle of dying), the job topics
 * consumed to their end and the waiting gauge at 0.
 */
async function fanOutThrough(run: ChaosRun, proxy: SesFaultProxy, fault: () => Promise<void>, env: Record<string, string> = {}, contacts = CONTACTS): Promise<Record<string, number>> {
  const sender = await run.service('customer-notification', { SES_ENDPOINT: await proxy.start(), SES_MAX_SEND_RATE: '100000', ...env });
  await sender.start();
  await run.seedContacts(contacts);
  const started = Date.now();
  await run.announceChange(`chaos-${run.stack.runId}`);
  const sent = () => [...run.accepted(proxy).values()].reduce((a, b) => a + b, 0);
  await until('the fan-out under way', () => sent() >= contacts / 4, 120_000);
  await fault();
  await until('every contact emailed', () => run.accepted(proxy).size === contacts, 300_000);
  await emailJobsDrained(run.stack);
  await until('forewarn_emails_waiting back to 0', async () => (await gauge(sender, 'forewarn_emails_waiting')) === 0, 60_000);
  const counts = [...run.accepted(proxy).values()];
  return { emailed: counts.length, duplicates: counts.reduce((d, n) => d + n - 1, 0), seconds: Math.round((Date.now() - started) / 1000) };
}

describe('chaos: a fan-out through outages and SES errors', () => {
  const proxies: SesFaultProxy[] = [];
  const runs: ChaosRun[] = [];
  const servers: { destroy(): Promise<void> }[] = [];
  const proxy = () => proxies[proxies.push(new SesFaultProxy()) - 1];

  afterAll(async () => {
    for (const run of runs) await run.stop();
    for (const p of proxies) await p.stop();
    for (const s of servers) await s.destroy();
  });

  const outages = [
    ['Kafka', async () => {
      const kafka = await PrivateKafka.create();
      return { server: kafka, servers: { kafkaBrokers: kafka.brokers } };
    }],
    ['FerretDB', async () => {
      const ferretdb = await PrivateFerretDb.create();
      return { server: ferretdb, servers: { mongodbUri: ferretdb.uri } };
    }],
  ] as const;

  it.each(outages)(`%s stopped for ${OUTAGE_MS / 1000} s mid fan-out and started again: every contact once`, async (name, create) => {
    const { server, servers: own } = await create();
    servers.push(server);
    await server.start();
    const run = runs[runs.push(new ChaosRun(own)) - 1];
    const outcome = await fanOutThrough(run, proxy(), async () => {
      await server.stop();
      await sleep(OUTAGE_MS);
      await server.start();
    }, { LOG_LEVEL: 'fatal' });
    console.info(`[chaos] ${name} outage: ${JSON.stringify(outcome)}`);
    expect(outcome).toMatchObject({ emailed: CONTACTS, duplicates: 0 });
  });

  it('SES answering 20 % throttling and 5 % 500s: everything eventually sent, once', async () => {
    const run = runs[runs.push(new ChaosRun()) - 1];
    const faulty = proxy();
    faulty.randomFaults = [
      { fault: SesFaults.throttling, share: 0.2 },
      { fault: SesFaults.internalFailure, share: 0.05 },
    ];
    const outcome = await fanOutThrough(run, faulty, async () => undefined, {}, SES_FAULT_CONTACTS);
    const faults = { throttling: faulty.faulted.filter((f) => f.code === 'Throttling').length, internalFailure: faulty.faulted.filter((f) => f.code === 'InternalFailure').length };
    console.info(`[chaos] ses faults: ${JSON.stringify({ ...outcome, faults })}`);
    expect(outcome).toMatchObject({ emailed: SES_FAULT_CONTACTS, duplicates: 0 });
    expect(faults.throttling).toBeGreaterThan(0);
    expect(faults.internalFailure).toBeGreaterThan(0);
  });
});
