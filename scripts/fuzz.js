#!/usr/bin/env node
// npm run test:fuzz: schemathesis (from PyPI, into .local/fuzz) with every check against each
// service's own /openapi.json, with a staff token holding every role, on services of its own
// (fresh databases and topics). Prints a line per service and exits non-zero on any failure.
//   FUZZ_EXAMPLES (default 25) test cases per operation; FUZZ_SEED (default: random) replays a run;
//   FUZZ_SKIP_BUILD=1 when dist/ is already built from this checkout.
const fs = require('node:fs');
const path = require('node:path');
const { LOCAL, ROOT } = require('./lib/local-env');
const { run, withLocalStack, exitWith } = require('./lib/run');
const { PrivateService } = require('./lib/private-service');
const { issueStaffToken, ROLES } = require('./lib/staff-token');
const { localJwtSecret } = require('./lib/local-env');

const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = path.join(LOCAL, 'fuzz');
const SCHEMATHESIS = path.join(VENV, 'bin', 'schemathesis');
const EXAMPLES = process.env.FUZZ_EXAMPLES ?? '25';
const SEED = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const SERVICES = ['subprocessor-registry', 'customer-notification', 'breach-response'];

/** The pinned schemathesis in a virtualenv under .local/ (kept between runs). */
async function ensureSchemathesis() {
  const marker = path.join(VENV, `schemathesis-${SCHEMATHESIS_VERSION}`);
  if (fs.existsSync(marker)) return;
  console.log(`[fuzz] installing schemathesis ${SCHEMATHESIS_VERSION} into ${path.relative(ROOT, VENV)}`);
  fs.rmSync(VENV, { recursive: true, force: true });
  if ((await run('python3', ['-m', 'venv', VENV])) !== 0) throw new Error('python3 -m venv failed');
  if ((await run(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`])) !== 0) throw new Error('pip install schemathesis failed');
  fs.writeFileSync(marker, '');
}

async function fuzz(service, token, reportDir) {
  const args = [
    '--config-file', path.join(__dirname, 'fuzz', 'schemathesis.toml'),
    'run', `${service.url}/openapi.json`,
    '--checks', 'all',
    '--header', `Authorization: Bearer ${token}`,
    '--max-examples', EXAMPLES,
    '--seed', SEED,
    // The stateful phase guesses links between operations from names, and takes the customer's id
    // that POST …/contacts answers for the new contact's id: a false "created resource not found".
    '--phases', 'examples,coverage,fuzzing',
    // Two workers trip a hypothesis internal error (lambda source cache) on this version.
    '--workers', '1',
    '--report', 'junit', '--report-junit-path', path.join(reportDir, `${service.name}.xml`),
    '--no-color',
  ];
  // Run from the reports folder: schemathesis keeps its cache (.schemathesis/) in the working directory.
  return run(SCHEMATHESIS, args, { cwd: reportDir, env: { ...process.env, SCHEMATHESIS_HOOKS: 'hooks', PYTHONPATH: path.join(__dirname, 'fuzz') } });
}

async function main() {
  await ensureSchemathesis();
  if (!process.env.FUZZ_SKIP_BUILD && (await run('npm', ['run', '--silent', 'build'])) !== 0) return 1;
  const runId = `fuzz${Date.now().toString(36)}`;
  const services = SERVICES.map(
    (name, i) =>
      new PrivateService({
        name,
        port: 3301 + i,
        database: `${runId}_${name.replace(/-/g, '_')}`,
        topicPrefix: `${runId}.`,
        // The fuzzer is one client asking fast; the public limits would answer most of it with 429.
        env: { PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000', NOTICE_PAGE_RATE_LIMIT: '1000000' },
      }),
  );
  const reportDir = path.join(LOCAL, 'fuzz-reports');
  fs.mkdirSync(reportDir, { recursive: true });
  const results = [];
  try {
    await Promise.all(services.map((s) => s.start()));
    const token = await issueStaffToken({ secret: localJwtSecret(), sub: 'fuzz', roles: ROLES });
    for (const service of services) {
      console.log(`\n[fuzz] ${service.name}: seed ${SEED}, ${EXAMPLES} examples per operation`);
      results.push({ name: service.name, code: await fuzz(service, token, reportDir) });
    }
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    await dropDatabases(runId);
  }
  console.log('');
  for (const r of results) console.log(`[fuzz] ${r.name}: ${r.code === 0 ? 'no failures' : `failures (schemathesis exit ${r.code})`}`);
  console.log(`[fuzz] seed ${SEED}; JUnit reports in ${path.relative(ROOT, reportDir)}`);
  return results.length === SERVICES.length && results.every((r) => r.code === 0) ? 0 : 1;
}

/** The run's databases go with it. */
async function dropDatabases(runId) {
  const { MongoClient } = require('mongodb');
  const client = await MongoClient.connect(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017');
  try {
    for (const name of SERVICES) await client.db(`${runId}_${name.replace(/-/g, '_')}`).dropDatabase();
  } finally {
    await client.close();
  }
}

exitWith(() => withLocalStack(main));
