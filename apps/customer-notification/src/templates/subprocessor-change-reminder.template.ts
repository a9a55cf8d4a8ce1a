import { SubprocessorChangeReminderDue } from '@forewarn/contracts';
import { EmailTemplate } from './email-template';
import { styles as s } from './layout';
import { samples } from './sample-data';
import { TemplateNames } from './template-names';

/** The reminder before an announced change takes effect (on reminder-due). */
export const subprocessorChangeReminder: EmailTemplate = {
  name: TemplateNames.changeReminder,
  version: 2,
  description: 'Reminder that an announced subprocessor change takes effect soon (on reminder-due)',
  contracts: [SubprocessorChangeReminderDue],
  audience: 'customer-contact',
  subject: '{{#if authorisation.requested}}Your approval is still needed: {{/if}}Reminder: subprocessor change for {{subprocessor.name}} takes effect on {{day effectiveAt}}',
  preheader: 'In {{plural daysBefore "day"}}: {{kindLabel kind}}: {{subprocessor.name}}. You may object until then.',
  html: `<h1 style="${s.h1}">Reminder: a subprocessor change takes effect in {{plural daysBefore "day"}}</h1>
<p style="margin:0 0 12px;">Dear {{contact.name}},</p>
<p style="margin:0 0 12px;">On {{date announcedAt}} we gave {{customer.name}} notice of the change below. It takes effect on <strong>{{date effectiveAt}}</strong>. If you have already told us what you think of it, you need not do anything more.</p>
{{> changeFacts}}
{{> subprocessorDetails}}
{{> authorisationRequest}}
{{> objection}}`,
  text: `Dear {{contact.name}},

On {{date announcedAt}} we gave {{customer.name}} notice of the change below. It takes effect on
{{date effectiveAt}}, in {{plural daysBefore "day"}}. If you have already told us what you think of it, you
need not do anything more.

{{> changeFacts}}

{{> subprocessorDetails}}

{{> authorisationRequest}}
{{> objection}}
`,
  sampleData: samples.changeReminder,
};
