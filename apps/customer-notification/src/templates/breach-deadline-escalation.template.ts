import { BreachDeadlineApproaching, BreachDeadlineMissed } from '@forewarn/contracts';
import { EmailTemplate } from './email-template';
import { styles as s } from './layout';
import { samples } from './sample-data';
import { TemplateNames } from './template-names';

/**
 * To incident responders before a breach deadline (on deadline-approaching), or after it passed
 * (on deadline-missed, which carries `missedAt`): which deadline, when due, how long is left.
 */
export const breachDeadlineEscalation: EmailTemplate = {
  name: TemplateNames.breachDeadlineEscalation,
  version: 1,
  description: 'Escalation to incident responders before (or after missing) a breach deadline (on deadline-approaching, deadline-missed)',
  contracts: [BreachDeadlineApproaching, BreachDeadlineMissed],
  audience: 'responder',
  subject: '{{#if missedAt}}MISSED{{else}}Due in {{duration remindedAt dueAt}}{{/if}}: {{deadlineShort deadline}} for breach {{reference}}',
  preheader: '{{deadlineLabel deadline}}: due {{date dueAt}}.',
  html: `<h1 style="${s.h1}">{{#if missedAt}}A breach deadline has passed{{else}}A breach deadline is {{duration remindedAt dueAt}} away{{/if}}</h1>
<p style="margin:0 0 12px;">Hello,</p>
{{#if missedAt}}<div style="${s.warning}">The deadline below passed on <strong>{{date dueAt}}</strong> without being met. Record the reason in the breach record: a late report must give the reasons for the delay (Art. 33(1) GDPR).</div>
{{else}}<p style="margin:0 0 12px;">The deadline below falls due on <strong>{{date dueAt}}</strong>, in <strong>{{duration remindedAt dueAt}}</strong> (as of {{date remindedAt}}).</p>{{/if}}
<table style="${s.table}">
<tr><th scope="row" style="${s.th}">Breach</th><td style="${s.td}"><strong>{{reference}}</strong>{{#if title}}: {{title}}{{/if}}</td></tr>
<tr><th scope="row" style="${s.th}">Deadline</th><td style="${s.td}">{{deadlineLabel deadline}}</td></tr>
<tr><th scope="row" style="${s.th}">Due</th><td style="${s.td}">{{date dueAt}}</td></tr>
<tr><th scope="row" style="${s.th}">{{#if missedAt}}Overdue since{{else}}Time left{{/if}}</th><td style="${s.td}">{{#if missedAt}}{{date dueAt}} ({{duration dueAt missedAt}} before this email){{else}}{{duration remindedAt dueAt}}{{/if}}</td></tr>
{{#if status}}<tr><th scope="row" style="${s.th}">Breach status</th><td style="${s.td}">{{status}}</td></tr>{{/if}}
{{#if reason}}<tr><th scope="row" style="${s.th}">Reason recorded</th><td style="${s.td}">{{multiline reason}}</td></tr>{{/if}}
</table>
<p style="margin:16px 0 12px;">{{#if missedAt}}Complete the {{deadlineShort deadline}} as soon as possible and record why it was late.{{else}}Complete the {{deadlineShort deadline}} before it is due, or record why it cannot be met.{{/if}}</p>`,
  text: `Hello,

{{#if missedAt}}The deadline below passed on {{date dueAt}} without being met. Record the reason in the
breach record: a late report must give the reasons for the delay (Art. 33(1) GDPR).{{else}}The deadline below falls due on {{date dueAt}}, in {{duration remindedAt dueAt}}
(as of {{date remindedAt}}).{{/if}}

Breach:        {{reference}}{{#if title}}: {{title}}{{/if}}
Deadline:      {{deadlineLabel deadline}}
Due:           {{date dueAt}}
{{#if missedAt}}Overdue since: {{date dueAt}}{{else}}Time left:     {{duration remindedAt dueAt}}{{/if}}
{{#if status}}Breach status: {{status}}
{{/if}}{{#if reason}}Reason:        {{reason}}
{{/if}}

{{#if missedAt}}Complete the {{deadlineShort deadline}} as soon as possible and record why it was late.{{else}}Complete the {{deadlineShort deadline}} before it is due, or record why it cannot be met.{{/if}}
`,
  sampleData: samples.breachDeadlineEscalation,
};
