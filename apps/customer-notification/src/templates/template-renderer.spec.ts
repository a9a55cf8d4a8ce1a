import { TemplateRenderer } from './template-renderer';

const data = {
  customer: { name: 'Acme <Ltd>' },
  contact: { name: 'Dana' },
  kindLabel: 'Addition of',
  summary: 'We add <script>alert(1)</script> a host',
  effectiveAt: '2027-01-15T00:00:00.000Z',
  noticePeriodDays: 30,
  subprocessor: {
    name: 'Pipeten\r\nBcc: victim@example.com',
    category: 'Data hosting services',
    purpose: 'Servers',
    dataCategories: ['contact details', 'usage data'],
    locations: ['GB'],
  },
};

describe('TemplateRenderer', () => {
  const renderer = new TemplateRenderer();

  it('renders the subprocessor change notice with its version', () => {
    const email = renderer.render('subprocessor-change-announced', data);
    expect(email.templateVersion).toBe(1);
    expect(email.text).toContain('15 January 2027 (UTC)');
    expect(email.text).toContain('contact details, usage data');
    expect(email.html).toContain('Dear Dana');
    expect(email.text).toContain('Locations:     United Kingdom\n\nYou may object');
  });

  it('escapes inserted values in the HTML body', () => {
    const email = renderer.render('subprocessor-change-announced', data);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).toContain('Acme &lt;Ltd&gt;');
  });

  it('keeps the subject on one line so values cannot add headers', () => {
    const email = renderer.render('subprocessor-change-announced', data);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain('Pipeten Bcc: victim@example.com');
  });

  it('names the known templates when asked for another', () => {
    expect(() => renderer.render('nope', {})).toThrow(/subprocessor-change-announced/);
  });
});
