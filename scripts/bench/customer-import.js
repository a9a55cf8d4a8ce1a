#!/usr/bin/env node
// npm run bench:import   (BENCH_ROWS=10000 by default; or: npm run bench:import -- 100000)
//
// Against a running notification service (NOTIFICATION_URL, default http://127.0.0.1:3002). It
// imports a CSV of BENCH_ROWS rows (two contacts per customer, run-unique externalIds), imports
// the same file again (nothing changes), then again with 1% of the customers renamed, and
// finally a JSON array of BENCH_ROWS new customers. It prints the seconds of each; the last line
// is one JSON object.
const { issueStaffToken } = require('../lib/staff-token');
const { localJwtSecret } = require('../lib/local-env');

const NOTIFICATION = process.env.NOTIFICATION_URL ?? 'http://127.0.0.1:3002';
const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 10000);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const log = (m) => console.error(`[bench] ${m}`);

function csv(renamedEvery = 0) {
  const lines = ['externalId,customerName,contactName,email,receives'];
  for (let i = 0; i < rows; i++) {
    const c = Math.floor(i / 2);
    const renamed = renamedEvery > 0 && c % renamedEvery === 0 ? ' (renamed)' : '';
    lines.push(`imp-${run}-${c},Import ${run} customer ${c}${renamed},Contact ${i},c${i}@${run}.import.example,${i % 2 ? 'breaches' : 'subprocessor-changes;breaches'}`);
  }
  return lines.join('\n');
}

async function timedImport(token, label, body, type) {
  const started = performance.now();
  const response = await fetch(`${NOTIFICATION}/api/v1/customers/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  if (!response.ok) throw new Error(`${label}: ${response.status} ${await response.text()}`);
  const report = await response.json();
  const seconds = (performance.now() - started) / 1000;
  const counts = { created: report.created.length, updated: report.updated.length, unchanged: report.unchanged.length, rejected: report.rejected.length };
  log(`${label}: ${seconds.toFixed(2)} s ${JSON.stringify(counts)}`);
  return { seconds: Number(seconds.toFixed(2)), ...counts };
}

async function main() {
  const token = process.env.BENCH_TOKEN ?? (await issueStaffToken({ secret: localJwtSecret(), sub: 'bench', roles: ['admin'] }));
  log(`${rows} rows against ${NOTIFICATION}`);
  const first = await timedImport(token, 'CSV, all new', csv(), 'text/csv');
  const same = await timedImport(token, 'CSV again, unchanged', csv(), 'text/csv');
  const onePercent = await timedImport(token, 'CSV again, 1% of customers renamed', csv(100), 'text/csv');
  const json = JSON.stringify(
    Array.from({ length: rows }, (_, i) => ({
      externalId: `imp-${run}-json-${i}`,
      name: `Import ${run} JSON customer ${i}`,
      contacts: [{ name: `Contact ${i}`, email: `j${i}@${run}.import.example` }],
    })),
  );
  const jsonNew = await timedImport(token, 'JSON, all new', json, 'application/json');
  console.log(JSON.stringify({ rows, csvNewSeconds: first.seconds, csvUnchangedSeconds: same.seconds, csvOnePercentChangedSeconds: onePercent.seconds, jsonNewSeconds: jsonNew.seconds }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
