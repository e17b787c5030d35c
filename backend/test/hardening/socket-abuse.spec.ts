import { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOCKET_MESSAGE_BYTES } from '../../src/stream/stream.gateway';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, registerUser, RegisteredUser, TestApp } from '../support/test-app';

describe('socket abuse limits', () => {
  const folder = makeReplayFolder(['BTC', 'ETH'], 24 * 10);
  let t: TestApp;
  let user: RegisteredUser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({ listen: true, env: { MARKET_SOURCE: 'replay', REPLAY_DIR: folder.dir, TICKER_POLL_MS: '60000' } });
    user = await registerUser(t);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
    folder.remove();
  });

  const connect = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(t.url as string, { path: '/socket.io', auth: { token: user.accessToken }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      socket.on('connect', () => resolve(socket));
      socket.on('connect_error', reject);
    });
  const subscribe = (socket: Socket, symbols: string[]) =>
    socket.timeout(5_000).emitWithAck('subscribe', { symbols }) as Promise<{ ok: boolean; symbols: string[]; error?: string }>;

  it('drops a client that sends a huge message; other clients keep working', async () => {
    const abuser = await connect();
    const neighbour = await connect();
    const dropped = new Promise<string>((resolve) => abuser.on('disconnect', (reason) => resolve(reason)));
    abuser.emit('subscribe', { symbols: ['x'.repeat(MAX_SOCKET_MESSAGE_BYTES * 4)] });
    expect(await dropped).toBe('transport close');
    const ack = await subscribe(neighbour, ['BTC/USDT']);
    expect(ack).toMatchObject({ ok: true, symbols: ['BTC/USDT'] });
  });

  it('caps the symbols per message and per connection with a message saying the limit', async () => {
    const socket = await connect();
    const tooMany = await subscribe(socket, Array.from({ length: 60 }, (_, i) => `C${i}/USDT`));
    expect(tooMany.error).toMatch(/At most 50 symbols per message/);
  });
});
