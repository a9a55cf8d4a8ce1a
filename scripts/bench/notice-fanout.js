#!/usr/bin/env node
// npm run bench:fanout -- [contacts=200]
// Against a running `npm start`: adds that many customer contacts, announces one change and
// prints how long the notice takes to reach every contact through Kafka, MongoDB and SES.
const { issueStaffToken } = require('../lib/staff-token');
const { localJwtSecret } = require('../lib/local-env');

const REGISTRY = process.env.REGISTRY_URL ?? 'http://127.0.0.1:3001';
const NOTIFICATION = process.env.NOTIFICATION_URL ?? 'http://127.0.0.1:3002';
const contacts = Number(process.argv[2] ?? 200);
const run = Date.now().toString(36);

async function api(url, token, method = 'GET', body) {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function main() {
  for (const url of [REGISTRY, NOTIFICATION]) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (!ok) throw new Error(`${url} is not healthy: run \`npm start\` first`);
  }
  const secret = localJwtSecret();
  const admin = await issueStaffToken({ secret, sub: 'bench', roles: ['admin'] });

  for (let i = 0; i < contacts; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, contacts - i) }, (_, j) =>
        api(`${NOTIFICATION}/api/v1/customers`, admin, 'POST', {
          name: `Bench ${run} ${i + j}`,
          externalId: `bench-${run}-${i + j}`,
          contacts: [{ name: 'Bench Contact', email: `bench-${run}-${i + j}@bench.example`, receives: ['subprocessor-changes'] }],
        }),
      ),
    );
  }
  const sp = await api(`${REGISTRY}/api/v1/subprocessors`, admin, 'POST', {
    name: `Bench Subprocessor ${run}`, category: 'Benchmark', purpose: 'Benchmark', dataCategories: [], locations: ['GB'],
  });
  const effectiveAt = new Date(Date.now() + 40 * 24 * 3600 * 1000).toISOString();
  const change = await api(`${REGISTRY}/api/v1/changes`, admin, 'POST', { kind: 'addition', subprocessorId: sp.id, effectiveAt, summary: 'Benchmark' });

  const started = performance.now();
  await api(`${REGISTRY}/api/v1/changes/${change.id}/announce`, admin, 'POST');
  const announced = performance.now();
  let firstQueued, deliveries = [];
  for (;;) {
    deliveries = await api(`${NOTIFICATION}/api/v1/deliveries?sourceId=${change.id}`, admin);
    if (deliveries.length > 0 && firstQueued === undefined) firstQueued = performance.now();
    if (deliveries.length >= contacts && deliveries.every((d) => d.status !== 'pending' && d.status !== 'sending')) break;
    await new Promise((r) => setTimeout(r, 1000)); // the list is a full scan on FerretDB: poll gently
  }
  const done = performance.now();
  const sent = deliveries.filter((d) => d.status === 'sent').length;
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`contacts told:                 ${sent} sent, ${deliveries.length - sent} not sent (of ${deliveries.length}, demo contacts included)`);
  console.log(`announce request:              ${s(announced - started)}`);
  console.log(`announce → emails queued:      ${s(firstQueued - started)}`);
  console.log(`announce → every email sent:   ${s(done - started)}`);
  console.log(`send rate:                     ${(sent / ((done - firstQueued) / 1000)).toFixed(1)} emails/s (limit: SES_MAX_SEND_RATE)`);
}

main().catch((e) => {
  console.error(e.message, e.cause ?? '');
  process.exit(1);
});
