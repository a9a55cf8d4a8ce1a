import { AuditEntry, mergedAuditPage } from './audit-trail-page';

const entry = (id: string, at: string, service = 's'): AuditEntry => ({ id, at, actor: 'user:a', service, action: 'x', entityType: 't', entityId: 'e' });

describe('the audit trail of all three services', () => {
  it('merges the services newest first and pages by time', () => {
    const registry = [entry('r2', '2027-01-05T10:00:03Z'), entry('r1', '2027-01-05T10:00:01Z')];
    const breach = [entry('b1', '2027-01-05T10:00:02Z')];
    const page = mergedAuditPage([registry, breach, []], 2);
    expect(page.entries.map((e) => e.id)).toEqual(['r2', 'b1']);
    expect(page.nextTo).toBe('2027-01-05T10:00:01.999Z');
  });

  it('has no next page once every service gave less than a page', () => {
    expect(mergedAuditPage([[entry('a', '2027-01-05T10:00:00Z')], []], 2).nextTo).toBeUndefined();
  });
});
