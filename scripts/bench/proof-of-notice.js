#!/usr/bin/env node
// npm run bench:proof   (BENCH_CONTACTS=100000 by default; or: npm run bench:proof -- 10000)
//
// Needs the local stack (`npm run stack -- start`) and a build of the notification service (`npm
// start` makes one). It starts its own notification service on its own database and topic prefix,
// seeds one announced change with BENCH_CONTACTS emails straight into that database as a finished
// fan-out leaves them (every email accepted by SES, 90 % delivered, 1 % bounced): the delivery
// records, and the proof pages written beside them — queued pages of 500 (a fan-out chunk),
// attempt pages of ATTEMPTS_PER_PAGE (a sender group commit) and report pages of REPORTS_PER_PAGE
// (SES reports gathered for up to 2 s at the default 14 emails/s); then downloads the change's proof of notice as CSV and as JSON, and for each prints the
// time to the first byte and to the last, the rows, the slowest /health answer while it ran, and
// the service's resident memory (from /metrics) idle and at its peak. It drops its database at the
// end. The last line is one JSON object.
const { deflateRawSync } = require('node:zlib');
const { MongoClient } = require('mongoose').mongo;
const { issueStaffToken } = require('../lib/staff-token');
const { localJwtSecret } = require('../lib/local-env');
const { startPrivateService } = require('../lib/private-service');

const PORT = Number(process.env.BENCH_PORT ?? 3012);
let NOTIFICATION;
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const contacts = Number(process.argv[2] ?? process.env.BENCH_CONTACTS ?? 100000);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const DATABASE = `bench_proof_${run}`;
const changeId = `bench-proof-${run}`;
const eventId = `bench-proof-event-${run}`;
const BATCH = 5000;
const QUEUED_PER_PAGE = 500;
const ATTEMPTS_PER_PAGE = Number(process.env.ATTEMPTS_PER_PAGE ?? 50);
const REPORTS_PER_PAGE = Number(process.env.REPORTS_PER_PAGE ?? 14);
const log = (m) => console.error(`[bench] ${m}`);
const mb = (bytes) => Math.round(bytes / 1024 / 1024);

async function seed(db) {
  const now = Date.now();
  const effectiveAt = new Date(now + 40 * 86400_000);
  const subprocessor = { id: 'sp', name: 'Bench Hosting', category: 'Data hosting services', purpose: 'Backups', dataCategories: ['all'], locations: ['GB'] };
  await db.collection('change_notices').insertOne({
    _id: changeId,
    status: 'announced',
    effectiveAt,
    announcement: { changeId, kind: 'addition', subprocessor, summary: 'Bench change', announcedAt: new Date(now).toISOString(), effectiveAt: effectiveAt.toISOString(), noticePeriodDays: 30 },
    announcedEventId: eventId,
    updatedAt: new Date(now),
  });
  for (let from = 0; from < contacts; from += BATCH) {
    const deliveries = [];
    const outcomes = [];
    for (let i = from; i < Math.min(contacts, from + BATCH); i++) {
      const customerId = `bench-customer-${Math.floor(i / 100)}`;
      const _id = `${eventId}:contact-${i}`;
      deliveries.push({ _id, sourceType: 'subprocessor-change', sourceId: changeId, sourceEventId: eventId, customerId, customerName: `Bench Customer ${Math.floor(i / 100)}`, contactId: `contact-${i}`, contactName: `Contact ${i}`, email: `c${i}@${run}.bench.example`, template: 'subprocessor-change-announced', createdAt: new Date(now) });
      const sentAt = new Date(now + i);
      outcomes.push({ _id: `${_id}:sent`, deliveryId: _id, kind: 'sent', sourceId: changeId, customerId, at: sentAt, sesMessageId: `bench-${run}-${i}`, template: 'subprocessor-change-announced', templateVersion: 1, subject: 'Notice of a change to our subprocessors: Bench Hosting', attempts: 1 });
      if (i % 100 === 0) outcomes.push({ _id: `${_id}:bounced`, deliveryId: _id, kind: 'bounced', sourceId: changeId, customerId, at: new Date(sentAt.getTime() + 5000), detail: 'Permanent: General' });
      else if (i % 10 !== 0) outcomes.push({ _id: `${_id}:delivered`, deliveryId: _id, kind: 'delivered', sourceId: changeId, customerId, at: new Date(sentAt.getTime() + 2000) });
    }
    await db.collection('deliveries').insertMany(deliveries, { ordered: false });
    await db.collection('delivery_outcomes').insertMany(outcomes, { ordered: false });
    await writePages(db, deliveries, outcomes);
  }
}

const pageNumbers = new Map();
/** Rows as the service's `ProofPages` writes them, `perPage` to a page, numbered from where the stream ends. */
async function appendPages(db, stream, rows, perPage) {
  const pages = [];
  for (let i = 0; i < rows.length; i += perPage) {
    const n = pageNumbers.get(stream) ?? 0;
    pageNumbers.set(stream, n + 1);
    const page = rows.slice(i, i + perPage);
    pages.push({ _id: `${stream}#${n}`, stream, n, count: page.length, rows: deflateRawSync(JSON.stringify(page)), writtenAt: new Date() });
  }
  await db.collection('proof_pages').insertMany(pages, { ordered: false });
}

