import { styles as s } from './layout';

const stillAssessing = 'Still being assessed; we will tell you in an update';

/** What a breach notice must contain (GDPR Art. 33(3)), as far as it is known when sent. */
export const breachPartials = {
  html: {
    breachFacts: `<table style="${s.table}">
<tr><th scope="row" style="${s.th}">Breach reference</th><td style="${s.td}"><strong>{{reference}}</strong></td></tr>
<tr><th scope="row" style="${s.th}">What happened</th><td style="${s.td}"><strong>{{title}}</strong><br>{{multiline description}}</td></tr>
<tr><th scope="row" style="${s.th}">When it happened</th><td style="${s.td}">{{#if occurredAt}}{{date occurredAt}}{{#if occurredUntil}} to {{date occurredUntil}}{{/if}}{{else}}Not yet known{{/if}}</td></tr>
<tr><th scope="row" style="${s.th}">When we became aware</th><td style="${s.td}">{{date awareAt}}</td></tr>
<tr><th scope="row" style="${s.th}">Nature of the breach</th><td style="${s.td}">{{join nature}}</td></tr>
<tr><th scope="row" style="${s.th}">Personal data concerned</th><td style="${s.td}">{{join dataCategories}}</td></tr>
<tr><th scope="row" style="${s.th}">Special category data</th><td style="${s.td}">{{#if specialCategoryData}}<strong>Yes</strong>: special category data (Art. 9 GDPR) is involved{{else}}No{{/if}}</td></tr>
{{#if dataSubjectCategories}}<tr><th scope="row" style="${s.th}">People affected</th><td style="${s.td}">{{join dataSubjectCategories}}</td></tr>{{/if}}
<tr><th scope="row" style="${s.th}">Approximate number of people</th><td style="${s.td}">{{number approxDataSubjects}}</td></tr>
<tr><th scope="row" style="${s.th}">Approximate number of records</th><td style="${s.td}">{{number approxRecords}}</td></tr>
<tr><th scope="row" style="${s.th}">Likely consequences</th><td style="${s.td}">{{#if likelyConsequences}}{{multiline likelyConsequences}}{{else}}${stillAssessing}{{/if}}</td></tr>
<tr><th scope="row" style="${s.th}">Measures taken or proposed</th><td style="${s.td}">{{#if measures}}{{multiline measures}}{{else}}${stillAssessing}{{/if}}</td></tr>
<tr><th scope="row" style="${s.th}">Contact point for more information</th><td style="${s.td}">{{contactPoint}}</td></tr>
</table>`,
    breachNext: `<h2 style="${s.h2}">What {{customer.name}} may need to do</h2>
<p style="margin:0 0 12px;">As the controller of this data, {{customer.name}} decides whether to report the breach to the supervisory authority (within 72 hours of becoming aware of it, Art. 33(1) GDPR) and whether to tell the people affected (Art. 34). We will help with both, and we will send updates as we learn more. Please quote <strong>{{reference}}</strong> when you contact us.</p>`,
  },
  text: {
    breachFacts: `Breach reference:               {{reference}}
What happened:                  {{title}}
{{description}}
When it happened:               {{#if occurredAt}}{{date occurredAt}}{{#if occurredUntil}} to {{date occurredUntil}}{{/if}}{{else}}Not yet known{{/if}}
When we became aware:           {{date awareAt}}
Nature of the breach:           {{join nature}}
Personal data concerned:        {{join dataCategories}}
Special category data:          {{#if specialCategoryData}}Yes: special category data (Art. 9 GDPR) is involved{{else}}No{{/if}}
{{#if dataSubjectCategories}}People affected:                {{join dataSubjectCategories}}
{{/if}}Approximate number of people:   {{number approxDataSubjects}}
Approximate number of records:  {{number approxRecords}}
Likely consequences:            {{#if likelyConsequences}}{{likelyConsequences}}{{else}}${stillAssessing}{{/if}}
Measures taken or proposed:     {{#if measures}}{{measures}}{{else}}${stillAssessing}{{/if}}
Contact point:                  {{contactPoint}}
`,
    breachNext: `WHAT {{upper customer.name}} MAY NEED TO DO
As the controller of this data, {{customer.name}} decides whether to report the breach to the
supervisory authority (within 72 hours of becoming aware of it, Art. 33(1) GDPR) and whether to
tell the people affected (Art. 34). We will help with both, and we will send updates as we learn
more. Please quote {{reference}} when you contact us.
`,
  },
};
