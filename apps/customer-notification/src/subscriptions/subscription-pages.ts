import { Inject, Injectable } from '@nestjs/common';
import { MINIMUM_NOTICE_PERIOD_DAYS } from '@forewarn/contracts';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { PUBLIC_PAGE_LAYOUT } from '../customer-links/notice-pages';
import type { NotificationConfig } from '../notification.config';
import { emailHandlebars } from '../templates/template-renderer';

const FOOTER = 'We send subscribers the announcements of changes to our subprocessors, and nothing else. Every email has a link to unsubscribe with one click.';

const PAGES = {
  form: `{{#> page}}
<h1>Be told of changes to our subprocessors</h1>
<p>We announce every change to the companies that process personal data for our customers at least {{noticeDays}} days before it takes effect. Leave your address and we will email you each announcement, and when a change moves, is cancelled or takes effect.</p>
{{#if listUrl}}<p>The changes announced so far are on <a href="{{listUrl}}">our list of subprocessors</a>.</p>{{/if}}
<form method="post" action="{{action}}" novalidate>
{{#if problem}}<div class="problem" role="alert" id="email-problem"><p><strong>There is a problem:</strong> {{problem}}</p></div>{{/if}}
<label for="email">Your email address</label>
<p class="hint" id="email-hint">We will email a link to confirm it first: nothing else is sent until you use it.</p>
<input id="email" name="email" type="email" autocomplete="email" maxlength="254" required value="{{email}}" aria-describedby="email-hint{{#if problem}} email-problem{{/if}}"{{#if problem}} aria-invalid="true"{{/if}}>
<button type="submit">Subscribe</button>
</form>
{{/page}}`,
  requested: `{{#> page}}
<h1>Check your inbox</h1>
<div class="notice" role="status"><p>If {{email}} can receive our emails, a link to confirm the subscription is on its way to it. Nothing more is sent until the link is used.</p></div>
<p>No email after a few minutes? Check the spam folder, or ask again later.</p>
{{/page}}`,
  confirm: `{{#> page}}
<h1>Confirm your subscription</h1>
<p>Confirm that {{email}} should be told of every change to our subprocessors.</p>
<form method="post" action="{{action}}"><button type="submit">Confirm the subscription</button></form>
{{/page}}`,
  confirmed: `{{#> page}}
<h1>You are subscribed</h1>
<div class="notice" role="status"><p>We will email {{email}} about every change to our subprocessors. Each email has a link to unsubscribe.</p></div>
{{#if listUrl}}<p>We email what happens from now on. Changes announced before today are on <a href="{{listUrl}}">our list of subprocessors</a>, and we will still email you when they take effect, move or are cancelled.</p>{{/if}}
{{/page}}`,
  unsubscribe: `{{#> page}}
<h1>Unsubscribe</h1>
<p>Stop the emails about changes to our subprocessors to {{email}}?</p>
<form method="post" action="{{action}}"><button type="submit">Unsubscribe</button></form>
{{/page}}`,
  unsubscribed: `{{#> page}}
<h1>You are unsubscribed</h1>
<div class="notice" role="status"><p>We will send nothing more to {{email}}.</p></div>
{{/page}}`,
  ended: `{{#> page}}
<h1>This subscription was ended</h1>
<div class="problem" role="alert"><p>{{message}}</p></div>
{{/page}}`,
} as const;

export type SubscriptionPage = keyof typeof PAGES;

const TITLES: Record<SubscriptionPage, string> = {
  form: 'Subscribe to changes in our subprocessors',
  requested: 'Check your inbox',
  confirm: 'Confirm your subscription',
  confirmed: 'Subscribed',
  unsubscribe: 'Unsubscribe',
  unsubscribed: 'Unsubscribed',
  ended: 'Subscription ended',
};

/** The public subscription's pages, in the frame of the customer pages; every value escaped. */
@Injectable()
export class SubscriptionPages {
  private readonly sender: string;
  private readonly basePath: string;
  private readonly listUrl?: string;
  private readonly compiled: Record<SubscriptionPage, HandlebarsTemplateDelegate>;

  constructor(@Inject(SERVICE_CONFIG) config: NotificationConfig) {
    this.sender = config.NOTICE_SENDER_NAME;
    this.listUrl = config.PUBLIC_LIST_URL;
    this.basePath = new URL(config.PUBLIC_BASE_URL).pathname.replace(/\/+$/, '');
    const env = emailHandlebars('html');
    env.registerPartial('page', PUBLIC_PAGE_LAYOUT);
    this.compiled = Object.fromEntries(Object.entries(PAGES).map(([name, source]) => [name, env.compile(source)])) as Record<SubscriptionPage, HandlebarsTemplateDelegate>;
  }

  /** The path a page's form posts to, under PUBLIC_BASE_URL. */
  path(rest: string): string {
    return `${this.basePath}/subscriptions${rest}`;
  }

  render(page: SubscriptionPage, values: Record<string, unknown> = {}): string {
    return this.compiled[page]({ title: TITLES[page], footer: FOOTER, noticeDays: MINIMUM_NOTICE_PERIOD_DAYS, listUrl: this.listUrl, ...values }, { data: { sender: this.sender } });
  }
}
