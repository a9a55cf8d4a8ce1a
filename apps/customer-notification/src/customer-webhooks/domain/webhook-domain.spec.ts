import { createHmac } from 'node:crypto';
import { rotateSecrets, signingSecrets } from './endpoint-secrets';
import { outcomeOf, retryDelayAfter, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_DELAYS_MS } from './webhook-attempts';
import { webhookPayload, webhookTypeOf } from './webhook-payload';
import { newWebhookSecret, signWebhook } from './webhook-signature';

const HOUR = 3600_000;

describe('webhook signing', () => {
  it('makes whsec_ secrets of 32 random bytes, each different', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it('signs id, timestamp and body, once per secret', () => {
    const [s1, s2] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signWebhook([s1, s2], 'msg_1', 1_700_000_000, '{"a":1}');
    const expected = (s: string) => `v1,${createHmac('sha256', Buffer.from(s.slice(6), 'base64')).update('msg_1.1700000000.{"a":1}').digest('base64')}`;
    expect(headers).toEqual({ 'webhook-id': 'msg_1', 'webhook-timestamp': '1700000000', 'webhook-signature': `${expected(s1)} ${expected(s2)}` });
    expect(() => signWebhook([], 'msg_1', 1, '')).toThrow(/at least one secret/);
  });
});

describe('rotating an endpoint secret', () => {
  const t0 = new Date('2026-12-01T00:00:00Z');
  const at = (h: number) => new Date(t0.getTime() + h * HOUR);
  const first = { id: 's1', sealed: 'one', createdAt: t0 };

  it('signs with both secrets during the overlap, then with the new one only', () => {
    const rotated = rotateSecrets([first], { id: 's2', sealed: 'two', createdAt: at(1) }, at(1), 24);
    expect(signingSecrets(rotated, at(2)).map((s) => s.id)).toEqual(['s2', 's1']);
    expect(signingSecrets(rotated, at(25)).map((s) => s.id)).toEqual(['s2']);
  });

  it('retires at once with no overlap, never extends an earlier retirement, and drops retired secrets', () => {
    expect(rotateSecrets([first], { id: 's2', sealed: 'two', createdAt: at(1) }, at(1), 0).map((s) => s.id)).toEqual(['s2']);
    const twice = rotateSecrets(rotateSecrets([first], { id: 's2', sealed: 'two', createdAt: at(1) }, at(1), 2), { id: 's3', sealed: 'three', createdAt: at(2) }, at(2), 24);
    expect(twice.map((s) => [s.id, s.retiresAt?.toISOString()])).toEqual([
      ['s3', undefined],
      ['s2', at(26).toISOString()],
      ['s1', at(3).toISOString()],
    ]);
    expect(rotateSecrets(twice, { id: 's4', sealed: 'four', createdAt: at(4) }, at(4), 24).map((s) => s.id)).toEqual(['s4', 's3', 's2']);
  });
});

describe('webhook attempts', () => {
  it('keeps trying for more than 24 hours, on the Standard Webhooks schedule', () => {
    expect(WEBHOOK_MAX_ATTEMPTS).toBe(8);
    expect(WEBHOOK_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBeGreaterThan(24 * HOUR);
    expect([1, 2, 7, 8].map(retryDelayAfter)).toEqual([5000, 300_000, 10 * HOUR, undefined]);
  });

  it('retries no answer, 5xx, 408 and 429 until the last attempt; anything else is final', () => {
    expect(outcomeOf({ kind: 'answered', statusCode: 204 }, 1)).toBe('delivered');
    for (const statusCode of [500, 503, 408, 429]) expect(outcomeOf({ kind: 'answered', statusCode }, 1)).toBe('retrying');
    expect(outcomeOf({ kind: 'unreachable', error: 'ECONNREFUSED' }, 3)).toBe('retrying');
    expect(outcomeOf({ kind: 'answered', statusCode: 500 }, WEBHOOK_MAX_ATTEMPTS)).toBe('failed');
    for (const statusCode of [301, 302, 400, 401, 404, 410]) expect(outcomeOf({ kind: 'answered', statusCode }, 1)).toBe('failed');
    expect(outcomeOf({ kind: 'refused', error: 'internal' }, 1)).toBe('failed');
  });
});

describe('webhook payload', () => {
  it('tells a customer about itself only', () => {
    const payload = webhookPayload('subprocessor.change.reminder-due', '2026-12-01T00:00:00.000Z', { changeId: 'ch1', pendingAuthorisationCustomerIds: ['cu1', 'cu2'], affectedCustomerIds: ['cu1', 'cu2'] }, 'cu1', { authorisationRequested: true });
    expect(payload).toEqual({ type: 'subprocessor.change.reminder-due', timestamp: '2026-12-01T00:00:00.000Z', data: { changeId: 'ch1', customerId: 'cu1', authorisationRequested: true } });
    expect(JSON.stringify(payload)).not.toContain('cu2');
  });
});

describe('webhook types', () => {
  it('names events as customers read them', () => {
    expect(webhookTypeOf('com.forewarn.subprocessor.change.announced.v1')).toBe('subprocessor.change.announced');
    expect(webhookTypeOf('com.forewarn.breach.incident.customer-notice-requested.v1')).toBe('breach.notice');
  });
});
