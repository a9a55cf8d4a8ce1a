import { SubprocessorChangeCancelled } from '@forewarn/contracts';
import { EmailTemplate } from './email-template';
import { styles as s } from './layout';
import { samples } from './sample-data';
import { TemplateNames } from './template-names';

/** An announced change will not happen (on cancelled). */
export const subprocessorChangeCancelled: EmailTemplate = {
  name: TemplateNames.changeCancelled,
  version: 1,
  description: 'An announced subprocessor change will not go ahead (on cancelled)',
  contracts: [SubprocessorChangeCancelled],
  audience: 'customer-contact',
  subject: 'Cancelled: the subprocessor change for {{subprocessor.name}} will not go ahead',
  preheader: 'The change due on {{date effectiveAt}} is off. Nothing changes.',
  html: `<h1 style="${s.h1}">A subprocessor change has been cancelled</h1>
<p style="margin:0 0 12px;">Dear {{contact.name}},</p>
<p style="margin:0 0 12px;">The change we announced to {{customer.name}} on {{date announcedAt}}, due to take effect on {{date effectiveAt}}, was cancelled on {{date cancelledAt}}. Our subprocessors stay as they are, and there is nothing to object to any more; if you objected, you need not do anything further.</p>
<div style="${s.callout}"><strong>Why it was cancelled:</strong> {{multiline reason}}</div>
<h2 style="${s.h2}">The change that was planned</h2>
{{> changeFacts}}
{{> subprocessorDetails}}
{{#if links.notice}}<p style="${s.note}">The notice, marked as cancelled, stays available at <a href="{{url links.notice}}" style="color:#1f4e8c;">this link</a>.</p>{{/if}}`,
  text: `Dear {{contact.name}},

The change we announced to {{customer.name}} on {{date announcedAt}}, due to take effect on
{{date effectiveAt}}, was cancelled on {{date cancelledAt}}. Our subprocessors stay as they are,
and there is nothing to object to any more; if you objected, you need not do anything further.

Why it was cancelled: {{reason}}

THE CHANGE THAT WAS PLANNED
{{> changeFacts}}

{{> subprocessorDetails}}
{{#if links.notice}}

The notice, marked as cancelled, stays available at:
{{links.notice}}
{{/if}}
`,
  sampleData: samples.changeCancelled,
};
