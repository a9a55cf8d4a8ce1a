import { styles as s } from './layout';

/**
 * The parts every subprocessor change email shares: what changes, when and why; who the
 * subprocessor is, what it does, where and on what safeguard; and how to object (and, for a
 * customer under specific authorisation, that its approval is needed).
 */
export const changePartials = {
  html: {
    changeFacts: `<table style="${s.table}">
<tr><th scope="row" style="${s.th}">What changes</th><td style="${s.td}">{{kindLabel kind}}: <strong>{{subprocessor.name}}</strong>{{#if replacesSubprocessor}}, replacing {{replacesSubprocessor.name}}{{/if}}</td></tr>
<tr><th scope="row" style="${s.th}">Takes effect</th><td style="${s.td}"><strong>{{date effectiveAt}}</strong></td></tr>
<tr><th scope="row" style="${s.th}">Why</th><td style="${s.td}">{{multiline summary}}</td></tr>
<tr><th scope="row" style="${s.th}">Announced</th><td style="${s.td}">{{date announcedAt}}</td></tr>
</table>`,
    subprocessorDetails: `<h2 style="${s.h2}">About {{subprocessor.name}}</h2>
<table style="${s.table}">
<tr><th scope="row" style="${s.th}">Legal entity</th><td style="${s.td}">{{#if subprocessor.legalEntity}}{{subprocessor.legalEntity}}{{else}}{{subprocessor.name}}{{/if}}</td></tr>
<tr><th scope="row" style="${s.th}">Service</th><td style="${s.td}">{{subprocessor.category}}</td></tr>
<tr><th scope="row" style="${s.th}">Purpose of the processing</th><td style="${s.td}">{{subprocessor.purpose}}</td></tr>
<tr><th scope="row" style="${s.th}">Personal data involved</th><td style="${s.td}">{{join subprocessor.dataCategories}}</td></tr>
<tr><th scope="row" style="${s.th}">Where the data is processed</th><td style="${s.td}">{{countries subprocessor.locations}}</td></tr>
<tr><th scope="row" style="${s.th}">Transfer safeguard</th><td style="${s.td}">{{transferSafeguard subprocessor}}</td></tr>
{{#if subprocessor.website}}<tr><th scope="row" style="${s.th}">Website</th><td style="${s.td}"><a href="{{url subprocessor.website}}" style="color:#1f4e8c;">{{subprocessor.website}}</a></td></tr>{{/if}}
</table>
{{#if replacesSubprocessor}}<p style="${s.note}">{{replacesSubprocessor.name}} ({{replacesSubprocessor.category}}) stops processing personal data on {{#if (eq @audience "public-subscriber")}}our customers'{{else}}{{customer.name}}'s{{/if}} behalf when the change takes effect.</p>{{/if}}`,
    authorisationRequest: `{{#if authorisation.requested}}<h2 style="${s.h2}">Your approval is needed</h2>
<p style="margin:0 0 12px;">Under {{customer.name}}'s data processing agreement with us, subprocessor changes need its specific prior authorisation: <strong>this change will not apply to {{customer.name}}'s data until it approves</strong>. Please approve it, or object with your reasons, on the notice page{{#if links.notice}} (the button below){{/if}}.</p>{{/if}}`,
    objection: `<h2 style="${s.h2}">Your right to object</h2>
<p style="margin:0 0 12px;">{{customer.name}} may object to this change until it takes effect on {{date effectiveAt}} (Article 28(2) GDPR and our data processing agreement). Our compliance team reviews every objection and will contact you about it.</p>
{{#if links.notice}}<p style="margin:16px 0;"><a href="{{url links.notice}}" style="${s.button}">Read the notice or object online</a></p>
<p style="${s.note}">This link is personal to you and to this notice. If the button does not work, copy this address into your browser:<br><span style="word-break:break-all;">{{links.notice}}</span></p>
{{else}}<p style="margin:0 0 12px;">To object, reply to this email and tell us your reasons.</p>{{/if}}`,
  },
  text: {
    changeFacts: `What changes:  {{kindLabel kind}}: {{subprocessor.name}}{{#if replacesSubprocessor}}, replacing {{replacesSubprocessor.name}}{{/if}}
Takes effect:  {{date effectiveAt}}
Why:           {{summary}}
Announced:     {{date announcedAt}}
`,
    subprocessorDetails: `ABOUT {{upper subprocessor.name}}
Legal entity:                {{#if subprocessor.legalEntity}}{{subprocessor.legalEntity}}{{else}}{{subprocessor.name}}{{/if}}
Service:                     {{subprocessor.category}}
Purpose of the processing:   {{subprocessor.purpose}}
Personal data involved:      {{join subprocessor.dataCategories}}
Where the data is processed: {{countries subprocessor.locations}}
Transfer safeguard:          {{transferSafeguard subprocessor}}
{{#if subprocessor.website}}Website:                     {{subprocessor.website}}
{{/if}}{{#if replacesSubprocessor}}
{{replacesSubprocessor.name}} ({{replacesSubprocessor.category}}) stops processing personal data on
{{#if (eq @audience "public-subscriber")}}our customers'{{else}}{{customer.name}}'s{{/if}} behalf when the change takes effect.
{{/if}}
`,
    authorisationRequest: `{{#if authorisation.requested}}YOUR APPROVAL IS NEEDED
Under {{customer.name}}'s data processing agreement with us, subprocessor changes need its
specific prior authorisation: this change will not apply to {{customer.name}}'s data until it
approves. Please approve it, or object with your reasons, on the notice page.
{{/if}}`,
    objection: `YOUR RIGHT TO OBJECT
{{customer.name}} may object to this change until it takes effect on {{date effectiveAt}}
(Article 28(2) GDPR and our data processing agreement). Our compliance team reviews every
objection and will contact you about it.

{{#if links.notice}}Read the notice or object online (a link personal to you and to this notice):
{{links.notice}}{{else}}To object, reply to this email and tell us your reasons.{{/if}}
`,
  },
};
