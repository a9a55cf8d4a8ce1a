import type { SubprocessorChangeAnnounced } from '@forewarn/contracts';

/** A valid announcement payload for tests that only care about its change id (the Kafka key). */
export const probeAnnouncement = (changeId: string): SubprocessorChangeAnnounced => ({
  changeId,
  kind: 'addition',
  subprocessor: { id: 's', name: 'S', category: 'c', purpose: 'p', dataCategories: [], locations: ['GB'] },
  summary: 'probe',
  announcedAt: '2026-01-01T00:00:00.000Z',
  effectiveAt: '2026-02-01T00:00:00.000Z',
  noticePeriodDays: 30,
});
