import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { loopbackNginxConfig } from './nginx-config';
import { freePort, ManagedProcess, waitFor, waitForPort } from './processes';
import { TcpProxy } from './tcp-proxy';

export const BACKEND_DIR = path.resolve(__dirname, '../..');
export const REPO_DIR = path.resolve(BACKEND_DIR, '..');
const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REPLAY_DIR = path.resolve(REPO_DIR, process.env.SCALE_REPLAY_DIR ?? '../shared/data/candles');
export const SCALE_SYMBOLS = ['BTC/USDT', 'ETH/USDT'];

export interface ClusterOptions {
  apiReplicas?: number;
  workers?: number;
  /** Extra environment for every backend process. */
  env?: Record<string, string>;
}

interface ApiReplica {
  process: ManagedProcess;
  port: number;
}

/**
 * The production shape on loopback: nginx (config generated from nginx/nginx.conf) → N api processes, M workers,
 * built from backend/dist; a fresh PostgreSQL database reached through a TCP proxy the tests control; a private
 * redis-server (the machine's Redis is shared with other test runs, and one test restarts Redis).
 */
export class ScaleCluster {
  readonly apis: ApiReplica[] = [];
  readonly workers: ManagedProcess[] = [];
  nginx!: ManagedProcess;
  redis!: ManagedProcess;
  pgProxy!: TcpProxy;
  nginxPort = 0;
  redisPort = 0;
  workerMetricsPorts: number[] = [];
  readonly databaseName = `coincast_scale_${process.pid}_${randomBytes(3).toString('hex')}`;
  readonly redisPrefix = `coincast-scale:${randomBytes(3).toString('hex')}:`;
  private workDir = '';
  private assertionClient?: Client;
  private env: NodeJS.ProcessEnv = {};

  get url(): string {
    return `http://127.0.0.1:${this.nginxPort}`;
  }

