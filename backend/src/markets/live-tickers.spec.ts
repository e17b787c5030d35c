import { describe, expect, it } from 'vitest';
import type { ProviderTicker } from './market-data-provider';
import { LiveTickerFeed, LiveTickerSource, nextBackoffMs } from './live-tickers';

const ticker = (symbol: string, price: number): ProviderTicker => ({ symbol, price, change24h: 0, volume24h: 0, quoteVolume24h: 0, timestamp: 0 });

/**
 * A scripted stream: each watch() takes the next step (a batch or an error); after the script it waits until close(),
 * which rejects the pending watch as ccxt's close() does.
 */
function scriptedSource(steps: (ProviderTicker[] | Error)[]): LiveTickerSource & { calls: string[][]; closed: boolean } {
  const calls: string[][] = [];
  let rejectPending: ((error: Error) => void) | undefined;
  const source = {
    exchange: 'binance',
    calls,
    closed: false,
    async watch(symbols: string[]) {
      calls.push(symbols);
      const step = steps.shift();
      if (step === undefined) return new Promise<ProviderTicker[]>((_resolve, reject) => (rejectPending = reject));
      if (step instanceof Error) throw step;
      return step;
    },
    async close() {
      source.closed = true;
      rejectPending?.(new Error('closed by user'));
    },
  };
  return source;
}

describe('LiveTickerFeed', () => {
  it('hands every batch on, counts as live until the stream goes quiet, then hands back to polling', async () => {
    let now = 1_000;
    const source = scriptedSource([[ticker('BTC/USDT', 1)], [ticker('ETH/USDT', 2)]]);
    const feed = new LiveTickerFeed(source, { staleAfterMs: 5_000, initialBackoffMs: 100, maxBackoffMs: 1_000, now: () => now, sleep: async () => undefined });
    const received: ProviderTicker[] = [];
    const reconnects: number[] = [];
    expect(feed.isLive()).toBe(false);
    feed.start({
      symbols: () => ['BTC/USDT', 'ETH/USDT'],
      onTickers: (t) => void received.push(...t),
      onReconnect: (n) => reconnects.push(n),
      onError: () => undefined,
    });
    await expect.poll(() => received.map((t) => t.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(source.calls[0]).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(feed.isLive()).toBe(true);
    expect(reconnects).toEqual([]); // the first connection is not a reconnect
    now += 5_001; // no batch for longer than staleAfterMs
    expect(feed.isLive()).toBe(false);
    await feed.stop();
    expect(source.closed).toBe(true);
    expect(feed.status).toBe('stopped');
  });

  it('backs off with growing, capped delays after failures and reports the reconnect with the number of failures', async () => {
    const source = scriptedSource([
      new Error('closed 1006'),
      new Error('closed 1006'),
      new Error('closed 1006'),
      new Error('closed 1006'),
      [ticker('BTC/USDT', 3)],
    ]);
    const sleeps: number[] = [];
    const errors: number[] = [];
    const reconnects: number[] = [];
    const feed = new LiveTickerFeed(source, {
      staleAfterMs: 5_000,
      initialBackoffMs: 100,
      maxBackoffMs: 1_000,
      random: () => 1, // the top of each jitter range, so the growth is visible
      sleep: async (ms) => void sleeps.push(ms),
    });
    const states: string[] = [];
    feed.start({
      symbols: () => ['BTC/USDT'],
      onTickers: () => undefined,
      onReconnect: (n) => reconnects.push(n),
      onError: (_e, n) => {
        errors.push(n);
        states.push(feed.status);
      },
    });
    await expect.poll(() => reconnects).toEqual([4]);
    expect(errors).toEqual([1, 2, 3, 4]);
    expect(states.every((s) => s === 'reconnecting')).toBe(true);
    expect(sleeps).toEqual([100, 300, 900, 1_000]);
    expect(feed.isLive()).toBe(true);
    await feed.stop();
  });

  it('waits instead of subscribing to nothing while no market is tracked', async () => {
    const source = scriptedSource([[ticker('BTC/USDT', 1)]]);
    let symbols: string[] = [];
    const sleeps: number[] = [];
    const feed = new LiveTickerFeed(source, {
      staleAfterMs: 5_000,
      initialBackoffMs: 100,
      maxBackoffMs: 1_000,
      sleep: (ms) => (sleeps.push(ms), new Promise((resolve) => setTimeout(resolve, 1))),
    });
    const received: string[] = [];
    feed.start({
      symbols: () => symbols,
      onTickers: (t) => void received.push(...t.map((x) => x.symbol)),
      onReconnect: () => undefined,
      onError: () => undefined,
    });
    await expect.poll(() => sleeps.length).toBeGreaterThan(2);
    expect(source.calls).toEqual([]);
    symbols = ['BTC/USDT'];
    await expect.poll(() => received).toEqual(['BTC/USDT']);
    await feed.stop();
  });
});

describe('nextBackoffMs', () => {
  it('stays between the base and three times the last delay, never above the cap', () => {
    for (const r of [0, 0.3, 0.99]) {
      const next = nextBackoffMs(400, 100, 1_000, () => r);
      expect(next).toBeGreaterThanOrEqual(100);
      expect(next).toBeLessThanOrEqual(1_000);
    }
    expect(nextBackoffMs(0, 100, 1_000, () => 0.5)).toBe(100);
    expect(nextBackoffMs(5_000, 100, 1_000, () => 1)).toBe(1_000);
  });
});
