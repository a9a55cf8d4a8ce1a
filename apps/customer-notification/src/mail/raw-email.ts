import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingEmail } from './mail-sender';

/**
 * The MIME message of an email with headers SES's simple SendEmail cannot set: `List-Unsubscribe`
 * with the one-click URL, and `List-Unsubscribe-Post` so a mail client may unsubscribe with one
 * POST and no page (RFC 8058; Gmail and Yahoo ask it of bulk senders). Built by nodemailer's
 * composer: multipart/alternative, quoted-printable, UTF-8 headers encoded.
 */
export function rawEmailOf(from: string, email: OutgoingEmail): Promise<Buffer> {
  const composer = new MailComposer({
    from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: email.listUnsubscribeUrl ? { 'List-Unsubscribe': `<${email.listUnsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {},
  });
  return new Promise((resolve, reject) => composer.compile().build((error, message) => (error ? reject(error) : resolve(message))));
}
