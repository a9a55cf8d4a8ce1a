#!/usr/bin/env node
// npm run bench:breach-latency   (BENCH_CONTACTS=10000 change contacts, BENCH_RUNS=20 breach
// notices of BENCH_BREACH_CONTACTS=200 contacts each, by default)
//
// Against a running `SES_MAX_SEND_RATE=14 npm start` (the rate is read from the notification
// service's /metrics and printed). It
//   1. seeds the change contacts, and for each run its own breach contacts (two customers that
//      receive breach notices only), straight into the notification database;
//   2. announces one change through the registry API and waits until its fan-out is sending;
//   3. per run, while change emails are still waiting: logs a breach through the breach API and
//      requests its customer notice, then watches the SES emulator's store (every 100 ms, recent
//      emails only) for the run's emails: first-email and last-email latency from the request;
//      before the next run it waits until change emails are flowing again;
//   4. waits for the change to finish, and counts duplicates and missing emails at the emulator
//      for the change and for every breach run.
// The last line is one JSON object: latency p50/p99 in seconds, and the counts.
const { MongoClient } = require('mongoose').mongo;
const { issueStaffToken } = require('../lib/staff-token');
const { localJwtSecret } = require('../lib/local-env');
const { api } = require('../lib/staff-api');
const { seedContacts } = require('./seed-contacts');

