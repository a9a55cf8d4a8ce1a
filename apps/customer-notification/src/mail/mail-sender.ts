export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Carried as SES message tags, so SES notifications can be matched to the delivery. */
  tags: Record<string, string>;
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
