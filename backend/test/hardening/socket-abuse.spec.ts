import { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOCKET_MESSAGE_BYTES } from '../../src/stream/stream.gateway';
import { signHs256 } from '../support/jwt';
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

  const connect = (token = user.accessToken) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(t.url as string, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
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
    const tooMany = await subscribe(
      socket,
      Array.from({ length: 60 }, (_, i) => `C${i}/USDT`),
    );
    expect(tooMany.error).toMatch(/At most 50 symbols per message/);
  });

  it('ends a socket session when its access token expires, saying why', async () => {
    const now = Math.floor(Date.now() / 1000);
    const shortLived = signHs256({ sub: user.user.id, email: user.user.email, ctm: new Date().toISOString(), ep: 0, iat: now, exp: now + 2 }, t.env.JWT_SECRET);
    const expiring = await connect(shortLived);
    const lasting = await connect();
    const notice = new Promise<{ message: string }>((resolve) => expiring.on('session_expired', resolve));
    const reason = new Promise<string>((resolve) => expiring.on('disconnect', (why) => resolve(why)));
    expect(expiring.connected).toBe(true);
    expect((await notice).message).toMatch(/expired/);
    expect(await reason).toBe('io server disconnect');
    expect(Date.now()).toBeGreaterThanOrEqual((now + 2) * 1000 - 50);
    // A socket whose token is still valid is untouched.
    expect(lasting.connected).toBe(true);
    expect(await subscribe(lasting, ['BTC/USDT'])).toMatchObject({ ok: true });
  });
});
