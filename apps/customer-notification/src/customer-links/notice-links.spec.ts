import { AdjustableClock } from '@forewarn/platform';
import type { NotificationConfig } from '../notification.config';
import { NoticeLinks } from './notice-links';

const config = {
  NOTICE_LINK_SECRET: 'a-secret-of-at-least-thirty-two-characters',
  PUBLIC_BASE_URL: 'https://notify.example/',
  NOTICE_LINK_DAYS_AFTER_EFFECTIVE: 90,
} as NotificationConfig;

describe('NoticeLinks', () => {
  const clock = new AdjustableClock(() => Date.parse('2027-01-01T00:00:00Z'));
  const links = new NoticeLinks(config, clock);
  const link = {
    customerId: '3f1c2a4e-8d7b-4c55-9a51-0d4f1e2b7c6a',
    contactId: '9b2e6f10-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
    changeId: '6650f1a2b3c4d5e6f7a8b9c0',
    expiresAt: new Date('2027-03-01T09:00:00Z'),
  };

  it('round-trips a link through its URL', () => {
    const url = links.urlFor(link);
    expect(url).toMatch(/^https:\/\/notify\.example\/n\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{8}$/);
    expect(links.verify(url.split('/n/')[1])).toEqual(link);
  });

  it('refuses a token whose payload was changed (403)', () => {
    const [, tag] = links.tokenFor(link).split('.');
    const other = links.tokenFor({ ...link, changeId: 'another-change' }).split('.')[0];
    expect(() => links.verify(`${other}.${tag}`)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('refuses a token signed with another secret (403)', () => {
    const forger = new NoticeLinks({ ...config, NOTICE_LINK_SECRET: 'b'.repeat(40) } as NotificationConfig, clock);
    expect(() => links.verify(forger.tokenFor(link))).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('refuses a malformed token (400)', () => {
    for (const token of ['', 'abc', 'a.b.c.d', 'a.b.', `${links.tokenFor(link).split('.')[0]}.`]) {
      expect(() => links.verify(token)).toThrow(expect.objectContaining({ status: 400 }));
    }
  });

  it('refuses a well-signed payload that is not a link (400)', () => {
    const tokenOf = (payload: string) => {
      const body = Buffer.from(payload).toString('base64url');
      // Sign it the way NoticeLinks does, to reach the payload check past the signature.
      const tag = (links as unknown as { tag(p: string, secret: string): Buffer }).tag(body, config.NOTICE_LINK_SECRET).toString('base64url');
      return `${body}.${tag}`;
    };
    expect(() => links.verify(tokenOf('{"not":"an array"}'))).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => links.verify(tokenOf('["a","b","",1]'))).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('expires at expiresAt (410)', async () => {
    const soon = links.tokenFor({ ...link, expiresAt: new Date('2027-01-02T00:00:00Z') });
    expect(links.verify(soon).changeId).toBe(link.changeId);
    await clock.advance(24 * 3600 * 1000);
    expect(() => links.verify(soon)).toThrow(expect.objectContaining({ status: 410 }));
  });

  it('keeps links working for the configured days after the change took effect', () => {
    expect(links.expiresAtFor(new Date('2027-03-01T00:00:00Z'))).toEqual(new Date('2027-05-30T00:00:00Z'));
  });

  it('keeps links signed with a previous secret working after a rotation, and refuses unknown keys (issue 15)', () => {
    const before = links.tokenFor(link);
    const rotated = new NoticeLinks({ ...config, NOTICE_LINK_SECRET: 'the-new-secret-of-at-least-thirty-two-chars', NOTICE_LINK_PREVIOUS_SECRETS: config.NOTICE_LINK_SECRET } as NotificationConfig, clock);
    expect(rotated.verify(before)).toEqual(link);
    expect(rotated.tokenFor(link).split('.')[2]).not.toBe(before.split('.')[2]);
    const forgotten = new NoticeLinks({ ...config, NOTICE_LINK_SECRET: 'the-new-secret-of-at-least-thirty-two-chars' } as NotificationConfig, clock);
    expect(() => forgotten.verify(before)).toThrow(expect.objectContaining({ status: 403 }));
    const [payload, tag] = before.split('.');
    expect(links.verify(`${payload}.${tag}`)).toEqual(link); // a link from before key ids
    expect(() => links.verify(`${payload}.${tag}.unknown0`)).toThrow(expect.objectContaining({ status: 403 }));
  });
});
