import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { EvidenceSigningKey } from './signing-key';

export const BUNDLE_FORMAT = 'forewarn-evidence-bundle/1';
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';

/** One file of a bundle: bytes at hand, or a source read only as the zip is written (a cursor). */
export interface BundleFile {
  path: string;
  content: Buffer | string | (() => AsyncIterable<Buffer | string>);
}

export interface BundleSubject {
  kind: string;
  id: string;
  reference?: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  subject: BundleSubject;
  generatedAt: string;
  generatedBy: string;
  /** The software that wrote it, and the version of each record it was written from. */
  sources: { service: string; softwareVersion: string; records: Record<string, string | number> };
  files: { path: string; sha256: string; bytes: number }[];
  signature: { algorithm: 'Ed25519'; keyId: string; publicKeyPem: string; publicKeyUrl: string };
}

export interface BundleMeta {
  subject: BundleSubject;
  generatedAt: Date;
  generatedBy: string;
  sources: BundleManifest['sources'];
  publicKeyUrl: string;
}

/** Counts and hashes what passes through, for the manifest. */
class Fingerprint extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error: null, data: Buffer) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

let deployedVersion: string | undefined;

/** `name@version` of the deployed package (services run from the folder holding its package.json); read once. */
export function softwareVersion(): string {
  if (deployedVersion === undefined) {
    try {
      const { name, version } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { name: string; version: string };
      deployedVersion = `${name}@${version}`;
    } catch {
      deployedVersion = 'unknown';
    }
  }
  return deployedVersion;
}

const asBuffer = (chunk: Buffer | string) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk);

/**
 * Streams a zip of the files, then `manifest.json` (every file's SHA-256 and size, the subject,
 * the time, the sources) and `manifest.sig` (Ed25519 over the manifest's exact bytes). Files are
 * written one after another as the output drains, so memory stays flat whatever their size.
 */
export async function writeEvidenceBundle(output: Writable, files: BundleFile[], meta: BundleMeta, key: EvidenceSigningKey): Promise<void> {
  const zip = new ZipFile();
  const sources: Readable[] = [];
  const written = pipeline(zip.outputStream, output);
  // The client went away: nothing drains the zip any more, so end the sources (closing their
  // cursors and downloads) instead of waiting on them for ever. Awaited below otherwise.
  written.catch((error: Error) => sources.forEach((source) => source.destroy(error)));
  try {
    await writeEntries(zip, files, meta, key, sources);
  } catch (error) {
    // A source failed half-way: the client must see a broken download, not a short zip that looks whole.
    output.destroy(error as Error);
    throw error;
  }
  await written;
}

async function writeEntries(zip: ZipFile, files: BundleFile[], meta: BundleMeta, key: EvidenceSigningKey, sources: Readable[]): Promise<void> {
  const fingerprints = files.map((file) => {
    const fingerprint = new Fingerprint();
    const source = typeof file.content === 'function' ? Readable.from(file.content(), { objectMode: false }) : Readable.from([asBuffer(file.content)]);
    sources.push(source);
    const ended = new Promise<void>((resolve, reject) => {
      fingerprint.on('end', resolve);
      fingerprint.on('error', reject);
      source.on('error', (e) => fingerprint.destroy(e));
    });
    zip.addReadStream(source.pipe(fingerprint), file.path, { mtime: meta.generatedAt });
    return { file, fingerprint, ended };
  });
  for (const f of fingerprints) await f.ended;
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    subject: meta.subject,
    generatedAt: meta.generatedAt.toISOString(),
    generatedBy: meta.generatedBy,
    sources: meta.sources,
    files: fingerprints.map(({ file, fingerprint }) => ({ path: file.path, sha256: fingerprint.digest(), bytes: fingerprint.bytes })),
    signature: { algorithm: 'Ed25519', keyId: key.keyId, publicKeyPem: key.publicKeyPem, publicKeyUrl: meta.publicKeyUrl },
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
  zip.addBuffer(manifestBytes, MANIFEST, { mtime: meta.generatedAt });
  zip.addBuffer(Buffer.from(key.sign(manifestBytes)), SIGNATURE, { mtime: meta.generatedAt });
  zip.end();
}

/** A JSON array written element by element from an async source: a bundle file of any length. */
export async function* jsonArrayOf<T>(items: AsyncIterable<T>): AsyncIterable<string> {
  let first = true;
  yield '[';
  for await (const item of items) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(item)}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

/** A bundle whose refusals are behind it: its name, and the writing still to do. */
export interface PreparedBundle {
  fileName: string;
  write: (output: Writable) => Promise<void>;
}

/** Answers the HTTP request with the bundle as a zip download, never cached. */
export async function sendBundle(response: ServerResponse & { attachment(name: string): unknown }, bundle: PreparedBundle): Promise<void> {
  response.attachment(bundle.fileName);
  response.statusCode = 200;
  response.setHeader('content-type', 'application/zip');
  response.setHeader('cache-control', 'no-store');
  await bundle.write(response);
}
