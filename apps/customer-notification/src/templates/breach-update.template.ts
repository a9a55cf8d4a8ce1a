import { BreachCustomerNoticeRequested } from '@forewarn/contracts';
import { EmailTemplate } from './email-template';
import { styles as s } from './layout';
import { breachUpdateSample } from './sample-data';
import { TemplateNames } from './template-names';

/** A follow-up to a breach notice, with what is new and the facts as they now stand (Art. 33(4)). */
export const breachUpdate: EmailTemplate = {
  name: TemplateNames.breachUpdate,
  version: 1,
  description: 'Update to a breach notice with new information (on customer-notice-requested, phase follow-up)',
  contracts: [BreachCustomerNoticeRequested],
  audience: 'customer-contact',
  subject: 'Update to personal data breach notice {{reference}}: {{title}}',
  preheader: 'New information about breach {{reference}}.',
  html: `<h1 style="${s.h1}">Update on a personal data breach</h1>
<p style="margin:0 0 12px;">Dear {{contact.name}},</p>
<p style="margin:0 0 12px;">We are writing with new information about breach <strong>{{reference}}</strong>, which we notified to {{customer.name}} earlier (Art. 33(4) GDPR allows information to be given in phases). The table below shows the facts as they now stand.</p>
{{#if message}}<div style="${s.callout}"><strong>What is new:</strong><br>{{multiline message}}</div>{{/if}}
{{> breachFacts}}
{{> breachNext}}`,
  text: `Dear {{contact.name}},

We are writing with new information about breach {{reference}}, which we notified to
{{customer.name}} earlier (Art. 33(4) GDPR allows information to be given in phases). Below are
the facts as they now stand.
{{#if message}}

WHAT IS NEW
{{message}}
{{/if}}

{{> breachFacts}}

{{> breachNext}}
`,
  sampleData: breachUpdateSample,
};
