import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { buildEvent, ForewarnEvent } from '@forewarn/contracts';
import { emailsTo, eventually, RunningService, TestStack, type SesEmail } from '../../../../../test/support/test-stack';
import { Customer } from '../../customers/customer.schema';
import type { Recipient } from '../../customers/customers.service';
import type { NoticeToSend } from '../deliveries.service';
import { EMAIL_JOBS_TOPIC, URGENT_EMAIL_JOBS_TOPIC } from '../email-job';

/** Recipients at the given addresses, all contacts of one customer. */
export const recipientsAt = (emails: string[]): AsyncIterable<Recipient> =>
  (async function* () {
    for (const email of emails) yield { customerId: 'cu-1', customerName: 'Acme Ltd', contactId: email, contactName: 'Dana', email };
  })();

/** An announcement notice of a made-up change, as the change events would carry it. */
export const announcementNotice = (sourceEventId: string, sourceType: NoticeToSend['sourceType'] = 'subprocessor-change'): NoticeToSend => ({
  sourceType,
  sourceId: `source-${sourceEventId}`,
  sourceEventId,
  template: 'subprocessor-change-announced',
  data: {
    changeId: `source-${sourceEventId}`,
    kind: 'addition',
    summary: 'Adding a backup host',
    announcedAt: '2026-12-01T00:00:00.000Z',
    effectiveAt: '2027-01-15T00:00:00.000Z',
    noticePeriodDays: 30,
    subprocessor: { id: 'sp', name: 'Iceni Backup', category: 'Hosting', purpose: 'Backups', dataCategories: ['all'], locations: ['GB'] },
  },
});

/**
 * A positive marker that the sender got past every job published so far, on both lanes: each job
 * consumer group's committed offsets reach its topic's end (a chunk's offsets are committed once
 * its emails are sent and recorded, so no email of those jobs can still arrive).
 */
export async function emailJobsDrained(stack: TestStack): Promise<void> {
  const admin = stack.kafka().admin();
  await admin.connect();
  try {
    for (const [topicName, group] of [[EMAIL_JOBS_TOPIC, 'email-jobs'], [URGENT_EMAIL_JOBS_TOPIC, 'urgent-email-jobs']] as const) {
      const topic = stack.topic(topicName);
      const ends = await admin.fetchTopicOffsets(topic);
      const lagOf = async () => {
        const [committed] = await admin.fetchOffsets({ groupId: `t.${stack.runId}.customer-notification.${group}`, topics: [topic] });
        return ends.reduce((lag, end) => lag + Number(end.high) - Math.max(0, Number(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? 0)), 0);
      };
      await eventually(`the ${group} consumer lag to reach 0`, lagOf, (l) => l === 0, 60_000);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Publishes one event as a producing service would. */
export async function publishEvent(stack: TestStack, topic: string, key: string, type: string, data: object): Promise<ForewarnEvent> {
  const event = buildEvent({ type, source: '/forewarn/test', subject: key, data, time: new Date(), correlationId: 'c', actor: 'user:t' });
  const producer = stack.kafka().producer();
  await producer.connect();
  try {
    await producer.send({ topic: stack.topic(topic), messages: [{ key, value: JSON.stringify(event) }] });
  } finally {
    await producer.disconnect();
  }
  return event;
}

/** Data of a change announcement taking effect in 40 days. */
export const announcementData = (changeId: string) => {
  const now = Date.now();
  return {
    changeId,
    kind: 'addition',
    subprocessor: { id: 'sp', name: 'Fan-out Host', category: 'Hosting', purpose: 'Hosting', dataCategories: ['all'], locations: ['GB'] },
    summary: 'A fan-out',
    announcedAt: new Date(now).toISOString(),
    effectiveAt: new Date(now + 40 * 24 * 3600_000).toISOString(),
    noticePeriodDays: 30,
  };
};

/**
 * Customers of 100 contacts each at the given addresses, inserted straight into the directory (its
 * own API is tested elsewhere; this is about sending); their ids.
 */
export async function seedCustomers(service: RunningService, addresses: string[], receives: string[] = ['subprocessor-changes']): Promise<string[]> {
  const customers = service.app.get<Model<Customer>>(getModelToken(Customer.name));
  const docs = Array.from({ length: Math.ceil(addresses.length / 100) }, (_, c) => ({
    _id: randomUUID(),
    name: `Seeded customer ${c}`,
    externalId: `seeded-${randomUUID()}`,
    status: 'active',
    contacts: addresses.slice(c * 100, c * 100 + 100).map((email, i) => ({ id: randomUUID(), name: `Contact ${c * 100 + i}`, email, receives, active: true })),
    revision: 0,
    createdAt: new Date(),
    createdBy: 'test',
  }));
  await customers.collection.insertMany(docs as never[]);
  return docs.map((d) => d._id);
}

/** Exactly one email per address at the emulator; the emails, in the order it accepted them. */
export async function expectOneEmailEach(addresses: string[]): Promise<SesEmail[]> {
  const emails = await emailsTo(addresses);
  const perAddress = new Map<string, number>();
  for (const e of emails) perAddress.set(e.destination.to[0], (perAddress.get(e.destination.to[0]) ?? 0) + 1);
  expect(perAddress.size).toBe(addresses.length);
  expect([...perAddress.entries()].filter(([, n]) => n > 1)).toEqual([]);
  return emails;
}
