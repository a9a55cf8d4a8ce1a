import { SecretBox } from './secret-box';

describe('SecretBox (endpoint secrets at rest)', () => {
  const box = new SecretBox('a-key-of-at-least-thirty-two-characters!');

  it('opens what it sealed, for the same endpoint only', () => {
    const sealed = box.seal('whsec_abc', 'we_1');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed, 'we_1')).toBe('whsec_abc');
    expect(() => box.open(sealed, 'we_2')).toThrow();
  });

  it('does not open under another key, nor a tampered seal', () => {
    const sealed = box.seal('whsec_abc', 'we_1');
    expect(() => new SecretBox('another-key-of-thirty-two-characters!!!').open(sealed, 'we_1')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('whsec_xyz').toString('base64url');
    expect(() => box.open(parts.join('.'), 'we_1')).toThrow();
    expect(() => box.open('plain', 'we_1')).toThrow(/not a sealed/);
  });
});
