import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../src/data/horizons';
import { driftModel, etsModel, naiveModel } from '../src/models/baselines';
import { fitVolParams, volModel } from '../src/models/vol-model';
import { ALL_HORIZONS, QUANTILE_LEVELS } from '../src/types';
import { syntheticHourly } from './synthetic';

describe('models on thin or awkward histories', () => {
  const models = [naiveModel(), driftModel(), etsModel(), volModel(fitVolParams([syntheticHourly('F', 60, 1)], Date.UTC(2023, 2, 1)))];

  it('return nothing (not garbage) for an empty history', () => {
    for (const m of models) expect(m.predict({ coin: 'X', hourly: [], daily: [] }, [...ALL_HORIZONS])).toEqual([]);
  });

  it('answer with finite, ordered quantiles for a coin listed two days ago (no daily horizon yet for 30d data)', () => {
    const young = syntheticHourly('Y', 2, 5);
    for (const m of models) {
      const f = m.predict(young, [...ALL_HORIZONS]);
      expect(f.map((x) => x.horizon)).toEqual(['1h', '4h', '24h', '7d', '30d'].filter((h) => f.some((x) => x.horizon === h)));
      expect(f.some((x) => x.horizon === '1h')).toBe(true);
      for (const x of f) {
        const qs = QUANTILE_LEVELS.map((q) => x.quantiles[q]);
        expect(qs.every(Number.isFinite)).toBe(true);
        expect([...qs].sort((a, b) => a - b)).toEqual(qs);
        expect(x.targetTime - x.originTime).toBeGreaterThan(0);
      }
    }
  });

  it('a flat price series gives a point at the price and a (near) zero-width interval, never NaN', () => {
    const h = syntheticHourly('Z', 20, 3);
    const flat = {
      ...h,
      hourly: h.hourly.map((c) => ({ ...c, open: 5, high: 5, low: 5, close: 5 })),
      daily: h.daily.map((c) => ({ ...c, open: 5, high: 5, low: 5, close: 5 })),
    };
    for (const m of models) {
      for (const x of m.predict(flat, ['1h', '24h'])) {
        expect(x.point).toBe(5);
        expect(x.quantiles['0.95']).toBeCloseTo(5, 3);
        expect(x.quantiles['0.05']).toBeCloseTo(5, 3);
      }
    }
  });

  it('forecasts for a history with a gap start from the last candle, not from where the gap began', () => {
    const h = syntheticHourly('G', 20, 4);
    const gappy = { ...h, hourly: [...h.hourly.slice(0, 200), ...h.hourly.slice(230)] };
    const f = naiveModel().predict(gappy, ['1h'])[0]!;
    expect(f.originTime).toBe(h.hourly[h.hourly.length - 1]!.openTime + HOUR_MS);
    expect(f.lastPrice).toBe(h.hourly[h.hourly.length - 1]!.close);
  });
});
