import { MongoClient } from 'mongodb';
import { BreachEventTypes, CustomerObjectionEventTypes, deadLetterTopicOf, DeliveryEventTypes, SubprocessorChangeEventTypes, Topics } from '@forewarn/contracts';
import { EMAIL_JOBS_TOPIC, URGENT_EMAIL_JOBS_TOPIC } from '../../apps/customer-notification/src/deliveries/email-job';
import { PrivateKafka } from '../support/private-servers';
import { eventually } from '../support/test-stack';
import { stagedEventHolders } from '../support/topic-position';
import { ChaosRun, until } from './chaos-run';

/** How many documents of a run's database still hold staged events. */
async function staged(uri: string, database: string): Promise<number> {
  const client = await MongoClient.connect(uri);
  try {
    return await stagedEventHolders(client.db(database));
  } finally {
    await client.close();
  }
}

describe('chaos: events across crashes and poison', () => {
  const runs: ChaosRun[] = [];
  let kafka: PrivateKafka | undefined;

  afterAll(async () => {
    for (const run of runs) await run.stop();
    await kafka?.destroy();
  });

  it('the registry SIGKILLed between storing an announcement and publishing it: the event goes out once after the restart', async () => {
    kafka = await PrivateKafka.create();
    await kafka.start();
    const run = runs[runs.push(new ChaosRun({ kafkaBrokers: kafka.brokers })) - 1];
    const registry = await run.service('subprocessor-registry', { LOG_LEVEL: 'fatal' });
    await registry.start();
    const token = await run.stack.token(['compliance', 'admin']);
    const subprocessor = await run.call(registry, token, 'POST', '/api/v1/subprocessors', { name: `Chaos Host ${run.stack.runId}`, legalEntity: 'Chaos Host Ltd', address: '1 Example Street, Sheffield', category: 'Hosting', purpose: 'Hosts the chaos', dataCategories: ['contact details'], locations: ['GB'], transferMechanism: 'none-needed', dpaReference: 'DPA-CHAOS-1', dpaSignedAt: '2024-03-01T00:00:00Z' });
    const change = await run.call(registry, token, 'POST', '/api/v1/changes', { kind: 'addition', subprocessorId: subprocessor.id, effectiveAt: new Date(Date.now() + 40 * 86_400_000).toISOString(), summary: 'Chaos: announced while the broker is away' });

    // With the broker away the announcement is stored with its event staged, and cannot leave.
    await kafka.stop();
    await run.call(registry, token, 'POST', `/api/v1/changes/${change.id}/announce`);
    await registry.kill();
    await kafka.start();
    await registry.start();

    const database = run.stack.env('subprocessor-registry').MONGODB_DATABASE;
    await until('the restarted registry to relay its outbox', async () => (await staged(run.mongodbUri, database)) === 0, 60_000);
    const announced = (await run.stack.messagesOn(Topics.subprocessorChanges)).filter((m) => {
      const event = JSON.parse(m.value!.toString()) as { type: string; subject: string };
      return event.type === SubprocessorChangeEventTypes.announced && event.subject === change.id;
    });
    console.info(`[chaos] registry kill: ${JSON.stringify({ announcedEvents: announced.length })}`);
    expect(announced).toHaveLength(1);
  });

  it('poison on every consumed topic: each lands in its dead-letter topic with the reason, and consumption goes on', async () => {
    const run = runs[runs.push(new ChaosRun()) - 1];
    for (const name of ['subprocessor-registry', 'customer-notification', 'breach-response']) await (await run.service(name, { LOG_LEVEL: 'fatal' })).start();
    // Each consumed topic, its consumer group, and an event type that group handles (for poison
    // that is a well-formed CloudEvent carrying data its contract refuses).
    const consumers: [string, string, string | undefined][] = [
      [Topics.customerObjections, 'subprocessor-registry', CustomerObjectionEventTypes.received],
      [Topics.subprocessorChanges, 'customer-notification', SubprocessorChangeEventTypes.announced],
      [Topics.breachIncidents, 'customer-notification', BreachEventTypes.customerNoticeRequested],
      [Topics.notificationDeliveries, 'breach-response', DeliveryEventTypes.sent],
      [EMAIL_JOBS_TOPIC, 'customer-notification.email-jobs', undefined],
      [URGENT_EMAIL_JOBS_TOPIC, 'customer-notification.urgent-email-jobs', undefined],
    ];
    const poisonsFor = (type: string | undefined) => [
      'not json at all {',
      JSON.stringify({ hello: 'a JSON object that is neither a CloudEvent nor an email job' }),
      ...(type ? [JSON.stringify({ specversion: '1.0', id: `poison-${run.stack.runId}`, source: '/chaos', type, time: new Date().toISOString(), datacontenttype: 'application/json', data: { changeId: 42 } })] : []),
    ];
    const producer = run.stack.kafka().producer();
    await producer.connect();
    try {
      for (const [topic, , type] of consumers) await producer.send({ topic: run.stack.topic(topic), messages: poisonsFor(type).map((value, i) => ({ key: `poison-${i}`, value })) });
    } finally {
      await producer.disconnect();
    }
    // Consumption went on: every group committed past the poison.
    for (const [topic, group] of consumers) await eventually(`${group} past the poison on ${topic}`, () => run.stack.consumedToEnd(group, topic), (done) => done, 60_000);

    const missing: string[] = [];
    let parkedCount = 0;
    for (const [topic, group, type] of consumers) {
      const parked = await run.stack.messagesOn(deadLetterTopicOf(topic));
      for (const [i] of poisonsFor(type).entries()) {
        // Dead letters name the consumer as its group does, with the reason.
        const found = parked.find((m) => m.key?.toString() === `poison-${i}` && m.headers?.['dlq-consumer']?.toString() === group && (m.headers?.['dlq-reason']?.toString() ?? '').length > 0);
        if (found) parkedCount++;
        else missing.push(`${topic} poison ${i} for ${group}`);
      }
    }
    console.info(`[chaos] poison: ${JSON.stringify({ consumers: consumers.length, parked: parkedCount, missing })}`);
    expect(missing).toEqual([]);
  });
});
