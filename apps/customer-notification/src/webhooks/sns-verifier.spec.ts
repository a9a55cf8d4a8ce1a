import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotificationConfig } from '../notification.config';
import type { SnsMessage } from './sns-message';
import { HttpsSnsCertificateFetcher, SnsVerifier } from './sns-verifier';

describe('HttpsSnsCertificateFetcher (issue 13, item 4)', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/huge.pem') return res.end('x'.repeat(200 * 1024));
      if (req.url === '/moved.pem') return res.writeHead(302, { location: '/cert.pem' }).end();
      res.end('-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reads a certificate-sized answer, and stops at 64 KB rather than reading whatever it is sent', async () => {
    const fetcher = new HttpsSnsCertificateFetcher();
    await expect(fetcher.fetch(`${base}/cert.pem`)).resolves.toContain('BEGIN CERTIFICATE');
    await expect(fetcher.fetch(`${base}/huge.pem`)).rejects.toThrow(/larger than 65536 bytes/);
  });

  it('refuses a redirect', async () => {
    await expect(new HttpsSnsCertificateFetcher().fetch(`${base}/moved.pem`)).rejects.toThrow();
  });
});

describe('SnsVerifier with signature checks off (issue 13, item 3)', () => {
  const config = { SES_WEBHOOK_VERIFY_SIGNATURES: false, SES_WEBHOOK_SIGNATURE_VERSIONS: '2', SES_WEBHOOK_MAX_AGE_SECONDS: 3600 } as NotificationConfig;
  const verifier = new SnsVerifier({ fetch: () => Promise.reject(new Error('no certificate is fetched')) }, config);
  const subscription = (SubscribeURL: string) =>
    ({ Type: 'SubscriptionConfirmation', MessageId: 'm', TopicArn: 'arn:aws:sns:eu-west-2:123456789012:t', Message: 'confirm', Timestamp: new Date().toISOString(), SignatureVersion: '2', Signature: 'x', SigningCertURL: 'x', SubscribeURL, Token: 't' }) as SnsMessage;

  it('still refuses a SubscribeURL that is not SNS\'s, so it cannot be used to reach inside the network', async () => {
    await expect(verifier.verify(subscription('http://169.254.169.254/latest/meta-data/'))).rejects.toThrow(/^SubscribeURL/);
    await expect(verifier.verify(subscription('https://sns.eu-west-2.amazonaws.com/?Action=ConfirmSubscription&Token=t'))).resolves.toBeUndefined();
  });
});
