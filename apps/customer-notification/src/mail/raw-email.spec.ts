import { simpleParser } from 'mailparser';
import { rawEmailOf } from './raw-email';

describe('rawEmailOf (an email with List-Unsubscribe headers)', () => {
  it('carries the one-click unsubscribe headers and both bodies', async () => {
    const raw = await rawEmailOf('privacy@forewarn.example', {
      to: 'reader@example.org',
      subject: 'Notice of a subprocessor change: Iceni – from 1 March',
      html: '<p>Hello</p>',
      text: 'Hello',
      tags: { delivery: 'x' },
      listUnsubscribeUrl: 'https://notify.example/subscriptions/unsubscribe/abc.def',
    });
    const head = raw.toString('utf8').split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' '); // headers unfolded
    expect(head).toMatch(/^List-Unsubscribe: +<https:\/\/notify\.example\/subscriptions\/unsubscribe\/abc\.def>$/m);
    expect(head).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const parsed = await simpleParser(raw);
    expect(parsed).toMatchObject({ subject: 'Notice of a subprocessor change: Iceni – from 1 March', text: 'Hello', html: '<p>Hello</p>' });
    expect(parsed.to).toMatchObject({ text: 'reader@example.org' });
  });
});
