import { createVerify, X509Certificate } from 'node:crypto';

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
const REQUIRED = ['MessageId', 'TopicArn', 'Message', 'Timestamp', 'Signature', 'SigningCertURL', 'SignatureVersion'];

/** What `parseSnsMessage` takes, as the API document states it (SNS posts it as text/plain). */
export const SNS_MESSAGE_SCHEMA = {
  type: 'object' as const,
  required: ['Type', ...REQUIRED],
  properties: {
    Type: { type: 'string' as const, enum: TYPES },
    ...Object.fromEntries(REQUIRED.map((field) => [field, { type: 'string' as const, minLength: 1 }])),
    SignatureVersion: { type: 'string' as const, enum: ['1', '2'] },
    Subject: { type: 'string' as const },
    SubscribeURL: { type: 'string' as const },
    Token: { type: 'string' as const },
  },
  // A subscription message carries the URL that confirms it.
  anyOf: [{ properties: { Type: { enum: ['Notification'] } } }, { required: ['SubscribeURL', 'Token'] }],
};

/** Checks the shape; throws a message naming the field. */
export function parseSnsMessage(body: unknown): SnsMessage {
  if (!body || typeof body !== 'object') throw new Error('body must be an SNS message (JSON object)');
  const m = body as Record<string, unknown>;
  if (!TYPES.includes(m.Type as string)) throw new Error(`Type must be one of ${TYPES.join(', ')}`);
  for (const field of REQUIRED) {
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

/** SNS's own endpoints: sns.<region>.amazonaws.com, region-shaped (eu-west-2, us-gov-west-1, cn-north-1 on .com.cn). */
const SNS_HOST = /^sns\.[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}\.amazonaws\.com(\.cn)?$/;

/** An https URL on an SNS endpoint: no port, credentials or fragment (a query only where allowed). */
function isSnsUrl(url: string, { query }: { query: boolean }): URL | undefined {
  try {
    const u = new URL(url);
    const plain = u.protocol === 'https:' && SNS_HOST.test(u.hostname) && !u.port && !u.username && !u.password && !u.hash && !url.includes('#');
    return plain && (query || !u.search) ? u : undefined;
  } catch {
    return undefined;
  }
}

/** Only certificates SNS itself serves: https, on an SNS endpoint, a .pem path, nothing after it. */
export function isSnsCertUrl(url: string): boolean {
  return isSnsUrl(url, { query: false })?.pathname.endsWith('.pem') ?? false;
}

/** A subscription is confirmed only by visiting SNS's own ConfirmSubscription action. */
export function isSnsSubscribeUrl(url: string): boolean {
  return isSnsUrl(url, { query: true })?.searchParams.get('Action') === 'ConfirmSubscription';
}

/**
 * The certificate as SNS's: a certificate (not just any public key) issued to SNS (its names
 * cover sns.amazonaws.com or the endpoint it came from) and valid now.
 */
export function snsCertificateProblem(certificatePem: string, endpointHost: string, now: Date): string | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificatePem);
  } catch {
    return 'not an X.509 certificate';
  }
  if (!cert.checkHost('sns.amazonaws.com') && !cert.checkHost(endpointHost)) return `issued to ${cert.subject.replace(/\n/g, ', ')}, not to SNS`;
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) return `not valid now (${cert.validFrom} to ${cert.validTo})`;
  return undefined;
}

/** Verifies the signature with the certificate (PEM): SHA1withRSA for version 1, SHA256withRSA for version 2. */
export function hasValidSignature(m: SnsMessage, certificatePem: string): boolean {
  const algorithm = m.SignatureVersion === '2' ? 'RSA-SHA256' : m.SignatureVersion === '1' ? 'RSA-SHA1' : undefined;
  if (!algorithm) return false;
  try {
    return createVerify(algorithm).update(stringToSign(m), 'utf8').verify(new X509Certificate(certificatePem).publicKey, m.Signature, 'base64');
  } catch {
    return false;
  }
}
