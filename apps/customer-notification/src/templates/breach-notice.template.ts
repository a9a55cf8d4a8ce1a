import { BreachCustomerNoticeRequested } from '@forewarn/contracts';
import { EmailTemplate } from './email-template';
import { styles as s } from './layout';
import { samples } from './sample-data';
import { TemplateNames } from './template-names';

/** The processor's notice of a breach to an affected customer (Art. 33(2)), with Art. 33(3) content. */
export const breachNotice: EmailTemplate = {
  name: TemplateNames.breachNotice,
  version: 1,
  description: 'First notice of a personal data breach to an affected customer (on customer-notice-requested)',
  contracts: [BreachCustomerNoticeRequested],
  audience: 'customer-contact',
  subject: 'Personal data breach notice {{reference}}: {{title}}',
  preheader: 'A personal data breach affects data we process for {{customer.name}}. Reference {{reference}}.',
  html: `<h1 style="${s.h1}">Notice of a personal data breach</h1>
<p style="margin:0 0 12px;">Dear {{contact.name}},</p>
<p style="margin:0 0 12px;">We are writing to tell {{customer.name}}, without undue delay, about a personal data breach affecting personal data we process on its behalf. This notice gives the information Article 33(3) GDPR asks for, as far as we know it now.</p>
{{#if message}}<div style="${s.callout}">{{multiline message}}</div>{{/if}}
{{> breachFacts}}
{{> breachNext}}`,
  text: `Dear {{contact.name}},

We are writing to tell {{customer.name}}, without undue delay, about a personal data breach
affecting personal data we process on its behalf. This notice gives the information Article 33(3)
GDPR asks for, as far as we know it now.
{{#if message}}

{{message}}
{{/if}}

{{> breachFacts}}

{{> breachNext}}
`,
  sampleData: samples.breachNotice,
};
