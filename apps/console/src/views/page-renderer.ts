import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { changeKindLabel, countryList, londonDateTime, wholeNumber } from '@forewarn/wording';
import type { StaffRole } from '@forewarn/auth';
import { Clock } from '@forewarn/platform';
import { mayWrite, StaffSession } from '../session/domain/staff-session';

/** Where the page templates are: beside the sources in tests, copied beside the bundle in a build. */
const TEMPLATES_DIR = [join(__dirname, 'templates'), join(__dirname, 'views', 'templates')].find((dir) => existsSync(dir)) ?? join(__dirname, 'templates');

const NAV: { href: string; label: string; roles?: StaffRole[] }[] = [
  { href: '/', label: 'Home' },
  { href: '/subprocessors', label: 'Subprocessors' },
  { href: '/changes', label: 'Changes' },
  { href: '/breaches', label: 'Breaches' },
  { href: '/customers', label: 'Customers' },
  { href: '/templates', label: 'Email templates' },
  // The services show their audit trails to auditors and admins only.
  { href: '/audit', label: 'Audit trail', roles: ['auditor', 'admin'] },
];

export interface PageContext {
  title: string;
  [key: string]: unknown;
}

/**
 * The console's pages: Handlebars templates with one layout, rendered on the server. Every value
 * is escaped unless a template says otherwise; no page carries a token or inline script.
 */
@Injectable()
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly pages = new Map<string, HandlebarsTemplateDelegate>();
  private readonly layout: HandlebarsTemplateDelegate;

  constructor(private readonly clock: Clock) {
    const h = this.handlebars;
    h.registerHelper({
      date: (value: unknown) => (value ? londonDateTime(value) : '—'),
      number: wholeNumber,
      countries: countryList,
      kindLabel: changeKindLabel,
      eq: (a: unknown, b: unknown) => a === b,
      concat: (...args: unknown[]) => args.slice(0, -1).map((a) => String(a ?? '')).join(''),
      ifMaterial: (material: unknown, ...rest: unknown[]) => {
        const hint = rest.length > 1 ? String(rest[0]) : '';
        return material ? `Material: changes only through an update change notice.${hint ? ` ${hint}` : ''}` : hint || undefined;
      },
      uri: (value: unknown) => encodeURIComponent(String(value ?? '')),
      // As `#if` reads a value: an empty list is false too.
      or: (...args: unknown[]) => args.slice(0, -1).some((a) => (Array.isArray(a) ? a.length > 0 : Boolean(a))),
      // A checkbox group's value: a list when several are ticked, a string when one is.
      ticked: (values: unknown, value: unknown) => (Array.isArray(values) ? values.includes(value) : values === value),
      join: (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''),
      json: (value: unknown) => JSON.stringify(value, null, 2),
      percent: (part: unknown, whole: unknown) => (Number(whole) > 0 ? Math.floor((Number(part) / Number(whole)) * 100) : 0),
      plural: (n: unknown, word: unknown) => `${wholeNumber(n)} ${n === 1 ? String(word) : String(word).replace(/y$/, 'ie')}${n === 1 ? '' : 's'}`,
    });
    for (const file of readdirSync(join(TEMPLATES_DIR, 'partials'))) {
      h.registerPartial(basename(file, '.hbs'), readFileSync(join(TEMPLATES_DIR, 'partials', file), 'utf8'));
    }
    for (const file of readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.hbs'))) {
      this.pages.set(basename(file, '.hbs'), h.compile(readFileSync(join(TEMPLATES_DIR, file), 'utf8'), { strict: false }));
    }
    this.layout = this.pages.get('layout')!;
  }

  /** A whole page in the layout, or (for htmx requests asking for a part) the page's body alone. */
  render(res: Response, page: string, session: StaffSession | undefined, context: PageContext, status = 200): void {
    const template = this.pages.get(page);
    if (!template) throw new Error(`no page template ${page}`);
    const full = {
      ...context,
      session,
      csrfToken: session?.csrfToken,
      can: session && { compliance: mayWrite(session.roles, 'compliance'), breaches: mayWrite(session.roles, 'breaches'), directory: mayWrite(session.roles, 'directory') },
      nav: session && NAV.filter((item) => !item.roles || item.roles.some((r) => session.roles.includes(r))).map((item) => ({ ...item, current: item.href === context.navHref })),
      now: this.clock.now().toISOString(),
    };
    const body = template(full);
    res.status(status).type('html');
    // A fragment for htmx to swap in: the page's own markup, without the layout around it.
    if (context.fragment) {
      res.send(body);
      return;
    }
    res.send(this.layout({ ...full, body: new Handlebars.SafeString(body) }));
  }

  /** One template's markup, for fragments that are not pages. */
  fragment(page: string, context: Record<string, unknown>): string {
    const template = this.pages.get(page);
    if (!template) throw new Error(`no template ${page}`);
    return template({ ...context, now: this.clock.now().toISOString() });
  }
}
