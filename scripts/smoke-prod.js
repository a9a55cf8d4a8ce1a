#!/usr/bin/env node
// npm run smoke:prod: what deploy/Dockerfile and docker-compose.yml do, without Docker.
//
// 1. The image: the build (npm run build) copied with package.json and the lock file into a
//    temporary folder, and `npm ci --omit=dev` there, as the image's last stage does.
// 2. The compose file: each service started from that folder with NODE_ENV=production and exactly
//    the environment docker-compose.yml gives it (read with a YAML parser, anchors and `${VAR:?}`
//    resolved from the values `npm run compose:env` generates). Only what must differ off Docker
//    is changed: the hosts mongodb/kafka/ses become the local stack's, the ports move up by 100,
//    and the database names and topic prefix are private to this run.
// 3. Checks: /health of each; the walking skeleton (a change announced → one email per contact at
//    the SES emulator; a breach notice → its email); and that production refuses each dev-only
//    setting (the test clock, SNS signature checks off).
// Prints one line per check and exits non-zero on the first failure.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { parse } = require('yaml');
const { ROOT } = require('./lib/local-env');
const { run, stackAlreadyUp } = require('./lib/run');
const { issueStaffToken } = require('./lib/staff-token');
const { composeEnv } = require('./compose-env');
const demo = require('./lib/demo-data');

const SERVICES = ['subprocessor-registry', 'customer-notification', 'breach-response', 'console'];
const SES = 'http://127.0.0.1:8005';
const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const say = (m) => console.log(`[smoke:prod] ${m}`);
const started = Date.now();

/** `${VAR}`, `${VAR:-default}` and `${VAR:?message}`, as compose substitutes them. */
function interpolate(value, vars) {
  return String(value).replace(/\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g, (_, name, op, arg) => {
    if (vars[name] !== undefined && vars[name] !== '') return vars[name];
    if (op === '?') throw new Error(`docker-compose.yml needs ${name}: ${arg}`);
    return op === '-' ? arg : '';
  });
}

/** Each service's environment as compose would give it, then pointed at the local stack. */
function environments(vars) {
  const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
  const image = { NODE_ENV: 'production', HOST: '0.0.0.0' }; // the image's ENV
  return Object.fromEntries(
    SERVICES.map((name) => {
      const env = { ...image };
      for (const [key, value] of Object.entries(compose.services[name].environment)) env[key] = interpolate(value, vars);
      // Compose's host names become the local stack's, and the services' ports move up by 100.
      for (const [key, value] of Object.entries(env)) {
        env[key] = value
          .replace('//mongodb:', '//127.0.0.1:')
          .replace(/\bkafka:/g, '127.0.0.1:')
          .replace('//ses:', '//127.0.0.1:')
          .replace(/\/\/(subprocessor-registry|customer-notification|breach-response):(\d+)/g, (_, _host, port) => `//127.0.0.1:${Number(port) + 100}`);
      }
      env.PORT = String(Number(env.PORT) + 100);
      env.HOST = '127.0.0.1';
      env.MONGODB_DATABASE = `smoke_${runId}_${name.replace(/-/g, '_')}`;
      env.KAFKA_TOPIC_PREFIX = `smoke.${runId}.`;
      return [name, env];
    }),
  );
}

