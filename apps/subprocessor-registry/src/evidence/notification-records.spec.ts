import { BadGatewayException, ConflictException, ForbiddenException } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NotificationRecords } from './notification-records';

describe('NotificationRecords (the proof of notice read for a change bundle)', () => {
  let server: Server;
  let base: string;
  const seen: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      const status = Number(req.url!.split('/').pop());
      res.statusCode = status;
      res.end(status === 200 ? 'a,b\r\n1,2\r\n' : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('streams the body with the caller\'s own token', async () => {
    const open = await new NotificationRecords(base, 'Bearer caller').open('/200');
    const chunks: Buffer[] = [];
    for await (const chunk of open()) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('a,b\r\n1,2\r\n');
    expect(seen.at(-1)).toBe('Bearer caller');
  });

  it('keeps the body whole when the response is garbage-collected before the zip reads it', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const open = await new NotificationRecords(base, 'Bearer caller').open('/200');
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const chunks: Buffer[] = [];
    for await (const chunk of open()) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('a,b\r\n1,2\r\n');
  });

  it('answers before the bundle starts: 409 while the notice has not arrived, 403 for a refused token, 502 otherwise', async () => {
    const records = new NotificationRecords(base, 'Bearer caller');
    await expect(records.open('/404')).rejects.toBeInstanceOf(ConflictException);
    await expect(records.open('/403')).rejects.toBeInstanceOf(ForbiddenException);
    await expect(records.open('/500')).rejects.toBeInstanceOf(BadGatewayException);
    await expect(new NotificationRecords('http://127.0.0.1:1', 'Bearer caller').open('/200')).rejects.toBeInstanceOf(BadGatewayException);
  });
});
