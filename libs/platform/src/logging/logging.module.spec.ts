import { requestLogSerializers, withoutSecrets } from './logging.module';

describe('withoutSecrets (issue 13, item 7)', () => {
  it('keeps the signed token of a notice link out of a logged URL', () => {
    expect(withoutSecrets('/n/eyJjIjoiY2gtMSJ9.c2lnbmF0dXJl')).toBe('/n/[redacted]');
    expect(withoutSecrets('/n/eyJj.sig/objection?x=1')).toBe('/n/[redacted]/objection?x=1');
    expect(withoutSecrets('/webhooks/ses?Token=abc&x=1')).toBe('/webhooks/ses?Token=[redacted]&x=1');
    expect(withoutSecrets('/api/v1/changes/ch-1')).toBe('/api/v1/changes/ch-1');
  });

  it('is what the request log writes', () => {
    expect(requestLogSerializers.req({ method: 'GET', url: '/n/eyJj.sig' })).toEqual({ method: 'GET', url: '/n/[redacted]' });
  });
});
