import { describe, expect, it } from 'vitest';
import { moveProbability, StoreForecastReader } from '../../src/forecasts/forecast-reader';
import type { ForecastsRepository, StoredForecast } from '../../src/forecasts/forecasts.repository';

/** A forecast at price 100 whose quantiles are returns of -10, -5, -2, 0, +2, +5, +10 percent. */
function forecast(overrides: Partial<StoredForecast> = {}): StoredForecast {
  return {
    id: 'f1',
    symbol: 'BTC/USDT',
    horizon: '24h',
    originTime: Date.UTC(2025, 4, 1),
    targetTime: Date.UTC(2025, 4, 2),
    modelVersion: 'vol-1',
    modelId: null,
    isNaive: false,
    served: true,
    lastPrice: 100,
    point: 100,
    quantiles: { '0.05': 90, '0.1': 95, '0.25': 98, '0.5': 100, '0.75': 102, '0.9': 105, '0.95': 110 },
    inputLastCandleTime: Date.UTC(2025, 4, 1) - 3_600_000,
    pointIsNaive: true,
    intervalIsNaive: false,
    createdAt: Date.UTC(2025, 4, 1, 0, 1),
    actual: null,
    ...overrides,
  };
}

describe('moveProbability (FORECAST_READER for forecast_move alerts)', () => {
  it('reads P(return > +X%) and P(return < -X%) off the quantiles', () => {
    const p = moveProbability(forecast(), 5);
    expect(p.up).toBeCloseTo(0.1); // +5% is the 0.9 quantile
    expect(p.down).toBeCloseTo(0.1); // -5% is the 0.1 quantile
    expect(p.forecastId).toBe('f1');
    expect(p.issuedAt.toISOString()).toBe('2025-05-01T00:01:00.000Z');
  });

  it('interpolates between quantiles and is monotone in the move size', () => {
    const small = moveProbability(forecast(), 1);
    const big = moveProbability(forecast(), 8);
    expect(small.up).toBeCloseTo(0.375); // +1% halfway between 0.5 (0%) and 0.75 (+2%)
    expect(big.up).toBeLessThan(small.up);
    expect(big.down).toBeLessThan(small.down);
  });

  it('scales by the origin price, not absolute prices', () => {
    const scaled = forecast({ lastPrice: 1000, quantiles: { '0.05': 900, '0.1': 950, '0.25': 980, '0.5': 1000, '0.75': 1020, '0.9': 1050, '0.95': 1100 } });
    expect(moveProbability(scaled, 5).up).toBeCloseTo(0.1);
  });

  it('answers from the latest served forecast of that horizon, null when there is none', async () => {
    const calls: string[] = [];
    const store = {
      latestServed: async ([symbol]: string[]) => (calls.push(symbol!), [forecast(), forecast({ id: 'f2', horizon: '1h' })]),
    } as unknown as ForecastsRepository;
    const reader = new StoreForecastReader(store);
    expect((await reader.moveProbability('BTC/USDT', '1h', 5))!.forecastId).toBe('f2');
    expect(await reader.moveProbability('BTC/USDT', '7d', 5)).toBeNull();
    expect((await reader.moveProbability('BTC/USDT', '1h', 2))!.forecastId).toBe('f2');
    expect(calls).toHaveLength(2); // the repeated (symbol, horizon) came from the short cache
  });
});
