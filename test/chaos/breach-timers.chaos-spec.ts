import { BreachEventTypes, Topics } from '@forewarn/contracts';
import { emailJobsDrained } from '../../apps/customer-notification/src/deliveries/testing/sending-fixtures';
import { PrivateFerretDb } from '../support/private-servers';
import { SesFaultProxy } from '../support/ses-fault-proxy';
import { ChaosRun, until } from './chaos-run';

const HOUR = 3_600_000;
const RESPONDER = 'incident-response@forewarn.test'; // RESPONDER_EMAILS in the test environment
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Reminders 14.4 s and 7.2 s before the deadline: the whole 72-hour clock in half a minute.
const OFFSETS = '0.004,0.002';
const AUTHORITY_TIMERS = ['authority-report:0.004h', 'authority-report:0.002h', 'authority-report:missed'];

const breachBody = (over: Record<string, unknown>) => ({
  title: 'Chaos: backup disk stolen',
  description: 'An unencrypted backup disk was taken from the rack.',
  nature: ['stolen'],
  ciaClassification: ['confidentiality'],
  dataCategories: ['contact details'],
  specialCategoryData: false,
  dataSubjectCategories: ['customers’ end users'],
  approxDataSubjects: 1200,
  approxRecords: 5400,
  cyberIncident: 'no',
  likelyConsequences: 'Phishing',
  measures: 'Backups encrypted at rest.',
  ...over,
});

/** The escalation events of one breach on the run's topic, by timer (kind and hours before). */
async function escalations(run: ChaosRun, breachId: string): Promise<Map<string, number>> {
  const fired = new Map<string, number>();
  for (const m of await run.stack.messagesOn(Topics.breachIncidents)) {
    const event = JSON.parse(m.value!.toString()) as { type: string; data: { breachId: string; deadline: string; hoursBefore?: number } };
    if (event.data.breachId !== breachId || ![BreachEventTypes.deadlineApproaching, BreachEventTypes.deadlineMissed].includes(event.type as never)) continue;
    const key = `${event.data.deadline}:${event.type === BreachEventTypes.deadlineMissed ? 'missed' : `${event.data.hoursBefore}h`}`;
    fired.set(key, (fired.get(key) ?? 0) + 1);
  }
  return fired;
}

