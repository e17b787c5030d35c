import { describe, expect, it } from 'vitest';
import { dailyVolatility, stratifiedSample } from './training-sample';

const markets = Array.from({ length: 200 }, (_, i) => ({ symbol: `C${String(i).padStart(3, '0')}/USDT`, volatility: ((i * 37) % 200) / 1000 }));

describe('training sample (issue 19)', () => {
  it('keeps every market when there are few', () => {
    expect(stratifiedSample(markets.slice(0, 20), 40)).toEqual(markets.slice(0, 20).map((m) => m.symbol));
  });

  it('picks a bounded, deterministic sample spread over the whole volatility range', () => {
    const sample = stratifiedSample(markets, 40);
    expect(sample).toHaveLength(40);
    expect(new Set(sample).size).toBe(40);
    expect(stratifiedSample([...markets].reverse(), 40)).toEqual(sample); // order of the input does not matter
    const vols = sample.map((symbol) => markets.find((m) => m.symbol === symbol)!.volatility).sort((a, b) => a - b);
    // One per stratum of 5: from the calmest fifth-of-a-percentile to the wildest.
    expect(vols[0]).toBeLessThan(0.005);
    expect(vols.at(-1)).toBeGreaterThan(0.195);
    for (let i = 1; i < vols.length; i++) expect(vols[i]! - vols[i - 1]!).toBeCloseTo(0.005, 6);
  });

  it('measures volatility as the standard deviation of daily log returns', () => {
    const candle = (close: number) => ({ openTime: 0, open: close, high: close, low: close, close, volume: 0 });
    expect(dailyVolatility([candle(100), candle(100), candle(100)])).toBe(0);
    expect(dailyVolatility([candle(100)])).toBe(0);
    const up = Math.log(1.1);
    const down = Math.log(1 / 1.1);
    expect(dailyVolatility([candle(100), candle(110), candle(100), candle(110)])).toBeCloseTo(
      Math.sqrt(((up - up / 3) ** 2 * 2 + (down - up / 3) ** 2) / 2),
      9,
    );
  });
});
