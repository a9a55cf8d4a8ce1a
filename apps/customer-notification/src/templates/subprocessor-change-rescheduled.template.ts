import { SubprocessorChangeRescheduled } from '@forewarn/contracts';
import { EmailTemplate } from './email-template';
import { styles as s } from './layout';
import { samples } from './sample-data';
import { TemplateNames } from './template-names';

/** An announced change now takes effect on another date (on rescheduled). */
export const subprocessorChangeRescheduled: EmailTemplate = {
  name: TemplateNames.changeRescheduled,
  version: 1,
  description: 'An announced subprocessor change moved to another date (on rescheduled)',
  contracts: [SubprocessorChangeRescheduled],
  audience: 'customer-contact',
  subject: 'New date for a subprocessor change: {{subprocessor.name}}, now from {{day effectiveAt}}',
  preheader: 'Moved from {{date previousEffectiveAt}} to {{date effectiveAt}}.',
  html: `<h1 style="${s.h1}">A subprocessor change has a new date</h1>
<p style="margin:0 0 12px;">Dear {{contact.name}},</p>
<p style="margin:0 0 12px;">The change we announced to {{customer.name}} on {{date announcedAt}} now takes effect on <strong>{{date effectiveAt}}</strong> instead of {{date previousEffectiveAt}}.</p>
{{#if reason}}<div style="${s.callout}"><strong>Why the date moved:</strong> {{multiline reason}}</div>{{/if}}
{{> changeFacts}}
{{> subprocessorDetails}}
{{> objection}}`,
  text: `Dear {{contact.name}},

The change we announced to {{customer.name}} on {{date announcedAt}} now takes effect on
{{date effectiveAt}} instead of {{date previousEffectiveAt}}.
{{#if reason}}

Why the date moved: {{reason}}
{{/if}}

{{> changeFacts}}

{{> subprocessorDetails}}

{{> objection}}
`,
  sampleData: samples.changeRescheduled,
};
