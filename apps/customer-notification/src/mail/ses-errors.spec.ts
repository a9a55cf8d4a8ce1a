import { classifySesError } from './ses-errors';

describe('classifySesError', () => {
  it('waits out throttling', () => {
    expect(classifySesError({ name: 'Throttling' })).toBe('throttled');
    expect(classifySesError({ name: 'Whatever', $metadata: { httpStatusCode: 429 } })).toBe('throttled');
  });

  it('fails an email SES refused for its address or content', () => {
    expect(classifySesError({ name: 'MessageRejected', $metadata: { httpStatusCode: 400 } })).toBe('permanent');
    expect(classifySesError({ name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } })).toBe('permanent');
  });

  it('retries errors of the account or its settings, which would fail every email alike', () => {
    for (const name of ['AccountSendingPausedException', 'MailFromDomainNotVerifiedException', 'SignatureDoesNotMatch', 'InvalidClientTokenId']) {
      expect(classifySesError({ name, $metadata: { httpStatusCode: 403 } })).toBe('transient');
    }
    expect(classifySesError({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } })).toBe('transient');
  });
});
