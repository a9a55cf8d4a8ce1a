import { awaitingReach, initialSent, isDeadlineMet, isDischarged, LateReasonRequiredError, nextNotification, NotificationRecord, obligationsOf } from './breach-obligations';

const due = new Date('2026-03-02T09:00:00Z');
const deadlines = [
  { kind: 'authority-report' as const, dueAt: new Date('2026-03-04T09:00:00Z') },
  { kind: 'customer-notice' as const, dueAt: due },
];
const sent = (obligation: string, phase: 'initial' | 'follow-up' = 'initial'): NotificationRecord => ({
  obligation,
  phase,
  sentAt: new Date('2026-03-01T12:00:00Z'),
  sentBy: 'user:r',
  content: {},
  late: false,
  // A customer is told once SES accepted an email of the notice for it.
  ...(obligation.startsWith('customer:') ? { reachedAt: new Date('2026-03-01T12:00:05Z') } : {}),
});

describe('notification obligations', () => {
  it('owes the authority, each affected customer and, at high risk, the data subjects', () => {
    const obligations = obligationsOf({ deadlines, role: 'both', riskLevel: 'high', affectedCustomerIds: ['c1', 'c2'] }, []);
    expect(obligations.map((o) => [o.key, o.dueAt?.toISOString()])).toEqual([
      ['authority', '2026-03-04T09:00:00.000Z'],
      ['customer:c1', due.toISOString()],
      ['customer:c2', due.toISOString()],
      ['data-subjects', undefined],
    ]);
  });

  it('owes the data subjects nothing of its own where the company is processor only: the controllers decide', () => {
    const keys = obligationsOf({ deadlines, role: 'processor', riskLevel: 'high', affectedCustomerIds: ['c1'] }, []).map((o) => o.key);
    expect(keys).not.toContain('data-subjects');
    expect(obligationsOf({ deadlines, role: 'controller', riskLevel: 'high', affectedCustomerIds: [] }, []).map((o) => o.key)).toContain('data-subjects');
  });

  it('counts an Art. 34(3) exemption as discharging the data subjects\' notice, without pretending it was sent', () => {
    const exemption = { ground: 'data-unintelligible' as const, reason: 'AES-256 at rest, key not taken', recordedAt: due, recordedBy: 'user:r' };
    const [subjects] = obligationsOf({ deadlines: [], role: 'controller', riskLevel: 'high', affectedCustomerIds: [], art34Exemption: exemption }, []);
    expect(subjects).toMatchObject({ key: 'data-subjects', exemption });
    expect(isDischarged(subjects)).toBe(true);
    expect(initialSent(subjects)).toBe(false);
  });

  it('meets a deadline only when every obligation under it had its initial notification', () => {
    const basis = { deadlines, role: 'both' as const, riskLevel: 'risk' as const, affectedCustomerIds: ['c1', 'c2'] };
    expect(isDeadlineMet('customer-notice', obligationsOf(basis, [sent('customer:c1')]))).toBe(false);
    expect(isDeadlineMet('customer-notice', obligationsOf(basis, [sent('customer:c1'), sent('customer:c2')]))).toBe(true);
    expect(isDeadlineMet('authority-report', obligationsOf(basis, [sent('customer:c1')]))).toBe(false);
  });

  it('does not count a customer notice as given while no email of it reached the provider', () => {
    const basis = { deadlines, role: 'both' as const, riskLevel: 'risk' as const, affectedCustomerIds: ['c1'] };
    const { reachedAt: _, ...requested } = sent('customer:c1');
    const owed = obligationsOf(basis, [requested]).find((o) => o.key === 'customer:c1')!;
    expect(isDeadlineMet('customer-notice', [owed])).toBe(false);
    expect(awaitingReach(owed)).toBe(true);
    expect(nextNotification(owed, new Date('2026-03-01T13:00:00Z'), undefined, undefined).phase).toBe('initial'); // asked again, still the first telling
  });

  it('makes the first notification initial and the next ones follow-ups', () => {
    const [authority] = obligationsOf({ deadlines, role: 'both', affectedCustomerIds: [] }, []);
    expect(nextNotification(authority, new Date('2026-03-03T00:00:00Z'), undefined, undefined)).toEqual({ phase: 'initial', late: false });
    const [again] = obligationsOf({ deadlines, role: 'both', affectedCustomerIds: [] }, [sent('authority')]);
    expect(nextNotification(again, new Date('2026-03-09T00:00:00Z'), undefined, undefined)).toEqual({ phase: 'follow-up', late: false });
  });

  it('asks for a reason when the initial notification is late, or takes the missed deadline\'s', () => {
    const customer = obligationsOf({ deadlines, role: 'both', affectedCustomerIds: 'all' }, []).find((o) => o.kind === 'customer')!;
    const after = new Date(due.getTime() + 1);
    expect(() => nextNotification(customer, after, undefined, undefined)).toThrow(LateReasonRequiredError);
    expect(nextNotification(customer, after, 'forensics', undefined)).toEqual({ phase: 'initial', late: true, lateReason: 'forensics' });
    expect(nextNotification(customer, after, undefined, 'weekend')).toEqual({ phase: 'initial', late: true, lateReason: 'weekend' });
  });
});
