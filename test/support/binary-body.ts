import type { Response as AgentResponse } from 'superagent';

/** Reads a response body as bytes, for supertest's `.buffer(true).parse(binaryBody)` (it would parse a zip or PDF as text). */
export function binaryBody(res: AgentResponse, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}
