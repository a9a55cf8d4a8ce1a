import { createVerify } from 'node:crypto';

/** An Amazon SNS message as posted to an HTTP(S) subscriber. */
export interface SnsMessage {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: '1' | '2';
  Signature: string;
  SigningCertURL: string;
  SubscribeURL?: string;
  Token?: string;
}

const TYPES = ['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'];

/** Checks the shape; throws a message naming the field. */
export function parseSnsMessage(body: unknown): SnsMessage {
  if (!body || typeof body !== 'object') throw new Error('body must be an SNS message (JSON object)');
  const m = body as Record<string, unknown>;
  if (!TYPES.includes(m.Type as string)) throw new Error(`Type must be one of ${TYPES.join(', ')}`);
  for (const field of ['MessageId', 'TopicArn', 'Message', 'Timestamp', 'Signature', 'SigningCertURL', 'SignatureVersion']) {
    if (typeof m[field] !== 'string' || m[field] === '') throw new Error(`${field} must be a non-empty string`);
  }
  if (m.Type !== 'Notification' && (typeof m.SubscribeURL !== 'string' || typeof m.Token !== 'string')) {
    throw new Error('SubscribeURL and Token are required for a subscription message');
  }
  return m as unknown as SnsMessage;
}

/** The fields SNS signs, in its order (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html). */
export function stringToSign(m: SnsMessage): string {
  const fields =
    m.Type === 'Notification'
      ? (['Message', 'MessageId', ...(m.Subject !== undefined ? ['Subject'] : []), 'Timestamp', 'TopicArn', 'Type'] as const)
      : (['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const);
  return fields.map((f) => `${f}\n${(m as unknown as Record<string, string>)[f]}\n`).join('');
}

/** Only certificates SNS itself serves: https, on sns.<region>.amazonaws.com (or .com.cn), a .pem path. */
export function isSnsCertUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(u.hostname) && u.pathname.endsWith('.pem') && !u.port && !u.username;
  } catch {
    return false;
  }
}

/** Verifies the signature with the certificate (PEM): SHA1withRSA for version 1, SHA256withRSA for version 2. */
export function hasValidSignature(m: SnsMessage, certificatePem: string): boolean {
  const algorithm = m.SignatureVersion === '2' ? 'RSA-SHA256' : m.SignatureVersion === '1' ? 'RSA-SHA1' : undefined;
  if (!algorithm) return false;
  try {
    return createVerify(algorithm).update(stringToSign(m), 'utf8').verify(certificatePem, m.Signature, 'base64');
  } catch {
    return false;
  }
}
