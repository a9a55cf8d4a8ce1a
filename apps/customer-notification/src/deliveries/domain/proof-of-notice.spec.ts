import { PROOF_CSV_HEADER, proofCsvLine, proofRow } from './proof-of-notice';

const contact = (email: string, facts: object) => ({ customerId: 'c1', customerName: 'Acme, "Ltd"', contactId: email, contactName: '=cmd()', email, facts });

describe('proof of notice', () => {
  const effectiveAt = new Date('2027-02-01T00:00:00Z');
  const rows = [
    contact('a@x.example', { sent: { at: new Date('2026-12-01T00:00:00Z'), sesMessageId: 'm1', template: 't', templateVersion: 1 }, delivered: { at: new Date('2026-12-01T00:00:05Z') } }),
    contact('b@x.example', { sent: { at: new Date('2027-01-20T00:00:00Z'), sesMessageId: 'm2', template: 't', templateVersion: 1 } }),
    contact('c@x.example', {}),
  ].map((c) => proofRow(c, effectiveAt, 30));

  it('marks contacts reached less than the notice period before the change as late', () => {
    expect(rows.map((r) => [r.email, r.status, r.late])).toEqual([
      ['a@x.example', 'delivered', false],
      ['b@x.example', 'sent', true],
      ['c@x.example', 'pending', false],
    ]);
    expect(rows[0]).toMatchObject({ sentAt: '2026-12-01T00:00:00.000Z', deliveredAt: '2026-12-01T00:00:05.000Z', sesMessageId: 'm1' });
  });

  it('writes CSV with quoting and defused formulas', () => {
    const csv = (PROOF_CSV_HEADER + rows.map(proofCsvLine).join('')).split('\r\n');
    expect(csv[0]).toBe('customerId,customerName,contactId,contactName,email,status,template,templateVersion,sesMessageId,sentAt,deliveredAt,bouncedAt,complainedAt,failedAt,noticePeriodDays,late');
    expect(csv[1]).toBe(`c1,"Acme, ""Ltd""",a@x.example,'=cmd(),a@x.example,delivered,t,1,m1,2026-12-01T00:00:00.000Z,2026-12-01T00:00:05.000Z,,,,30,false`);
    expect(csv).toHaveLength(5);
  });
});
