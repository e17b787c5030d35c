import { describe, expect, it } from 'vitest';
import { historyUntil } from '../src/data/candles';
import { DAY_MS } from '../src/data/horizons';
import { computeFeatures, FEATURE_LOOKBACK, FEATURE_NAMES } from '../src/features/features';
import type { Candle } from '../src/types';
import { scrambleAfter, syntheticHourly } from './synthetic';

describe('features', () => {
  it('are causal: changing any candle after the origin leaves the features at the origin unchanged', () => {
    const h = syntheticHourly('T', 20, 3);
    for (const k of [5, 10, 15]) {
      const t = h.hourly[0]!.openTime + k * DAY_MS + 13 * 3_600_000;
      const a = computeFeatures(historyUntil(h, t).hourly, 0.01);
      const b = computeFeatures(historyUntil(scrambleAfter(h, t), t).hourly, 0.01);
      expect(a).toBeDefined();
      expect(a).toEqual(b);
      // and they do change when the past changes (the test would catch a constant feature vector)
      const c = computeFeatures(historyUntil(scrambleAfter(h, t - 3 * 3_600_000), t).hourly, 0.01);
      expect(c).not.toEqual(a);
    }
  });
  it('has one value per named feature and needs the lookback', () => {
    const h = syntheticHourly('T', 10, 4).hourly;
    expect(computeFeatures(h.slice(0, FEATURE_LOOKBACK - 1), 0.01)).toBeUndefined();
    expect(computeFeatures(h, 0.01)).toHaveLength(FEATURE_NAMES.length);
  });
  it('indicator features behave as defined on a steadily rising series', () => {
    const rising: Candle[] = Array.from({ length: FEATURE_LOOKBACK }, (_, i) => {
      const p = 100 * Math.exp(0.001 * i);
      return { openTime: Date.UTC(2024, 0, 1) + i * 3_600_000, open: p, high: p * 1.0005, low: p * 0.9995, close: p, volume: 10 };
    });
    const f = computeFeatures(rising, 0.001)!;
    const get = (n: (typeof FEATURE_NAMES)[number]) => f[FEATURE_NAMES.indexOf(n)]!;
    expect(get('rsi_14')).toBeCloseTo(1, 6); // RSI 100: only gains
    expect(get('ret_1')).toBeCloseTo(1, 6); // 0.001 / sigma 0.001
    expect(get('ret_24')).toBeCloseTo(Math.sqrt(24), 6);
    expect(get('bollinger_position')).toBeGreaterThan(0); // above the moving average
    expect(get('volume_momentum')).toBeCloseTo(0, 9); // constant volume
  });
});
