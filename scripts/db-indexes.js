#!/usr/bin/env node
// npm run db:indexes: creates, in each service's database, every index its models declare
// (idempotent: an index that exists is left as it is). Runs each built service with --db-indexes,
// which instantiates its models without starting it. With MONGODB_URI set, it works on that
// server with the environment's settings (production: run the image with
// `node dist/apps/<service>/main.js --db-indexes`); otherwise on the local stack.
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ROOT, SERVICES, serviceEnv } = require('./lib/local-env');
const { run } = require('./lib/run');

function indexes(service) {
  const env = process.env.MONGODB_URI ? { ...process.env, PORT: '0' } : { ...serviceEnv(service), PORT: '0' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', service.name, 'main.js'), '--db-indexes'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.split('\n').filter((l) => l.startsWith('index '))) : reject(new Error(`${service.name}: exit ${code}`))));
  });
}

async function main() {
  if ((await run('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })) !== 0) throw new Error('npm run build failed');
  for (const service of SERVICES) {
    const created = await indexes(service);
    console.log(`[db:indexes] ${service.name}: ${created.length} declared indexes in place`);
    for (const line of created) console.log(`  ${line.slice('index '.length)}`);
  }
}

main().catch((e) => {
  console.error(`[db:indexes] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
