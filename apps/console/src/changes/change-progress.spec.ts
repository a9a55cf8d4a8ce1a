import type { SourceProgress } from '@forewarn/contracts';
import { stillSending } from './change-progress';

const tally = (total: number, sent: number) => ({ total, pending: total - sent, sent, delivered: 0, bounced: 0, complained: 0, failed: 0 });
const progress = (customers: [number, number], subscribers: [number, number]): SourceProgress => ({ sourceId: 'ch-1', ...tally(...customers), subscribers: tally(...subscribers) });

describe('stillSending', () => {
  it('keeps refreshing until something is queued and neither the customers’ nor the subscribers’ emails wait', () => {
    expect(stillSending(progress([0, 0], [0, 0]))).toBe(true);
    expect(stillSending(progress([2, 1], [0, 0]))).toBe(true);
    expect(stillSending(progress([2, 2], [3, 1]))).toBe(true);
    expect(stillSending(progress([2, 2], [3, 3]))).toBe(false);
    expect(stillSending(progress([2, 2], [0, 0]))).toBe(false);
  });
});
