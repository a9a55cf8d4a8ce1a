import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@forewarn/platform';
import type { NotificationConfig } from '../notification.config';
import { emailHandlebars } from '../templates/template-renderer';
import type { NoticeForContact } from './customer-notices.service';
import { closedMessage } from './customer-notices.service';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f3f4f6;color:#1f2328;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:1}
header{background:#fff;border-bottom:3px solid #1f4e8c}
header p{max-width:760px;margin:0 auto;padding:16px 20px;font-weight:bold;color:#1f4e8c}
main{max-width:760px;margin:24px auto;padding:28px 32px;background:#fff;border:1px solid #d9dde3;border-radius:6px}
h1{font-size:1.6rem;line-height:1.3;margin:0 0 12px}
h2{font-size:1.15rem;margin:28px 0 8px}
.status{display:inline-block;padding:2px 10px;border-radius:12px;font-size:.9rem;font-weight:bold}
.status-open{background:#e6f0fa;color:#1f4e8c}.status-closed{background:#f1f2f4;color:#374151}
.for{color:#4b5563;margin:8px 0 20px}
.notice{padding:12px 16px;border-left:4px solid #1f4e8c;background:#f0f5fb;margin:16px 0}
.problem{padding:12px 16px;border-left:4px solid #b42318;background:#fef3f2;margin:16px 0}
label{display:block;font-weight:bold;margin:16px 0 4px}
input[type=email]{width:100%;padding:10px;font:inherit;border:2px solid #6b7280;border-radius:4px}
input[aria-invalid=true]{border-color:#b42318}
.hint{color:#4b5563;margin:0 0 8px;font-size:.95rem}
textarea{width:100%;min-height:9rem;padding:10px;font:inherit;border:2px solid #6b7280;border-radius:4px}
textarea[aria-invalid=true]{border-color:#b42318}
button{margin-top:12px;padding:11px 22px;font:inherit;font-weight:bold;color:#fff;background:#1f4e8c;border:0;border-radius:4px;cursor:pointer}
a{color:#1f4e8c}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
blockquote{margin:12px 0;padding:8px 16px;border-left:4px solid #d1d5db;white-space:pre-wrap}
footer{max-width:760px;margin:0 auto 32px;padding:0 20px;font-size:.85rem;color:#4b5563}
@media (max-width:600px){main{margin:0;border-radius:0;border-left:0;border-right:0;padding:20px 16px}}
`;

/** The frame of every public page of this service; `footer` replaces the customer pages' own. */
export const PUBLIC_PAGE_LAYOUT = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{title}} – {{@sender}}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header><p>{{@sender}}</p></header>
<main id="main">
{{> @partial-block}}
</main>
<footer><p>{{#if footer}}{{footer}}{{else}}This page is part of a service message under the data processing agreement between {{@sender}} and its customers. The link that opened it is personal: please do not forward it.{{/if}}</p></footer>
</body>
</html>`;

const noticePage = `{{#> page}}
<h1>Change to our subprocessors: {{subprocessor.name}}</h1>
<p>{{#if window.open}}<span class="status status-open">Announced: takes effect on {{date effectiveAt}}</span>{{else if (eq window.why "cancelled")}}<span class="status status-closed">Cancelled: this change will not happen</span>{{else if (eq window.why "date-passed")}}<span class="status status-closed">Its date, {{date effectiveAt}}, has passed</span>{{else}}<span class="status status-closed">In effect since {{date effectiveAt}}</span>{{/if}}</p>
<p class="for">Notice for {{contact.name}}, on behalf of {{customer.name}}.</p>
{{> changeFacts}}
{{> subprocessorDetails}}
{{#if authorisation}}
<h2 id="authorisation">Your authorisation</h2>
{{#if authorisation.approval}}
<div class="notice" role="status"><p>{{customer.name}} approved this change on {{date authorisation.approval.givenAt}} ({{authorisation.approval.contactName}}).</p></div>
{{else if authorisation.open}}
<p>Under {{customer.name}}'s agreement with us, this change will not apply to its data until it approves. Approve it here, or object below with your reasons.</p>
<form method="post" action="{{approveAction}}"><button type="submit">Approve this change for {{customer.name}}</button></form>
{{else}}
<div class="notice"><p>{{closed}}</p></div>
{{/if}}
{{/if}}
<h2 id="objection">Your right to object</h2>
{{#if objection}}
<div class="notice" role="status"><p>We received your objection on {{date objection.receivedAt}}. Our compliance team will contact you about it.</p>
<blockquote>{{objection.reason}}</blockquote></div>
{{else if window.open}}
<p>{{customer.name}} may object to this change until it takes effect on {{date effectiveAt}}. Our compliance team reviews every objection and will contact you. An objection does not stop the change by itself.</p>
<form method="post" action="{{action}}" novalidate>
{{#if problem}}<div class="problem" role="alert" id="reason-problem"><p><strong>There is a problem:</strong> {{problem}}</p></div>{{/if}}
<label for="reason">Your reasons for objecting</label>
<p class="hint" id="reason-hint">Tell us what concerns you about this change (up to 4,000 characters).</p>
<textarea id="reason" name="reason" maxlength="4000" required aria-describedby="reason-hint{{#if problem}} reason-problem{{/if}}"{{#if problem}} aria-invalid="true"{{/if}}>{{reason}}</textarea>
<button type="submit">Send objection</button>
</form>
{{else}}
<div class="notice"><p>{{closed}}</p></div>
{{/if}}
{{/page}}`;

const confirmationPage = `{{#> page}}
<h1>{{#if created}}Thank you: we have received your objection{{else}}We already have your objection{{/if}}</h1>
<div class="notice" role="status"><p>{{#if created}}Your objection to the change for <strong>{{subprocessor.name}}</strong> was recorded on {{date objection.receivedAt}}.{{else}}You objected to the change for <strong>{{subprocessor.name}}</strong> on {{date objection.receivedAt}}; we keep one objection per person and change, so nothing new was recorded.{{/if}}</p></div>
<h2>What you told us</h2>
<blockquote>{{objection.reason}}</blockquote>
<h2>What happens next</h2>
<p>Our compliance team reviews every objection and will contact you at {{contact.email}}. The change is planned for {{date effectiveAt}}; an objection does not stop it by itself, and we will tell {{customer.name}} what we decide.</p>
<p><a href="{{noticePath}}">Back to the notice</a></p>
{{/page}}`;

const approvalPage = `{{#> page}}
<h1>{{#if created}}Thank you: {{customer.name}} has approved the change{{else}}{{customer.name}} had already approved the change{{/if}}</h1>
<div class="notice" role="status"><p>The change for <strong>{{subprocessor.name}}</strong> was approved for {{customer.name}} on {{date approval.givenAt}} by {{approval.contactName}}.{{#unless created}} We keep one approval per customer and change, so nothing new was recorded.{{/unless}}</p></div>
<p>The change is planned for {{date effectiveAt}}. <a href="{{noticePath}}">Back to the notice</a></p>
{{/page}}`;

const errorPage = `{{#> page}}
<h1>{{heading}}</h1>
<div class="problem" role="alert"><p>{{message}}</p></div>
<p>{{advice}}</p>
{{/page}}`;

const ERROR_TEXT: Record<number, { heading: string; advice: string }> = {
  400: { heading: 'This link is not complete', advice: 'Open the link again from the email. If your email program split it over two lines, copy all of it into the address bar.' },
  403: { heading: 'This link does not work', advice: 'Open the link from the email we sent you. If it still does not work, reply to that email and we will help.' },
  404: { heading: 'We cannot find this notice', advice: 'Open the link from the email we sent you. If it still does not work, reply to that email and we will help.' },
  409: { heading: 'Objections to this change are closed', advice: 'If you have concerns, reply to the email that brought you here.' },
  410: { heading: 'This link has expired', advice: 'Links in our notices stop working a while after the change took effect. Reply to the notice email if you need anything.' },
  429: { heading: 'Too many requests', advice: 'Please wait a minute and try again.' },
};
const SERVER_ERROR = { heading: 'Something went wrong on our side', advice: 'Please try again in a few minutes. Nothing you sent was lost if you see this page again.' };

/** The HTML pages customers see. Every value is escaped by Handlebars; nothing is inserted raw. */
@Injectable()
export class NoticePages {
  private readonly sender: string;
  private readonly basePath: string;
  private readonly notice: HandlebarsTemplateDelegate;
  private readonly confirmation: HandlebarsTemplateDelegate;
  private readonly approved: HandlebarsTemplateDelegate;
  private readonly error: HandlebarsTemplateDelegate;

  constructor(@Inject(SERVICE_CONFIG) config: NotificationConfig) {
    this.sender = config.NOTICE_SENDER_NAME;
    this.basePath = new URL(config.PUBLIC_BASE_URL).pathname.replace(/\/+$/, '');
    const env = emailHandlebars('html');
    env.registerPartial('page', PUBLIC_PAGE_LAYOUT);
    this.notice = env.compile(noticePage);
    this.confirmation = env.compile(confirmationPage);
    this.approved = env.compile(approvalPage);
    this.error = env.compile(errorPage);
  }

  noticePage(view: NoticeForContact, token: string, form: { problem?: string; reason?: string } = {}): string {
    return this.notice(
      {
        ...this.context(view, token),
        title: `Change to our subprocessors: ${view.change.announcement.subprocessor.name}`,
        action: `${this.noticePath(token)}/objection`,
        approveAction: `${this.noticePath(token)}/approval`,
        closed: view.window.open ? '' : closedMessage(view.window.why),
        ...form,
      },
      { data: { sender: this.sender } },
    );
  }

  confirmationPage(view: NoticeForContact, token: string, created: boolean): string {
    return this.confirmation(
      { ...this.context(view, token), created, title: created ? 'Objection received' : 'Objection already received' },
      { data: { sender: this.sender } },
    );
  }

  approvalPage(view: NoticeForContact, token: string, created: boolean): string {
    const approval = view.authorisation?.approval;
    return this.approved(
      { ...this.context(view, token), approval, created, title: created ? 'Change approved' : 'Change already approved' },
      { data: { sender: this.sender } },
    );
  }

  errorPage(status: number, message: string): string {
    const text = ERROR_TEXT[status] ?? SERVER_ERROR;
    return this.error({ ...text, title: text.heading, message }, { data: { sender: this.sender } });
  }

  private context(view: NoticeForContact, token: string) {
    return {
      ...view.change.announcement,
      effectiveAt: view.change.effectiveAt.toISOString(),
      customer: { name: view.customer.name },
      contact: { id: view.contact.id, name: view.contact.name, email: view.contact.email },
      window: view.window,
      objection: view.objection,
      authorisation: view.authorisation,
      noticePath: this.noticePath(token),
    };
  }

  private noticePath(token: string): string {
    return `${this.basePath}/n/${encodeURIComponent(token)}`;
  }
}
