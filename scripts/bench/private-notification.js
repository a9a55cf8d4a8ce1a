// A notification service of a bench's own: built code from dist/, its own database and topic
// prefix, so a bench neither reads nor leaves anything in the local stack's data.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { ROOT, serviceEnv } = require('../lib/local-env');

/** Starts it and resolves once `/health` answers; `stop()` ends it. */
async function startPrivateNotification({ port, database, run, env = {}, nodeArgs = [] }) {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist', 'apps', 'customer-notification', 'main.js')], {
    env: { ...serviceEnv({ name: 'customer-notification', port }), PORT: String(port), MONGODB_DATABASE: database, KAFKA_TOPIC_PREFIX: `bench.${run}.`, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', process.env.BENCH_SERVICE_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`the notification service exited (${child.exitCode}); is it built? (npm start builds it)`);
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return { url, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error('the notification service did not answer /health within 60 s');
}

module.exports = { startPrivateNotification };
