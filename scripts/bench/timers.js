#!/usr/bin/env node
// npm run bench:timers -- [timers=10000] [replicas=2]
// Against the local FerretDB (deploy/stack.sh start): compiles the bench, starts the replicas as
// separate OS processes, schedules the timers due at one moment and prints what fired, and how fast.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const out = path.join(root, 'dist', 'bench');
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(__dirname, 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
// The compiled libraries import each other as @forewarn/*: resolve those inside dist/bench.
const run = spawnSync(process.execPath, ['-r', 'tsconfig-paths/register', path.join(out, 'scripts', 'bench', 'timers', 'timers-bench.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, TS_NODE_BASEURL: out, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} -r tsconfig-paths/register`.trim() },
});
process.exit(run.status ?? 1);
