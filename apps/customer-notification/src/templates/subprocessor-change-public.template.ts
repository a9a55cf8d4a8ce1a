import { SubprocessorChangeAnnounced, SubprocessorChangeCancelled, SubprocessorChangeEffective, SubprocessorChangeRescheduled } from '@forewarn/contracts';
import { EmailTemplate } from './email-template';
import { styles as s } from './layout';
import { samples } from './sample-data';
import { TemplateNames } from './template-names';

/**
 * A change to the subprocessors as told to a public subscriber: what the public list says, with
 * no customer named and nothing to object to (that right is the customers'). One template for the
 * four events a subscriber gets; which one it is shows in the data (`cancelledAt`,
 * `previousEffectiveAt`, `appliedAt`, or none of them for an announcement).
 */
export const subprocessorChangePublic: EmailTemplate = {
  name: TemplateNames.changeForSubscribers,
  version: 1,
  description: 'A subprocessor change announced, moved, cancelled or in effect, for public subscribers (with an unsubscribe link)',
  contracts: [SubprocessorChangeAnnounced, SubprocessorChangeRescheduled, SubprocessorChangeCancelled, SubprocessorChangeEffective],
  audience: 'public-subscriber',
  subject:
    '{{#if cancelledAt}}Cancelled: the subprocessor change for {{subprocessor.name}}{{else if previousEffectiveAt}}New date for a subprocessor change: {{subprocessor.name}}, now from {{day effectiveAt}}{{else if appliedAt}}Now in effect: {{kindLabel kind}}: {{subprocessor.name}}{{else}}Subprocessor change: {{subprocessor.name}}, from {{day effectiveAt}}{{/if}}',
  preheader: '{{kindLabel kind}}: {{subprocessor.name}}, {{#if cancelledAt}}cancelled{{else if appliedAt}}in effect{{else}}from {{date effectiveAt}}{{/if}}.',
  html: `<h1 style="${s.h1}">{{#if cancelledAt}}A subprocessor change has been cancelled{{else if previousEffectiveAt}}A subprocessor change has a new date{{else if appliedAt}}A subprocessor change is now in effect{{else}}A change to our subprocessors{{/if}}</h1>
<p style="margin:0 0 12px;">{{#if cancelledAt}}The change announced on {{date announcedAt}} was cancelled on {{date cancelledAt}}: our subprocessors stay as they are.{{else if previousEffectiveAt}}The change announced on {{date announcedAt}} now takes effect on <strong>{{date effectiveAt}}</strong> instead of {{date previousEffectiveAt}}.{{else if appliedAt}}The change announced on {{date announcedAt}} took effect on {{date appliedAt}}, and our list of subprocessors now shows it.{{else}}We have announced a change to the subprocessors that process personal data for our customers. It takes effect on <strong>{{date effectiveAt}}</strong>.{{/if}}</p>
{{#if reason}}<div style="${s.callout}"><strong>Why:</strong> {{multiline reason}}</div>{{/if}}
{{> changeFacts}}
{{> subprocessorDetails}}`,
  text: `{{#if cancelledAt}}The change announced on {{date announcedAt}} was cancelled on {{date cancelledAt}}: our
subprocessors stay as they are.{{else if previousEffectiveAt}}The change announced on {{date announcedAt}} now takes effect on {{date effectiveAt}}
instead of {{date previousEffectiveAt}}.{{else if appliedAt}}The change announced on {{date announcedAt}} took effect on {{date appliedAt}}, and our
list of subprocessors now shows it.{{else}}We have announced a change to the subprocessors that process personal data for our
customers. It takes effect on {{date effectiveAt}}.{{/if}}
{{#if reason}}

Why: {{reason}}
{{/if}}

{{> changeFacts}}

{{> subprocessorDetails}}
`,
  sampleData: samples.changeForSubscribers,
};
