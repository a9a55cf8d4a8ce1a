import { createSign } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SnsMessage } from '../../apps/customer-notification/src/webhooks/sns-message';
import { stringToSign } from '../../apps/customer-notification/src/webhooks/sns-message';

/** Test support: a self-signed certificate made with openssl, and SNS messages signed with its key. */
export class SnsTestSigner {
  readonly certificatePem: string;
  private readonly keyPem: string;
  readonly certUrl = 'https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-test.pem';

  constructor(subject = '/CN=sns.amazonaws.com') {
    const dir = mkdtempSync(join(tmpdir(), 'sns-cert-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', subject, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      this.certificatePem = readFileSync(join(dir, 'cert.pem'), 'utf8');
      this.keyPem = readFileSync(join(dir, 'key.pem'), 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  sign(unsigned: Omit<SnsMessage, 'Signature' | 'SigningCertURL' | 'SignatureVersion'>, version: '1' | '2' = '2', certUrl = this.certUrl): SnsMessage {
    const message = { ...unsigned, SignatureVersion: version, SigningCertURL: certUrl, Signature: '' } as SnsMessage;
    message.Signature = createSign(version === '2' ? 'RSA-SHA256' : 'RSA-SHA1').update(stringToSign(message), 'utf8').sign(this.keyPem, 'base64');
    return message;
  }

  static readonly topicArn = 'arn:aws:sns:eu-west-2:123456789012:ses-events';

  notification(sesJson: object, version: '1' | '2' = '2', fields: Partial<Pick<SnsMessage, 'TopicArn' | 'Timestamp' | 'MessageId'>> = {}): SnsMessage {
    return this.sign(
      {
        Type: 'Notification',
        MessageId: `sns-${Math.random().toString(36).slice(2)}`,
        TopicArn: SnsTestSigner.topicArn,
        Message: JSON.stringify(sesJson),
        Timestamp: new Date().toISOString(),
        ...fields,
      },
      version,
    );
  }
}
