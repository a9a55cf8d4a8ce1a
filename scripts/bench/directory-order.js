#!/usr/bin/env node
// npm run bench:directory   (BENCH_CUSTOMERS=10000 by default; or: npm run bench:directory -- 100000)
//
// Needs the local stack (`npm run stack -- start`) and a build of the notification service (`npm
// start` makes one). It writes BENCH_CUSTOMERS customers (two contacts each) straight into a
// database of its own, as customers from before the directory's order existed, then starts its
// own notification service there and times, against the service:
//   - the first listing, which waits for the order to be seeded from one scan of the customers;
//   - a page of 51 at the start, in the middle and at the end of the directory; a name search;
//     the flagged customers; each the median of 5;
//   - a customer created through the API, then found by a name search;
//   - the first listing after a restart, which reads the order's notes back by `_id`.
// It prints the service's resident memory, drops its database, and prints one JSON object last.
const { MongoClient } = require('mongoose').mongo;
const { issueStaffToken } = require('../lib/staff-token');
const { localJwtSecret } = require('../lib/local-env');
const { startPrivateService } = require('../lib/private-service');

const PORT = Number(process.env.BENCH_PORT ?? 3013);
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const customers = Number(process.argv[2] ?? process.env.BENCH_CUSTOMERS ?? 10000);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const DATABASE = `bench_directory_${run}`;
const BATCH = 2000;
const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Wonka'];
const log = (m) => console.error(`[bench] ${m}`);

const nameOf = (i) => `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} ${String((i * 7919) % customers).padStart(6, '0')}`;

async function seed(db) {
  const now = new Date();
  for (let from = 0; from < customers; from += BATCH) {
    const docs = [];
    for (let i = from; i < Math.min(customers, from + BATCH); i++) {
      docs.push({
        _id: `bench-${run}-${i}`,
        name: nameOf(i),
        externalId: `bench-${run}-${i}`,
        status: i % 50 === 0 ? 'inactive' : 'active',
        // Every 100th has nobody for breach notices, so a flagged page has something to find.
        contacts: [
          { id: `a${i}`, name: 'Privacy lead', email: `privacy@c${i}.bench.example`, receives: ['subprocessor-changes'], active: true },
          { id: `b${i}`, name: 'Security', email: `security@c${i}.bench.example`, receives: ['breaches'], active: i % 100 !== 1 },
        ],
        createdAt: now,
        createdBy: 'user:bench',
        version: 0,
      });
    }
    await db.collection('customers').insertMany(docs, { ordered: false });
  }
}

async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

async function median(fn, times = 5) {
  const runs = [];
  for (let i = 0; i < times; i++) runs.push((await timed(fn)).ms);
  return Math.round(runs.sort((a, b) => a - b)[Math.floor(times / 2)]);
}

async function main() {
  const client = await MongoClient.connect(MONGODB_URI);
  const db = client.db(DATABASE);
  let service;
  try {
    log(`${customers} customers into ${DATABASE}`);
    const seeded = await timed(() => seed(db));
    log(`written in ${(seeded.ms / 1000).toFixed(1)} s`);
    const token = await issueStaffToken({ secret: localJwtSecret(), sub: 'bench', roles: ['admin'] });
    const start = () => startPrivateService({ name: 'customer-notification', port: PORT, database: DATABASE, topicPrefix: `bench.${run}.` });
    const list = async (query) => {
      const response = await fetch(`http://127.0.0.1:${PORT}/api/v1/customers?${query}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`${query}: ${response.status} ${await response.text()}`);
      return response.json();
    };

    service = await start();
    const firstListing = await timed(() => list('limit=51'));
    log(`first listing (the order seeded from the customers): ${(firstListing.ms / 1000).toFixed(1)} s`);
    const middle = await list(`limit=3&offset=${Math.floor(customers / 2)}`);
    if (middle.length !== 3) throw new Error(`the middle page has ${middle.length} customers`);
    const searched = encodeURIComponent(middle[0].name.slice(0, 15).toLowerCase());
    const pages = {
      firstPageMs: await median(() => list('limit=51')),
      middlePageMs: await median(() => list(`limit=51&offset=${Math.floor(customers / 2)}`)),
      lastPageMs: await median(() => list(`limit=51&offset=${customers - 51}`)),
      nameSearchMs: await median(() => list(`limit=51&name=${searched}`)),
      flaggedMs: await median(() => list('limit=51&flagged=true')),
    };
    for (const [label, ms] of Object.entries(pages)) log(`${label}: ${ms} ms`);
    const hits = (await list(`limit=51&name=${searched}`)).length;
    if (hits === 0) throw new Error('the name search found nothing');
    log(`the name search "${decodeURIComponent(searched)}" found ${hits}`);

    const created = await fetch(`http://127.0.0.1:${PORT}/api/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Zz bench ${run}`, contacts: [] }),
    });
    if (!created.ok) throw new Error(`create: ${created.status}`);
    const found = await timed(() => list(`name=zz%20bench%20${run}`));
    if (found.result.length !== 1) throw new Error('the new customer is not listed');
    log(`a new customer found by name: ${Math.round(found.ms)} ms`);

    const rssMb = Math.round(Number(/^process_resident_memory_bytes(?:\{[^}]*\})? ([0-9.e+]+)$/m.exec(await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text())?.[1]) / 1024 / 1024);
    await service.stop();
    service = await start();
    const afterRestart = await timed(() => list('limit=51'));
    log(`first listing after a restart (the notes read back): ${(afterRestart.ms / 1000).toFixed(2)} s; resident memory before it ${rssMb} MB`);
    console.log(
      JSON.stringify({
        customers,
        seedListingSeconds: Number((firstListing.ms / 1000).toFixed(1)),
        ...pages,
        newCustomerFoundMs: Math.round(found.ms),
        restartListingSeconds: Number((afterRestart.ms / 1000).toFixed(2)),
        rssMb,
      }),
    );
  } finally {
    await service?.stop();
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
