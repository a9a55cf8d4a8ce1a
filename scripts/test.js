#!/usr/bin/env node
// npm test: provision and start the local stack (Kafka, FerretDB, SES emulator), type-check,
// then run every unit and integration test against the real servers. Extra arguments go to jest.
const fs = require('node:fs');
const path = require('node:path');
const { LOCAL } = require('./lib/local-env');
const { run, withLocalStack, exitWith } = require('./lib/run');

exitWith(() =>
  withLocalStack(async () => {
    if ((await run('bash', ['deploy/stack.sh', 'browser'])) !== 0) return 1;
    console.log('[forewarn] type-checking');
    if ((await run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])) !== 0) return 1;
    const results = path.join(LOCAL, 'jest-results.json');
    // The integration tests record their query shapes here (test/support/query-recorder.ts).
    fs.rmSync(path.join(LOCAL, 'query-shapes'), { recursive: true, force: true });
    const projects = process.argv.includes('--selectProjects') ? [] : ['--selectProjects', 'unit', 'integration'];
    const code = await run('npx', ['jest', '--ci', '--json', `--outputFile=${results}`, ...projects, ...process.argv.slice(2)], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
    });
    if (fs.existsSync(results)) {
      const r = JSON.parse(fs.readFileSync(results, 'utf8'));
      console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
    }
    // Every query the services made must have an index on MongoDB.
    const indexes = await run('node', ['scripts/check-query-indexes.js']);
    return code !== 0 ? code : indexes;
  }),
);
