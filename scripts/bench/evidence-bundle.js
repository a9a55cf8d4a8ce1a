#!/usr/bin/env node
// npm run bench:evidence -- [breach [id or reference] | change <id>]   (default: the newest breach)
//
// Against a running `npm start`. Downloads a breach's or a change's evidence bundle through the
// API while sampling the resident memory of the service that writes it (its /metrics, every
// 100 ms), then checks the bundle with `npm run verify-bundle` against that service's published
// key. Run it after `npm run bench:breach-tallies` (a 10,000-contact breach notice) or
// `npm run bench:fanout -- 100000` (it prints the change's id) to measure a large one.
// The last line is one JSON object: size, time, RSS before and at peak.
const { execFileSync } = require('node:child_process');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { issueStaffToken } = require('../lib/staff-token');
const { localJwtSecret } = require('../lib/local-env');
const { api } = require('../lib/staff-api');

const BREACH = process.env.BREACH_URL ?? 'http://127.0.0.1:3003';
const REGISTRY = process.env.REGISTRY_URL ?? 'http://127.0.0.1:3001';
const [kind = 'breach', given] = process.argv.slice(2);
const SERVICE = kind === 'change' ? REGISTRY : BREACH;
const log = (m) => console.error(`[bench] ${m}`);
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function rss() {
  const metrics = await (await fetch(`${SERVICE}/metrics`)).text();
  return Number(/^process_resident_memory_bytes(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1] ?? NaN);
}

async function main() {
  if (kind !== 'breach' && kind !== 'change') throw new Error('usage: npm run bench:evidence -- [breach [id] | change <id>]');
  const auditor = await issueStaffToken({ secret: localJwtSecret(), sub: 'bench', roles: ['auditor'] });
  const id = given ?? (kind === 'breach' ? (await api(`${BREACH}/api/v1/breaches`, auditor))[0]?.reference : undefined);
  if (!id) throw new Error(kind === 'breach' ? 'no breach: run npm run bench:breach-tallies first' : 'name the change: npm run bench:evidence -- change <id>');
  const url = kind === 'breach' ? `${BREACH}/api/v1/breaches/${encodeURIComponent(id)}/evidence-bundle` : `${REGISTRY}/api/v1/changes/${encodeURIComponent(id)}/evidence-bundle`;
  const before = await rss();
  let peak = before;
  const sampling = setInterval(() => rss().then((r) => (peak = Math.max(peak, r)), () => undefined), 100);
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${auditor}` } });
  if (!response.ok) throw new Error(`evidence bundle: ${response.status} ${await response.text()}`);
  const zip = Buffer.from(await response.arrayBuffer());
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampling);
  peak = Math.max(peak, await rss());
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'evidence-bench-')), `${kind}-${id}.zip`);
  writeFileSync(file, zip);
  const verified = execFileSync('node', [path.join(__dirname, '..', 'verify-bundle.js'), file, '--key-url', `${SERVICE}/.well-known/forewarn-evidence-key`]).toString();
  log(verified.trim());
  console.log(
    JSON.stringify({
      kind,
      id,
      bundleBytes: zip.length,
      seconds: Math.round(seconds * 100) / 100,
      rssBeforeMb: mb(before),
      rssPeakMb: mb(peak),
      verified: /^VERIFIED/m.test(verified),
      file,
    }),
  );
}

main().catch((e) => {
  console.error(`[bench] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
