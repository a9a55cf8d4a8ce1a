#!/usr/bin/env node
// npm run bench:reconcile   (BENCH_CONTACTS=10000 by default; or: npm run bench:reconcile -- 50000)
//
// Needs the local stack and a build (`npm start` makes one). The cost of the pending-notice
// reconcile pass: it seeds, on a database of its own, BENCH_CONTACTS contacts (100 per customer),
// one pending announced change, and a delivery of its notice for every contact but 10 (as if the
// directory's follow-up had failed for those). Then it starts a notification service of its own,
// whose start-up pass finds the 10, and prints how long the pass took (from the service's start
// to the 10 being queued) and the service's own start time without a pass to make. The last line
// is one JSON object.
const { MongoClient } = require('mongoose').mongo;
const { startPrivateService } = require('../lib/private-service');

const NOTIFICATION = 'customer-notification';

const PORT = Number(process.env.BENCH_PORT ?? 3013);
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const contacts = Number(process.argv[2] ?? process.env.BENCH_CONTACTS ?? 10000);
const MISSED = 10;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const changeId = `bench-reconcile-${run}`;
const eventId = `bench-reconcile-event-${run}`;
const log = (m) => console.error(`[bench] ${m}`);

async function seed(db) {
  const now = Date.now();
  const effectiveAt = new Date(now + 40 * 86400_000);
  await db.collection('change_notices').insertOne({
    _id: changeId,
    status: 'announced',
    effectiveAt,
    announcement: { changeId, kind: 'addition', subprocessor: { id: 'sp', name: 'Bench Hosting', category: 'Hosting', purpose: 'Backups', dataCategories: ['all'], locations: ['GB'] }, summary: 'Bench change', announcedAt: new Date(now).toISOString(), effectiveAt: effectiveAt.toISOString(), noticePeriodDays: 30 },
    announcedEventId: eventId,
    updatedAt: new Date(now),
  });
  for (let c = 0; c * 100 < contacts; c++) {
    const customerId = `bench-customer-${run}-${c}`;
    const people = Array.from({ length: Math.min(100, contacts - c * 100) }, (_, k) => ({ id: `contact-${c}-${k}`, name: `Contact ${k}`, email: `c${k}@cust${c}.${run}.bench.example`, receives: ['subprocessor-changes', 'breaches'], active: true }));
    await db.collection('customers').insertOne({ _id: customerId, name: `Bench Customer ${c}`, externalId: customerId, status: 'active', contacts: people, createdAt: new Date(now), createdBy: 'user:bench', version: 0 });
    const told = people.filter((p, k) => c * 100 + k >= MISSED);
    if (told.length) {
      await db.collection('deliveries').insertMany(
        told.map((p) => ({ _id: `${eventId}:${p.id}`, sourceType: 'subprocessor-change', sourceId: changeId, sourceEventId: eventId, customerId, customerName: `Bench Customer ${c}`, contactId: p.id, contactName: p.name, email: p.email, template: 'subprocessor-change-announced', createdAt: new Date(now) })),
        { ordered: false },
      );
    }
  }
}

async function main() {
  const client = await MongoClient.connect(MONGODB_URI);
  const emptyDb = client.db(`bench_reconcile_empty_${run}`);
  const db = client.db(`bench_reconcile_${run}`);
  try {
    // The start time of a service with no pass to make, to subtract.
    let started = performance.now();
    const empty = await startPrivateService({ name: NOTIFICATION, port: PORT, database: emptyDb.databaseName, topicPrefix: `bench.${run}e.` });
    const emptyStartMs = Math.round(performance.now() - started);
    await empty.stop();

    log(`seeding ${contacts} contacts, one pending change, ${contacts - MISSED} of its deliveries`);
    await seed(db);
    started = performance.now();
    const service = await startPrivateService({ name: NOTIFICATION, port: PORT, database: db.databaseName, topicPrefix: `bench.${run}.`, env: { PENDING_NOTICE_RECONCILE_INTERVAL_MS: String(3_600_000) } });
    try {
      const deadline = Date.now() + 600_000;
      let queued = 0;
      while (Date.now() < deadline) {
        // Read by _id only, so the polling itself costs the database nothing that grows.
        queued = 0;
        for (let i = 0; i < MISSED; i++) if (await db.collection('deliveries').findOne({ _id: `${eventId}:contact-0-${i}` }, { projection: { _id: 1 } })) queued++;
        if (queued === MISSED) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const passMs = Math.round(performance.now() - started);
      const result = { contacts, missed: MISSED, queued, startAndPassMs: passMs, emptyStartMs, passMs: passMs - emptyStartMs };
      console.log(JSON.stringify(result));
      return queued === MISSED ? 0 : 1;
    } finally {
      await service.stop();
    }
  } finally {
    await db.dropDatabase();
    await emptyDb.dropDatabase();
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