describe('chaos: breach timers and notices across crashes', () => {
  const runs: ChaosRun[] = [];
  const proxies: SesFaultProxy[] = [];
  let ferretdb: PrivateFerretDb | undefined;

  afterAll(async () => {
    for (const run of runs) await run.stop();
    for (const p of proxies) await p.stop();
    await ferretdb?.destroy();
  });

  it('the breach service SIGKILLed while its escalation timers come due: each escalation sent once', async () => {
    const run = runs[runs.push(new ChaosRun()) - 1];
    const proxy = proxies[proxies.push(new SesFaultProxy()) - 1];
    const notification = await run.service('customer-notification', { SES_ENDPOINT: await proxy.start() });
    const breaches = await run.service('breach-response', { ESCALATION_OFFSETS_HOURS: OFFSETS, TIMER_POLL_INTERVAL_MS: '500' });
    await Promise.all([notification.start(), breaches.start()]);
    const token = await run.stack.token(['responder']);
    // The authority deadline (awareAt + 72 h) falls 25 s from now.
    const awareAt = new Date(Date.now() - 72 * HOUR + 25_000).toISOString();
    const breach = await run.call(breaches, token, 'POST', '/api/v1/breaches', breachBody({ role: 'controller', affectedCustomerIds: [], awareAt }));
    await sleep(8_000);
    await breaches.kill(); // before the first reminder (10.6 s); it restarts after the deadline (25 s)
    await sleep(22_000);
    await breaches.start();

    await until('both reminders and the missed deadline published', async () => {
      const fired = await escalations(run, breach.id);
      return AUTHORITY_TIMERS.every((k) => fired.has(k));
    }, 60_000);
    await emailJobsDrained(run.stack);
    const fired = Object.fromEntries(await escalations(run, breach.id));
    const emails = proxy.forwarded.filter((f) => f.to === RESPONDER).length;
    console.info(`[chaos] breach service kill: ${JSON.stringify({ fired, responderEmails: emails })}`);
    expect(fired).toEqual({ 'authority-report:0.004h': 1, 'authority-report:0.002h': 1, 'authority-report:missed': 1 });
    expect(emails).toBe(3);
  });

  it('FerretDB stopped during a breach notice while escalation timers come due, and started again: each contact and each escalation once', async () => {
    ferretdb = await PrivateFerretDb.create();
    await ferretdb.start();
    const run = runs[runs.push(new ChaosRun({ mongodbUri: ferretdb.uri })) - 1];
    const proxy = proxies[proxies.push(new SesFaultProxy()) - 1];
    const quiet = { LOG_LEVEL: 'fatal' };
    const notification = await run.service('customer-notification', { ...quiet, SES_ENDPOINT: await proxy.start(), SES_MAX_SEND_RATE: '200' });
    const breaches = await run.service('breach-response', { ...quiet, ESCALATION_OFFSETS_HOURS: OFFSETS, TIMER_POLL_INTERVAL_MS: '500' });
    await Promise.all([notification.start(), breaches.start()]);
    const CONTACTS = 1_000;
    await run.seedContacts(CONTACTS, ['breaches']);
    const token = await run.stack.token(['responder']);
    const awareAt = new Date(Date.now() - 72 * HOUR + 25_000).toISOString();
    const breach = await run.call(breaches, token, 'POST', '/api/v1/breaches', breachBody({ role: 'both', affectedCustomerIds: 'all', awareAt }));
    await run.call(breaches, token, 'POST', `/api/v1/breaches/${breach.id}/customer-notices`, { lateReason: 'chaos: the breach is logged 72 hours after awareness' });
    const noticed = () => proxy.forwarded.filter((f) => f.to.endsWith(`@${run.domain}`)).length;
    await until('the breach notice under way', () => noticed() >= 100, 60_000);
    await ferretdb.stop(); // mid-notice, and across the reminders (10.6 s, 17.8 s) and the deadline (25 s)
    await sleep(20_000);
    await ferretdb.start();

    await until('every contact sent the breach notice', () => new Set(proxy.forwarded.filter((f) => f.to.endsWith(`@${run.domain}`)).map((f) => f.to)).size === CONTACTS, 180_000);
    await until('both reminders and the missed deadline published', async () => {
      const fired = await escalations(run, breach.id);
      return AUTHORITY_TIMERS.every((k) => fired.has(k));
    }, 60_000);
    await emailJobsDrained(run.stack);
    const perContact = new Map<string, number>();
    for (const f of proxy.forwarded) if (f.to.endsWith(`@${run.domain}`)) perContact.set(f.to, (perContact.get(f.to) ?? 0) + 1);
    const duplicates = [...perContact.values()].reduce((d, n) => d + n - 1, 0);
    const fired = Object.fromEntries(await escalations(run, breach.id));
    const emails = proxy.forwarded.filter((f) => f.to === RESPONDER).length;
    console.info(`[chaos] ferretdb outage, breach: ${JSON.stringify({ contacts: perContact.size, duplicates, fired, responderEmails: emails })}`);
    expect(duplicates).toBe(0);
    // Each timer once: the authority report's two reminders and its deadline, and whatever the
    // customer-notice deadline (already near or past on a breach known for 72 hours) fired.
    expect(fired).toMatchObject({ 'authority-report:0.004h': 1, 'authority-report:0.002h': 1, 'authority-report:missed': 1 });
    expect(Object.values(fired).every((n) => n === 1)).toBe(true);
    expect(emails).toBe(Object.keys(fired).length);
  });
});
