/**
 * The shared frame of every email. Table layout and inline styles because mail clients ignore
 * style sheets; one column of at most 600 px, system fonts, and contrast that passes WCAG AA.
 * `{{> @partial-block}}` is where each template's body goes. `@sender`, `@subject` and
 * `@preheader` are Handlebars data variables the renderer sets.
 */
export const htmlLayout = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{@subject}}</title>
</head>
<body style="margin:0; padding:0; background:#f3f4f6; -webkit-text-size-adjust:100%;">
<div style="display:none; max-height:0; overflow:hidden; mso-hide:all;">{{@preheader}}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="width:100%; max-width:600px; background:#ffffff; border:1px solid #d9dde3; border-radius:6px;">
<tr><td style="padding:18px 32px; border-bottom:3px solid #1f4e8c; font-family:Arial, Helvetica, sans-serif; font-size:15px; font-weight:bold; color:#1f4e8c;">{{@sender}}</td></tr>
<tr><td style="padding:28px 32px 12px; font-family:Arial, Helvetica, sans-serif; font-size:15px; line-height:1.55; color:#1f2328;">
{{> @partial-block}}
{{#if (eq @audience "responder")}}<p style="margin:24px 0 0;">Forewarn breach response, {{@sender}}</p>{{else}}<p style="margin:24px 0 0;">Yours sincerely,<br>The Privacy Team<br>{{@sender}}</p>{{/if}}
</td></tr>
<tr><td style="padding:16px 32px 20px; background:#f7f8fa; border-top:1px solid #e3e6ea; border-radius:0 0 6px 6px; font-family:Arial, Helvetica, sans-serif; font-size:12px; line-height:1.5; color:#4b5563;">
{{#if (eq @audience "responder")}}
You receive this as an incident responder of {{@sender}}. Reminders continue until the deadline is met or its miss is recorded.
{{else if (eq @audience "public-subscriber")}}
You receive this because {{contact.email}} subscribed to changes to the subprocessors of {{@sender}} on its public list.{{#if links.unsubscribe}} <a href="{{url links.unsubscribe}}" style="color:#1f4e8c;">Unsubscribe</a> at any time with one click.{{/if}}
{{else}}
This is a service message under the data processing agreement between {{@sender}} and {{customer.name}}. It went to {{contact.email}} because {{customer.name}} named you as a contact for these notices. Service messages cannot be unsubscribed from; {{customer.name}} can change who receives them by contacting us.
{{/if}}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

export const textLayout = `{{@sender}}
{{line @subject}}

{{> @partial-block}}

{{#if (eq @audience "responder")}}Forewarn breach response, {{@sender}}{{else}}Yours sincerely,
The Privacy Team
{{@sender}}{{/if}}

--
{{#if (eq @audience "responder")}}
You receive this as an incident responder of {{@sender}}. Reminders continue until the deadline is
met or its miss is recorded.
{{else if (eq @audience "public-subscriber")}}
You receive this because {{contact.email}} subscribed to changes to the subprocessors of
{{@sender}} on its public list.{{#if links.unsubscribe}} Unsubscribe at any time with one click:
{{links.unsubscribe}}{{/if}}
{{else}}
This is a service message under the data processing agreement between {{@sender}} and
{{customer.name}}. It went to {{contact.email}} because {{customer.name}} named you as a contact
for these notices. Service messages cannot be unsubscribed from; {{customer.name}} can change who
receives them by contacting us.
{{/if}}
`;

/** Styles the bodies share, kept in one place so every email looks the same. */
export const styles = {
  h1: 'margin:0 0 16px; font-size:21px; line-height:1.3; color:#111827;',
  h2: 'margin:24px 0 8px; font-size:16px; color:#111827;',
  table: 'border-collapse:collapse; width:100%; margin:8px 0 4px; font-size:14px;',
  th: 'text-align:left; vertical-align:top; padding:7px 12px 7px 0; width:34%; color:#4b5563; font-weight:normal; border-top:1px solid #e5e7eb;',
  td: 'vertical-align:top; padding:7px 0; border-top:1px solid #e5e7eb; color:#111827;',
  button: 'display:inline-block; padding:11px 20px; background:#1f4e8c; color:#ffffff; text-decoration:none; border-radius:4px; font-weight:bold;',
  note: 'margin:8px 0 0; font-size:13px; color:#4b5563;',
  callout: 'margin:16px 0; padding:12px 16px; background:#f0f5fb; border-left:4px solid #1f4e8c;',
  warning: 'margin:16px 0; padding:12px 16px; background:#fff7e6; border-left:4px solid #b45309;',
};
