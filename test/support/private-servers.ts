import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

/*
 * Private database and broker processes for tests that stop and restart them. The shared servers
 * (27017, 9092) must never be stopped: other suites run on them at the same time.
 */

const ROOT = resolve(__dirname, '../..');
const LOCAL = join(ROOT, '.local');

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive()) throw new Error(`${what}: the process exited`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One server run as a child process that a test can stop and start again on the same port and data. */
abstract class PrivateServer {
  protected readonly dir: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;

  protected constructor(private readonly name: string) {
    this.dir = mkdtempSync(join(tmpdir(), `forewarn-${name}-`));
  }

  protected abstract command(): { file: string; args: string[]; env?: Record<string, string> };
  protected abstract answers(): Promise<boolean>;
  protected abstract readonly startTimeoutMs: number;

  get running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const { file, args, env } = this.command();
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
    this.exited = new Promise((ok) => child.once('exit', () => ok()));
    let alive = true;
    void this.exited.then(() => (alive = false));
    try {
      await until(`private ${this.name}`, () => this.answers(), this.startTimeoutMs, () => alive);
    } catch (e) {
      await this.stop();
      throw new Error(`${(e as Error).message}\n${output}`);
    }
  }

  /** Kills the process (as a crash or an unplugged host would) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill('SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the process and removes its data. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** FerretDB on SQLite, as deploy/stack.sh runs it, with its own port and data folder. */
export class PrivateFerretDb extends PrivateServer {
  protected readonly startTimeoutMs = 30_000;

  private constructor(readonly port: number) {
    super('ferretdb');
  }

  static async create(): Promise<PrivateFerretDb> {
    return new PrivateFerretDb(await freePort());
  }

  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}`;
  }

  protected command() {
    return {
      file: join(LOCAL, 'bin/ferretdb'),
      args: [
        '--handler=sqlite',
        `--sqlite-url=file:${this.dir}/`,
        `--state-dir=${this.dir}`,
        `--listen-addr=127.0.0.1:${this.port}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=ERROR',
      ],
      env: { DO_NOT_TRACK: '1' },
    };
  }

  protected async answers(): Promise<boolean> {
    const client = new MongoClient(this.uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      return true;
    } finally {
      await client.close();
    }
  }
}

const JAVA = ['/usr/lib/jvm/java-17-openjdk-amd64/bin/java'].find((j) => existsSync(j)) ?? 'java';
const KAFKA_CLASSPATH = join(LOCAL, 'kafka/libs/*');
const LOG4J = `-Dlog4j2.configurationFile=${join(ROOT, 'deploy/kafka/log4j2.yaml')}`;

/** A single-node KRaft broker from the jars deploy/stack.sh fetched, on its own ports and log dirs. */
export class PrivateKafka extends PrivateServer {
  protected readonly startTimeoutMs = 90_000;

  private constructor(
    readonly port: number,
    private readonly controllerPort: number,
  ) {
    super('kafka');
  }

  /** Formats the storage once; `start()` then boots the broker. */
  static async create(): Promise<PrivateKafka> {
    const kafka = new PrivateKafka(await freePort(), await freePort());
    await kafka.format();
    return kafka;
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  private get properties(): string {
    return join(this.dir, 'server.properties');
  }

  private async format(): Promise<void> {
    const template = readFileSync(join(ROOT, 'deploy/kafka/server.properties'), 'utf8');
    writeFileSync(
      this.properties,
      template
        .replace(/@KAFKA_PORT@/g, String(this.port))
        .replace(/@KAFKA_CONTROLLER_PORT@/g, String(this.controllerPort))
        .replace(/@KAFKA_DATA_DIR@/g, join(this.dir, 'data')) +
        // A killed broker's registration otherwise blocks its restart for the default 9 s session.
        '\nbroker.session.timeout.ms=1500\nbroker.heartbeat.interval.ms=300\n',
    );
    // `=`-joined: an id may begin with '-', which would read as an option.
    const clusterId = randomBytes(16).toString('base64url');
    await promisify(execFile)(JAVA, [LOG4J, '-cp', KAFKA_CLASSPATH, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', this.properties]);
  }

  protected command() {
    return {
      file: JAVA,
      args: ['-Xms64m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true', `-Dkafka.logs.dir=${this.dir}`, LOG4J, '-cp', KAFKA_CLASSPATH, 'kafka.Kafka', this.properties],
    };
  }

  protected async answers(): Promise<boolean> {
    const admin = new Kafka({ brokers: [this.brokers], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 500 }).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return true;
    } finally {
      await admin.disconnect();
    }
  }
}
