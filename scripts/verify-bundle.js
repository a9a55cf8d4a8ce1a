#!/usr/bin/env node
// npm run verify-bundle -- <bundle.zip> [--key <public-key.pem> | --key-url <https://…/.well-known/forewarn-evidence-key>]
//
// Checks a Forewarn evidence bundle offline: manifest.sig is an Ed25519 signature of manifest.json's
// exact bytes, every file the manifest lists is in the zip with the SHA-256 and size it names, and
// nothing else is. With --key or --key-url the signing key must also be the service's published
// one; without, the key named inside the bundle is used and only its fingerprint is printed for
// comparison. It shares no code with the services that write bundles.
// Prints one line per file and a verdict; exits 0 when everything holds, 1 when anything does not.
const { createHash, createPublicKey, verify } = require('node:crypto');
const { readFileSync } = require('node:fs');
const yauzl = require('yauzl');

function usage(message) {
  if (message) console.error(message);
  console.error('usage: npm run verify-bundle -- <bundle.zip> [--key <public-key.pem> | --key-url <url>]');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { zip: undefined, key: undefined, keyUrl: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--key') args.key = argv[++i] ?? usage('--key needs a file');
    else if (argv[i] === '--key-url') args.keyUrl = argv[++i] ?? usage('--key-url needs a URL');
    else if (!args.zip) args.zip = argv[i];
    else usage(`unexpected argument ${argv[i]}`);
  }
  if (!args.zip) usage();
  return args;
}

/** Every entry of the zip with its SHA-256 and size, or the error reading it gave (a changed byte fails the zip's own CRC). */
function readEntries(path) {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry) => {
        if (entries.has(entry.fileName)) {
          entries.set(entry.fileName, { error: 'is in the zip more than once' });
          return zip.readEntry();
        }
        zip.openReadStream(entry, (openError, stream) => {
          if (openError) {
            entries.set(entry.fileName, { error: openError.message });
            return zip.readEntry();
          }
          const hash = createHash('sha256');
          const chunks = [];
          let bytes = 0;
          stream.on('data', (chunk) => {
            hash.update(chunk);
            bytes += chunk.length;
            if (entry.fileName === 'manifest.json' || entry.fileName === 'manifest.sig') chunks.push(chunk);
          });
          stream.on('error', (streamError) => {
            entries.set(entry.fileName, { error: streamError.message });
            zip.readEntry();
          });
          stream.on('end', () => {
            entries.set(entry.fileName, { sha256: hash.digest('hex'), bytes, content: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

async function publishedKey({ key, keyUrl }) {
  if (key) return readFileSync(key, 'utf8');
  if (!keyUrl) return undefined;
  const response = await fetch(keyUrl);
  if (!response.ok) throw new Error(`${keyUrl} answered ${response.status}`);
  return (await response.json()).publicKeyPem;
}

const rawKey = (pem) => createPublicKey(pem).export({ format: 'der', type: 'spki' }).subarray(-32);
const keyIdOf = (pem) => createHash('sha256').update(rawKey(pem)).digest('hex').slice(0, 16);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const problems = [];
  const entries = await readEntries(args.zip);
  const manifestEntry = entries.get('manifest.json');
  const signatureEntry = entries.get('manifest.sig');
  if (!manifestEntry || manifestEntry.error) return fail([`manifest.json: ${manifestEntry ? manifestEntry.error : 'missing'}`]);
  if (!signatureEntry || signatureEntry.error) return fail([`manifest.sig: ${signatureEntry ? signatureEntry.error : 'missing'}`]);
  let manifest;
  try {
    manifest = JSON.parse(manifestEntry.content.toString('utf8'));
  } catch {
    return fail(['manifest.json: not JSON']);
  }

  const inBundle = manifest.signature?.publicKeyPem;
  const published = await publishedKey(args);
  if (published && (!inBundle || !rawKey(inBundle).equals(rawKey(published)))) {
    problems.push(`manifest.json: signed with key ${inBundle ? keyIdOf(inBundle) : '(none)'}, not the published key ${keyIdOf(published)}`);
  }
  const key = published ?? inBundle;
  if (!key) return fail(['manifest.json: names no public key; pass --key or --key-url']);
  const signature = Buffer.from(signatureEntry.content.toString('utf8').trim(), 'base64');
  const signed = verify(null, manifestEntry.content, createPublicKey(key), signature);
  console.log(`${signed ? 'ok  ' : 'FAIL'} manifest.json  Ed25519 signature, key ${keyIdOf(key)}${published ? ' (the published key)' : ' (named in the bundle)'}`);
  if (!signed) problems.push('manifest.json: the signature does not match (the manifest was changed, or signed by another key)');

  const listed = new Set();
  for (const file of manifest.files ?? []) {
    listed.add(file.path);
    const found = entries.get(file.path);
    const problem = !found
      ? 'missing from the zip'
      : found.error
        ? `cannot be read: ${found.error} (changed after the bundle was made)`
        : found.sha256 !== file.sha256 || found.bytes !== file.bytes
          ? `SHA-256 ${found.sha256} (${found.bytes} bytes), the manifest says ${file.sha256} (${file.bytes} bytes): changed after the bundle was made`
          : undefined;
    console.log(`${problem ? 'FAIL' : 'ok  '} ${file.path}${problem ? `  ${problem}` : ''}`);
    if (problem) problems.push(`${file.path}: ${problem}`);
  }
  for (const name of entries.keys()) {
    if (!listed.has(name) && name !== 'manifest.json' && name !== 'manifest.sig') problems.push(`${name}: in the zip but not in the manifest`);
  }
  if (problems.length) return fail(problems);
  console.log(`\nVERIFIED: ${manifest.subject?.kind} ${manifest.subject?.reference ?? manifest.subject?.id}, ${listed.size} files, generated ${manifest.generatedAt}`);
  if (!published) console.log(`The signing key is the one named in the bundle: compare ${keyIdOf(key)} with ${manifest.signature?.publicKeyUrl ?? 'the published key'}.`);
  return 0;
}

function fail(problems) {
  console.log(`\nNOT VERIFIED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`verify-bundle: ${error.message}`);
    process.exit(2);
  },
);
