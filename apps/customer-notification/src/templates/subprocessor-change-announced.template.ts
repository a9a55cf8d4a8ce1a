import { SubprocessorChangeAnnounced } from '@forewarn/contracts';
import { EmailTemplate } from './email-template';
import { styles as s } from './layout';
import { samples } from './sample-data';
import { TemplateNames } from './template-names';

/**
 * The notice of a subprocessor change (GDPR Art. 28(2); SCC Clause 9(a)): what changes, when and
 * why, who the subprocessor is, where it processes data and on what safeguard, and how to object.
 */
export const subprocessorChangeAnnounced: EmailTemplate = {
  name: TemplateNames.changeAnnounced,
  version: 3,
  description: 'Advance notice of a subprocessor change, with the right to object (on announced)',
  contracts: [SubprocessorChangeAnnounced],
  audience: 'customer-contact',
  subject: '{{#if authorisation.requested}}Your approval is needed: {{/if}}Notice of a subprocessor change: {{subprocessor.name}}, from {{day effectiveAt}}',
  preheader: '{{kindLabel kind}}: {{subprocessor.name}}. You may object until {{date effectiveAt}}.',
  html: `<h1 style="${s.h1}">Advance notice of a change to our subprocessors</h1>
<p style="margin:0 0 12px;">Dear {{contact.name}},</p>
<p style="margin:0 0 12px;">We are giving {{customer.name}} {{noticePeriodDays}} days' notice of a change to the subprocessors that process personal data on its behalf. The change takes effect on <strong>{{date effectiveAt}}</strong>.</p>
{{> changeFacts}}
{{> subprocessorDetails}}
{{> authorisationRequest}}
{{> objection}}`,
  text: `Dear {{contact.name}},

We are giving {{customer.name}} {{noticePeriodDays}} days' notice of a change to the subprocessors
that process personal data on its behalf. The change takes effect on {{date effectiveAt}}.

{{> changeFacts}}

{{> subprocessorDetails}}

{{> authorisationRequest}}
{{> objection}}
`,
  sampleData: samples.changeAnnounced,
};
