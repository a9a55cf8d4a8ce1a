import { SubprocessorChangeEffective } from '@forewarn/contracts';
import { EmailTemplate } from './email-template';
import { styles as s } from './layout';
import { samples } from './sample-data';
import { TemplateNames } from './template-names';

/** The change now applies and the public list shows it (on effective). */
export const subprocessorChangeEffective: EmailTemplate = {
  name: TemplateNames.changeEffective,
  version: 1,
  description: 'An announced subprocessor change has taken effect (on effective)',
  contracts: [SubprocessorChangeEffective],
  audience: 'customer-contact',
  subject: 'Now in effect: subprocessor change for {{subprocessor.name}}',
  preheader: 'The change announced on {{date announcedAt}} took effect on {{date appliedAt}}.',
  html: `<h1 style="${s.h1}">A subprocessor change has taken effect</h1>
<p style="margin:0 0 12px;">Dear {{contact.name}},</p>
<p style="margin:0 0 12px;">The change we announced to {{customer.name}} on {{date announcedAt}} took effect on <strong>{{date appliedAt}}</strong>. Our public list of subprocessors now shows it.</p>
{{> changeFacts}}
{{> subprocessorDetails}}
<h2 style="${s.h2}">Objections</h2>
<p style="margin:0 0 12px;">The period for objecting to this change ended when it took effect. Objections made before then are being handled by our compliance team. If {{customer.name}} has concerns about the change now, reply to this email; the terms of our data processing agreement apply.</p>`,
  text: `Dear {{contact.name}},

The change we announced to {{customer.name}} on {{date announcedAt}} took effect on
{{date appliedAt}}. Our public list of subprocessors now shows it.

{{> changeFacts}}

{{> subprocessorDetails}}

OBJECTIONS
The period for objecting to this change ended when it took effect. Objections made before then
are being handled by our compliance team. If {{customer.name}} has concerns about the change now,
reply to this email; the terms of our data processing agreement apply.
`,
  sampleData: samples.changeEffective,
};
