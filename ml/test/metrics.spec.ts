import { describe, expect, it } from 'vitest';
import {
  coverage,
  directionalAccuracy,
  mae,
  mape,
  pinball,
  rmse,
  scaledPinball,
  scaledPinball7,
  scoreForecasts,
  trailingRealisedVol,
  volTercileMetrics,
} from '../src/evaluate/metrics';
import type { Candle, QuantileForecast } from '../src/types';

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
  it('pinball7 averages all seven levels over the origin price', () => {
    // fc(100, 100, 95, 104): q05 94, q10 95, q25 99.5, q50 100, q75 100.5, q90 104, q95 105; y = 105
    // losses: .05*11=.55, .1*10=1.0, .25*5.5=1.375, .5*5=2.5, .75*4.5=3.375, .9*1=0.9, .95*0=0 → 9.7 / 7 / 100
    expect(scaledPinball7([fc(100, 100, 95, 104)], [105])).toBeCloseTo(9.7 / 7 / 100, 12);
  });
});

describe('volatility-tercile metrics against hand-computed values', () => {
  it('trailing-24h realised vol: squared hourly log returns closing in the last 24 h, gaps skipped and rescaled', () => {
    const hourly: Candle[] = [];
    let p = 100;
    for (let i = 0; i < 40; i++) {
      p = i === 0 ? p : p * Math.exp(i % 2 ? 0.01 : -0.01);
      hourly.push({ openTime: i * 3_600_000, open: p, high: p, low: p, close: p, volume: 1 });
    }
    // Origin = close of candle 39 (t = 40 h): returns of candles 16..39 count (24 of them), each 0.01².
    expect(trailingRealisedVol(hourly, 40 * 3_600_000)).toBeCloseTo(Math.sqrt(24 * 1e-4), 12);
    // Candles after the origin are ignored: the origin at 30 h uses candles 6..29.
    expect(trailingRealisedVol(hourly, 30 * 3_600_000)).toBeCloseTo(Math.sqrt(24 * 1e-4), 12);
    // A missing candle (35) removes the two returns that touch it; 22 returns rescaled to 24 h.
    const gappy = hourly.filter((_, i) => i !== 35);
    const r = (i: number) => Math.log(hourly[i]!.close / hourly[i - 1]!.close);
    let sum = 0;
    for (let i = 16; i <= 39; i++) if (i !== 35 && i !== 36) sum += r(i) ** 2;
    expect(trailingRealisedVol(gappy, 40 * 3_600_000)).toBeCloseTo(Math.sqrt((sum * 24) / 22), 12);
    expect(trailingRealisedVol(hourly, 10 * 3_600_000)).toBeUndefined();
  });

  it('coverage80 and pinball per tercile, calm → volatile', () => {
    // Six origins with vols 6,1,5,2,4,3 (unsorted on purpose): cuts at the 1/3 and 2/3 quantiles (2.667, 4.333)
    // give calm {1,2}, mid {3,4}, volatile {5,6}.
    const items = [
      { vol: 6, forecast: fc(100, 100, 90, 110), actual: 120 }, // volatile, outside
      { vol: 1, forecast: fc(100, 100, 95, 104), actual: 105 }, // calm, outside
      { vol: 5, forecast: fc(100, 100, 90, 110), actual: 100 }, // volatile, inside
      { vol: 2, forecast: fc(100, 100, 95, 104), actual: 100 }, // calm, inside
      { vol: 4, forecast: fc(100, 100, 95, 104), actual: 96 }, // mid, inside
      { vol: 3, forecast: fc(100, 100, 95, 104), actual: 95 }, // mid, inside (bound)
    ];
    const t = volTercileMetrics(items);
    expect(t.map((x) => x.origins)).toEqual([2, 2, 2]);
    expect(t.map((x) => x.coverage80)).toEqual([0.5, 1, 0.5]);
    expect(t.map((x) => [x.volFrom, x.volTo])).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    // calm: y=105 → (1.0+2.5+0.9)/3/100 (above); y=100 → (0.5+0+0.4)/3/100
    expect(t[0]!.pinball).toBeCloseTo(((1.0 + 2.5 + 0.9) / 3 / 100 + (0.5 + 0 + 0.4) / 3 / 100) / 2, 12);
    // mid: y=96 → q10 95: .1*1=.1, q50 100: .5*4=2, q90 104: .1*8=.8; y=95 → 0, 2.5, 0.9
    expect(t[1]!.pinball).toBeCloseTo(((0.1 + 2 + 0.8) / 3 / 100 + (0 + 2.5 + 0.9) / 3 / 100) / 2, 12);
    // volatile: y=120 → .1*30=3, .5*20=10, .9*10=9; y=100 → 1, 0, 1
    expect(t[2]!.pinball).toBeCloseTo(((3 + 10 + 9) / 3 / 100 + (1 + 0 + 1) / 3 / 100) / 2, 12);
    expect(t[2]!.pinball7).toBeCloseTo(scaledPinball7([items[0]!.forecast, items[2]!.forecast], [120, 100]), 12);
  });
});
