#!/usr/bin/env node
// npm run bench:breach-tallies   (BENCH_CONTACTS=10000 by default)
//
// Against a running `SES_MAX_SEND_RATE=100000 npm start`. It seeds BENCH_CONTACTS contacts that
// receive breach notices (customers of 100, straight into the notification database), logs a
// breach for all of those customers through the breach API, requests its customer notice, and
// then watches two numbers every 250 ms: the emails SES accepted (the notification service's
// progress for the breach) and the breach's own delivery tallies (`customerNotices[0].deliveries`
// on GET /api/v1/breaches/:id), which the breach service counts from one `sent` event per email.
// Target (issue 12): the tallies reach every contact within 30 s of SES accepting the last email.
// The last line is one JSON object.
const { MongoClient } = require('mongoose').mongo;
const { issueStaffToken } = require('../lib/staff-token');
const { localJwtSecret } = require('../lib/local-env');
const { api } = require('../lib/staff-api');
const { seedContacts } = require('./seed-contacts');

const NOTIFICATION = process.env.NOTIFICATION_URL ?? 'http://127.0.0.1:3002';
const BREACH = process.env.BREACH_URL ?? 'http://127.0.0.1:3003';
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const DATABASE = process.env.NOTIFICATION_DATABASE ?? 'forewarn_notification';
const contacts = Number(process.argv[2] ?? process.env.BENCH_CONTACTS ?? 10000);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const domain = `${run}.tallies.bench.example`;
const log = (m) => console.error(`[bench] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  for (const url of [NOTIFICATION, BREACH]) {
    if (!(await fetch(`${url}/health`).then((r) => r.ok, () => false))) throw new Error(`${url} is not healthy: run \`SES_MAX_SEND_RATE=100000 npm start\` first`);
  }
  const admin = await issueStaffToken({ secret: localJwtSecret(), sub: 'bench', roles: ['admin'] });
  const mongo = await MongoClient.connect(MONGODB_URI);
  try {
    const db = mongo.db(DATABASE);
    const customers = await seedContacts(db, { domain, count: contacts, receives: ['breaches'], tag: `bench-${run}` });
    log(`seeded ${contacts} breach contacts in ${customers.length} customers`);
    const breach = await api(`${BREACH}/api/v1/breaches`, admin, 'POST', {
      title: `Tallies bench ${run}`, description: 'A benchmark breach', nature: ['stolen'], dataCategories: ['contact details'], specialCategoryData: false,
      approxDataSubjects: contacts, approxRecords: contacts, role: 'processor', affectedCustomerIds: customers, awareAt: new Date().toISOString(),
    });
    const started = performance.now();
    await api(`${BREACH}/api/v1/breaches/${breach.id}/customer-notices`, admin, 'POST', {});
    const at = () => Number(((performance.now() - started) / 1000).toFixed(1));
    let sesDoneAt;
    let talliesDoneAt;
    let lastLog = 0;
    let sent = 0;
    let tallied = 0;
    while (talliesDoneAt === undefined) {
      if (at() > 1800) throw new Error(`after 30 min: ${sent} accepted by SES, ${tallied} tallied`);
      if (sesDoneAt === undefined) {
        sent = (await api(`${NOTIFICATION}/api/v1/deliveries/progress?sourceId=${encodeURIComponent(breach.id)}`, admin)).sent;
        if (sent >= contacts) sesDoneAt = at();
      }
      tallied = (await api(`${BREACH}/api/v1/breaches/${breach.id}`, admin)).customerNotices[0]?.deliveries?.sent ?? 0;
      if (tallied >= contacts) talliesDoneAt = at();
      if (at() - lastLog >= 10) {
        lastLog = at();
        log(`${lastLog} s: ${sent} accepted by SES, ${tallied} tallied by the breach service`);
      }
      await sleep(250);
    }
    await db.collection('customers').deleteMany({ externalId: new RegExp(`^bench-${run}-`) });
    console.log(JSON.stringify({ contacts, sesAcceptedAllAfterSeconds: sesDoneAt, talliedAllAfterSeconds: talliesDoneAt, lagSeconds: Number((talliesDoneAt - (sesDoneAt ?? talliesDoneAt)).toFixed(1)), target: 30 }));
  } finally {
    await mongo.close();
  }
}

main().catch((e) => {
  console.error(e.message, e.cause ?? '');
  process.exit(1);
});
