import { Injectable, NotFoundException } from '@nestjs/common';
import Handlebars from 'handlebars';
import { EmailTemplate, RenderedEmail } from './email-template';
import { subprocessorChangeAnnounced } from './subprocessor-change-announced.template';

const TEMPLATES: readonly EmailTemplate[] = [subprocessorChangeAnnounced];

const countryNames = new Intl.DisplayNames('en-GB', { type: 'region' });
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * Renders templates with Handlebars. HTML bodies escape every value they insert; the subject and
 * the text body are not HTML, so they are not escaped, and the subject is kept to one line so a
 * value cannot add mail headers.
 */
@Injectable()
export class TemplateRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, { template: EmailTemplate; subject: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate }>();

  constructor() {
    this.handlebars.registerHelper('date', (value: unknown) => {
      const date = new Date(String(value));
      return Number.isNaN(date.getTime()) ? String(value ?? '') : `${dateFormat.format(date)} (UTC)`;
    });
    this.handlebars.registerHelper('join', (values: unknown) => (Array.isArray(values) ? values.join(', ') : ''));
    this.handlebars.registerHelper('countries', (codes: unknown) =>
      Array.isArray(codes) ? codes.map((code) => countryNames.of(String(code)) ?? String(code)).join(', ') : '',
    );
    for (const template of TEMPLATES) {
      const options = { strict: false, noEscape: true };
      this.compiled.set(template.name, {
        template,
        subject: this.handlebars.compile(template.subject, options),
        html: this.handlebars.compile(template.html, { strict: false }),
        text: this.handlebars.compile(template.text, options),
      });
    }
  }

  names(): string[] {
    return [...this.compiled.keys()];
  }

  render(name: string, data: Record<string, unknown>): RenderedEmail {
    const entry = this.compiled.get(name);
    if (!entry) throw new NotFoundException(`template ${name} does not exist; templates: ${this.names().join(', ')}`);
    return {
      template: name,
      templateVersion: entry.template.version,
      subject: entry.subject(data).replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim(),
      html: entry.html(data),
      text: entry.text(data),
    };
  }
}