  static async start(options: ClusterOptions = {}): Promise<ScaleCluster> {
    const cluster = new ScaleCluster();
    try {
      await cluster.boot(options);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  private async boot(options: ClusterOptions): Promise<void> {
    for (const file of ['dist/main.js', 'dist/main.worker.js', '../ml/dist/index.js', '../frontend/dist/index.html']) {
      if (!existsSync(path.join(BACKEND_DIR, file))) throw new Error(`backend/${file} is missing: run \`npm run build\` (ml, frontend, backend) first`);
    }
    if (!existsSync(REPLAY_DIR)) throw new Error(`replay candles not found in ${REPLAY_DIR} (set SCALE_REPLAY_DIR)`);
    this.workDir = mkdtempSync(path.join(tmpdir(), 'coincast-scale-'));

    await this.startRedis();
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${this.databaseName}`);
    await admin.end();
    this.pgProxy = new TcpProxy(await freePort(), { host: '127.0.0.1', port: Number(new URL(PG_ADMIN_URL).port || 5432) });
    await this.pgProxy.start();
    const databaseUrl = new URL(PG_ADMIN_URL);
    databaseUrl.port = String(this.pgProxy.port);
    databaseUrl.pathname = `/${this.databaseName}`;

    this.env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      JWT_SECRET: randomBytes(24).toString('hex'),
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: `redis://127.0.0.1:${this.redisPort}`,
      REDIS_PREFIX: this.redisPrefix,
      FRONTEND_DIST: '',
      TRUST_PROXY: '1',
      METRICS_PUBLIC: 'true',
      MARKET_SOURCE: 'replay',
      REPLAY_DIR,
      REPLAY_SPEED: '60',
      TRACKED_SYMBOLS: SCALE_SYMBOLS.join(','),
      BACKFILL_DAYS_1H: '3',
      BACKFILL_DAYS_1D: '30',
      TICKER_POLL_MS: '250',
      CANDLE_CATCHUP_SECONDS: '10',
      // Every test user registers from 127.0.0.1 through nginx.
      REGISTER_RATE_LIMIT: '1000',
      LOGIN_RATE_LIMIT_PER_IP: '1000',
      // Naive forecasts run every slot; the background TensorFlow training would only eat the shared CPU.
      FORECAST_INITIAL_TRAINING: 'false',
      // The replay folder holds 5-minute files, and at REPLAY_SPEED 60 a 5-minute slot comes every 5 s: those slots
      // and the 5m backfill would take the two cores from the hourly shards these suites measure (the sub-hour path
      // has its own specs). Suites that want it pass INTRADAY_TIMEFRAMES in options.env.
      INTRADAY_TIMEFRAMES: 'none',
      ...options.env,
    };

    // The first worker runs the migrations alone (TypeORM takes no lock: concurrent first boots could race).
    await this.startWorker();
    for (let i = 0; i < (options.workers ?? 1) - 1; i++) await this.startWorker();
    await Promise.all(Array.from({ length: options.apiReplicas ?? 2 }, () => this.startApi()));
    await this.startNginx();
  }

  /** Starts a worker (`slot` replaces a stopped one, keeping its metrics port). */
  async startWorker(extraEnv: Record<string, string> = {}, slot?: number, waitStarted = true): Promise<ManagedProcess> {
    const index = slot ?? this.workers.length;
    const metricsPort = this.workerMetricsPorts[index] ?? (await freePort());
    const worker = new ManagedProcess(`worker${index + 1}`, process.execPath, ['dist/main.worker.js'], {
      cwd: BACKEND_DIR,
      env: { ...this.env, ...extraEnv, ROLE: 'worker', METRICS_PORT: String(metricsPort) },
    }).start();
    this.workers[index] = worker;
    this.workerMetricsPorts[index] = metricsPort;
    if (waitStarted) await worker.waitForOutput(/Coincast worker started/, 90_000);
    return worker;
  }

  /** Starts an api replica (on `port` to bring a killed replica back at the address nginx knows). */
  async startApi(port?: number): Promise<ApiReplica> {
    const replicaPort = port ?? (await freePort());
    const index = port === undefined ? this.apis.length : this.apis.findIndex((api) => api.port === port);
    const child = new ManagedProcess(`api${index + 1}`, process.execPath, ['dist/main.js'], {
      cwd: BACKEND_DIR,
      env: { ...this.env, ROLE: 'api', PORT: String(replicaPort) },
    }).start();
    const replica = { process: child, port: replicaPort };
    if (port === undefined) this.apis.push(replica);
    else this.apis[index] = replica;
    await waitFor(
      `api on :${replicaPort} to be ready`,
      async () => {
        if (!child.running) throw new Error(`api exited:\n${child.tail()}`);
        const response = await fetch(`http://127.0.0.1:${replicaPort}/api/v1/health/ready`).catch(() => undefined);
        return response?.ok;
      },
      90_000,
      200,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- api output ---\n${child.tail()}`);
    });
    return replica;
  }

  private async startNginx(): Promise<void> {
    this.nginxPort = await freePort();
    const production = readFileSync(path.join(REPO_DIR, 'nginx/nginx.conf'), 'utf8');
    const staticRoot = path.join(REPO_DIR, 'frontend/dist');
    const conf = loopbackNginxConfig(production, {
      listenPort: this.nginxPort,
      apiPorts: this.apis.map((api) => api.port),
      staticRoot,
      workDir: this.workDir,
    });
    const confPath = path.join(this.workDir, 'nginx.conf');
    writeFileSync(confPath, conf);
    this.nginx = new ManagedProcess('nginx', process.env.NGINX_BIN ?? 'nginx', ['-p', this.workDir, '-c', confPath, '-g', 'daemon off;'], {
      cwd: this.workDir,
      env: { PATH: process.env.PATH },
    }).start();
    await waitForPort(this.nginxPort).catch((error: Error) => {
      throw new Error(`${error.message}\n--- nginx ---\n${this.nginx.tail()}\n${this.nginxErrors()}`);
    });
  }

  nginxErrors(): string {
    const file = path.join(this.workDir, 'error.log');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-20).join('\n') : '';
  }

  async startRedis(): Promise<void> {
    if (!this.redisPort) this.redisPort = await freePort();
    this.redis = new ManagedProcess(
      'redis',
      process.env.REDIS_SERVER_BIN ?? 'redis-server',
      ['--port', String(this.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.workDir],
      { cwd: this.workDir, env: { PATH: process.env.PATH } },
    ).start();
    await waitForPort(this.redisPort);
  }

  /** Kills the private redis-server, waits `downMs`, starts a fresh (empty) one on the same port. */
  async restartRedis(downMs: number): Promise<void> {
    await this.redis.kill();
    await new Promise((r) => setTimeout(r, downMs));
    await this.startRedis();
  }

  /** Empties the suite's private Redis (queues, cache): what a fresh deployment starts with. */
  async flushRedis(): Promise<void> {
    const redis = new Redis(`redis://127.0.0.1:${this.redisPort}`, { maxRetriesPerRequest: 1 });
    try {
      await redis.flushall();
    } finally {
      redis.disconnect();
    }
  }

  /** The Prometheus text of one process, scraped directly (nginx refuses /api/v1/metrics). */
  async apiMetrics(index: number): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.apis[index].port}/api/v1/metrics`);
    return response.text();
  }

  async workerMetrics(index: number): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.workerMetricsPorts[index]}/metrics`);
    return response.text();
  }

  /** SQL straight to the database (bypassing the proxy), for assertions; one kept connection so polls are fast. */
  async sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    if (!this.assertionClient) {
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${this.databaseName}`;
      const client = new Client({ connectionString: url.toString() });
      client.on('error', () => undefined);
      await client.connect();
      this.assertionClient = client;
    }
    return (await this.assertionClient.query(query, params)).rows as T[];
  }

  logs(): string {
    const all = [...this.apis.map((api) => api.process), ...this.workers, this.nginx, this.redis].filter(Boolean);
    return all.map((p) => `--- ${p.name} ---\n${p.tail(15)}`).join('\n');
  }

  async stop(): Promise<void> {
    await this.nginx?.stop(2_000);
    await Promise.all([...this.apis.map((api) => api.process.stop()), ...this.workers.map((worker) => worker.stop())]);
    await this.redis?.stop(2_000);
    await this.pgProxy?.close();
    await this.assertionClient?.end().catch(() => undefined);
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect().then(
      () => admin.query(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`).finally(() => admin.end()),
      () => undefined,
    );
    if (this.workDir) rmSync(this.workDir, { recursive: true, force: true });
  }
}
