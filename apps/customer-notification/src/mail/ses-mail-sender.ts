import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { NotificationConfig } from '../notification.config';
import { MailSender, OutgoingEmail, SendFailure } from './mail-sender';
import { classifySesError } from './ses-errors';


/** Tag values may hold only letters, digits, _ - . and @ (SES rule). */
const tagValue = (v: string) => v.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

/**
 * Sends through Amazon SES (v1 SendEmail) with the official client; locally the same client talks
 * to the aws-ses-v2-local emulator through SES_ENDPOINT. Credentials come from the AWS default
 * chain (environment, profile, instance role).
 */
@Injectable()
export class SesMailSender extends MailSender implements OnModuleDestroy {
  private readonly client: SESClient;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: NotificationConfig) {
    super();
    this.client = new SESClient({
      region: config.SES_REGION,
      ...(config.SES_ENDPOINT ? { endpoint: config.SES_ENDPOINT } : {}),
      maxAttempts: 1, // retries are the delivery queue's job, where they are recorded and rate limited
    });
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    try {
      const result = await this.client.send(
        new SendEmailCommand({
          Source: this.config.SES_FROM_ADDRESS,
          Destination: { ToAddresses: [email.to] },
          Message: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          },
          ConfigurationSetName: this.config.SES_CONFIGURATION_SET,
          Tags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value: tagValue(Value) })),
        }),
      );
      if (!result.MessageId) throw new SendFailure('transient', 'SES accepted the email but returned no MessageId');
      return { messageId: result.MessageId };
    } catch (e) {
      if (e instanceof SendFailure) throw e;
      const error = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      throw new SendFailure(classifySesError(error), `${error.name ?? 'Error'}: ${error.message ?? String(e)}`);
    }
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }
}
