export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Carried as SES message tags (values: letters, digits, _ - . @), so SES notifications find the delivery. */
  tags: Record<string, string>;
  /** For emails one may unsubscribe from: the one-click URL of the `List-Unsubscribe` headers (RFC 2369, RFC 8058). */
  listUnsubscribeUrl?: string;
}

/** Why a send failed, as far as retrying is concerned. */
export type SendFailureKind = 'throttled' | 'transient' | 'permanent';

export class SendFailure extends Error {
  constructor(
    readonly kind: SendFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** Port to the email provider; returns the provider's message id once it accepted the email. */
export abstract class MailSender {
  abstract send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** SES tag values allow only letters, digits, _ - . @; base64url keeps any delivery id within them, reversibly. */
export const deliveryTagOf = (deliveryId: string) => Buffer.from(deliveryId, 'utf8').toString('base64url');
export const deliveryIdOfTag = (tag: string) => Buffer.from(tag, 'base64url').toString('utf8');
