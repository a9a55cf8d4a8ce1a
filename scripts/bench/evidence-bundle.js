#!/usr/bin/env node
// npm run bench:evidence -- [breach id or reference]   (default: the newest breach)
//
// Against a running `npm start`. Downloads the breach's evidence bundle through the API while
// sampling the breach service's resident memory (its /metrics, every 100 ms), then checks the
// bundle with `npm run verify-bundle` against the service's published key. Run it after
// `npm run bench:breach-tallies` to measure the bundle of a 10,000-contact breach notice.
// The last line is one JSON object: size, time, entries in the audit file, RSS before and at peak.
const { execFileSync } = require('node:child_process');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { issueStaffToken } = require('../lib/staff-token');
const { localJwtSecret } = require('../lib/local-env');
const { api } = require('../lib/staff-api');

const BREACH = process.env.BREACH_URL ?? 'http://127.0.0.1:3003';
const log = (m) => console.error(`[bench] ${m}`);
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function rss() {
  const metrics = await (await fetch(`${BREACH}/metrics`)).text();
  return Number(/^process_resident_memory_bytes(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1] ?? NaN);
}

async function main() {
  const auditor = await issueStaffToken({ secret: localJwtSecret(), sub: 'bench', roles: ['auditor'] });
  const id = process.argv[2] ?? (await api(`${BREACH}/api/v1/breaches`, auditor))[0]?.reference;
  if (!id) throw new Error('no breach: run npm run bench:breach-tallies first');
  const before = await rss();
  let peak = before;
  const sampling = setInterval(() => rss().then((r) => (peak = Math.max(peak, r)), () => undefined), 100);
  const started = performance.now();
  const response = await fetch(`${BREACH}/api/v1/breaches/${encodeURIComponent(id)}/evidence-bundle`, { headers: { authorization: `Bearer ${auditor}` } });
  if (!response.ok) throw new Error(`evidence bundle: ${response.status} ${await response.text()}`);
  const zip = Buffer.from(await response.arrayBuffer());
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampling);
  peak = Math.max(peak, await rss());
  const dir = mkdtempSync(path.join(tmpdir(), 'evidence-bench-'));
  const file = path.join(dir, `${id}.zip`);
  writeFileSync(file, zip);
  const verified = execFileSync('node', [path.join(__dirname, '..', 'verify-bundle.js'), file, '--key-url', `${BREACH}/.well-known/forewarn-evidence-key`]).toString();
  log(verified.trim());
  const breach = await api(`${BREACH}/api/v1/breaches/${encodeURIComponent(id)}`, auditor);
  const counts = breach.customerNotices[0]?.deliveries ?? {};
  console.log(
    JSON.stringify({
      breach: breach.reference,
      contacts: counts.contacts ?? 0,
      bundleBytes: zip.length,
      seconds: Math.round(seconds * 100) / 100,
      rssBeforeMb: mb(before),
      rssPeakMb: mb(peak),
      verified: /^VERIFIED/m.test(verified),
    }),
  );
}

main().catch((e) => {
  console.error(`[bench] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
