import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';

/** Streams a service's file answer (CSV, PDF, zip) on to the browser, as it arrives. */
export async function passDownload(from: globalThis.Response, res: Response): Promise<void> {
  for (const header of ['content-type', 'content-disposition', 'content-length']) {
    const value = from.headers.get(header);
    if (value) res.setHeader(header, value);
  }
  res.setHeader('cache-control', 'no-store');
  if (!from.body) {
    res.end();
    return;
  }
  await pipeline(Readable.fromWeb(from.body as import('node:stream/web').ReadableStream), res);
}
