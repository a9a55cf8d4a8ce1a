import { webhookProofRow } from '../../customer-webhooks/domain/webhook-proof';
import { PROOF_CSV_HEADER, proofCsvLine, proofRow, webhookCsvLine } from './proof-of-notice';

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
    expect(csv[0]).toBe('customerId,customerName,contactId,contactName,email,status,template,templateVersion,sesMessageId,sentAt,deliveredAt,bouncedAt,complainedAt,failedAt,noticePeriodDays,late,channel,endpointUrl,webhookAttempts');
    expect(csv[1]).toBe(`c1,"Acme, ""Ltd""",a@x.example,'=cmd(),a@x.example,delivered,t,1,m1,2026-12-01T00:00:00.000Z,2026-12-01T00:00:05.000Z,,,,30,false,email,,`);
    expect(csv).toHaveLength(5);
  });

  it('puts a webhook beside the emails with every attempt, judged late by when it was delivered', () => {
    const sent = (deliveredAt: string) => ({
      customerId: 'c1',
      customerName: 'Acme',
      endpointId: 'we_1',
      url: 'https://grc.acme.example/hook',
      attempts: [
        { attempt: 2, at: new Date('2026-12-01T00:00:05Z'), outcome: 'retrying' as const, statusCode: 500 },
        { attempt: 1, at: new Date('2026-12-01T00:00:00Z'), outcome: 'retrying' as const, error: 'ECONNREFUSED' },
        { attempt: 3, at: new Date(deliveredAt), outcome: 'delivered' as const, statusCode: 204 },
      ],
    });
    const onTime = webhookProofRow(sent('2026-12-01T00:05:05Z'), effectiveAt, 60);
    expect(onTime).toMatchObject({ status: 'delivered', firstAttemptAt: '2026-12-01T00:00:00.000Z', deliveredAt: '2026-12-01T00:05:05.000Z', late: false });
    expect(webhookProofRow(sent('2026-12-20T00:00:00Z'), effectiveAt, 60).late).toBe(true);
    expect(webhookCsvLine(onTime)).toBe(
      'c1,Acme,we_1,,,delivered,,,,2026-12-01T00:00:00.000Z,2026-12-01T00:05:05.000Z,,,,60,false,webhook,https://grc.acme.example/hook,' +
        '1 2026-12-01T00:00:00.000Z ECONNREFUSED; 2 2026-12-01T00:00:05.000Z 500; 3 2026-12-01T00:05:05.000Z 204\r\n',
    );
    expect(webhookProofRow({ ...sent('2026-12-01T00:05:05Z'), attempts: [] }, effectiveAt, 30)).toMatchObject({ status: 'pending', late: false, attempts: [] });
  });
});
