import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketsWorker } from '../../src/markets/markets.worker';
import { Tick } from '../../src/markets/tick';
import { StreamPublisher } from '../../src/stream/stream-publisher';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, createTestDatabase, registerUser, TestApp, TestDatabase } from '../support/test-app';

const withRedis = process.env.CI === 'true' || !!process.env.TEST_DATABASE_URL;

/**
 * Scale-out: a worker process publishes, a client connected to ANOTHER api replica receives — through
 * @socket.io/redis-emitter → Redis → @socket.io/redis-adapter. Needs the real Redis (CI=true).
 */
describe.skipIf(!withRedis)('stream across replicas (Redis)', () => {
  const folder = makeReplayFolder(['BTC', 'ETH']);
  let database: TestDatabase;
  let worker: TestApp;
  let api: TestApp;
  let socket: Socket | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      MARKET_SOURCE: 'replay',
      REPLAY_DIR: folder.dir,
      BACKFILL_DAYS_1H: '3',
      TICKER_POLL_MS: '60000',
      CANDLE_CATCHUP_SECONDS: '86400',
      REDIS_PREFIX: `coincast-test:${randomBytes(4).toString('hex')}:`,
    };
    worker = await createTestApp({ database, env: { ...env, ROLE: 'all' } });
    api = await createTestApp({ database, listen: true, env: { ...env, ROLE: 'api' } });
  });
  afterAll(async () => {
    socket?.close();
    await api?.close();
    await worker?.close();
    await database?.drop();
    folder.remove();
  });

  it('delivers ticks published by the worker to a client of another replica, and user events too', async () => {
    const user = await registerUser(api);
    socket = io(api.url!, { path: '/socket.io', transports: ['websocket'], auth: { token: user.accessToken }, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', () => resolve());
      socket!.once('connect_error', reject);
    });
    const ticks: Tick[] = [];
    const notifications: unknown[] = [];
    socket.on('ticker', (tick: Tick) => ticks.push(tick));
    socket.on('notification', (payload: unknown) => notifications.push(payload));
    await socket.emitWithAck('subscribe', { symbols: ['ETH-USDT'] });
    ticks.length = 0;

    const published = await worker.app.get(MarketsWorker).pollTickers();
    expect(published).toHaveLength(2);
    await expect.poll(() => ticks.length, { timeout: 5_000 }).toBe(1);
    expect(ticks[0]).toMatchObject({ symbol: 'ETH/USDT', price: published.find((p) => p.symbol === 'ETH/USDT')!.price });

    worker.app.get(StreamPublisher).toUser(user.user.id, 'notification', { title: 'hello' });
    await expect.poll(() => notifications, { timeout: 5_000 }).toEqual([{ title: 'hello' }]);
  });

  it('lets only one process poll the tickers (Redis lease)', async () => {
    expect(await worker.app.get(MarketsWorker).pollTickers()).toHaveLength(2);
    expect(await api.app.get(MarketsWorker).pollTickers()).toEqual([]); // the other one holds the lease
    expect(await worker.app.get(MarketsWorker).pollTickers()).toHaveLength(2); // renewed by its holder
  });
});
