import { domainToASCII } from 'node:url';

/**
 * The form an email address is stored and sent in: surrounding space trimmed, Unicode in NFC, the
 * domain lowercased and, if internationalised, in its ASCII (punycode) form, which SES requires.
 *
 * The local part keeps its case. RFC 5321 lets a mail server treat `Dana` and `dana` as two
 * mailboxes, and a few do, so rewriting it could send a legal notice to the wrong place; nearly
 * all servers ignore case, so two contacts of one customer whose addresses differ only in case
 * are the same person (see `sameMailbox`).
 */
export function normaliseEmail(raw: string): string {
  const trimmed = raw.trim().normalize('NFC');
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return trimmed;
  const domain = trimmed.slice(at + 1).toLowerCase();
  // domainToASCII answers '' for what is no domain; keep the input so validation names it.
  return `${trimmed.slice(0, at)}@${domainToASCII(domain) || domain}`;
}

/** The key two addresses of one customer are compared by: the same mailbox to nearly every server. */
export function mailboxKey(email: string): string {
  return email.toLowerCase();
}
