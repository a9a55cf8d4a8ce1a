import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { RunningService, TestStack } from './support/test-stack';
import { NotificationConfig } from '../apps/customer-notification/src/notification.config';
import { notificationDescription, NotificationModule } from '../apps/customer-notification/src/notification.module';

/** Sends only the headers of a request announcing a large body, and resolves with the status line the server answers with. */
function statusBeforeBody(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) {
        resolve(answer.split('\r\n')[0]);
        socket.destroy();
      }
    });
    socket.on('error', reject);
  });
}

describe('HTTP edges (real stack): the import body, client addresses behind a proxy', () => {
  const stack = new TestStack();
  let notification: RunningService;
  let server: Server;

  beforeAll(async () => {
    notification = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, {
      HTTP_TRUST_PROXY: '1',
      NOTICE_PAGE_RATE_LIMIT: '2',
    });
    server = notification.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await stack.stop();
  });

  it('answers an unauthenticated import with 401 before reading its body (issue 13, item 6)', async () => {
    const { port } = server.address() as AddressInfo;
    // 20 MB announced, none sent: a parser running before the guard would wait for it forever.
    const head = 'POST /api/v1/customers/import HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n[';
    expect(await statusBeforeBody(port, head)).toBe('HTTP/1.1 401 Unauthorized');
    const forged = head.replace('Content-Type', 'Authorization: Bearer not-a-token\r\nContent-Type');
    expect(await statusBeforeBody(port, forged)).toBe('HTTP/1.1 401 Unauthorized');
  });

  it('keeps the 100 kB limit on a path that only looks like an import', async () => {
    const token = await stack.token(['admin']);
    const big = JSON.stringify({ rows: 'x'.repeat(200 * 1024) });
    await notification.http().post('/api/v1/anything/import').set('authorization', `Bearer ${token}`).set('content-type', 'application/json').send(big).expect(413);
  });

  it('counts the notice-page rate limit per client behind the proxy, not per proxy (issue 13, item 5)', async () => {
    const page = (client: string) => notification.http().get('/n/not-a-real-token').set('x-forwarded-for', client);
    for (let i = 0; i < 2; i++) expect((await page('203.0.113.7')).status).not.toBe(429);
    expect((await page('203.0.113.7')).status).toBe(429);
    expect((await page('198.51.100.23')).status).not.toBe(429); // another customer is not locked out
  });
});
