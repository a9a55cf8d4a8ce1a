import { EmailTemplate } from './email-template';

/**
 * The notice of a subprocessor change (GDPR Art. 28(2); SCC Clause 9(a)): what changes, who the
 * subprocessor is and where it processes data, when it takes effect, and the right to object.
 */
export const subprocessorChangeAnnounced: EmailTemplate = {
  name: 'subprocessor-change-announced',
  version: 1,
  subject: 'Subprocessor change notice: {{kindLabel}} {{subprocessor.name}}, effective {{date effectiveAt}}',
  html: `<!doctype html>
<html lang="en"><body style="font-family: Arial, sans-serif; color: #1a1a1a; max-width: 640px">
<p>Dear {{contact.name}},</p>
<p>We are giving {{customer.name}} notice of a change to the subprocessors that process personal data
on its behalf. The change takes effect on <strong>{{date effectiveAt}}</strong>, at least
{{noticePeriodDays}} days after this notice.</p>
<h2 style="font-size: 18px">{{kindLabel}}: {{subprocessor.name}}</h2>
<p>{{summary}}</p>
<table style="border-collapse: collapse">
  <tr><th align="left" style="padding: 2px 16px 2px 0; vertical-align: top">Subprocessor</th><td>{{subprocessor.name}}{{#if subprocessor.legalEntity}} ({{subprocessor.legalEntity}}){{/if}}</td></tr>
  <tr><th align="left" style="padding: 2px 16px 2px 0; vertical-align: top">Service</th><td>{{subprocessor.category}}</td></tr>
  <tr><th align="left" style="padding: 2px 16px 2px 0; vertical-align: top">Purpose</th><td>{{subprocessor.purpose}}</td></tr>
  <tr><th align="left" style="padding: 2px 16px 2px 0; vertical-align: top">Personal data</th><td>{{join subprocessor.dataCategories}}</td></tr>
  <tr><th align="left" style="padding: 2px 16px 2px 0; vertical-align: top">Locations</th><td>{{countries subprocessor.locations}}</td></tr>
  {{#if subprocessor.transferMechanism}}<tr><th align="left" style="padding: 2px 16px 2px 0; vertical-align: top">Transfer safeguard</th><td>{{subprocessor.transferMechanism}}</td></tr>{{/if}}
  {{#if replacesSubprocessor}}<tr><th align="left" style="padding: 2px 16px 2px 0; vertical-align: top">Replaces</th><td>{{replacesSubprocessor.name}}</td></tr>{{/if}}
</table>
<p>You may object to this change before it takes effect by replying to this email. An objection is
reviewed by our compliance team, who will contact you.</p>
<p style="color: #555; font-size: 12px">This is a service message under our data processing agreement
with {{customer.name}}. It goes to the contacts {{customer.name}} chose to receive such notices.</p>
</body></html>`,
  text: `Dear {{contact.name}},

We are giving {{customer.name}} notice of a change to the subprocessors that process personal data
on its behalf. The change takes effect on {{date effectiveAt}}, at least {{noticePeriodDays}} days
after this notice.

{{kindLabel}}: {{subprocessor.name}}
{{summary}}

Subprocessor:  {{subprocessor.name}}{{#if subprocessor.legalEntity}} ({{subprocessor.legalEntity}}){{/if}}
Service:       {{subprocessor.category}}
Purpose:       {{subprocessor.purpose}}
Personal data: {{join subprocessor.dataCategories}}
Locations:     {{countries subprocessor.locations}}
{{#if subprocessor.transferMechanism}}
Safeguard:     {{subprocessor.transferMechanism}}
{{/if}}
{{#if replacesSubprocessor}}
Replaces:      {{replacesSubprocessor.name}}
{{/if}}

You may object to this change before it takes effect by replying to this email. An objection is
reviewed by our compliance team, who will contact you.

This is a service message under our data processing agreement with {{customer.name}}. It goes to
the contacts {{customer.name}} chose to receive such notices.
`,
};
