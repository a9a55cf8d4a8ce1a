#!/usr/bin/env node
// npm run bench:fanout   (BENCH_CONTACTS=10000 by default; or: npm run bench:fanout -- 100000)
//
// Against a running `npm start` whose notification service has no effective send-rate limit
// (start it with SES_MAX_SEND_RATE=100000). It
//   1. measures the baseline: bare SendEmail calls with @aws-sdk/client-ses to the same SES
//      emulator, at several concurrencies, and keeps the best rate;
//   2. seeds BENCH_CONTACTS contacts on a run-unique domain (direct inserts into the notification
//      database: the fastest way, and it does not trigger the late-added-contact path);
//   3. announces one change through the registry API and measures until the notification service
//      reports every email accepted by SES (its progress endpoint), sampling its peak RSS from /metrics;
//   4. counts duplicates and missing contacts in what the emulator holds for that domain.
// One customer in BENCH_SPECIFIC_EVERY (10) is under specific authorisation, so its emails are
// the variant that asks for approval. One in BENCH_WEBHOOK_EVERY (100) has a webhook endpoint, a
// receiver this script runs on 127.0.0.1:BENCH_WEBHOOK_PORT (8017): start the services with
// WEBHOOK_PRIVATE_TARGETS_ALLOWED=127.0.0.1:8017 so they may reach it (0 turns webhooks off).
// The last line is one JSON object.
// BENCH_SES_PORT=8015 runs a private emulator on that port (and 8016) for large runs; start the
// services with SES_ENDPOINT=http://127.0.0.1:8015 then.
const { randomUUID } = require('node:crypto');
const { SESClient, SendEmailCommand } = require('@aws-sdk/client-ses');
const { MongoClient } = require('mongoose').mongo; // the driver mongoose ships with
const { issueStaffToken } = require('../lib/staff-token');
const { localJwtSecret } = require('../lib/local-env');
const { api } = require('../lib/staff-api');