/** The image's install: the build and a production-only `npm ci` in a folder of its own. */
async function imageFolder() {
  if ((await run('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })) !== 0) throw new Error('npm run build failed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forewarn-image-'));
  for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  // install scripts are off, as a production image should have them (none is needed at run time)
  if ((await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })) !== 0) {
    throw new Error('npm ci --omit=dev failed');
  }
  return dir;
}

function start(dir, name, env) {
  const child = spawn(process.execPath, [path.join(dir, 'dist', 'apps', name, 'main.js')], { cwd: dir, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderrText = '';
  child.stderr.on('data', (chunk) => (child.stderrText += chunk.toString()));
  child.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return child;
}

async function until(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function api(base, token, method, route, body) {
  const response = await fetch(`${base}${route}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body && JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const emailsTo = async (addresses) => {
  const store = await (await fetch(`${SES}/store?since=${Math.floor(started / 1000)}`)).json();
  return store.emails.filter((e) => e.destination.to.some((to) => addresses.includes(to)));
};

async function walkingSkeleton(envs) {
  const url = (name) => `http://127.0.0.1:${envs[name].PORT}`;
  const secret = envs['subprocessor-registry'].AUTH_JWT_SECRET;
  const admin = await issueStaffToken({ secret, sub: 'smoke', roles: ['admin'] });
  const at = (who) => `${who}.${runId}@smoke.example`;
  const customer = await api(url('customer-notification'), admin, 'POST', '/api/v1/customers', {
    name: `Smoke Customer ${runId}`,
    contacts: [{ name: 'Dee', email: at('dee') }, { name: 'Bo', email: at('bo'), receives: ['breaches'] }, { name: 'Cy', email: at('cy'), receives: ['subprocessor-changes'] }],
  });
  const subprocessor = await api(url('subprocessor-registry'), admin, 'POST', '/api/v1/subprocessors', { ...demo.subprocessors[5], name: `Smoke Hosting ${runId}` });
  const effectiveAt = new Date(Date.now() + 31 * 86400_000).toISOString();
  const draft = await api(url('subprocessor-registry'), admin, 'POST', '/api/v1/changes', { kind: 'addition', subprocessorId: subprocessor.id, effectiveAt, summary: 'Smoke test of the production build.' });
  await api(url('subprocessor-registry'), admin, 'POST', `/api/v1/changes/${draft.id}/announce`);
  const told = [at('dee'), at('cy')];
  const changeEmails = await until('one change email per subprocessor contact', async () => {
    const emails = await emailsTo([...told, at('bo')]);
    return emails.length >= 2 && emails;
  });
  if (changeEmails.length !== 2 || told.some((a) => !changeEmails.some((e) => e.destination.to.includes(a)))) throw new Error(`change emails: ${changeEmails.map((e) => e.destination.to).join(', ')}`);
  say(`walking skeleton: change ${draft.id} announced → 1 email each to ${told.length} contacts`);
  const breach = await api(url('breach-response'), admin, 'POST', '/api/v1/breaches', { ...demo.breach(), affectedCustomerIds: [customer.id] });
  await api(url('breach-response'), admin, 'POST', `/api/v1/breaches/${breach.id}/customer-notices`, { message: 'Smoke test.' });
  const breachTold = [at('dee'), at('bo')];
  // Dee had the change notice already; Bo receives breach notices only.
  await until('the breach notice at its contacts', async () => (await emailsTo([at('dee')])).length >= 2 && (await emailsTo([at('bo')])).length >= 1);
  say(`walking skeleton: breach ${breach.reference} notice → its ${breachTold.length} breach contacts`);
}

/** The console in production: only the OpenID Connect sign-in, pages need a session, the cookie would be Secure. */
async function consoleSignIn(envs) {
  const base = `http://127.0.0.1:${envs.console.PORT}`;
  const page = await fetch(`${base}/changes`, { redirect: 'manual' });
  if (page.status !== 303 || !page.headers.get('location').startsWith('/sign-in')) throw new Error(`console /changes without a session: ${page.status}`);
  const signIn = await (await fetch(`${base}/sign-in`)).text();
  if (!signIn.includes('Sign in with your company account') || signIn.includes('Local sign-in')) throw new Error('console sign-in page: expected the OpenID Connect sign-in only');
  const dev = await fetch(`${base}/sign-in/dev`, { method: 'POST', body: new URLSearchParams({ role: 'admin' }), redirect: 'manual' });
  if (dev.status !== 404) throw new Error(`console local sign-in in production answered ${dev.status}`);
  say('console: pages need a session, only the OpenID Connect sign-in is offered, the local one is not there');
}

/** Production must refuse each dev-only setting: the service exits, naming it. */
async function refusals(dir, envs) {
  const cases = [
    ['subprocessor-registry', { FOREWARN_TEST_CLOCK: '1' }, /FOREWARN_TEST_CLOCK/],
    ['customer-notification', { SES_WEBHOOK_VERIFY_SIGNATURES: 'false' }, /SES_WEBHOOK_VERIFY_SIGNATURES: must be on in production/],
    ['breach-response', { FOREWARN_TEST_CLOCK: 'on' }, /FOREWARN_TEST_CLOCK/],
    ['console', { CONSOLE_DEV_SIGN_IN: '1' }, /CONSOLE_DEV_SIGN_IN: the local sign-in lets anyone pick a role; it is refused in production/],
  ];
  for (const [name, extra, reason] of cases) {
    const child = start(dir, name, { ...envs[name], ...extra, PORT: '0' });
    const code = await Promise.race([child.exited, new Promise((r) => setTimeout(() => r('still running'), 30_000))]);
    if (code === 'still running') child.kill('SIGKILL');
    if (code !== 1 || !reason.test(child.stderrText)) throw new Error(`${name} with ${JSON.stringify(extra)} in production: exit ${code}, ${child.stderrText.trim() || 'no message'}`);
    say(`refused in production: ${name} with ${Object.entries(extra).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  }
}

async function main() {
  const ownStack = !(await stackAlreadyUp());
  if (ownStack && (await run('bash', ['deploy/stack.sh', 'start'])) !== 0) throw new Error('the local stack did not start');
  const children = [];
  let dir;
  try {
    const envs = environments(composeEnv());
    dir = await imageFolder();
    say(`image: build and npm ci --omit=dev in ${dir}`);
    for (const name of SERVICES) children.push(start(dir, name, envs[name]));
    await Promise.all(
      SERVICES.map(async (name, i) => {
        const healthy = until(`${name} /health`, async () => (await fetch(`http://127.0.0.1:${envs[name].PORT}/health`)).ok);
        const died = children[i].exited.then((code) => {
          throw new Error(`${name} exited (${code}) in production:\n${children[i].stderrText.trim()}`);
        });
        await Promise.race([healthy, died]);
        died.catch(() => undefined); // stopped at the end on purpose
        say(`${name}: healthy with NODE_ENV=production and the compose environment`);
      }),
    );
    await walkingSkeleton(envs);
    await consoleSignIn(envs);
    await refusals(dir, envs);
    say(`passed in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => Promise.race([c.exited, new Promise((r) => setTimeout(r, 10_000))])));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (ownStack) await run('bash', ['deploy/stack.sh', 'stop']);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`[smoke:prod] FAILED: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
