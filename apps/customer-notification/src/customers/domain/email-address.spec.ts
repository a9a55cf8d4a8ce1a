import { mailboxKey, normaliseEmail } from './email-address';

describe('normaliseEmail', () => {
  it('trims and lowercases the domain, keeping the local part as given', () => {
    expect(normaliseEmail('  Dana.Scully@FBI.Example \t')).toBe('Dana.Scully@fbi.example');
  });

  it('writes an internationalised domain in punycode', () => {
    expect(normaliseEmail('info@Bücher.example')).toBe('info@xn--bcher-kva.example');
  });

  it('leaves what is no address for validation to refuse', () => {
    expect(normaliseEmail('not-an-email')).toBe('not-an-email');
    expect(normaliseEmail('dana@')).toBe('dana@');
    expect(normaliseEmail('dana@bad domain')).toBe('dana@bad domain');
  });
});

describe('mailboxKey', () => {
  it('treats addresses that differ only in case as one mailbox', () => {
    expect(mailboxKey('Dana@fbi.example')).toBe(mailboxKey('dana@fbi.example'));
  });
});
