// A service of a script's own: built code from dist/, its own database and topic prefix, so a
// bench, the fuzz run or the chaos suite neither reads nor leaves anything in the local stack's
// data. It can be stopped gracefully, killed outright and started again with the same settings.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { ROOT, serviceEnv } = require('./local-env');

class PrivateService {
  /**
   * @param {{ name: string, port: number, database: string, topicPrefix: string,
   *   env?: Record<string, string>, nodeArgs?: string[] }} options
   */
  constructor({ name, port, database, topicPrefix, env = {}, nodeArgs = [] }) {
    this.name = name;
    this.url = `http://127.0.0.1:${port}`;
    this.nodeArgs = nodeArgs;
    this.env = { ...serviceEnv({ name, port }), PORT: String(port), MONGODB_DATABASE: database, KAFKA_TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'warn', ...env };
    this.child = null;
  }

  /** Starts it and resolves once `/health` answers. */
  async start(timeoutMs = 60_000) {
    const child = spawn(process.execPath, [...this.nodeArgs, path.join(ROOT, 'dist', 'apps', this.name, 'main.js')], {
      env: this.env,
      stdio: ['ignore', process.env.BENCH_SERVICE_STDOUT ? 'inherit' : 'ignore', 'inherit'],
    });
    this.child = child;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.exited = exited;
    for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${this.name} exited (${child.exitCode ?? child.signalCode}); is it built? (npm start builds it)`);
      if (await fetch(`${this.url}/health`).then((r) => r.ok, () => false)) return this;
      await new Promise((r) => setTimeout(r, 250));
    }
    await this.stop();
    throw new Error(`${this.name} did not answer /health within ${timeoutMs / 1000} s`);
  }

  get running() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, and waits for the graceful shutdown. */
  stop() {
    return this.signal('SIGTERM');
  }

  /** SIGKILL: no shutdown hook runs, as when a machine dies. */
  kill() {
    return this.signal('SIGKILL');
  }

  async signal(name) {
    if (!this.running) return;
    this.child.kill(name);
    await this.exited;
  }
}

/** Starts one and resolves once `/health` answers; `stop()` ends it. */
function startPrivateService(options) {
  return new PrivateService(options).start();
}

module.exports = { PrivateService, startPrivateService };
