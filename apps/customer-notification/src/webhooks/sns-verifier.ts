import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@forewarn/platform';
import { NotificationConfig } from '../notification.config';
import { hasValidSignature, isSnsCertUrl, SnsMessage } from './sns-message';

/** Fetches SNS signing certificates; injectable so tests serve their own without reaching out. */
export abstract class SnsCertificateFetcher {
  abstract fetch(url: string): Promise<string>;
}

@Injectable()
export class HttpsSnsCertificateFetcher extends SnsCertificateFetcher {
  async fetch(url: string): Promise<string> {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
    if (!response.ok) throw new Error(`certificate ${url}: HTTP ${response.status}`);
    return response.text();
  }
}

/** Confirms a subscription by visiting its SubscribeURL; injectable for the same reason. */
export abstract class SnsSubscriptionConfirmer {
  abstract confirm(subscribeUrl: string): Promise<void>;
}

@Injectable()
export class HttpsSnsSubscriptionConfirmer extends SnsSubscriptionConfirmer {
  async confirm(subscribeUrl: string): Promise<void> {
    const response = await fetch(subscribeUrl, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`subscription confirmation: HTTP ${response.status}`);
  }
}

const CACHE_SIZE = 20;

/**
 * Verifies that a message really comes from SNS: the certificate only from SNS's own host, the
 * signature over SNS's string to sign. Certificates are cached (SNS rotates them rarely).
 * Verification is on unless SES_WEBHOOK_VERIFY_SIGNATURES=false.
 */
@Injectable()
export class SnsVerifier {
  private readonly certificates = new Map<string, Promise<string>>();

  constructor(
    private readonly fetcher: SnsCertificateFetcher,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationConfig,
  ) {}

  async verify(message: SnsMessage): Promise<void> {
    if (!this.config.SES_WEBHOOK_VERIFY_SIGNATURES) return;
    if (!isSnsCertUrl(message.SigningCertURL)) throw new ForbiddenException('SigningCertURL: not an SNS certificate URL (https://sns.<region>.amazonaws.com/...pem)');
    const certificate = await this.certificate(message.SigningCertURL);
    if (!hasValidSignature(message, certificate)) throw new ForbiddenException('Signature: the SNS signature does not verify');
  }

  private certificate(url: string): Promise<string> {
    let cert = this.certificates.get(url);
    if (!cert) {
      cert = this.fetcher.fetch(url);
      cert.catch(() => this.certificates.delete(url));
      if (this.certificates.size >= CACHE_SIZE) this.certificates.delete(this.certificates.keys().next().value as string);
      this.certificates.set(url, cert);
    }
    return cert;
  }
}
