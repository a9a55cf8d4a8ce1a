import { TemplateRenderer } from '../templates/template-renderer';
import { PersonalRenderer } from './personal-renderer';

const base = {
  changeId: 'c-1',
  kind: 'addition',
  summary: 'We add a backup host',
  announcedAt: '2026-12-01T00:00:00Z',
  effectiveAt: '2027-01-15T09:00:00Z',
  noticePeriodDays: 30,
  subprocessor: { id: 's', name: 'Iceni <Backup>', category: 'Hosting', purpose: 'Backups', dataCategories: ['a'], locations: ['GB'] },
};
const personal = (name: string, customer = 'Acme & Sons "Ltd"') => ({ contactName: name, contactEmail: `${name.replace(/\W/g, '')}@x.example`, customerName: customer, noticeUrl: `https://n.example/n/${name.length}.tag` });

describe('PersonalRenderer', () => {
  const renderer = new TemplateRenderer();
  const personalRenderer = new PersonalRenderer(renderer);
  const full = (p: ReturnType<typeof personal>) =>
    renderer.render('subprocessor-change-announced', { ...base, contact: { name: p.contactName, email: p.contactEmail }, customer: { name: p.customerName }, links: { notice: p.noticeUrl } });

  it('renders the template once per notice and gives exactly what a full render gives, escaping values in the HTML', () => {
    const renders = jest.spyOn(renderer, 'render');
    for (const p of [personal('Dana'), personal('<b>Eve</b> O\'Neil'), personal('Zoë', 'Ünïcode & Co')]) {
      const email = personalRenderer.render('n-1', 'subprocessor-change-announced', base, p);
      expect(email).toEqual(full(p));
    }
    // The first email: a full render and the one with placeholders; the other two: none (the
    // other three calls are this test's own full renders).
    expect(renders).toHaveBeenCalledTimes(2 + 3);
    renders.mockRestore();
    expect(personalRenderer.render('n-1', 'subprocessor-change-announced', base, personal('<b>Eve</b>')).html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
  });

  it('renders in full a value the subject or text clean-up would change', () => {
    const p = personal('Dana   Scully\n');
    expect(personalRenderer.render('n-1', 'subprocessor-change-announced', base, p)).toEqual(full(p));
  });

  it('renders every email in full when the template transforms a personal value', () => {
    const transforming = { render: (name: string, data: Record<string, unknown>) => ({ ...renderer.render(name, data), subject: String((data.contact as { name: string }).name).toUpperCase() }) };
    const r = new PersonalRenderer(transforming as unknown as TemplateRenderer);
    r.render('n-2', 'subprocessor-change-announced', base, personal('Dana'));
    expect(r.render('n-2', 'subprocessor-change-announced', base, personal('Eve')).subject).toBe('EVE');
  });
});
