import type { SourceProgress } from '@forewarn/contracts';

/** Whether a change's progress box should keep refreshing: nothing queued yet, or an email to a
 *  customer or to a public subscriber still waiting. */
export const stillSending = (p: SourceProgress): boolean => p.total === 0 || p.pending > 0 || p.subscribers.pending > 0;
