// The driver of `npm run bench:timers`: two replicas in two OS processes against the real FerretDB,
// N timers due at the same moment; prints exactly-once, drain time and each replica's share.
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

const TIMERS = Number(process.argv[2] ?? 10_000);
const REPLICAS = Number(process.argv[3] ?? 2);
const SEED_MARGIN_MS = 15_000;
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const database = `bench_timers_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

function startReplica(name: string): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'timer-replica.js'), [], {
    env: { ...process.env, BENCH_REPLICA: name, MONGODB_URI, MONGODB_DATABASE: database, TIMER_POLL_INTERVAL_MS: process.env.TIMER_POLL_INTERVAL_MS ?? '1000' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`replica ${name} exited with ${code}`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const client = await MongoClient.connect(MONGODB_URI);
  const db = client.db(database);
  const replicas = await Promise.all(Array.from({ length: REPLICAS }, (_, i) => startReplica(`replica-${i + 1}`)));
  try {
    // Due shortly after seeding: every replica is polling by then and sees them come due together.
    const seedStart = Date.now();
    const dueAt = new Date(seedStart + SEED_MARGIN_MS);
    replicas[0].send({ seed: TIMERS, dueAt: dueAt.toISOString() });
    await new Promise((r) => replicas[0].once('message', r));
    const seeded = Date.now();
    console.log(`seeded ${TIMERS} timers with DurableTimers.scheduleMany in ${((seeded - seedStart) / 1000).toFixed(2)} s; due at ${dueAt.toISOString()}`);
    // If seeding outlasted the margin, the drain starts when the timers exist.
    const due = new Date(Math.max(dueAt.getTime(), seeded));
    for (;;) {
      await sleep(1000);
      const fired = await db.collection('bench_firings').estimatedDocumentCount();
      const pending = await db.collection('timers').estimatedDocumentCount();
      if (fired >= TIMERS && pending === 0) break;
      if (Date.now() - due.getTime() > 20 * 60_000) throw new Error(`gave up after 20 min: ${fired} firings recorded, ${pending} timers pending`);
    }
    const firings = await db.collection('bench_firings').find({}, { projection: { timerId: 1, replica: 1, at: 1 } }).toArray();
    const perTimer = new Map<string, number>();
    for (const f of firings) perTimer.set(f.timerId, (perTimer.get(f.timerId) ?? 0) + 1);
    const duplicates = [...perTimer.values()].reduce((n, c) => n + c - 1, 0);
    const missed = TIMERS - perTimer.size;
    const last = Math.max(...firings.map((f) => (f.at as Date).getTime()));
    const first = Math.min(...firings.map((f) => (f.at as Date).getTime()));
    const share = new Map<string, number>();
    for (const f of firings) share.set(f.replica, (share.get(f.replica) ?? 0) + 1);
    console.log(`fired:            ${perTimer.size} of ${TIMERS} timers; ${duplicates} duplicate firings, ${missed} missed`);
    console.log(`exactly once:     ${duplicates === 0 && missed === 0 ? 'yes' : 'NO'}`);
    console.log(`due → first fire: ${((first - due.getTime()) / 1000).toFixed(2)} s`);
    console.log(`due → last fire:  ${((last - due.getTime()) / 1000).toFixed(2)} s (${(TIMERS / ((last - due.getTime()) / 1000)).toFixed(0)} timers/s)`);
    console.log(`per replica:      ${[...share].map(([r, n]) => `${r} ${n} (${((100 * n) / firings.length).toFixed(0)} %)`).join(', ')}`);
  } finally {
    // The database goes only once no replica can touch it any more.
    await Promise.all(
      replicas.map((r) => {
        if (r.exitCode !== null) return undefined;
        const exited = new Promise((resolve) => r.once('exit', resolve));
        r.send({ stop: true });
        const kill = setTimeout(() => r.kill('SIGKILL'), 15_000);
        return exited.finally(() => clearTimeout(kill));
      }),
    );
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