const REGISTRY = process.env.REGISTRY_URL ?? 'http://127.0.0.1:3001';
const NOTIFICATION = process.env.NOTIFICATION_URL ?? 'http://127.0.0.1:3002';
const BREACH = process.env.BREACH_URL ?? 'http://127.0.0.1:3003';
const SES = process.env.SES_ENDPOINT ?? 'http://127.0.0.1:8005';
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const DATABASE = process.env.NOTIFICATION_DATABASE ?? 'forewarn_notification';
const contacts = Number(process.env.BENCH_CONTACTS ?? 10000);
const runs = Number(process.env.BENCH_RUNS ?? 20);
const breachContacts = Number(process.env.BENCH_BREACH_CONTACTS ?? 200);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const changeDomain = `${run}.change.bench.example`;
const breachDomain = (k) => `r${k}.${run}.breach.bench.example`;
const log = (m) => console.error(`[bench] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The emulator's recent emails (the last few seconds: its whole store is large by now). */
async function recentEmails() {
  const since = Math.floor(Date.now() / 1000) - 3;
  return (await (await fetch(`${SES}/store?since=${since}`)).json()).emails;
}

/** Per-address counts of every email to a domain since `sinceEpochSeconds`. */
async function countsAt(sinceEpochSeconds, domains) {
  const store = await (await fetch(`${SES}/store?since=${sinceEpochSeconds}`)).json();
  const counts = new Map(domains.map((d) => [d, new Map()]));
  for (const email of store.emails) {
    for (const to of email.destination.to) {
      const perAddress = counts.get(to.slice(to.indexOf('@') + 1));
      if (perAddress) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    }
  }
  return counts;
}

const tally = (perAddress, expected) => {
  let duplicates = 0;
  for (const n of perAddress.values()) duplicates += n - 1;
  return { duplicates, missing: expected - perAddress.size };
};

/** Nearest-rank percentile, in seconds. */
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] / 1000).toFixed(2));
};

async function sendRate() {
  const metrics = await (await fetch(`${NOTIFICATION}/metrics`)).text();
  return Number(/^forewarn_ses_send_rate(?:\{[^}]*\})? ([0-9.e+]+)$/m.exec(metrics)?.[1] ?? NaN);
}

async function main() {
  for (const url of [REGISTRY, NOTIFICATION, BREACH]) {
    if (!(await fetch(`${url}/health`).then((r) => r.ok, () => false))) throw new Error(`${url} is not healthy: run \`SES_MAX_SEND_RATE=14 npm start\` first`);
  }
  const admin = await issueStaffToken({ secret: localJwtSecret(), sub: 'bench', roles: ['admin'] });
  // Emails already waiting (earlier benches, or pending notices the reconcile pass owes new
  // contacts) would be sent among this bench's change emails and delay its end by their number.
  const waiting = Number(/^forewarn_emails_waiting(?:\{[^}]*\})? ([0-9.e+]+)$/m.exec(await (await fetch(`${NOTIFICATION}/metrics`)).text())?.[1] ?? 0);
  if (waiting > 0) log(`warning: ${waiting} emails are already waiting; the change will finish that much later`);
  const mongo = await MongoClient.connect(MONGODB_URI);
  try {
    const sinceEpochSeconds = Math.floor(Date.now() / 1000) - 1;
    const db = mongo.db(DATABASE);
    await seedContacts(db, { domain: changeDomain, count: contacts, receives: ['subprocessor-changes'], tag: `bench-${run}` });
    const breachCustomers = [];
    for (let k = 0; k < runs; k++) breachCustomers.push(await seedContacts(db, { domain: breachDomain(k), count: breachContacts, receives: ['breaches'], tag: `bench-${run}` }));
    log(`seeded ${contacts} change contacts and ${runs} × ${breachContacts} breach contacts`);

    const sp = await api(`${REGISTRY}/api/v1/subprocessors`, admin, 'POST', { name: `Bench Subprocessor ${run}`, category: 'Benchmark', purpose: 'Benchmark', dataCategories: ['none'], locations: ['GB'], dpaSignedAt: new Date().toISOString() });
    const effectiveAt = new Date(Date.now() + 40 * 24 * 3600 * 1000).toISOString();
    const change = await api(`${REGISTRY}/api/v1/changes`, admin, 'POST', { kind: 'addition', subprocessorId: sp.id, effectiveAt, summary: 'Benchmark' });
    await api(`${REGISTRY}/api/v1/changes/${change.id}/announce`, admin, 'POST');
    const changeSent = async () => (await api(`${NOTIFICATION}/api/v1/deliveries/progress?sourceId=${encodeURIComponent(change.id)}`, admin)).sent;
    while ((await changeSent()) < 50) await sleep(200);
    const rate = await sendRate();
    log(`the change fan-out is sending (SES_MAX_SEND_RATE ${rate}/s)`);

    const first = [];
    const last = [];
    for (let k = 0; k < runs; k++) {
      const domain = breachDomain(k);
      const breach = await api(`${BREACH}/api/v1/breaches`, admin, 'POST', {
        title: `Bench breach ${k}`, description: 'A benchmark breach', nature: ['stolen'], dataCategories: ['contact details'], specialCategoryData: false,
        approxDataSubjects: breachContacts, approxRecords: breachContacts, role: 'processor', affectedCustomerIds: breachCustomers[k], awareAt: new Date().toISOString(),
      });
      const requested = performance.now();
      await api(`${BREACH}/api/v1/breaches/${breach.id}/customer-notices`, admin, 'POST', {});
      const seen = new Set();
      let firstMs;
      while (seen.size < breachContacts) {
        if (performance.now() - requested > 600_000) throw new Error(`run ${k}: ${seen.size} of ${breachContacts} emails after 600 s`);
        for (const email of await recentEmails()) if (email.destination.to.some((to) => to.endsWith(`@${domain}`))) seen.add(email.messageId);
        if (seen.size > 0) firstMs ??= performance.now() - requested;
        if (seen.size < breachContacts) await sleep(100);
      }
      const lastMs = performance.now() - requested;
      first.push(firstMs);
      last.push(lastMs);
      log(`run ${k + 1}/${runs}: first email after ${(firstMs / 1000).toFixed(2)} s, last after ${(lastMs / 1000).toFixed(2)} s`);
      // The next run starts with change emails flowing again (the lane's mark has run out).
      const before = await changeSent();
      while ((await changeSent()) < before + 5) await sleep(200);
    }

    log('waiting for the change fan-out to finish');
    for (;;) {
      const progress = await api(`${NOTIFICATION}/api/v1/deliveries/progress?sourceId=${encodeURIComponent(change.id)}`, admin);
      if (progress.total >= contacts && progress.pending === 0) break;
      await sleep(1000);
    }
    const domains = [changeDomain, ...Array.from({ length: runs }, (_, k) => breachDomain(k))];
    const counts = await countsAt(sinceEpochSeconds, domains);
    const changeTally = tally(counts.get(changeDomain), contacts);
    const breachTally = domains.slice(1).map((d) => tally(counts.get(d), breachContacts)).reduce((a, b) => ({ duplicates: a.duplicates + b.duplicates, missing: a.missing + b.missing }));
    await db.collection('customers').deleteMany({ externalId: new RegExp(`^bench-${run}-`) });
    console.log(JSON.stringify({
      sesMaxSendRate: rate,
      changeContacts: contacts,
      runs,
      breachContacts,
      firstEmailSeconds: { p50: percentile(first, 50), p99: percentile(first, 99) },
      lastEmailSeconds: { p50: percentile(last, 50), p99: percentile(last, 99), target: Number(((1.2 * breachContacts) / rate).toFixed(2)) },
      change: changeTally,
      breach: breachTally,
    }));
  } finally {
    await mongo.close();
  }
}

main().catch((e) => {
  console.error(e.message, e.cause ?? '');
  process.exit(1);
});
