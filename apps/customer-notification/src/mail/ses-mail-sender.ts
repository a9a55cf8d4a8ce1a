import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { NotificationConfig } from '../notification.config';
import { MailSender, OutgoingEmail, SendFailure } from './mail-sender';
import { classifySesError } from './ses-errors';
import { rawEmailOf } from './raw-email';

/**
 * Sends through Amazon SES (v1 SendEmail; SendRawEmail for an email that carries List-Unsubscribe
 * headers, which SendEmail cannot set) with the official client; locally the same client talks
 * to the aws-ses-v2-local emulator through SES_ENDPOINT. Credentials come from the AWS default
 * chain (environment, profile, instance role).
 */
@Injectable()
export class SesMailSender extends MailSender implements OnApplicationShutdown {
  private readonly client: SESClient;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: NotificationConfig) {
    super();
    const sockets = { keepAlive: true, maxSockets: config.DELIVERY_CONCURRENCY };
    this.client = new SESClient({
      region: config.SES_REGION,
      ...(config.SES_ENDPOINT ? { endpoint: config.SES_ENDPOINT } : {}),
      maxAttempts: 1, // retries are the sender's job, where they are paced and counted
      // A hung request must end well inside the claim lease, or another sender could take the email over.
      requestHandler: {
        connectionTimeout: 5000,
        requestTimeout: Math.floor(config.DELIVERY_CLAIM_LEASE_MS / 3),
        throwOnRequestTimeout: true,
        httpAgent: new Agent(sockets),
        httpsAgent: new HttpsAgent(sockets),
      },
    });
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    try {
      const tags = Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value }));
      const common = { Source: this.config.SES_FROM_ADDRESS, ConfigurationSetName: this.config.SES_CONFIGURATION_SET, Tags: tags };
      const result = email.listUnsubscribeUrl
        ? await this.client.send(new SendRawEmailCommand({ ...common, Destinations: [email.to], RawMessage: { Data: await rawEmailOf(this.config.SES_FROM_ADDRESS, email) } }))
        : await this.client.send(
            new SendEmailCommand({
              ...common,
              Destination: { ToAddresses: [email.to] },
              Message: {
                Subject: { Data: email.subject, Charset: 'UTF-8' },
                Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
              },
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

  /** After every module's destroy hook: the sender finishes its emails in hand during those. */
  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
