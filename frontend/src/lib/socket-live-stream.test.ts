// @vitest-environment node
// The socket.io implementation against a real socket.io server on a loopback port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { SocketLiveStream } from './socket-live-stream';

const until = async (check: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function startServer(validToken: () => string) {
  const http = createServer();
  const io = new Server(http, { path: '/socket.io' });
  const subscriptions: string[][] = [];
  io.use((socket, next) => (socket.handshake.auth.token === validToken() ? next() : next(new Error('unauthorized'))));
  io.on('connection', (socket) => {
    socket.on('subscribe', (body: { symbols: string[] }) => {
      subscriptions.push(body.symbols);
      for (const symbol of body.symbols) void socket.join(symbol);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { io, url, subscriptions, close: () => new Promise<void>((resolve) => io.close(() => resolve())) };
}

describe('SocketLiveStream', () => {
  it('subscribes, receives room events, and re-subscribes after the connection drops', { timeout: 20_000 }, async () => {
    const server = await startServer(() => 'good');
    const stream = new SocketLiveStream(() => 'good', undefined, server.url);
    cleanup = async () => {
      stream.close();
      await server.close();
    };
    const ticks: unknown[] = [];
    stream.on('ticker', (tick) => ticks.push(tick));
    stream.subscribe(['BTC/USDT']);
    await until(() => stream.state === 'connected' && server.subscriptions.length > 0);
    expect(server.subscriptions.at(-1)).toEqual(['BTC/USDT']);
    server.io.to('BTC/USDT').emit('ticker', { symbol: 'BTC/USDT', price: '1' });
    await until(() => ticks.length === 1);

    const before = server.subscriptions.length;
    // A network drop (transport closed under the socket): socket.io reconnects by itself.
    for (const socket of server.io.sockets.sockets.values()) socket.conn.close();
    await until(() => server.subscriptions.length > before, 15_000);
    expect(server.subscriptions.at(-1)).toEqual(['BTC/USDT']);
    expect(stream.state).toBe('connected');
  });

  it('after a server-side kick, refreshes the session and reconnects', { timeout: 20_000 }, async () => {
    const server = await startServer(() => 'good');
    let refreshes = 0;
    const stream = new SocketLiveStream(
      () => 'good',
      async () => {
        refreshes += 1;
        return true;
      },
      server.url,
    );
    cleanup = async () => {
      stream.close();
      await server.close();
    };
    stream.subscribe(['ETH/USDT']);
    await until(() => server.subscriptions.length === 1);
    server.io.disconnectSockets();
    await until(() => server.subscriptions.length === 2, 10_000);
    expect(refreshes).toBe(1);
  });

  it('refreshes the session when the handshake is refused, then connects with the new token', async () => {
    let current = 'expired';
    const server = await startServer(() => 'fresh');
    let refreshes = 0;
    const stream = new SocketLiveStream(
      () => current,
      async () => {
        refreshes += 1;
        current = 'fresh';
        return true;
      },
      server.url,
    );
    cleanup = async () => {
      stream.close();
      await server.close();
    };
    await until(() => stream.state === 'connected');
    expect(refreshes).toBe(1);
  });
});