const REGISTRY = process.env.REGISTRY_URL ?? 'http://127.0.0.1:3001';
const NOTIFICATION = process.env.NOTIFICATION_URL ?? 'http://127.0.0.1:3002';
const PRIVATE_SES_PORT = process.env.BENCH_SES_PORT ? Number(process.env.BENCH_SES_PORT) : undefined;
const SES = PRIVATE_SES_PORT ? `http://127.0.0.1:${PRIVATE_SES_PORT}` : (process.env.SES_ENDPOINT ?? 'http://127.0.0.1:8005');
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const DATABASE = process.env.NOTIFICATION_DATABASE ?? 'forewarn_notification';
const contacts = Number(process.argv[2] ?? process.env.BENCH_CONTACTS ?? 10000);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const domain = `${run}.bench.example`;
const CONTACTS_PER_CUSTOMER = 100;
/** 10 % of customers under specific authorisation, as issue 16 asks the ratio to hold with. */
const SPECIFIC_EVERY = Number(process.env.BENCH_SPECIFIC_EVERY ?? 10);
/** 1 % of customers with a webhook endpoint. */
const WEBHOOK_EVERY = Number(process.env.BENCH_WEBHOOK_EVERY ?? 100);
const WEBHOOK_PORT = Number(process.env.BENCH_WEBHOOK_PORT ?? 8017);
const log = (m) => console.error(`[bench] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A body about the size of a rendered notice, so the baseline sends what the service sends. */
const html = `<!doctype html><html><body>${'<p>Notice of a change to our subprocessors, with the details a careful company gives.</p>'.repeat(40)}</body></html>`;
const text = 'Notice of a change to our subprocessors.\n'.repeat(40);

async function baseline() {
  const client = new SESClient({ region: 'eu-west-2', endpoint: SES, maxAttempts: 1, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const perLevel = Math.min(3000, Math.max(500, Math.floor(contacts / 5)));
  let best = { concurrency: 0, emailsPerSecond: 0 };
  for (const concurrency of [8, 16, 32, 64]) {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < perLevel) {
          const i = next++;
          await client.send(
            new SendEmailCommand({
              Source: 'privacy@forewarn.example',
              Destination: { ToAddresses: [`base-${concurrency}-${i}@baseline-${domain}`] },
              Message: { Subject: { Data: `Baseline ${i}` }, Body: { Html: { Data: html }, Text: { Data: text } } },
              Tags: [{ Name: 'delivery', Value: Buffer.from(`baseline:${i}`).toString('base64url') }],
            }),
          );
        }
      }),
    );
    const emailsPerSecond = perLevel / ((performance.now() - started) / 1000);
    log(`baseline: ${perLevel} SendEmail at concurrency ${concurrency}: ${emailsPerSecond.toFixed(0)} emails/s`);
    if (emailsPerSecond > best.emailsPerSecond) best = { concurrency, emailsPerSecond };
  }
  client.destroy();
  return best;
}

/**
 * Bench customers of earlier runs are removed (they are synthetic: the directory's "deactivate,
 * never delete" rule is for real customers), so each run measures a directory of its own size.
 */
async function seed(db) {
  const customers = db.collection('customers');
  await customers.deleteMany({ externalId: /^bench-/ });
  const now = new Date();
  const specificTerms = { noticePeriodDays: 30, authorisation: 'specific', changedAt: now, changedBy: 'bench' };
  const docs = [];
  for (let c = 0; c * CONTACTS_PER_CUSTOMER < contacts; c++) {
    const size = Math.min(CONTACTS_PER_CUSTOMER, contacts - c * CONTACTS_PER_CUSTOMER);
    docs.push({
      _id: randomUUID(),
      name: `Bench ${run} customer ${c}`,
      externalId: `bench-${run}-${c}`,
      status: 'active',
      contacts: Array.from({ length: size }, (_, i) => ({
        id: randomUUID(),
        name: `Bench Contact ${c * CONTACTS_PER_CUSTOMER + i}`,
        email: `c${c * CONTACTS_PER_CUSTOMER + i}@${domain}`,
        receives: ['subprocessor-changes'],
        active: true,
      })),
      // One customer in SPECIFIC_EVERY is under specific authorisation: its emails ask for its approval.
      ...(c % SPECIFIC_EVERY === 0 ? { terms: specificTerms, termsHistory: [specificTerms] } : {}),
      createdAt: now,
      createdBy: 'bench',
    });
  }
  for (let i = 0; i < docs.length; i += 50) await customers.insertMany(docs.slice(i, i + 50), { ordered: false });
  return docs.map((d) => d._id);
}

/** A customer's endpoint that answers 204 and counts what it received, on 127.0.0.1:WEBHOOK_PORT. */
async function startReceiver() {
  const received = new Set();
  const server = require('node:http').createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.add(req.headers['webhook-id']);
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(WEBHOOK_PORT, '127.0.0.1', resolve));
  return { received, stop: () => new Promise((resolve) => server.close(resolve)) };
}

async function sampleRss(samples) {
  try {
    const metrics = await (await fetch(`${NOTIFICATION}/metrics`)).text();
    const match = /^process_resident_memory_bytes(?:\{[^}]*\})? ([0-9.e+]+)$/m.exec(metrics);
    if (match) samples.push(Number(match[1]) / 1024 / 1024);
  } catch {
    // a missed sample
  }
}

/** CPU seconds used so far by the local processes whose command line matches (Linux /proc; empty elsewhere). */
function cpuSeconds() {
  const fs = require('node:fs');
  const wanted = { notification: 'customer-notification/main.js', ferretdb: 'ferretdb', emulator: 'aws-ses-v2-local', kafka: 'kafka.Kafka' };
  const result = {};
  let pids = [];
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return result;
  }
  const ticks = 100; // USER_HZ
  for (const pid of pids) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const name = Object.keys(wanted).find((k) => cmd.includes(wanted[k]));
      if (!name) continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      result[name] = (result[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // the process ended
    }
  }
  return result;
}

/** Starts the private emulator (scripts/bench/private-ses.js) in its own process, as the shared one runs. */
async function startPrivateSes() {
  const { fork } = require('node:child_process');
  const child = fork(require('node:path').join(__dirname, 'private-ses.js'), [String(PRIVATE_SES_PORT)], { stdio: 'ignore' });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the private SES emulator exited (${code}); is port ${PRIVATE_SES_PORT} free?`)));
  });
  return child;
}

async function countAtEmulator(sinceEpochSeconds) {
  if (PRIVATE_SES_PORT) {
    const { addresses, duplicates } = await (await fetch(`http://127.0.0.1:${PRIVATE_SES_PORT + 1}/count?domain=${domain}`)).json();
    return { duplicates, missing: contacts - addresses };
  }
  const store = await (await fetch(`${SES}/store?since=${sinceEpochSeconds}`)).json();
  const counts = new Map();
  let askingApproval = 0;
  for (const email of store.emails) {
    const ours = email.destination.to.filter((to) => to.endsWith(`@${domain}`));
    for (const to of ours) counts.set(to, (counts.get(to) ?? 0) + 1);
    if (ours.length && email.subject.startsWith('Your approval is needed')) askingApproval++;
  }
  let duplicates = 0;
  for (const n of counts.values()) duplicates += n - 1;
  return { duplicates, missing: contacts - counts.size, askingApproval };
}

/** The value once it reaches `want`, or what it is after 10 s. */
async function waitFor(read, want) {
  const deadline = Date.now() + 10_000;
  while (read() < want && Date.now() < deadline) await sleep(100);
  return read();
}

