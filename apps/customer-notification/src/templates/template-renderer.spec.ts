import { validateEventData } from '@forewarn/contracts';
import { breachUpdateSample, samples } from './sample-data';
import { TEMPLATES, TemplateRenderer } from './template-renderer';
import { TemplateNames } from './template-names';

describe('TemplateRenderer', () => {
  const renderer = new TemplateRenderer({ NOTICE_SENDER_NAME: 'Infotek Software Limited' });
  const changeTemplates = [
    TemplateNames.changeAnnounced,
    TemplateNames.changeReminder,
    TemplateNames.changeRescheduled,
    TemplateNames.changeCancelled,
    TemplateNames.changeEffective,
  ];

  it('has one versioned template per event, each named in TemplateNames', () => {
    expect(TEMPLATES.map((t) => t.name).sort()).toEqual(Object.values(TemplateNames).sort());
    for (const t of TEMPLATES) expect(t.version).toBeGreaterThanOrEqual(1);
  });

  it("writes every template's sample data as its event carries it", () => {
    for (const t of TEMPLATES) {
      const valid = t.contracts.some((contract) => {
        try {
          validateEventData(contract, t.sampleData);
          return true;
        } catch {
          return false;
        }
      });
      expect({ template: t.name, valid }).toEqual({ template: t.name, valid: true });
    }
  });

  it('renders every template in both formats, in the layout, without leftovers', () => {
    for (const t of TEMPLATES) {
      const email = renderer.render(t.name, t.sampleData);
      expect(email).toMatchObject({ template: t.name, templateVersion: t.version });
      expect(email.html).toMatch(/^<!doctype html>/);
      expect(email.html).toContain('Infotek Software Limited');
      expect(email.text).toMatch(/^Infotek Software Limited\n=+\n/);
      for (const body of [email.subject, email.html, email.text]) {
        expect(body).not.toMatch(/\{\{|\}\}|undefined|\[object Object\]|NaN/);
      }
      expect(email.text).not.toMatch(/\n\n\n/);
    }
  });

  it('states in every change notice what changes, when, why, purpose, locations, transfer safeguard and how to object', () => {
    for (const name of changeTemplates) {
      const { text, html } = renderer.render(name, TEMPLATES.find((t) => t.name === name)!.sampleData);
      expect({ name, text }).toEqual({ name, text: expect.stringContaining('What changes:  Replacement of a subprocessor: UKFast, replacing Vidahost') });
      expect(text).toContain('Why:           We are moving web and email hosting from Vidahost to UKFast');
      expect(text).toMatch(/Takes effect: {2}(1 March|1 April) 2027, (09:00 GMT|09:00 BST)/);
      expect(text).toContain('Purpose of the processing:   Hosting of the services and their data, and off-site backups');
      expect(text).toContain('Where the data is processed: United Kingdom');
      expect(text).toContain('Transfer safeguard:          None needed: the data stays in the United Kingdom');
      expect(html).toContain('Where the data is processed</th>');
    }
    const announced = renderer.render(TemplateNames.changeAnnounced, samples.changeAnnounced);
    expect(announced.text).toContain(`Read the notice or object online (a link personal to you and to this notice):\n${samples.changeAnnounced.links.notice}`);
    expect(announced.html).toContain(`<a href="${samples.changeAnnounced.links.notice}"`);
    expect(announced.text).toContain('may object to this change until it takes effect on 1 March 2027, 09:00 GMT');
    expect(announced.subject).toBe('Notice of a subprocessor change: UKFast, from 1 March 2027');
    const rescheduled = renderer.render(TemplateNames.changeRescheduled, samples.changeRescheduled);
    expect(rescheduled.text).toContain('now takes effect on\n1 April 2027, 09:00 BST instead of 1 March 2027, 09:00 GMT');
  });

  it('falls back to a reply when a change email has no link', () => {
    const { links: _links, ...withoutLink } = samples.changeAnnounced;
    const email = renderer.render(TemplateNames.changeAnnounced, withoutLink);
    expect(email.text).toContain('To object, reply to this email and tell us your reasons.');
    expect(email.html).not.toContain('object online');
  });

  it('asks a customer under specific authorisation for its approval, in the subject and the body, and nobody else', () => {
    for (const name of [TemplateNames.changeAnnounced, TemplateNames.changeReminder]) {
      const data = { ...TEMPLATES.find((t) => t.name === name)!.sampleData, links: { notice: 'https://notices.example/n/abc' } };
      const asked = renderer.render(name, { ...data, authorisation: { requested: true } });
      expect(asked.subject).toMatch(/^Your approval is (still )?needed: /);
      expect(asked.html).toContain('this change will not apply to');
      expect(asked.text).toContain('YOUR APPROVAL IS NEEDED');
      const told = renderer.render(name, data);
      expect(told.subject).not.toContain('approval');
      expect(told.text).not.toContain('YOUR APPROVAL IS NEEDED');
    }
  });

  it('gives a breach notice the Art. 33(3) content and its reference', () => {
    const { subject, text } = renderer.render(TemplateNames.breachNotice, samples.breachNotice);
    expect(subject).toBe('Personal data breach notice BR-2027-0007: Backup file exposed by a misconfigured storage bucket');
    for (const line of [
      'Breach reference:               BR-2027-0007',
      'Nature of the breach:           accessed, disclosed, confidentiality',
      'Personal data concerned:        names, email addresses, postal addresses',
      'Special category data:          No',
      'Approximate number of people:   1,200',
      'Approximate number of records:  3,400',
      'Likely consequences:            Low: we found one download',
      'Measures taken or proposed:     Permission corrected',
      'Contact point:                  Jane Doe, Data Protection Officer',
      'When we became aware:           3 February 2027, 07:40 GMT',
    ]) {
      expect(text).toContain(line);
    }
    const { likelyConsequences: _c, measures: _m, ...early } = samples.breachNotice;
    expect(renderer.render(TemplateNames.breachNotice, early).text).toContain('Likely consequences:            Still being assessed');
    const update = renderer.render(TemplateNames.breachUpdate, breachUpdateSample);
    expect(update.subject).toMatch(/^Update to personal data breach notice BR-2027-0007/);
    expect(update.text).toContain(`WHAT IS NEW\n${breachUpdateSample.message}`);
  });

  it('tells responders which deadline, when it is due and how long is left, or that it was missed', () => {
    const approaching = renderer.render(TemplateNames.breachDeadlineEscalation, samples.breachDeadlineEscalation);
    expect(approaching.subject).toBe('Due in 12 hours: report to the ICO for breach BR-2027-0007');
    expect(approaching.text).toContain('Deadline:      Report to the Information Commissioner (GDPR Art. 33(1), 72 hours from awareness)');
    expect(approaching.text).toContain('Due:           6 February 2027, 07:40 GMT');
    expect(approaching.text).toContain('Time left:     12 hours');
    expect(approaching.text).toContain('You receive this as an incident responder');
    const missed = renderer.render(TemplateNames.breachDeadlineEscalation, {
      ...samples.breachDeadlineEscalation,
      missedAt: '2027-02-06T07:40:00.000Z',
    });
    expect(missed.subject).toBe('MISSED: report to the ICO for breach BR-2027-0007');
    expect(missed.text).toContain('passed on 6 February 2027, 07:40 GMT without being met');
  });

  it('escapes inserted values in the HTML, keeps line breaks, and refuses script links', () => {
    const email = renderer.render(TemplateNames.changeAnnounced, {
      ...samples.changeAnnounced,
      customer: { name: 'Acme <Ltd> & "Sons"' },
      summary: 'We add <script>alert(1)</script> a host\nsecond line',
      links: { notice: 'javascript:alert(1)' },
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; a host<br>second line');
    expect(email.html).toContain('Acme &lt;Ltd&gt; &amp; &quot;Sons&quot;');
    expect(email.html).toContain('href="#"');
    expect(email.text).toContain('Acme <Ltd> & "Sons"');
  });

  it('keeps the subject on one line so values cannot add headers', () => {
    const email = renderer.render(TemplateNames.changeAnnounced, {
      ...samples.changeAnnounced,
      subprocessor: { ...samples.changeAnnounced.subprocessor, name: 'Pipeten\r\nBcc: victim@example.com' },
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain('Pipeten Bcc: victim@example.com');
  });

  it('names the known templates when asked for another', () => {
    expect(() => renderer.render('nope', {})).toThrow(/subprocessor-change-announced, subprocessor-change-reminder/);
  });
});
