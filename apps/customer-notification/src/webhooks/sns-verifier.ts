import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { NotificationConfig, snsTopicsOf } from '../notification.config';
import { hasValidSignature, isSnsCertUrl, isSnsSubscribeUrl, snsCertificateProblem, SnsMessage } from './sns-message';

/** A certificate is a few kilobytes; anything much larger is not one. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** Fetches SNS signing certificates; injectable so tests serve their own without reaching out. */
export abstract class SnsCertificateFetcher {
  abstract fetch(url: string): Promise<string>;
}

@Injectable()
export class HttpsSnsCertificateFetcher extends SnsCertificateFetcher {
  async fetch(url: string): Promise<string> {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
    if (!response.ok || !response.body) throw new Error(`certificate ${url}: HTTP ${response.status}`);
    let pem = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      pem += Buffer.from(chunk).toString('utf8');
      if (pem.length > MAX_CERTIFICATE_BYTES) throw new Error(`certificate ${url}: larger than ${MAX_CERTIFICATE_BYTES} bytes`);
    }
    return pem;
  }
}

/** Confirms a subscription by visiting its SubscribeURL; injectable for the same reason. */
export abstract class SnsSubscriptionConfirmer {
  abstract confirm(subscribeUrl: string): Promise<void>;
}

@Injectable()
export class HttpsSnsSubscriptionConfirmer extends SnsSubscriptionConfirmer {
  async confirm(subscribeUrl: string): Promise<void> {
    const response = await fetch(subscribeUrl, { signal: AbortSignal.timeout(5000), redirect: 'error' });
    if (!response.ok) throw new Error(`subscription confirmation: HTTP ${response.status}`);
  }
}

const CACHE_SIZE = 20;
/** A message stamped further ahead than this is refused too (clocks differ a little). */
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Decides whether a message may be acted on: from an allowed topic (always checked: a stranger's
 * topic carries genuine SNS signatures), signed by SNS (a certificate SNS issued, fetched only from
 * an SNS endpoint, with an accepted signature version) and recent. A SubscribeURL is only ever an
 * SNS endpoint's, even with signatures off. Signature checks are on unless
 * SES_WEBHOOK_VERIFY_SIGNATURES=false, which production refuses.
 */
@Injectable()
export class SnsVerifier {
  private readonly certificates = new Map<string, Promise<string>>();
  private readonly topics: Set<string>;
  private readonly versions: Set<string>;

  constructor(
    private readonly fetcher: SnsCertificateFetcher,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationConfig,
  ) {
    this.topics = new Set(snsTopicsOf(config));
    this.versions = new Set(config.SES_WEBHOOK_SIGNATURE_VERSIONS.split(','));
  }

  async verify(message: SnsMessage): Promise<void> {
    if (this.topics.size > 0 && !this.topics.has(message.TopicArn)) throw new ForbiddenException('TopicArn: not a topic this service takes SES reports from');
    if (message.Type === 'SubscriptionConfirmation' && !isSnsSubscribeUrl(message.SubscribeURL!)) {
      throw new ForbiddenException('SubscribeURL: not an SNS ConfirmSubscription URL (https://sns.<region>.amazonaws.com/?Action=ConfirmSubscription...)');
    }
    if (!this.config.SES_WEBHOOK_VERIFY_SIGNATURES) return;
    if (!this.versions.has(message.SignatureVersion)) throw new ForbiddenException(`SignatureVersion: ${message.SignatureVersion} is not accepted (SES_WEBHOOK_SIGNATURE_VERSIONS=${this.config.SES_WEBHOOK_SIGNATURE_VERSIONS})`);
    if (!isSnsCertUrl(message.SigningCertURL)) throw new ForbiddenException('SigningCertURL: not an SNS certificate URL (https://sns.<region>.amazonaws.com/...pem)');
    // SNS's timestamps and certificates live on wall time, whatever a test clock says.
    const now = new Date();
    const url = new URL(message.SigningCertURL);
    const certificate = await this.certificate(url);
    const problem = snsCertificateProblem(certificate, url.hostname, now);
    if (problem) throw new ForbiddenException(`SigningCertURL: the certificate is ${problem}`);
    if (!hasValidSignature(message, certificate)) throw new ForbiddenException('Signature: the SNS signature does not verify');
    const age = now.getTime() - Date.parse(message.Timestamp);
    if (!(age <= this.config.SES_WEBHOOK_MAX_AGE_SECONDS * 1000 && age >= -FUTURE_SKEW_MS)) {
      throw new ForbiddenException(`Timestamp: ${message.Timestamp} is outside the ${this.config.SES_WEBHOOK_MAX_AGE_SECONDS} s a message is accepted for`);
    }
  }

  /** Cached by host and path: the URL has no query or fragment to vary it. */
  private certificate(url: URL): Promise<string> {
    const key = `${url.hostname}${url.pathname}`;
    let cert = this.certificates.get(key);
    if (!cert) {
      cert = this.fetcher.fetch(`https://${key}`);
      cert.catch(() => this.certificates.delete(key));
      if (this.certificates.size >= CACHE_SIZE) this.certificates.delete(this.certificates.keys().next().value as string);
      this.certificates.set(key, cert);
    }
    return cert;
  }
}
