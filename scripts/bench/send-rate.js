#!/usr/bin/env node
// npm run bench:rate   (BENCH_RATE=50 emails/s, BENCH_EMAILS=3000, with 1 and then 2 replicas)
//
// Needs the local stack (`npm run stack -- start`) and a build (`npm start` makes one). For each
// replica count it starts that many notification services of its own (from dist/, on a database
// and topic prefix of their own) with SES_MAX_SEND_RATE=BENCH_RATE, seeds BENCH_EMAILS contacts,
// publishes one change announcement to their topic, and waits until the service reports every
// email sent. Then it reads the emulator's own acceptance times (whole epoch
// seconds) for those emails: the achieved rate over the whole seconds between the first and the
// last, and the busiest second. Targets (issue 12): achieved >= 95 % of the rate, no second above
// it. The last line is one JSON object.
const { randomUUID } = require('node:crypto');
const { Kafka, logLevel } = require('kafkajs');
const { MongoClient } = require('mongoose').mongo;
const { startPrivateService } = require('../lib/private-service');

const NOTIFICATION = 'customer-notification';
const { seedContacts } = require('./seed-contacts');
const { issueStaffToken } = require('../lib/staff-token');
const { localJwtSecret } = require('../lib/local-env');
const { api } = require('../lib/staff-api');

const RATE = Number(process.env.BENCH_RATE ?? 50);
const EMAILS = Number(process.env.BENCH_EMAILS ?? 3000);
const SES = process.env.SES_ENDPOINT ?? 'http://127.0.0.1:8005';
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const KAFKA = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const log = (m) => console.error(`[bench] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function announce(prefix, changeId) {
  const kafka = new Kafka({ clientId: 'bench-rate', brokers: KAFKA.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const now = Date.now();
  const data = {
    changeId, kind: 'addition', summary: 'Rate bench', announcedAt: new Date(now).toISOString(), effectiveAt: new Date(now + 40 * 86400_000).toISOString(), noticePeriodDays: 30,
    subprocessor: { id: 'sp', name: 'Rate Host', category: 'Hosting', purpose: 'Hosting', dataCategories: ['all'], locations: ['GB'] },
  };
  const event = { specversion: '1.0', id: randomUUID(), source: '/forewarn/bench', type: 'com.forewarn.subprocessor.change.announced.v1', subject: changeId, time: new Date(now).toISOString(), datacontenttype: 'application/json', correlationid: randomUUID(), actor: 'user:bench', data };
  await producer.send({ topic: `${prefix}subprocessor.changes.v1`, messages: [{ key: changeId, value: JSON.stringify(event) }] });
  await producer.disconnect();
}

/** Acceptance seconds of the emulator's emails to the domain since `since`. */
async function acceptedAt(since, domain) {
  const store = await (await fetch(`${SES}/store?since=${since}`)).json();
  return store.emails.filter((e) => e.destination.to.some((to) => to.endsWith(`@${domain}`))).map((e) => e.at);
}

async function measure(replicas) {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const database = `bench_rate_${run}`;
  const domain = `${run}.rate.bench.example`;
  const client = await MongoClient.connect(MONGODB_URI);
  const services = [];
  try {
    for (let i = 0; i < replicas; i++) {
      services.push(await startPrivateService({ name: NOTIFICATION, port: 3020 + i, database, topicPrefix: `bench.${run}.`, env: { SES_MAX_SEND_RATE: String(RATE) } }));
    }
    await seedContacts(client.db(database), { domain, count: EMAILS, receives: ['subprocessor-changes'], tag: 'rate' });
    const since = Math.floor(Date.now() / 1000) - 1;
    await announce(`bench.${run}.`, `rate-${run}`);
    // Progress from the service, the store read once at the end: serialising the emulator's store
    // blocks it for a moment, and the sends that queue meanwhile would land in one second.
    const token = await issueStaffToken({ secret: localJwtSecret(), sub: 'bench', roles: ['admin'] });
    const started = Date.now();
    for (;;) {
      if (Date.now() - started > (EMAILS / RATE) * 3000 + 60_000) throw new Error(`not every email sent after ${Math.round((Date.now() - started) / 1000)} s`);
      await sleep(2000);
      const progress = await api(`${services[0].url}/api/v1/deliveries/progress?sourceId=rate-${run}`, token);
      if (progress.total >= EMAILS && progress.pending === 0) break;
    }
    const seconds = await acceptedAt(since, domain);
    const perSecond = new Map();
    for (const s of seconds) perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    const first = Math.min(...seconds);
    const last = Math.max(...seconds);
    // Whole seconds only: the first and the last are partly idle.
    let inner = 0;
    for (let s = first + 1; s < last; s++) inner += perSecond.get(s) ?? 0;
    const achieved = last - first > 1 ? inner / (last - first - 1) : NaN;
    const result = { replicas, rate: RATE, emails: seconds.length, duplicates: seconds.length - EMAILS, seconds: last - first + 1, achievedPerSecond: Number(achieved.toFixed(1)), achievedShare: Number((achieved / RATE).toFixed(3)), busiestSecond: Math.max(...perSecond.values()), secondsAboveRate: [...perSecond.values()].filter((n) => n > RATE).length, aboveRateAt: [...perSecond].filter(([, n]) => n > RATE).map(([s, n]) => `${s - first} s: ${n}`) };
    // Every second's count, first to last: where a shortfall is (the start, a rebalance, the tail).
    log(`per second: ${Array.from({ length: last - first + 1 }, (_, i) => perSecond.get(first + i) ?? 0).join(' ')}`);
    log(JSON.stringify(result));
    return result;
  } finally {
    for (const service of services) await service.stop();
    await client.db(database).dropDatabase();
    await client.close();
  }
}

async function main() {
  const results = [];
  for (const replicas of [1, 2]) results.push(await measure(replicas));
  console.log(JSON.stringify({ rate: RATE, emails: EMAILS, results }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
