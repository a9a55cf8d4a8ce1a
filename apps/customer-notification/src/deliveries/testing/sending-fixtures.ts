import { eventually, TestStack } from '../../../../../test/support/test-stack';
import type { Recipient } from '../../customers/customers.service';
import type { NoticeToSend } from '../deliveries.service';
import { EMAIL_JOBS_TOPIC } from '../email-job';

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

/** A positive marker that the sender got past every job published so far: its committed offsets reach the topic's end. */
export async function emailJobsDrained(stack: TestStack): Promise<void> {
  const admin = stack.kafka().admin();
  await admin.connect();
  try {
    const topic = stack.topic(EMAIL_JOBS_TOPIC);
    const ends = await admin.fetchTopicOffsets(topic);
    const lagOf = async () => {
      const [committed] = await admin.fetchOffsets({ groupId: `t.${stack.runId}.customer-notification.email-jobs`, topics: [topic] });
      return ends.reduce((lag, end) => lag + Number(end.high) - Math.max(0, Number(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? 0)), 0);
    };
    await eventually('the email-jobs consumer lag to reach 0', lagOf, (l) => l === 0, 60_000);
  } finally {
    await admin.disconnect();
  }
}
