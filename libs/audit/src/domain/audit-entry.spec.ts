import { auditFilterOf, normaliseAuditRecord } from './audit-entry';

describe('audit records', () => {
  it('keeps what was said and turns changes into plain JSON', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    expect(
      normaliseAuditRecord({ action: 'change.announced', entityType: 'change-notice', entityId: 'c1', summary: 'Announced', changes: { effectiveAt: at, status: { from: 'draft', to: 'announced' } } }),
    ).toEqual({
      action: 'change.announced',
      entityType: 'change-notice',
      entityId: 'c1',
      summary: 'Announced',
      changes: { effectiveAt: '2026-01-02T03:04:05.000Z', status: { from: 'draft', to: 'announced' } },
    });
  });

  it('refuses a record without a proper action, entity type or id, naming the field', () => {
    expect(() => normaliseAuditRecord({ action: '', entityType: 't', entityId: '1' })).toThrow(/action/);
    expect(() => normaliseAuditRecord({ action: 'a', entityType: 'has space', entityId: '1' })).toThrow(/entityType/);
    expect(() => normaliseAuditRecord({ action: 'a', entityType: 't', entityId: '' })).toThrow(/entityId/);
  });

  it('refuses change keys that the database would read as operators or paths', () => {
    expect(() => normaliseAuditRecord({ action: 'a', entityType: 't', entityId: '1', changes: { $set: 1 } })).toThrow(/\$set/);
    expect(() => normaliseAuditRecord({ action: 'a', entityType: 't', entityId: '1', changes: { list: [{ 'a.b': 1 }] } })).toThrow(/a\.b/);
  });
});

describe('auditFilterOf', () => {
  it('asks only for the criteria given', () => {
    expect(auditFilterOf({})).toEqual({});
    expect(auditFilterOf({ entityType: 'breach', entityId: 'b1', actor: 'user:x' })).toEqual({ entityType: 'breach', entityId: 'b1', actor: 'user:x' });
  });

  it('bounds the time on either side, inclusively', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-02-01T00:00:00Z');
    expect(auditFilterOf({ from })).toEqual({ at: { $gte: from } });
    expect(auditFilterOf({ from, to })).toEqual({ at: { $gte: from, $lte: to } });
  });
});
