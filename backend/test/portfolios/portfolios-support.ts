import { CACHE, type Cache } from '../../src/infra/ports';
import { tickerCacheKey, type Tick } from '../../src/markets/tick';
import type { RegisteredUser, TestApp } from '../support/test-app';

/** Tracked markets for portfolio tests; ROLE=api keeps the market-data worker (and the network) out. */
export const PORTFOLIO_TEST_ENV = { ROLE: 'api', TRACKED_SYMBOLS: 'BTC/USDT,ETH/USDT,BNB/USDT' };

export async function setLivePrice(t: TestApp, asset: string, price: number): Promise<void> {
  const tick: Tick = { symbol: `${asset}/USDT`, price, change24h: 0, volume24h: 0, timestamp: new Date().toISOString(), source: 'replay' };
  await t.app.get<Cache>(CACHE).set(tickerCacheKey(tick.symbol), tick, 3600);
}

/** Daily candles as the market-data domain stores them. */
export async function insertDailyCandles(t: TestApp, asset: string, days: Array<[string, number, number]>): Promise<void> {
  for (const [day, open, close] of days) {
    await t.dataSource.query(
      `INSERT INTO candles (exchange, symbol, timeframe, open_time, open, high, low, close, volume)
       VALUES ('binance', $1, '1d', $2, $3, $4, $5, $6, 1)`,
      [`${asset}/USDT`, `${day}T00:00:00Z`, open, Math.max(open, close), Math.min(open, close), close],
    );
  }
}

export function api(t: TestApp, user: RegisteredUser) {
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.inject({ method, url: `/api/v1${url}`, headers: user.auth, ...(payload ? { payload } : {}) });
  return {
    call,
    async portfolio(body: object = { name: 'Main' }): Promise<string> {
      const response = await call('POST', '/portfolios', body);
      if (response.statusCode !== 201) throw new Error(`create portfolio: ${response.statusCode} ${response.body}`);
      return response.json().id;
    },
    async tx(portfolioId: string, body: object): Promise<{ id: string }> {
      const response = await call('POST', `/portfolios/${portfolioId}/transactions`, body);
      if (response.statusCode !== 201) throw new Error(`create transaction: ${response.statusCode} ${response.body}`);
      return response.json();
    },
  };
}
