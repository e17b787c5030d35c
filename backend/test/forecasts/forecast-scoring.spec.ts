import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dailyMeanErrors,
  liveMetrics,
  liveMetricsFromSums,
  meanAndStd,
  pinballLoss,
  QUANTILE_LEVELS,
  scoreForecast,
  type QuantileValues,
  type ScoredPair,
} from '../../src/forecasts/forecast-scoring';

/** Quantiles spread symmetrically around `center` by `step` per level. */
function ladder(center: number, step: number): QuantileValues {
  return {
    '0.05': center - 3 * step,
    '0.1': center - 2 * step,
    '0.25': center - step,
    '0.5': center,
    '0.75': center + step,
    '0.9': center + 2 * step,
    '0.95': center + 3 * step,
  };
}

describe('pinballLoss', () => {
  it('weights under-prediction by the level and over-prediction by 1 - level', () => {
    expect(pinballLoss(90, 0.9, 100)).toBeCloseTo(9); // actual above q: 0.9 × 10
    expect(pinballLoss(110, 0.9, 100)).toBeCloseTo(1); // actual below q: 0.1 × 10
    expect(pinballLoss(100, 0.5, 100)).toBe(0);
  });

  it('is minimised in expectation by the true quantile (property on a discrete distribution)', () => {
    const outcomes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const expected = (q: number) => outcomes.reduce((s, y) => s + pinballLoss(q, 0.9, y), 0);
    // The 0.9-quantile of 1..10 is 9: moving away in either direction costs more.
    expect(expected(9)).toBeLessThan(expected(8));
    expect(expected(9)).toBeLessThan(expected(10.5));
  });
});

describe('scoreForecast', () => {
  it('scores a forecast whose actual is outside the 80% but inside the 90% interval', () => {
    const s = scoreForecast({ lastPrice: 100, point: 102, quantiles: ladder(102, 2) }, 97);
    // q0.1 = 98 > 97 → outside 80%; q0.05 = 96 ≤ 97 → inside 90%.
    expect(s.absError).toBeCloseTo(5);
    expect(s.scaledAbsError).toBeCloseTo(0.05);
    expect(s.hit80).toBe(false);
    expect(s.hit90).toBe(true);
    const manual = QUANTILE_LEVELS.reduce((sum, l) => sum + pinballLoss(ladder(102, 2)[l], Number(l), 97), 0) / 7;
    expect(s.pinball).toBeCloseTo(manual);
    expect(s.scaledPinball).toBeCloseTo(manual / 100);
  });

  it('counts interval bounds as hits', () => {
    const q = ladder(100, 1);
    expect(scoreForecast({ lastPrice: 100, point: 100, quantiles: q }, q['0.1']).hit80).toBe(true);
    expect(scoreForecast({ lastPrice: 100, point: 100, quantiles: q }, q['0.9']).hit80).toBe(true);
  });

  it('refuses a non-positive origin price (errors could not be scaled)', () => {
    expect(() => scoreForecast({ lastPrice: 0, point: 1, quantiles: ladder(1, 0.1) }, 1)).toThrow(/positive/);
  });

  it('a sharper interval around the right value has a lower pinball loss (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e5, noNaN: true }), fc.double({ min: 0.001, max: 0.1, noNaN: true }), (price, width) => {
        const sharp = scoreForecast({ lastPrice: price, point: price, quantiles: ladder(price, price * width) }, price);
        const wide = scoreForecast({ lastPrice: price, point: price, quantiles: ladder(price, price * width * 3) }, price);
        return sharp.pinball < wide.pinball && sharp.scaledPinball < 1;
      }),
    );
  });
});

describe('liveMetrics', () => {
  const pair = (absError: number, naiveAbsError: number, hit80: boolean, pinball = absError / 2, naivePinball = naiveAbsError / 2): ScoredPair => ({
    absError,
    naiveAbsError,
    hit80,
    pinball,
    naivePinball,
  });

  it('returns null without scored forecasts', () => {
    expect(liveMetrics([])).toBeNull();
  });

  it('computes MAE, relMae vs naive, coverage80 and relPinball', () => {
    const m = liveMetrics([pair(1, 2, true), pair(3, 2, false), pair(2, 4, true), pair(2, 4, true)])!;
    expect(m.n).toBe(4);
    expect(m.mae).toBeCloseTo(2);
    expect(m.naiveMae).toBeCloseTo(3);
    expect(m.relMae).toBeCloseTo(2 / 3);
    expect(m.coverage80).toBeCloseTo(0.75);
    expect(m.relPinball).toBeCloseTo(1 / 1.5);
  });

  it('gives a null ratio when the naive error is zero', () => {
    expect(liveMetrics([pair(1, 0, true, 1, 0)])!.relMae).toBeNull();
  });

  it('agrees with the SQL-sums variant', () => {
    const pairs = [pair(1, 2, true, 0.3, 0.7), pair(5, 1, false, 2, 0.2), pair(0.5, 0.5, true, 0.1, 0.2)];
    const direct = liveMetrics(pairs)!;
    const sums = liveMetricsFromSums({
      n: 3,
      absError: 6.5,
      naiveAbsError: 3.5,
      pinball: 2.4,
      naivePinball: 1.1,
      hits80: 2,
    })!;
    expect(sums.mae).toBeCloseTo(direct.mae);
    expect(sums.relMae!).toBeCloseTo(direct.relMae!);
    expect(sums.relPinball!).toBeCloseTo(direct.relPinball!);
    expect(sums.coverage80).toBeCloseTo(direct.coverage80);
    expect(liveMetricsFromSums({ n: 0, absError: 0, naiveAbsError: 0, pinball: 0, naivePinball: 0, hits80: 0 })).toBeNull();
  });
});

describe('dailyMeanErrors / meanAndStd', () => {
  it('groups by UTC day of the target time, oldest first', () => {
    const d0 = Date.UTC(2025, 4, 30);
    const rows = [
      { targetTime: d0 + 23 * 3_600_000, error: 0.02 },
      { targetTime: d0 + 86_400_000, error: 0.04 }, // exactly midnight: next day
      { targetTime: d0 + 3_600_000, error: 0.04 },
    ];
    expect(dailyMeanErrors(rows)).toEqual([
      { day: d0, error: 0.03, n: 2 },
      { day: d0 + 86_400_000, error: 0.04, n: 1 },
    ]);
  });

  it('uses the sample standard deviation', () => {
    const { mean, std } = meanAndStd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean).toBe(5);
    expect(std).toBeCloseTo(Math.sqrt(32 / 7));
  });
});
