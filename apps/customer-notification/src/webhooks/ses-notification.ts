/** What an SES notification (identity notification or configuration-set event) says about one email. */
export interface SesReport {
  kind: 'delivered' | 'bounced' | 'complained';
  sesMessageId: string;
  /** The delivery id from the message's `delivery` tag, when SES passed the tags on. */
  deliveryTag?: string;
  at?: string;
  detail?: string;
}

const KINDS: Record<string, SesReport['kind']> = { Delivery: 'delivered', Bounce: 'bounced', Complaint: 'complained' };

interface SesNotification {
  notificationType?: string;
  eventType?: string;
  mail?: { messageId?: string; tags?: Record<string, string[]> };
  bounce?: { bounceType?: string; bounceSubType?: string; timestamp?: string; bouncedRecipients?: { emailAddress?: string; diagnosticCode?: string }[] };
  complaint?: { complaintFeedbackType?: string; timestamp?: string };
  delivery?: { timestamp?: string; smtpResponse?: string };
}

/**
 * Reads the SES JSON inside an SNS notification. Returns undefined for kinds that are not about
 * an email's fate (Send, Open, Click, ...), which are acknowledged and ignored.
 */
export function sesReportOf(messageJson: string): SesReport | undefined {
  let n: SesNotification;
  try {
    n = JSON.parse(messageJson) as SesNotification;
  } catch {
    throw new Error('Message: not the JSON of an SES notification');
  }
  const kind = KINDS[n.notificationType ?? n.eventType ?? ''];
  if (!kind) return undefined;
  const sesMessageId = n.mail?.messageId;
  if (typeof sesMessageId !== 'string' || !sesMessageId) throw new Error('Message: mail.messageId is missing');
  const deliveryTag = n.mail?.tags?.delivery?.[0];
  if (kind === 'bounced') {
    const b = n.bounce ?? {};
    const diagnostic = b.bouncedRecipients?.map((r) => r.diagnosticCode).filter(Boolean).join('; ');
    return { kind, sesMessageId, deliveryTag, at: b.timestamp, detail: [`${b.bounceType ?? 'Bounce'}/${b.bounceSubType ?? 'General'}`, diagnostic].filter(Boolean).join(': ') };
  }
  if (kind === 'complained') return { kind, sesMessageId, deliveryTag, at: n.complaint?.timestamp, detail: n.complaint?.complaintFeedbackType };
  return { kind, sesMessageId, deliveryTag, at: n.delivery?.timestamp, detail: n.delivery?.smtpResponse };
}
