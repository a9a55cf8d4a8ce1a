import { lookup } from 'node:dns/promises';
import { request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { checkResolvedAddresses, EndpointRefusedError, hostOf, portOf, PrivateTargetExceptions } from './domain/endpoint-address';
import type { AttemptResult } from './domain/webhook-attempts';

export type Resolver = (host: string) => Promise<string[]>;

const resolveAll: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * POSTs one signed webhook. The host name is resolved here and every address checked
 * (`checkResolvedAddresses`); the connection then goes to the checked address itself, so a second
 * lookup cannot be answered differently (DNS rebinding). TLS still verifies the certificate for
 * the host name. Redirects are not followed (Node's client never does), the answer's body is not
 * read, and no socket is reused.
 */
export async function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, options: { exceptions: PrivateTargetExceptions; timeoutMs: number; resolve?: Resolver }): Promise<AttemptResult> {
  const url = new URL(rawUrl);
  const host = hostOf(url);
  const port = portOf(url);
  let address: string;
  try {
    address = checkResolvedAddresses(host, port, isIP(host) ? [host] : await (options.resolve ?? resolveAll)(host), options.exceptions);
  } catch (e) {
    if (e instanceof EndpointRefusedError) return { kind: 'refused', error: e.message };
    return { kind: 'unreachable', error: `${host} does not resolve (${errorText(e)})` };
  }
  const family = isIP(address);
  const request: RequestOptions = {
    method: 'POST',
    host,
    port,
    path: `${url.pathname}${url.search}`,
    agent: false,
    headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Forewarn-Webhooks/1' },
    lookup: ((_host: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) =>
      opts?.all ? callback(null, [{ address, family }]) : callback(null, address, family)) as RequestOptions['lookup'],
    ...(url.protocol === 'https:' ? { servername: isIP(host) ? undefined : host } : {}),
  };
  return new Promise<AttemptResult>((resolve) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(request, (res) => {
      resolve({ kind: 'answered', statusCode: res.statusCode ?? 0 });
      res.destroy();
    });
    req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (e) => resolve({ kind: 'unreachable', error: errorText(e) }));
    req.end(body);
  });
}

const errorText = (e: unknown) => {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
};
