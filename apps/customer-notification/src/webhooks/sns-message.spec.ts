import { hasValidSignature, isSnsCertUrl, isSnsSubscribeUrl, parseSnsMessage, snsCertificateProblem } from './sns-message';
import { SnsTestSigner } from '../../../../test/support/sns-test-signer';
import { sesReportOf } from './ses-notification';

describe('SNS messages', () => {
  const signer = new SnsTestSigner();
  const bounce = { notificationType: 'Bounce', mail: { messageId: 'm-1', tags: { delivery: ['ZXZlbnQ6Y29udGFjdA'] } }, bounce: { bounceType: 'Permanent', bounceSubType: 'General', timestamp: '2027-01-01T00:00:00.000Z', bouncedRecipients: [{ emailAddress: 'x@y.example', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] } };

  it.each(['1', '2'] as const)('verifies signature version %s, and refuses a changed message', (version) => {
    const message = signer.notification(bounce, version);
    expect(hasValidSignature(message, signer.certificatePem)).toBe(true);
    expect(hasValidSignature({ ...message, Message: message.Message.replace('m-1', 'm-2') }, signer.certificatePem)).toBe(false);
    expect(hasValidSignature({ ...message, SignatureVersion: version === '1' ? '2' : '1' }, signer.certificatePem)).toBe(false);
  });

  it('verifies a subscription confirmation over its own fields', () => {
    const message = signer.sign({ Type: 'SubscriptionConfirmation', MessageId: 'x', TopicArn: 'arn:t', Message: 'confirm', Timestamp: '2027-01-01T00:00:00.000Z', SubscribeURL: 'https://sns.eu-west-2.amazonaws.com/?Action=ConfirmSubscription', Token: 'tok' });
    expect(hasValidSignature(message, signer.certificatePem)).toBe(true);
    expect(hasValidSignature({ ...message, SubscribeURL: 'https://evil.example/' }, signer.certificatePem)).toBe(false);
  });

  it('takes certificates only from SNS over https', () => {
    expect(isSnsCertUrl('https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-abc.pem')).toBe(true);
    expect(isSnsCertUrl('https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem')).toBe(true);
    for (const url of ['https://sns.s3.amazonaws.com/x.pem', 'https://sns.eu-west-2.amazonaws.com/x.pem?x=1', 'https://sns.eu-west-2.amazonaws.com/x.pem#y', 'https://sns.eu-west-2.amazonaws.com:8443/x.pem', 'http://sns.eu-west-2.amazonaws.com/x.pem', 'https://sns.eu-west-2.amazonaws.com.evil.example/x.pem', 'https://evil.example/sns.eu-west-2.amazonaws.com/x.pem', 'https://s3.amazonaws.com/x.pem', 'not a url']) {
      expect(isSnsCertUrl(url)).toBe(false);
    }
  });

  it('confirms subscriptions only at an SNS ConfirmSubscription URL (issue 13, item 3)', () => {
    expect(isSnsSubscribeUrl('https://sns.eu-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=a&Token=t')).toBe(true);
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'https://sns.eu-west-2.amazonaws.com/?Action=Publish', 'https://sns.eu-west-2.amazonaws.com.evil.example/?Action=ConfirmSubscription', 'http://sns.eu-west-2.amazonaws.com/?Action=ConfirmSubscription']) {
      expect(isSnsSubscribeUrl(url)).toBe(false);
    }
  });

  it('takes a certificate issued to SNS and valid now, not any public key (issue 13, item 4)', () => {
    const now = new Date();
    expect(snsCertificateProblem(signer.certificatePem, 'sns.eu-west-2.amazonaws.com', now)).toBeUndefined();
    expect(snsCertificateProblem(new SnsTestSigner('/CN=mallory.example').certificatePem, 'sns.eu-west-2.amazonaws.com', now)).toMatch(/^issued to CN=mallory.example/);
    expect(snsCertificateProblem(signer.certificatePem, 'sns.eu-west-2.amazonaws.com', new Date(now.getTime() + 3 * 86400_000))).toMatch(/^not valid now/);
    expect(snsCertificateProblem('-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----', 'sns.eu-west-2.amazonaws.com', now)).toBe('not an X.509 certificate');
  });

  it('names the missing field of a malformed message', () => {
    expect(() => parseSnsMessage({ Type: 'Notification' })).toThrow('MessageId must be a non-empty string');
    expect(() => parseSnsMessage({ Type: 'Other' })).toThrow(/^Type must be one of/);
  });

  it('reads the SES report inside: kind, message id, delivery tag and what SES said', () => {
    expect(sesReportOf(JSON.stringify(bounce))).toEqual({ kind: 'bounced', sesMessageId: 'm-1', deliveryTag: 'ZXZlbnQ6Y29udGFjdA', at: '2027-01-01T00:00:00.000Z', detail: 'Permanent/General: smtp; 550 5.1.1 user unknown' });
    expect(sesReportOf(JSON.stringify({ eventType: 'Complaint', mail: { messageId: 'm-2' }, complaint: { complaintFeedbackType: 'abuse' } }))).toMatchObject({ kind: 'complained', detail: 'abuse' });
    expect(sesReportOf(JSON.stringify({ eventType: 'Open', mail: { messageId: 'm-3' } }))).toBeUndefined();
  });
});
