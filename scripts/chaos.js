#!/usr/bin/env node
// npm run test:chaos: the worst-day cases (test/chaos/*.chaos-spec.ts) against the built services,
// run as child processes a case can kill, on the local stack or private Kafka and FerretDB
// processes a case can stop. Builds first (CHAOS_SKIP_BUILD=1 when dist/ is current). Prints a
// line per case and `N passed, N failed` last. Extra arguments go to jest.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { LOCAL } = require('./lib/local-env');
const { run, withLocalStack, exitWith } = require('./lib/run');

exitWith(() =>
  withLocalStack(async () => {
    if (!process.env.CHAOS_SKIP_BUILD && (await run('npm', ['run', '--silent', 'build'])) !== 0) return 1;
    const started = Date.now();
    const results = path.join(LOCAL, 'chaos-results.json');
    fs.rmSync(results, { force: true });
    const code = await run('npx', ['jest', '--ci', '--selectProjects', 'chaos', '--runInBand', '--testTimeout=900000', '--json', `--outputFile=${results}`, ...process.argv.slice(2)], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
    });
    if (!fs.existsSync(results)) return code || 1;
    const report = JSON.parse(fs.readFileSync(results, 'utf8'));
    console.log('');
    for (const file of report.testResults) {
      for (const t of file.assertionResults) {
        const status = { passed: 'PASS', failed: 'FAIL' }[t.status] ?? 'SKIP';
        console.log(`[chaos] ${status} ${t.title} (${Math.round((t.duration ?? 0) / 1000)} s)`);
      }
    }
    console.log(`[chaos] ${Math.round((Date.now() - started) / 1000)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`);
    return code;
  }),
);
