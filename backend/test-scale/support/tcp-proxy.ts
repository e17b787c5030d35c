import { createServer, Server, Socket, connect } from 'node:net';

/**
 * A loopback TCP proxy the suite controls, placed in front of PostgreSQL so a test can take the database away
 * without touching the machine's server (other engineers' tests use it too).
 * - `down()`: every open connection is reset and new ones are refused (a crashed or restarting database);
 * - `blackhole()`: connections stay open but nothing passes either way (a network partition: the hang case);
 * - `up()`: back to normal.
 */
export class TcpProxy {
  private server?: Server;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private mode: 'up' | 'down' | 'blackhole' = 'up';

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    this.mode = 'up';
    await this.listen();
  }

  async down(): Promise<void> {
    this.mode = 'down';
    for (const pair of this.pairs) {
      pair.client.resetAndDestroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
    await this.closeServer();
  }

  async blackhole(): Promise<void> {
    this.mode = 'blackhole';
    for (const { client, upstream } of this.pairs) {
      client.pause();
      upstream.pause();
      client.unpipe(upstream);
      upstream.unpipe(client);
    }
    if (!this.server) await this.listen();
  }

  async up(): Promise<void> {
    // Frozen connections are useless to their owners now (their protocol state is lost): reset them.
    for (const pair of this.pairs) {
      pair.client.resetAndDestroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
    this.mode = 'up';
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    await this.down();
  }

  private async listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (this.mode === 'blackhole') {
      // Accept and say nothing, like a dropped route.
      client.pause();
      const pair = { client, upstream: new Socket() };
      this.pairs.add(pair);
      client.once('close', () => this.pairs.delete(pair));
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    upstream.on('error', () => client.destroy());
    client.once('close', () => {
      upstream.destroy();
      this.pairs.delete(pair);
    });
    upstream.once('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private async closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
