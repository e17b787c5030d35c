import { describe, expect, it } from 'vitest';
import { hasEveryDayAhead, type ForecastSummary } from './forecast-summaries';

const summary = (symbol: string, horizon: string) => ({ symbol, horizon }) as ForecastSummary;

describe('hasEveryDayAhead (when the markets table may stop polling for forecasts often)', () => {
  it('keeps polling while none exist, or while only the daily group (7d/30d) has landed for a coin', () => {
    expect(hasEveryDayAhead(undefined)).toBe(false);
    expect(hasEveryDayAhead([])).toBe(false);
    // After a first start the 7d/30d slot can finish before the 1h/4h/24h one: the 24h column is still empty.
    expect(hasEveryDayAhead([summary('BTC/USDT', '7d'), summary('BTC/USDT', '30d')])).toBe(false);
    expect(hasEveryDayAhead([summary('BTC/USDT', '24h'), summary('ETH/USDT', '7d')])).toBe(false);
  });

  it('slows down once every coin listed has its 24h forecast', () => {
    expect(hasEveryDayAhead([summary('BTC/USDT', '24h'), summary('BTC/USDT', '7d'), summary('ETH/USDT', '24h')])).toBe(true);
  });
});