async function main() {
  for (const url of [REGISTRY, NOTIFICATION]) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (!ok) throw new Error(`${url} is not healthy: run \`SES_MAX_SEND_RATE=100000 npm start\` first`);
  }
  const admin = await issueStaffToken({ secret: localJwtSecret(), sub: 'bench', roles: ['admin'] });
  const privateSes = PRIVATE_SES_PORT ? await startPrivateSes() : undefined;
  if (privateSes) log(`private SES emulator at ${SES}: the notification service must have been started with SES_ENDPOINT=${SES}`);
  const mongo = await MongoClient.connect(MONGODB_URI);
  let receiver;
  try {
    const sinceEpochSeconds = Math.floor(Date.now() / 1000) - 1;
    const base = await baseline();

    let t = performance.now();
    const customerIds = await seed(mongo.db(DATABASE));
    log(`seeded ${contacts} contacts on ${domain} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const withWebhooks = WEBHOOK_EVERY > 0 ? customerIds.filter((_, c) => c % WEBHOOK_EVERY === 1 % WEBHOOK_EVERY) : [];
    receiver = withWebhooks.length ? await startReceiver() : undefined;
    for (const id of withWebhooks) {
      await api(`${NOTIFICATION}/api/v1/customers/${id}/webhook-endpoints`, admin, 'POST', { url: `http://127.0.0.1:${WEBHOOK_PORT}/bench/${id}`, notices: ['subprocessor-changes'] });
    }
    if (withWebhooks.length) log(`${withWebhooks.length} customer(s) with a webhook endpoint on 127.0.0.1:${WEBHOOK_PORT}`);

    const sp = await api(`${REGISTRY}/api/v1/subprocessors`, admin, 'POST', {
      name: `Bench Subprocessor ${run}`, category: 'Benchmark', purpose: 'Benchmark', dataCategories: ['none'], locations: ['GB'], dpaSignedAt: new Date().toISOString(),
    });
    const effectiveAt = new Date(Date.now() + 40 * 24 * 3600 * 1000).toISOString();
    const change = await api(`${REGISTRY}/api/v1/changes`, admin, 'POST', { kind: 'addition', subprocessorId: sp.id, effectiveAt, summary: 'Benchmark' });

    const rss = [];
    await sampleRss(rss);
    const rssTimer = setInterval(() => void sampleRss(rss), 500);
    const cpuBefore = cpuSeconds();
    const started = performance.now();
    await api(`${REGISTRY}/api/v1/changes/${change.id}/announce`, admin, 'POST');
    let progress;
    let lastLog = started;
    for (;;) {
      progress = await api(`${NOTIFICATION}/api/v1/deliveries/progress?sourceId=${encodeURIComponent(change.id)}`, admin);
      if (progress.total >= contacts && progress.pending === 0) break;
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        log(`${((lastLog - started) / 1000).toFixed(0)} s: ${JSON.stringify(progress)}`);
      }
      await sleep(100);
    }
    const seconds = (performance.now() - started) / 1000;
    const webhooksAfterEmails = receiver?.received.size;
    const cpuAfter = cpuSeconds();
    const cpu = Object.keys(cpuAfter).map((k) => `${k} ${(cpuAfter[k] - (cpuBefore[k] ?? 0)).toFixed(1)} s`);
    log(`CPU used during the fan-out (${seconds.toFixed(1)} s on ${require('node:os').cpus().length} cores, load ${require('node:os').loadavg()[0].toFixed(1)}): ${cpu.join(', ')}`);
    clearInterval(rssTimer);
    await sampleRss(rss);
    log(`every email accepted after ${seconds.toFixed(2)} s: ${JSON.stringify(progress)}`);

    t = performance.now();
    const { duplicates, missing, askingApproval } = await countAtEmulator(sinceEpochSeconds);
    log(`counted the emulator's store in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await mongo.db(DATABASE).collection('customers').deleteMany({ externalId: new RegExp(`^bench-${run}-`) });

    const emailsPerSecond = contacts / seconds;
    const result = {
      changeId: change.id,
      contacts,
      seconds: Number(seconds.toFixed(2)),
      emailsPerSecond: Number(emailsPerSecond.toFixed(1)),
      baselineEmailsPerSecond: Number(base.emailsPerSecond.toFixed(1)),
      ratio: Number((emailsPerSecond / base.emailsPerSecond).toFixed(3)),
      specificAuthorisationShare: Number((1 / SPECIFIC_EVERY).toFixed(3)),
      ...(askingApproval !== undefined ? { askingApproval } : {}),
      webhookEndpoints: withWebhooks.length,
      ...(receiver ? { webhooksReceivedByLastEmail: webhooksAfterEmails, webhooksReceived: await waitFor(() => receiver.received.size, withWebhooks.length) } : {}),
      duplicates,
      missing,
      peakRssMb: Number(Math.max(...rss).toFixed(1)),
    };
    log(`baseline best at concurrency ${base.concurrency}; failed emails: ${progress.failed}`);
    console.log(JSON.stringify(result));
  } finally {
    await mongo.close();
    privateSes?.kill();
    await receiver?.stop();
  }
}

main().catch((e) => {
  console.error(e.message, e.cause ?? '');
  process.exit(1);
});
