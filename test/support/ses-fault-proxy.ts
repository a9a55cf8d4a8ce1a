import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SES_URL } from './test-stack';

/** An error as real SES answers it (Query protocol): HTTP status and the ErrorResponse XML. */
export interface SesFault {
  status: number;
  type: 'Sender' | 'Receiver';
  code: string;
  message: string;
}

/** The faults the tests inject, with the status, type and code SES itself uses for them. */
export const SesFaults = {
  throttling: { status: 400, type: 'Sender', code: 'Throttling', message: 'Maximum sending rate exceeded.' },
  messageRejected: { status: 400, type: 'Sender', code: 'MessageRejected', message: 'Email address is not verified. The following identities failed the check in region EU-WEST-2: x' },
  accountSendingPaused: { status: 400, type: 'Sender', code: 'AccountSendingPausedException', message: 'Sending is paused for this account.' },
  internalFailure: { status: 500, type: 'Receiver', code: 'InternalFailure', message: 'The request processing has failed because of an unknown error, exception or failure.' },
  serviceUnavailable: { status: 503, type: 'Receiver', code: 'ServiceUnavailable', message: 'Service is unavailable.' },
} satisfies Record<string, SesFault>;

const errorXml = (f: SesFault) =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${f.type}</Type><Code>${f.code}</Code><Message>${f.message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;

interface Rule {
  fault: SesFault;
  times: number;
  /** Only requests whose recipient matches. */
  to?: RegExp;
}

/**
 * A fault-injecting HTTP proxy in front of the SES emulator: it forwards every request, except
 * those a rule picks, which it answers with real SES error XML and status, so the real
 * `@aws-sdk/client-ses` throws exactly what it throws against AWS. It also logs each SendEmail
 * it forwarded (recipient and time) so tests can measure the send rate.
 */
export class SesFaultProxy {
  private server?: Server;
  private rules: Rule[] = [];
  /** SendEmail requests the emulator accepted, with the time the proxy received them. */
  readonly forwarded: { to: string; at: number }[] = [];
  /** SendEmail requests answered with a fault. */
  readonly faulted: { to: string; code: string }[] = [];
  /** How long each SendEmail is held before it is forwarded: a slow SES. */
  delayMs = 0;
  /** SendEmail requests received and not yet answered by the emulator. */
  inFlight = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Faults drawn at random for every SendEmail, each with its share of requests (e.g. 0.2). */
  randomFaults: { fault: SesFault; share: number }[] = [];

  /** Answers the next `times` SendEmail requests (to matching recipients) with `fault`. */
  failNext(fault: SesFault, times = 1, to?: RegExp): void {
    this.rules.push({ fault, times, to });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private drawFault(): SesFault | undefined {
    let draw = Math.random();
    for (const { fault, share } of this.randomFaults) {
      if (draw < share) return fault;
      draw -= share;
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const form = new URLSearchParams(body.toString('utf8'));
    const to = form.get('Destination.ToAddresses.member.1') ?? '';
    if (form.get('Action') === 'SendEmail') {
      const rule = this.rules.find((r) => r.times > 0 && (!r.to || r.to.test(to)));
      if (rule) rule.times--;
      const fault = rule?.fault ?? this.drawFault();
      if (fault) {
        this.faulted.push({ to, code: fault.code });
        res.writeHead(fault.status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
        res.end(errorXml(fault));
        return;
      }
    }
    const receivedAt = performance.now();
    const sending = form.get('Action') === 'SendEmail';
    if (sending) this.inFlight++;
    if (this.delayMs > 0 && form.get('Action') === 'SendEmail') await new Promise((r) => setTimeout(r, this.delayMs));
    try {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
      const upstream = await fetch(new URL(req.url ?? '/', SES_URL), { method: req.method, headers, body: req.method === 'GET' ? undefined : body });
      if (form.get('Action') === 'SendEmail' && upstream.ok) this.forwarded.push({ to, at: receivedAt });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/xml' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch (e) {
      res.writeHead(502).end(String(e));
    } finally {
      if (sending) this.inFlight--;
    }
  }
}
