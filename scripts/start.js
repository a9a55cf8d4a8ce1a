#!/usr/bin/env node
// npm start: install what is missing, start the local stack, build and start the three services and
// the staff console, seed the demo data, print URLs and a token per role. Ctrl-C stops everything it
// started.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ROOT, LOCAL, SERVICES, CONSOLE, serviceEnv, consoleEnv, localJwtSecret } = require('./lib/local-env');
const { run, ensureNodeModules, stackAlreadyUp } = require('./lib/run');
const demo = require('./lib/demo-data');

const say = (m) => console.log(`[forewarn] ${m}`);
const children = [];
let stopStack = false;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Rebuilds a service only when its sources (or the shared libs) changed since its last build. */
async function buildIfStale(service) {
  const bundle = path.join(ROOT, 'dist', 'apps', service.name, 'main.js');
  const sources = Math.max(newestMtime(path.join(ROOT, 'apps', service.name)), newestMtime(path.join(ROOT, 'libs')));
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs > sources) return;
  say(`building ${service.name}`);
  if ((await run('npx', ['nest', 'build', service.name])) !== 0) throw new Error(`build of ${service.name} failed`);
}

function startService(service, env = serviceEnv(service)) {
  const log = fs.openSync(path.join(LOCAL, 'logs', `${service.name}.log`), 'a');
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', service.name, 'main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  child.on('exit', (code) => {
    if (shuttingDown) return;
    say(`${service.name} exited with code ${code}; see .local/logs/${service.name}.log`);
    shutdown(1);
  });
  children.push(child);
  return `http://127.0.0.1:${env.PORT}`;
}

/** Refuses to start over another copy: /health would then answer for the wrong process. */
async function assertPortFree(service, port) {
  const net = require('node:net');
  await new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () =>
      reject(new Error(`port ${port} for ${service.name} is in use (another npm start?); stop it or set ${envPortName(service)}`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(resolve));
  });
}

const envPortName = (service) => `${service.name.toUpperCase().replace(/-/g, '_')}_PORT`;

async function waitHealthy(name, url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} did not become healthy within ${timeoutMs / 1000}s; see .local/logs/${name}.log`);
}

async function call(url, token, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

async function seed(urls, adminToken) {
  const imported = await call(`${urls['subprocessor-registry']}/api/v1/subprocessors/import`, adminToken, demo.subprocessors);
  if (imported.status !== 201) throw new Error(`seeding subprocessors failed: ${JSON.stringify(imported.body)}`);
  let created = 0;
  for (const customer of demo.customers) {
    const result = await call(`${urls['customer-notification']}/api/v1/customers`, adminToken, customer);
    if (result.status === 201) created++;
    else if (result.status !== 409) throw new Error(`seeding ${customer.name} failed: ${JSON.stringify(result.body)}`);
  }
  say(`demo data: ${imported.body.created.length} subprocessors and ${created} customers added (the rest were already there)`);
  const breaches = await fetch(`${urls['breach-response']}/api/v1/breaches`, { headers: { authorization: `Bearer ${adminToken}` } });
  if (breaches.ok && (await breaches.json()).length === 0) {
    const logged = await call(`${urls['breach-response']}/api/v1/breaches`, adminToken, demo.breach());
    if (logged.status !== 201) throw new Error(`seeding the demo breach failed: ${JSON.stringify(logged.body)}`);
    say(`demo data: breach ${logged.body.reference} logged (customer notice due ${logged.body.deadlines.customerNoticeDueAt})`);
  }
}

let shuttingDown = false;
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  say('stopping the services');
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  if (stopStack) await run('bash', ['deploy/stack.sh', 'stop']);
  process.exit(code);
}

async function main() {
  const started = Date.now();
  await ensureNodeModules();
  stopStack = !(await stackAlreadyUp());
  if ((await run('bash', ['deploy/stack.sh', 'start'])) !== 0) throw new Error('the local stack did not start');
  for (const service of [...SERVICES, CONSOLE]) await buildIfStale(service);

  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  for (const service of [...SERVICES, CONSOLE]) await assertPortFree(service, Number(serviceEnv(service).PORT));
  const urls = Object.fromEntries(SERVICES.map((s) => [s.name, startService(s)]));
  urls.console = startService(CONSOLE, consoleEnv(urls));
  await Promise.all([...SERVICES, CONSOLE].map((s) => waitHealthy(s.name, urls[s.name])));

  // Required only now: on a fresh clone, jose arrives with the npm ci above.
  const { issueStaffToken, ROLES } = require('./lib/staff-token');
  const secret = localJwtSecret();
  const tokens = Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, await issueStaffToken({ secret, sub: `demo-${role}`, roles: [role] })])),
  );
  await seed(urls, tokens.admin);

  console.log(`
Forewarn is up (${((Date.now() - started) / 1000).toFixed(1)} s). Logs: .local/logs/

  Staff console           ${urls.console}   (local sign-in: pick a role)

  Subprocessor registry   ${urls['subprocessor-registry']}   docs: ${urls['subprocessor-registry']}/docs
  Public list             ${urls['subprocessor-registry']}/subprocessors   (.json, /feed.atom)
  Customer notification   ${urls['customer-notification']}   docs: ${urls['customer-notification']}/docs
  Breach response         ${urls['breach-response']}   docs: ${urls['breach-response']}/docs
  SES emulator inbox      http://127.0.0.1:8005

Staff tokens (12 h; new ones: npm run token -- <role>):
${ROLES.map((r) => `  ${r.padEnd(10)} ${tokens[r]}`).join('\n')}

Press Ctrl-C to stop.`);
}

main().catch(async (error) => {
  console.error(`[forewarn] ${error instanceof Error ? error.message : error}`);
  await shutdown(1);
});
