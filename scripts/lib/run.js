// Runs a command with inherited output and resolves with its exit code.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ROOT } = require('./local-env');

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** npm ci when node_modules is missing or older than the lock file. */
async function ensureNodeModules() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  console.log('[forewarn] installing Node packages (npm ci)');
  if ((await run('npm', ['ci', '--no-audit', '--no-fund'])) !== 0) throw new Error('npm ci failed');
}

/** Whether every local server already answers (then we did not start them and will not stop them). */
async function stackAlreadyUp() {
  return (await run('bash', ['deploy/stack.sh', 'status'], { stdio: 'ignore' })) === 0;
}

/**
 * Runs `work` with the Node packages installed and the local stack up, and stops the stack after
 * unless it was running already (a developer's) or FOREWARN_KEEP_STACK is set.
 */
async function withLocalStack(work) {
  await ensureNodeModules();
  const wasUp = await stackAlreadyUp();
  if ((await run('bash', ['deploy/stack.sh', 'start'])) !== 0) return 1;
  try {
    return await work();
  } finally {
    if (!wasUp && !process.env.FOREWARN_KEEP_STACK) await run('bash', ['deploy/stack.sh', 'stop']);
  }
}

/** Exits with the code `main` resolves to; an error is printed and exits 1. */
function exitWith(main) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

module.exports = { run, ensureNodeModules, stackAlreadyUp, withLocalStack, exitWith };
