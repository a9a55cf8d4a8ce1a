import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { SesFault, SesFaultProxy, SesFaults } from '../../../../test/support/ses-fault-proxy';
import type { SendFailureKind } from './mail-sender';
import { classifySesError } from './ses-errors';

/**
 * The classification against what the real SDK throws: the fault proxy answers with the error XML
 * and status real SES uses, and the SDK builds its exception from them as it does against AWS.
 */
describe('SES errors as the real @aws-sdk/client-ses throws them (fault proxy in front of the emulator)', () => {
  const proxy = new SesFaultProxy();
  let client: SESClient;

  beforeAll(async () => {
    client = new SESClient({ region: 'eu-west-2', endpoint: await proxy.start(), maxAttempts: 1, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client.destroy();
    await proxy.stop();
  });

  const thrownFor = async (fault: SesFault) => {
    proxy.failNext(fault);
    const send = new SendEmailCommand({
      Source: 'privacy@forewarn.example',
      Destination: { ToAddresses: ['someone@errors.example'] },
      Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } },
    });
    return client.send(send).then(
      () => {
        throw new Error(`the SDK did not throw for ${fault.code}`);
      },
      (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => e,
    );
  };

  const cases: [keyof typeof SesFaults, SendFailureKind, number][] = [
    ['throttling', 'throttled', 400],
    ['messageRejected', 'permanent', 400],
    ['accountSendingPaused', 'transient', 400],
    ['internalFailure', 'transient', 500],
    ['serviceUnavailable', 'transient', 503],
  ];

  it.each(cases)('%s is classified %s', async (fault, kind, status) => {
    const error = await thrownFor(SesFaults[fault]);
    expect(error.name).toBe(SesFaults[fault].code);
    expect(error.$metadata?.httpStatusCode).toBe(status);
    expect(classifySesError(error)).toBe(kind);
  });

  it('lets an email through when no fault is set (the proxy forwards to the emulator)', async () => {
    const result = await client.send(
      new SendEmailCommand({
        Source: 'privacy@forewarn.example',
        Destination: { ToAddresses: ['through@errors.example'] },
        Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } },
      }),
    );
    expect(result.MessageId).toBeTruthy();
  });
});
