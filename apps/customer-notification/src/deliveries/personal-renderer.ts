import Handlebars from 'handlebars';
import type { RenderedEmail } from '../templates/email-template';
import type { TemplateRenderer } from '../templates/template-renderer';

/** What differs between the emails of one notice. */
export interface Personal {
  contactName: string;
  contactEmail: string;
  customerName: string;
  noticeUrl?: string;
  unsubscribeUrl?: string;
  responderEmail?: string;
  /** The email asks the customer for its specific authorisation (a variant of the notice, not a value to fill in). */
  asksAuthorisation?: boolean;
}

const FIELDS = ['contactName', 'contactEmail', 'customerName', 'noticeUrl', 'unsubscribeUrl', 'responderEmail'] as const;
/** Letters and digits only, so neither HTML escaping nor the subject's clean-up touches them; the
 *  link's is a URL, since templates check that a link is one before they insert it. */
const tokenOf = (field: string) => (field.endsWith('Url') ? `https://fwph.invalid/FWPH${field}X9q7Z` : `FWPH${field}X9q7Z`);
/** Values the renderer's clean-up (one-line subject, trimmed text lines) could change: those emails are rendered in full. */
const UNSAFE = /[\r\n\t]|\s{2}|^\s|\s$/;
const CACHE_SIZE = 200;

function dataFor(base: Record<string, unknown>, p: Personal): Record<string, unknown> {
  return {
    ...base,
    contact: { name: p.contactName, email: p.contactEmail },
    customer: { name: p.customerName },
    ...(p.noticeUrl !== undefined || p.unsubscribeUrl !== undefined
      ? { links: { ...(p.noticeUrl !== undefined ? { notice: p.noticeUrl } : {}), ...(p.unsubscribeUrl !== undefined ? { unsubscribe: p.unsubscribeUrl } : {}) } }
      : {}),
    ...(p.responderEmail !== undefined ? { responder: { email: p.responderEmail } } : {}),
    ...(p.asksAuthorisation ? { authorisation: { requested: true } } : {}),
  };
}

interface Prepared {
  email: RenderedEmail;
  /** False when the template does more with a personal value than insert it (then every email is rendered in full). */
  usable: boolean;
}

/**
 * Renders each notice once, with placeholders where the contact's own values go, and fills them
 * in per email (escaped for HTML): a fan-out of 10,000 emails renders its template a handful of
 * times instead of 10,000. The first email of each notice is also rendered in full and compared;
 * if the two differ (a helper transforms a personal value), that notice is rendered in full for
 * every email, so the output is always exactly what the template renderer would give.
 */
export class PersonalRenderer {
  private readonly prepared = new Map<string, Prepared>();

  constructor(private readonly renderer: TemplateRenderer) {}

  render(noticeKey: string, template: string, base: Record<string, unknown>, personal: Personal): RenderedEmail {
    const key = `${noticeKey}\n${template}\n${personal.noticeUrl !== undefined}\n${personal.unsubscribeUrl !== undefined}\n${personal.responderEmail !== undefined}\n${!!personal.asksAuthorisation}`;
    const safe = FIELDS.every((f) => personal[f] === undefined || !UNSAFE.test(personal[f]!));
    let prepared = this.prepared.get(key);
    if (!prepared) {
      const full = this.renderer.render(template, dataFor(base, personal));
      const tokens = { ...Object.fromEntries(FIELDS.map((f) => [f, personal[f] === undefined ? undefined : tokenOf(f)])), asksAuthorisation: personal.asksAuthorisation } as Personal;
      const email = this.renderer.render(template, dataFor(base, tokens));
      const usable = safe && sameEmail(fill(email, personal), full);
      if (this.prepared.size >= CACHE_SIZE) this.prepared.delete(this.prepared.keys().next().value as string);
      this.prepared.set(key, { email, usable });
      return full;
    }
    if (!prepared.usable || !safe) return this.renderer.render(template, dataFor(base, personal));
    return fill(prepared.email, personal);
  }
}

function fill(email: RenderedEmail, p: Personal): RenderedEmail {
  const put = (s: string, escape: boolean) =>
    FIELDS.reduce((out, f) => (p[f] === undefined ? out : out.split(tokenOf(f)).join(escape ? Handlebars.escapeExpression(p[f]!) : p[f]!)), s);
  return { ...email, subject: put(email.subject, false), html: put(email.html, true), text: put(email.text, false) };
}

const sameEmail = (a: RenderedEmail, b: RenderedEmail) => a.subject === b.subject && a.html === b.html && a.text === b.text && a.templateVersion === b.templateVersion;
