import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ZipFile } from 'yazl';
import { jsonArrayOf, writeEvidenceBundle } from './evidence-bundle';
import { EvidenceSigningKey } from './signing-key';
import { readZip } from './testing/read-zip';
import { runVerifier } from './testing/run-verifier';

async function verifyBundle(zip: Buffer, ...args: string[]): Promise<{ code: number; out: string }> {
  const path = join(mkdtempSync(join(tmpdir(), 'bundle-')), 'b.zip');
  writeFileSync(path, zip);
  return runVerifier(path, ...args);
}

async function bundle(key: EvidenceSigningKey, files = defaultFiles()): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeEvidenceBundle(
    out,
    files,
    {
      subject: { kind: 'breach', id: 'b1', reference: 'BR-2026-0001' },
      generatedAt: new Date('2026-03-01T10:00:00Z'),
      generatedBy: 'user:auditor',
      sources: { service: 'breach-response', softwareVersion: '0.1.0', records: { breach: 7 } },
      publicKeyUrl: 'http://127.0.0.1:3003/.well-known/forewarn-evidence-key',
    },
    key,
  );
  return Buffer.concat(chunks);
}

function defaultFiles() {
  async function* rows() {
    for (let i = 0; i < 3; i++) yield { seq: i + 1, text: `entry ${i + 1}` };
  }
  return [
    { path: 'report.json', content: JSON.stringify({ reference: 'BR-2026-0001' }) },
    { path: 'timeline.json', content: () => jsonArrayOf(rows()) },
    { path: 'empty.json', content: () => jsonArrayOf((async function* () {})()) },
  ];
}

/** The same files zipped again, one of them changed: a tamperer who unzips, edits and zips. */
function rezipped(files: Record<string, Buffer>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) zip.addBuffer(content, name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

describe('evidence bundles and their verifier', () => {
  const key = EvidenceSigningKey.generate();
  const keyFile = () => {
    const path = join(mkdtempSync(join(tmpdir(), 'key-')), 'key.pem');
    writeFileSync(path, key.publicKeyPem);
    return path;
  };

  it('writes every file, a manifest of their hashes and its signature, and verifies against the published key', async () => {
    const zip = await bundle(key);
    const result = await verifyBundle(zip, '--key', keyFile());
    expect(result.out).toContain('VERIFIED: breach BR-2026-0001, 3 files');
    expect(result.out).toContain(`key ${key.keyId} (the published key)`);
    expect(result.code).toBe(0);
  });

  it('writes a streamed JSON array whole, an empty one too', async () => {
    const rows: unknown[] = [];
    for await (const chunk of jsonArrayOf((async function* () { yield { a: 1 }; yield { b: 2 }; })())) rows.push(chunk);
    expect(JSON.parse(rows.join(''))).toEqual([{ a: 1 }, { b: 2 }]);
    const none: string[] = [];
    for await (const chunk of jsonArrayOf((async function* () {})())) none.push(chunk);
    expect(JSON.parse(none.join(''))).toEqual([]);
  });

  it('names the file whose bytes changed in the zip', async () => {
    const zip = await bundle(key, [{ path: 'report.json', content: 'x'.repeat(200) }, { path: 'other.json', content: '{}' }]);
    // The first file's data starts after its 30-byte local header and its name.
    const tampered = Buffer.from(zip);
    const dataAt = 30 + 'report.json'.length + tampered.readUInt16LE(28);
    tampered[dataAt + 2] ^= 0xff;
    const result = await verifyBundle(tampered, '--key', keyFile());
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/FAIL report\.json/);
    expect(result.out).toMatch(/ok {3}other\.json/);
  });

  it('names a file edited and zipped again, refuses a changed manifest and another key', async () => {
    const original = await bundle(key);
    const files = await readZip(original);
    const edited = await rezipped({ ...files, 'report.json': Buffer.from(JSON.stringify({ reference: 'BR-2026-0002' })) });
    const named = await verifyBundle(edited, '--key', keyFile());
    expect(named.code).toBe(1);
    expect(named.out).toMatch(/FAIL report\.json {2}SHA-256 [0-9a-f]{64} \(\d+ bytes\), the manifest says/);

    const manifest = JSON.parse(files['manifest.json'].toString());
    manifest.files[0].sha256 = '0'.repeat(64);
    const forged = await verifyBundle(await rezipped({ ...files, 'manifest.json': Buffer.from(JSON.stringify(manifest, null, 2)) }), '--key', keyFile());
    expect(forged.code).toBe(1);
    expect(forged.out).toContain('the signature does not match');

    const other = await bundle(EvidenceSigningKey.generate());
    const foreign = await verifyBundle(other, '--key', keyFile());
    expect(foreign.code).toBe(1);
    expect(foreign.out).toContain('not the published key');
  });

  it('ends its sources when the client goes away, instead of waiting on them for ever', async () => {
    let closed = false;
    async function* endless() {
      try {
        for (;;) yield Buffer.alloc(64 * 1024, 1);
      } finally {
        closed = true;
      }
    }
    const out = new PassThrough();
    let received = 0;
    out.on('data', (c: Buffer) => {
      received += c.length;
      if (received > 256 * 1024) out.destroy(new Error('client disconnected'));
    });
    const meta = {
      subject: { kind: 'breach', id: 'b1' },
      generatedAt: new Date('2026-03-01T10:00:00Z'),
      generatedBy: 'user:auditor',
      sources: { service: 'breach-response', softwareVersion: '0.1.0', records: {} },
      publicKeyUrl: 'http://127.0.0.1/.well-known/forewarn-evidence-key',
    };
    await expect(writeEvidenceBundle(out, [{ path: 'endless.bin', content: endless }], meta, key)).rejects.toThrow();
    expect(closed).toBe(true);
  });

  it('derives the same key from the same seed, and refuses a seed of the wrong length', () => {
    const seed = Buffer.alloc(32, 7).toString('base64url');
    expect(EvidenceSigningKey.fromSeed(seed).keyId).toBe(EvidenceSigningKey.fromSeed(seed).keyId);
    expect(() => EvidenceSigningKey.fromSeed('short')).toThrow(/32 bytes/);
  });
});
