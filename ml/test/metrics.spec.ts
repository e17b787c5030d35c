import { describe, expect, it } from 'vitest';
import { coverage, directionalAccuracy, mae, mape, pinball, rmse, scaledPinball, scoreForecasts } from '../src/evaluate/metrics';
import type { QuantileForecast } from '../src/types';

function fc(last: number, point: number, q10: number, q90: number): QuantileForecast {
  return {
    horizon: '1h',
    originTime: 0,
    targetTime: 3_600_000,
    lastPrice: last,
    point,
    quantiles: { '0.05': q10 - 1, '0.1': q10, '0.25': point - 0.5, '0.5': point, '0.75': point + 0.5, '0.9': q90, '0.95': q90 + 1 },
  };
}

describe('metrics against hand-computed values', () => {
  const pred = [10, 12, 9];
  const actual = [11, 10, 9];
  it('MAE, MAPE, RMSE', () => {
    expect(mae(pred, actual)).toBeCloseTo((1 + 2 + 0) / 3, 12);
    expect(mape(pred, actual)).toBeCloseTo((100 * (1 / 11 + 2 / 10 + 0)) / 3, 12);
    expect(rmse(pred, actual)).toBeCloseTo(Math.sqrt((1 + 4 + 0) / 3), 12);
  });
  it('directional accuracy counts a zero predicted move as half a hit', () => {
    // last 10: up predicted & up realised (hit), down predicted & up realised (miss), flat predicted (half)
    expect(directionalAccuracy([11, 9, 10], [12, 11, 8], [10, 10, 10])).toBeCloseTo(0.5, 12);
    expect(directionalAccuracy([11, 9], [12, 8], [10, 10])).toBe(1);
  });
  it('coverage is inclusive of the bounds', () => {
    expect(coverage([1, 1, 1, 1], [2, 2, 2, 2], [1, 2, 1.5, 3])).toBe(0.75);
  });
  it('pinball loss', () => {
    expect(pinball(10, 12, 0.9)).toBeCloseTo(1.8, 12); // under-forecast: tau * 2
    expect(pinball(10, 8, 0.9)).toBeCloseTo(0.2, 12); // over-forecast: (1 - tau) * 2
    expect(pinball(10, 12, 0.1)).toBeCloseTo(0.2, 12);
  });
  it('scaled pinball averages 0.1/0.5/0.9 and divides by the origin price', () => {
    // y = 105, last 100, q10 = 95, q50 = 100, q90 = 104: losses 1.0, 2.5, 0.9 → mean 1.4667 / 100
    const f = fc(100, 100, 95, 104);
    expect(scaledPinball([f], [105])).toBeCloseTo((1.0 + 2.5 + 0.9) / 3 / 100, 12);
  });
  it('scoreForecasts combines the figures', () => {
    const s = scoreForecasts([
      { forecast: fc(100, 100, 95, 104), actual: 105 },
      { forecast: fc(100, 101, 97, 103), actual: 99 },
    ]);
    expect(s.mae).toBeCloseTo((5 + 2) / 2, 12);
    expect(s.coverage80).toBe(0.5);
    expect(s.directionalAccuracy).toBeCloseTo((0.5 + 0) / 2, 12);
  });
});
