import { proofPageOf } from './proof-of-notice';

describe('the proof of notice page', () => {
  const row = (n: number, late = false) => ({ customerId: `c${n}`, email: `c${n}@example.com`, status: 'delivered', sentAt: 'x', deliveredAt: 'y', noticePeriodDays: 30, late });
  const proof = { changeId: 'ch', status: 'announced', effectiveAt: '2027-01-01T00:00:00Z', noticePeriodDays: 30, contacts: [row(1), row(2, true), row(3)] };

  it('counts the late and delivered emails over the whole proof', () => {
    expect(proofPageOf(proof, '/p', {}).counts).toEqual({ total: 3, late: 1, delivered: 3, bounced: 0, failed: 0 });
  });

  it('shows only the late rows when asked', () => {
    expect(proofPageOf(proof, '/p', { late: '1' }).rows.map((r) => r.customerId)).toEqual(['c2']);
  });
});
