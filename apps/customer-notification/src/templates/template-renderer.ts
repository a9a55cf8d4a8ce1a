import { Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import Handlebars from 'handlebars';
import { SERVICE_CONFIG } from '@forewarn/platform';
import type { NotificationConfig } from '../notification.config';
import { breachDeadlineEscalation } from './breach-deadline-escalation.template';
import { breachNotice } from './breach-notice.template';
import { breachPartials } from './breach-partials';
import { breachUpdate } from './breach-update.template';
import { changePartials } from './change-partials';
import { EmailTemplate, RenderedEmail } from './email-template';
import { htmlLayout, textLayout } from './layout';
import { subprocessorChangeAnnounced } from './subprocessor-change-announced.template';
import { subprocessorChangeCancelled } from './subprocessor-change-cancelled.template';
import { subprocessorChangeEffective } from './subprocessor-change-effective.template';
import { subprocessorChangeReminder } from './subprocessor-change-reminder.template';
import { subprocessorChangeRescheduled } from './subprocessor-change-rescheduled.template';
import { subprocessorChangePublic } from './subprocessor-change-public.template';
import { subscriptionConfirmation } from './subscription-confirmation.template';
import {
  changeKindLabel,
  countryList,
  deadlineLabel,
  durationWords,
  londonDate,
  londonDateTime,
  transferSafeguard,
  webUrl,
  wholeNumber,
} from '@forewarn/wording';

export const TEMPLATES: readonly EmailTemplate[] = [
  subprocessorChangeAnnounced,
  subprocessorChangeReminder,
  subprocessorChangeRescheduled,
  subprocessorChangeCancelled,
  subprocessorChangeEffective,
  breachNotice,
  breachUpdate,
  breachDeadlineEscalation,
  subprocessorChangePublic,
  subscriptionConfirmation,
];

const DEADLINE_SHORT: Record<string, string> = { 'authority-report': 'report to the ICO', 'customer-notice': 'notice to affected customers' };

type Render = HandlebarsTemplateDelegate<Record<string, unknown>>;
interface Compiled {
  template: EmailTemplate;
  subject: Render;
  preheader: Render;
  html: Render;
  text: Render;
}

/**
 * A Handlebars environment with the email helpers and the partials of one format; only
 * `multiline` differs (line breaks are markup in HTML). The customer pages use the HTML one, so
 * a page says exactly what the email said.
 */
export function emailHandlebars(format: 'html' | 'text'): typeof Handlebars {
  const env = Handlebars.create();
  const multiline =
    format === 'html'
      ? (value: unknown) => new Handlebars.SafeString(Handlebars.escapeExpression(String(value ?? '')).replace(/\r?\n/g, '<br>'))
      : (value: unknown) => String(value ?? '');
  env.registerHelper({
    date: londonDateTime,
    day: londonDate,
    duration: (from: unknown, to: unknown) => durationWords(new Date(String(to)).getTime() - new Date(String(from)).getTime()),
    join: (values: unknown) => (Array.isArray(values) ? values.join(', ') : ''),
    countries: countryList,
    kindLabel: changeKindLabel,
    deadlineLabel,
    deadlineShort: (deadline: unknown) => DEADLINE_SHORT[String(deadline)] ?? String(deadline ?? ''),
    transferSafeguard,
    url: webUrl,
    number: wholeNumber,
    plural: (n: unknown, word: unknown) => `${String(n)} ${String(word)}${n === 1 ? '' : 's'}`,
    upper: (value: unknown) => String(value ?? '').toUpperCase(),
    eq: (a: unknown, b: unknown) => a === b,
    line: (value: unknown) => '='.repeat(Math.min(String(value ?? '').length, 100)),
    multiline,
  });
  env.registerPartial(
    format === 'html'
      ? { layout: htmlLayout, ...changePartials.html, ...breachPartials.html }
      : { layout: textLayout, ...changePartials.text, ...breachPartials.text },
  );
  return env;
}

/**
 * Renders the emails with Handlebars, each template compiled once into the shared layout. The
 * HTML escapes every value it inserts; the subject and the text body are not HTML, so they are not
 * escaped, and the subject is kept to one line so a value cannot add mail headers. Dates are UK
 * time with the zone named.
 */
@Injectable()
export class TemplateRenderer {
  private readonly compiled = new Map<string, Compiled>();
  private readonly sender: string;

  constructor(@Optional() @Inject(SERVICE_CONFIG) config?: Pick<NotificationConfig, 'NOTICE_SENDER_NAME'>) {
    this.sender = config?.NOTICE_SENDER_NAME ?? 'Infotek Software Limited';
    const html = emailHandlebars('html');
    const text = emailHandlebars('text');

    const plain = { noEscape: true };
    for (const template of TEMPLATES) {
      this.compiled.set(template.name, {
        template,
        subject: text.compile(template.subject, plain),
        preheader: text.compile(template.preheader, plain),
        html: html.compile(`{{#> layout}}${template.html}{{/layout}}`),
        text: text.compile(`{{#> layout}}${template.text}{{/layout}}`, plain),
      });
      // Handlebars compiles on first use; render once now so the first real email is not the
      // slow one (the sender holds its rate token meanwhile), and a broken template stops the start.
      this.render(template.name, template.sampleData);
    }
  }

  templates(): readonly EmailTemplate[] {
    return TEMPLATES;
  }

  /** The template of this name, or a 404 that names the ones there are. */
  templateNamed(name: string): EmailTemplate {
    const entry = this.compiled.get(name);
    if (!entry) throw new NotFoundException(`template ${name} does not exist; templates: ${[...this.compiled.keys()].join(', ')}`);
    return entry.template;
  }

  render(name: string, data: Record<string, unknown>): RenderedEmail {
    const entry = this.compiled.get(this.templateNamed(name).name)!;
    const subject = oneLine(entry.subject(data));
    const options = { data: { sender: this.sender, subject, preheader: oneLine(entry.preheader(data)), audience: entry.template.audience } };
    return {
      template: name,
      templateVersion: entry.template.version,
      subject,
      html: entry.html(data, options),
      // Sections a value left out leave blank lines behind; one blank line between paragraphs.
      text: `${entry.text(data, options).replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim()}\n`,
    };
  }
}

const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();
