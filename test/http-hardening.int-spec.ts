import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { RunningService, TestStack } from './support/test-stack';
import { NotificationConfig } from '../apps/customer-notification/src/notification.config';
import { notificationDescription, NotificationModule } from '../apps/customer-notification/src/notification.module';
import { RegistryConfig } from '../apps/subprocessor-registry/src/registry.config';
import { registryDescription, RegistryModule } from '../apps/subprocessor-registry/src/registry.module';

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
  let registry: RunningService;
  let server: Server;
  const scrapeToken = `scrape-${stack.runId}-0123456789`;

  beforeAll(async () => {
    notification = await stack.start('customer-notification', NotificationConfig, (c) => NotificationModule.register(c), notificationDescription, {
      HTTP_TRUST_PROXY: '1',
      NOTICE_PAGE_RATE_LIMIT: '2',
    });
    registry = await stack.start('subprocessor-registry', RegistryConfig, (c) => RegistryModule.register(c), registryDescription, {
      HTTP_API_DOCS: 'off',
      METRICS_BEARER_TOKEN: scrapeToken,
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

  it('answers what the API document promises (issue 12, item 5): 405 with Allow, null refused, {} refused, the document strict', async () => {
    const admin = await stack.token(['admin']);
    const http = () => notification.http();
    const trace = await http().trace('/api/v1/customers').set('authorization', `Bearer ${admin}`).expect(405);
    expect(trace.headers.allow).toBe('GET, POST');
    // The literal route answers, not /api/v1/customers/:id, which PATCH would otherwise reach.
    expect((await http().patch('/api/v1/customers/import').set('authorization', `Bearer ${admin}`).send({ name: 'x' }).expect(405)).headers.allow).toBe('POST');
    await http().put('/api/v1/no-such-thing').expect(404);

    const created = await http().post('/api/v1/customers').set('authorization', `Bearer ${admin}`).send({ externalId: `CRM-${stack.runId}`, name: 'Acme Trading Ltd', contacts: [] }).expect(201);
    const id = created.body.id as string;
    const nulled = await http().patch(`/api/v1/customers/${id}`).set('authorization', `Bearer ${admin}`).send({ status: null }).expect(400);
    expect(nulled.body.message).toEqual(['status must not be null (leave it out instead)']);
    await http().patch(`/api/v1/customers/${id}`).set('authorization', `Bearer ${admin}`).send({}).expect(400);
    expect((await http().get(`/api/v1/customers/${id}`).set('authorization', `Bearer ${admin}`).expect(200)).body.status).toBe('active');

    const document = (await http().get('/openapi.json').expect(200)).body;
    expect(document.components.schemas.UpdateCustomerDto).toMatchObject({ additionalProperties: false, minProperties: 1 });
    expect(document.components.schemas.ContactDto.properties.receives.uniqueItems).toBe(true);
    const preview = document.paths['/api/v1/templates/{name}/preview'].post;
    expect(Object.keys(preview.responses)).toEqual(expect.arrayContaining(['400', '422']));
  });

  it('counts the notice-page rate limit per client behind the proxy, not per proxy (issue 13, item 5)', async () => {
    const page = (client: string) => notification.http().get('/n/not-a-real-token').set('x-forwarded-for', client);
    for (let i = 0; i < 2; i++) expect((await page('203.0.113.7')).status).not.toBe(429);
    expect((await page('203.0.113.7')).status).toBe(429);
    expect((await page('198.51.100.23')).status).not.toBe(429); // another customer is not locked out
  });

  it('sends security headers, with a policy per kind of page (issue 13, item 10)', async () => {
    const api = await notification.http().get('/health');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['content-security-policy']).toContain("default-src 'none'");
    expect(api.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const list = await registry.http().get('/subprocessors');
    expect(list.headers['content-security-policy']).toContain("default-src 'none'");
    expect(list.headers['x-frame-options']).toBe('SAMEORIGIN');
    const docs = await notification.http().get('/docs/');
    expect(docs.status).toBe(200);
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('turns the API docs off, and puts /metrics behind a scrape token, when told to (issue 13, item 10)', async () => {
    await registry.http().get('/openapi.json').expect(404);
    await registry.http().get('/metrics').expect(401);
    await registry.http().get('/metrics').set('authorization', `Bearer ${scrapeToken}`).expect(200);
    await notification.http().get('/metrics').expect(200); // open where no token is set
  });
});
