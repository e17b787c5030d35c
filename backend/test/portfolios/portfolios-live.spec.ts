import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBSUB, type PubSub } from '../../src/infra/ports';
import { MARKET_TICKS_CHANNEL, type Tick } from '../../src/markets/tick';
import type { PortfolioUpdate } from '../../src/portfolios/live/portfolio-live-valuation.service';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { makeReplayFolder } from '../support/replay-fixture';
import { api, setLivePrice } from './portfolios-support';

const tick = (symbol: string, price: number): Tick => ({ symbol, price, change24h: 0, volume24h: 0, timestamp: new Date().toISOString(), source: 'replay' });

/** Live valuation: ticks on market:ticks → throttled `portfolio` events in the owner's socket room only. */
describe('portfolio live valuation over the socket', () => {
  let t: TestApp;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  let pubsub: PubSub;
  const folder = makeReplayFolder(['BTC', 'ETH'], 24 * 3);
  const sockets: Socket[] = [];

  const connect = async (user: RegisteredUser): Promise<Socket> => {
    const socket = io(t.url!, { path: '/socket.io', transports: ['websocket'], auth: { token: user.accessToken }, reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      env: {
        ROLE: 'all',
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: folder.dir,
        BACKFILL_DAYS_1H: '1',
        BACKFILL_DAYS_1D: '1',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
        PORTFOLIO_LIVE_THROTTLE_MS: '200',
        FORECASTS_ENABLED: 'false',
      },
    });
    alice = await registerUser(t);
    bob = await registerUser(t);
    pubsub = t.app.get<PubSub>(PUBSUB);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
    folder.remove();
  });

  it('pushes the new value to the owner when a held asset ticks, folding a burst of ticks into one update', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio({ name: 'live' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '2', price: '30000' });
    const aliceSocket = await connect(alice);
    const bobSocket = await connect(bob);
    const aliceUpdates: PortfolioUpdate[] = [];
    const bobUpdates: unknown[] = [];
    aliceSocket.on('portfolio', (update: PortfolioUpdate) => aliceUpdates.push(update));
    bobSocket.on('portfolio', (update: unknown) => bobUpdates.push(update));
    // Let the change notification from the buy settle first.
    await new Promise((resolve) => setTimeout(resolve, 400));
    aliceUpdates.length = 0;

    for (const price of [40000, 41000, 42000]) await pubsub.publish(MARKET_TICKS_CHANNEL, tick('BTC/USDT', price));
    await expect.poll(() => aliceUpdates.length, { timeout: 5000 }).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(aliceUpdates).toHaveLength(1);
    expect(aliceUpdates[0]).toMatchObject({
      portfolioId,
      baseCurrency: 'USDT',
      totalValue: '84000',
      totalCost: '60000',
      unrealizedPnl: '24000',
      holdings: [{ asset: 'BTC', quantity: '2', price: '42000', value: '84000' }],
    });
    // The worker's payload is exactly what the API answers at the same price.
    await setLivePrice(t, 'BTC', 42000);
    const { portfolioId: _id, timestamp: _at, ...pushed } = aliceUpdates[0]!;
    expect((await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json()).toEqual(pushed);
    // A tick of an asset nobody holds causes nothing; Bob never hears about Alice's portfolio.
    await pubsub.publish(MARKET_TICKS_CHANNEL, tick('ETH/USDT', 3000));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(aliceUpdates).toHaveLength(1);
    expect(bobUpdates).toEqual([]);
  });

  it('a tick of an asset the portfolio no longer holds sends nothing', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio({ name: 'closed' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'ETH', quantity: '1', price: '1000' });
    await a.tx(portfolioId, { type: 'sell', time: '2024-01-02T00:00:00Z', asset: 'ETH', quantity: '1', price: '1100' });
    const socket = await connect(alice);
    const updates: PortfolioUpdate[] = [];
    socket.on('portfolio', (update: PortfolioUpdate) => {
      if (update.portfolioId === portfolioId) updates.push(update);
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // the edits' own updates
    updates.length = 0;
    await pubsub.publish(MARKET_TICKS_CHANNEL, tick('ETH/USDT', 5000));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(updates).toEqual([]);
  });

  it('an edit pushes the recomputed value without waiting for a tick', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio({ name: 'edited live' });
    const socket = await connect(alice);
    const updates: PortfolioUpdate[] = [];
    socket.on('portfolio', (update: PortfolioUpdate) => {
      if (update.portfolioId === portfolioId) updates.push(update);
    });
    await pubsub.publish(MARKET_TICKS_CHANNEL, tick('ETH/USDT', 2000));
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'ETH', quantity: '1.5', price: '1000' });
    await expect.poll(() => updates.at(-1)?.totalValue, { timeout: 5000 }).toBe('3000');
    expect(updates.at(-1)).toMatchObject({ totalCost: '1500', unrealizedPnl: '1500' });
  });
});
