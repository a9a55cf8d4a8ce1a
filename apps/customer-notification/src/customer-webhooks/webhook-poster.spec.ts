import { privateTargetExceptionsOf } from './domain/endpoint-address';
import { WebhookReceiver } from './testing/webhook-receiver';
import { postWebhook } from './webhook-poster';

describe('postWebhook (one signed request, to the address that was checked)', () => {
  const receiver = new WebhookReceiver().answer('/moved', 302);
  let port: number;

  beforeAll(async () => {
    port = await receiver.start();
  });
  afterAll(() => receiver.stop());

  const post = (url: string, resolved: string[], exceptions = '') =>
    postWebhook(url, { 'webhook-id': 'msg_1' }, '{"a":1}', { exceptions: privateTargetExceptionsOf(exceptions), timeoutMs: 2000, resolve: async () => resolved });

  it('connects to the address it checked, without a second lookup', async () => {
    // hooks.test resolves nowhere but in this resolver: reaching the receiver proves the pinned address was used.
    expect(await post(`http://hooks.test:${port}/in`, ['127.0.0.1'], `hooks.test:${port}`)).toEqual({ kind: 'answered', statusCode: 204 });
    expect(receiver.at('/in')[0]).toMatchObject({ body: '{"a":1}', headers: expect.objectContaining({ 'webhook-id': 'msg_1', host: `hooks.test:${port}`, 'content-type': 'application/json' }) });
  });

  it('refuses a name that resolves inside, even beside a public address (DNS rebinding)', async () => {
    expect(await post(`http://rebound.test:${port}/x`, ['93.184.215.14', '127.0.0.1'])).toEqual({ kind: 'refused', error: 'rebound.test resolves to 127.0.0.1, which is an internal address: not delivered' });
    expect(await post(`http://169.254.169.254/latest`, [])).toEqual({ kind: 'refused', error: '169.254.169.254 is an internal address: not delivered' });
    expect(receiver.at('/x')).toEqual([]);
  });

  it('does not follow a redirect, and reports no answer as unreachable', async () => {
    expect(await post(`http://hooks.test:${port}/moved`, ['127.0.0.1'], `hooks.test:${port}`)).toEqual({ kind: 'answered', statusCode: 302 });
    expect(receiver.at('/followed')).toEqual([]);
    const closed = await post('http://hooks.test:1/', ['127.0.0.1'], 'hooks.test:1');
    expect(closed).toEqual({ kind: 'unreachable', error: expect.stringContaining('ECONNREFUSED') });
  });
});
