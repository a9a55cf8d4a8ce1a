import type { Customer } from '../customer.schema';
import { planImport } from './import-plan';
import type { ImportRow } from './import-rows';

const stamp = { now: new Date('2027-01-01T00:00:00Z'), actor: 'user:admin' };
const row = (row: number, externalId: string, email?: string, extra: Partial<ImportRow> = {}): ImportRow => ({
  row,
  externalId,
  customerName: `Customer ${externalId}`,
  ...(email ? { contact: { name: `Contact ${email}`, email } } : {}),
  ...extra,
});

const existing = (externalId: string, status: 'active' | 'inactive', contacts: Customer['contacts']): Customer => ({
  _id: `id-${externalId}`,
  externalId,
  name: `Customer ${externalId}`,
  status,
  contacts,
  createdAt: stamp.now,
  createdBy: 'user:admin',
});
const contact = (email: string, active = true, receives: Customer['contacts'][number]['receives'] = ['subprocessor-changes', 'breaches']) => ({
  id: `c-${email}`,
  name: `Contact ${email}`,
  email,
  receives,
  active,
});

describe('planImport', () => {
  it('creates new customers from their rows, and all their contacts join', () => {
    const plan = planImport({ rows: [row(2, 'a', 'x@a.example'), row(3, 'a', 'y@a.example')], rejected: [] }, new Map(), stamp);
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]).toMatchObject({ rows: [2, 3], customer: { externalId: 'a', status: 'active' } });
    expect(plan.create[0].joined.map((c) => c.email)).toEqual(['x@a.example', 'y@a.example']);
  });

  it('leaves a customer alone when the file says what it already holds', () => {
    const current = existing('a', 'active', [contact('X@a.example')]);
    const plan = planImport({ rows: [row(2, 'a', 'x@a.example', { contact: { name: 'Contact X@a.example', email: 'X@a.example' } })], rejected: [] }, new Map([['a', current]]), stamp);
    expect(plan.unchanged.map((p) => p.customer.externalId)).toEqual(['a']);
    expect(plan.update).toEqual([]);
  });

  it('changes only what differs: a contact in place, a new one appended, never one removed', () => {
    const current = existing('a', 'active', [contact('x@a.example', true, ['breaches']), contact('kept@a.example')]);
    const plan = planImport({ rows: [row(2, 'a', 'x@a.example'), row(3, 'a', 'new@a.example')], rejected: [] }, new Map([['a', current]]), stamp);
    const [update] = plan.update;
    expect(update.changed).toEqual(['contacts']);
    expect(update.change.changedContacts).toEqual([{ index: 0, contact: expect.objectContaining({ id: 'c-x@a.example', receives: ['subprocessor-changes', 'breaches'] }) }]);
    expect(update.change.addedContacts!.map((c) => c.email)).toEqual(['new@a.example']);
    expect(update.customer.contacts.map((c) => c.email)).toEqual(['x@a.example', 'kept@a.example', 'new@a.example']);
    // x gained subprocessor changes, so it joins for those; kept@ is untouched.
    expect(update.joined.map((c) => c.email).sort()).toEqual(['new@a.example', 'x@a.example']);
  });

  it('reactivating a customer brings every active contact in', () => {
    const current = existing('a', 'inactive', [contact('x@a.example'), contact('off@a.example', false)]);
    const plan = planImport({ rows: [row(2, 'a', undefined, { status: 'active' })], rejected: [] }, new Map([['a', current]]), stamp);
    expect(plan.update[0].changed).toEqual(['status']);
    expect(plan.update[0].joined.map((c) => c.email)).toEqual(['x@a.example']);
  });

  it('rejects rows that contradict an earlier row of the same customer, keeping the rest', () => {
    const plan = planImport(
      {
        rows: [
          row(2, 'a', 'x@a.example'),
          row(3, 'a', 'X@A.example'),
          row(4, 'a', 'y@a.example', { customerName: 'Other name' }),
          row(5, 'a', 'z@a.example', { status: 'inactive' }),
          row(6, 'a', 'w@a.example', { status: 'active' }),
        ],
        rejected: [{ row: 7, field: 'email', reason: 'email must be an email' }],
      },
      new Map(),
      stamp,
    );
    expect(plan.rejected.map((r) => [r.row, r.field])).toEqual([
      [7, 'email'],
      [3, 'email'],
      [4, 'customerName'],
      [6, 'status'],
    ]);
    expect(plan.create[0].customer.contacts.map((c) => c.email)).toEqual(['x@a.example', 'z@a.example']);
    expect(plan.create[0].customer.status).toBe('inactive');
    expect(plan.create[0].joined).toEqual([]);
  });
});
