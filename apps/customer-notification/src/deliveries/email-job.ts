import { DELIVERY_SOURCE_TYPES } from '@forewarn/contracts';
import type { Delivery } from './delivery.schema';

/**
 * Internal work topic of the notification service: one message per email to send, keyed by the
 * delivery id so the jobs of one fan-out spread over every partition, and the replicas of the
 * service share them through their consumer group. Not part of the public event catalog.
 */
export const EMAIL_JOBS_TOPIC = 'notification.email-jobs.v1';
/**
 * The priority lane: jobs of breach notices, their follow-ups and deadline escalations. While any
 * replica has urgent work, every replica holds its bulk (change) sending, so the urgent emails get
 * the SES quota; bulk jobs wait in their topic and resume after, claimed as before.
 */
export const URGENT_EMAIL_JOBS_TOPIC = 'notification.urgent-email-jobs.v1';

export type SendLane = 'urgent' | 'bulk';

/** Breaches are "without undue delay" (Art. 33, 34): their emails go before any change notice waiting. */
export const laneOf = (sourceType: Delivery['sourceType']): SendLane => (sourceType === 'breach' ? 'urgent' : 'bulk');

export const jobsTopicOf = (lane: SendLane): string => (lane === 'urgent' ? URGENT_EMAIL_JOBS_TOPIC : EMAIL_JOBS_TOPIC);

/** Everything the sender needs for one email, so it reads nothing per email but the cached notice. */
export type EmailJob = Omit<Delivery, 'createdAt'>;

const REQUIRED = ['_id', 'sourceId', 'sourceEventId', 'customerId', 'customerName', 'contactId', 'contactName', 'email', 'template'] as const;

export const encodeEmailJob = (job: EmailJob): string => JSON.stringify(job);

/** Reads a job message; throws a reason (for the dead-letter topic) when it is not one. */
export function decodeEmailJob(value: Buffer | null): EmailJob {
  const job = JSON.parse(value?.toString('utf8') ?? 'null') as Partial<EmailJob> | null;
  if (!job || typeof job !== 'object') throw new Error('email job is not a JSON object');
  for (const field of REQUIRED) {
    if (typeof job[field] !== 'string' || job[field] === '') throw new Error(`email job: ${field} must be a non-empty string`);
  }
  if (!DELIVERY_SOURCE_TYPES.includes(job.sourceType as never)) throw new Error(`email job: sourceType must be one of ${DELIVERY_SOURCE_TYPES.join(', ')}`);
  return job as EmailJob;
}

/** The customer id of escalation emails to incident responders, who are staff, not customer contacts. */
export const RESPONDERS = 'responders';