async function writePages(db, deliveries, outcomes) {
  const addressee = (d) => ({ deliveryId: d._id, customerId: d.customerId, customerName: d.customerName, contactId: d.contactId, contactName: d.contactName, email: d.email });
  const byId = new Map(deliveries.map((d) => [d._id, d]));
  await appendPages(db, `${eventId}/queued`, deliveries.map(addressee), QUEUED_PER_PAGE);
  const attempts = outcomes.filter((o) => o.kind === 'sent').map((o) => ({ ...addressee(byId.get(o.deliveryId)), kind: 'sent', at: o.at, sesMessageId: o.sesMessageId, template: o.template, templateVersion: o.templateVersion, attempts: o.attempts }));
  await appendPages(db, `${eventId}/attempts`, attempts, ATTEMPTS_PER_PAGE);
  const reports = outcomes.filter((o) => o.kind !== 'sent').map((o) => ({ deliveryId: o.deliveryId, kind: o.kind, at: o.at }));
  await appendPages(db, `${eventId}/reports`, reports, REPORTS_PER_PAGE);
}

/** The service's resident memory and its V8 heap in use, from its /metrics. */
async function memory() {
  const metrics = await (await fetch(`${NOTIFICATION}/metrics`)).text();
  const read = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  return { rss: read('process_resident_memory_bytes'), heapUsed: read('nodejs_heap_size_used_bytes'), heapTotal: read('nodejs_heap_size_total_bytes'), external: read('nodejs_external_memory_bytes') };
}

/** Downloads one proof, watching /health and the service's memory meanwhile. */
async function download(token, format) {
  const watch = { healthMaxMs: 0, healthFailures: 0, peakRss: 0, peakHeapUsed: 0, peakHeapTotal: 0, peakExternal: 0 };
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const started = performance.now();
      try {
        const health = await fetch(`${NOTIFICATION}/health`, { signal: AbortSignal.timeout(10_000) });
        if (!health.ok) watch.healthFailures++;
      } catch {
        watch.healthFailures++;
      }
      watch.healthMaxMs = Math.max(watch.healthMaxMs, Math.round(performance.now() - started));
      const now = await memory().catch(() => ({ rss: 0, heapUsed: 0 }));
      watch.peakRss = Math.max(watch.peakRss, now.rss);
      watch.peakHeapUsed = Math.max(watch.peakHeapUsed, now.heapUsed);
      watch.peakHeapTotal = Math.max(watch.peakHeapTotal, now.heapTotal);
      watch.peakExternal = Math.max(watch.peakExternal, now.external);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const started = performance.now();
  const response = await fetch(`${NOTIFICATION}/api/v1/proof-of-notice/${changeId}?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`proof of notice: ${response.status} ${await response.text()}`);
  let firstByteMs;
  let bytes = 0;
  let lines = 0;
  const decoder = new TextDecoder();
  let tail = '';
  for await (const chunk of response.body) {
    firstByteMs ??= Math.round(performance.now() - started);
    bytes += chunk.length;
    const text = tail + decoder.decode(chunk, { stream: true });
    lines += (format === 'csv' ? text.match(/\r\n/g) : text.match(/"contactId":/g))?.length ?? 0;
    tail = format === 'csv' ? '' : text.slice(-12);
  }
  const totalMs = Math.round(performance.now() - started);
  watching = false;
  await watcher;
  return { format, firstByteMs, totalMs, rows: format === 'csv' ? lines - 1 : lines, mb: mb(bytes), healthMaxMs: watch.healthMaxMs, healthFailures: watch.healthFailures, peakRssMb: mb(watch.peakRss), peakHeapUsedMb: mb(watch.peakHeapUsed), peakHeapTotalMb: mb(watch.peakHeapTotal), peakExternalMb: mb(watch.peakExternal) };
}

async function main() {
  const client = await MongoClient.connect(MONGODB_URI);
  const db = client.db(DATABASE);
  const token = await issueStaffToken({ secret: localJwtSecret(), sub: 'bench', roles: ['auditor'] });
  // SERVICE_NODE_ARGS: node and V8 flags for the service under test (to study its heap policy).
  const nodeArgs = process.env.SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const service = await startPrivateService({ name: 'customer-notification', port: PORT, database: DATABASE, topicPrefix: `bench.${run}.`, nodeArgs });
  NOTIFICATION = service.url;
  try {
    log(`seeding change ${changeId} with ${contacts} emails`);
    const seeding = performance.now();
    await seed(db);
    log(`seeded in ${Math.round((performance.now() - seeding) / 1000)} s`);
    // Idle: the least resident memory over five seconds (V8 shrinks its young generation lazily).
    let idle = { rss: Infinity };
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await memory();
      if (now.rss < idle.rss) idle = now;
    }
    const idleRssMb = mb(idle.rss);
    const results = [];
    for (const format of ['csv', 'json']) {
      const result = await download(token, format);
      log(JSON.stringify(result));
      results.push(result);
    }
    const out = { contacts, attemptsPerPage: ATTEMPTS_PER_PAGE, reportsPerPage: REPORTS_PER_PAGE, pages: await db.collection('proof_pages').estimatedDocumentCount(), idleRssMb, idleHeapUsedMb: mb(idle.heapUsed), idleHeapTotalMb: mb(idle.heapTotal), idleExternalMb: mb(idle.external), results, peakRssOverIdleMb: Math.max(...results.map((r) => r.peakRssMb)) - idleRssMb };
    console.log(JSON.stringify(out));
    return results.every((r) => r.rows === contacts) ? 0 : 1;
  } finally {
    await service.stop();
    await db.dropDatabase();
    await client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
