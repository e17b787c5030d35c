import { describe, expect, it } from 'vitest';
import type { LiveMetrics } from '../../src/forecasts/forecast-scoring';
import { decideDriftRetrain, decidePromotion, decideRollback, decideScheduledRetrain, ksStatistic, logReturns } from '../../src/forecasts/lifecycle-rules';

const DAY = 86_400_000;
const metrics = (n: number, relPinball: number | null): LiveMetrics => ({
  n,
  mae: 1,
  naiveMae: 1,
  relMae: 1,
  coverage80: 0.8,
  pinball: relPinball ?? 0,
  naivePinball: 1,
  relPinball,
});

/** Deterministic pseudo-random numbers (LCG) so the KS tests need no fixtures. */
function normalSample(n: number, seed: number, mean = 0, sd = 1): number[] {
  let s = seed;
  const u = () => ((s = (s * 1664525 + 1013904223) % 4294967296) + 0.5) / 4294967296;
  return Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

describe('decidePromotion', () => {
  const policy = { minScored: 100 };

  it('promotes a challenger whose live relPinball beats the champion over enough forecasts', () => {
    const d = decidePromotion(metrics(500, 0.95), metrics(120, 0.9), policy);
    expect(d.act).toBe(true);
    expect(d.reason).toMatch(/0\.9000 beats champion 0\.9500 over 120/);
  });

  it('waits until the challenger has N scored forecasts, however good it looks', () => {
    expect(decidePromotion(metrics(500, 0.95), metrics(99, 0.5), policy).act).toBe(false);
    expect(decidePromotion(metrics(500, 0.95), null, policy).act).toBe(false);
  });

  it('keeps the champion when the challenger is equal or worse', () => {
    expect(decidePromotion(metrics(500, 0.9), metrics(200, 0.9), policy).act).toBe(false);
    expect(decidePromotion(metrics(500, 0.9), metrics(200, 1.1), policy).act).toBe(false);
  });

  it('promotes over a champion without live metrics (e.g. the naive baseline)', () => {
    expect(decidePromotion(null, metrics(150, 1.02), policy).act).toBe(true);
  });
});

describe('decideRollback', () => {
  const backtest = { dailyErrorMean: 0.02, dailyErrorStd: 0.005 }; // limit 0.03
  const days = (start: number, errors: number[]) => errors.map((error, i) => ({ day: start + i * DAY, error }));
  const d0 = Date.UTC(2025, 5, 1);

  it('rolls back after 3 consecutive days above mean + 2σ', () => {
    const d = decideRollback(days(d0, [0.02, 0.031, 0.05, 0.04]), backtest);
    expect(d.act).toBe(true);
    expect(d.reason).toMatch(/3 consecutive days/);
  });

  it('does not roll back after only 2 bad days, or when one of the 3 is within the limit', () => {
    expect(decideRollback(days(d0, [0.02, 0.02, 0.05, 0.04]), backtest).act).toBe(false);
    expect(decideRollback(days(d0, [0.05, 0.029, 0.05, 0.04]), backtest).act).toBe(false);
    expect(decideRollback(days(d0, [0.05, 0.05]), backtest).act).toBe(false);
  });

  it('a missing day breaks the run', () => {
    const gapped = [...days(d0, [0.05, 0.05]), { day: d0 + 3 * DAY, error: 0.05 }];
    expect(decideRollback(gapped, backtest).act).toBe(false);
  });

  it('exactly at the limit is not above it', () => {
    expect(decideRollback(days(d0, [0.03, 0.03, 0.03]), backtest).act).toBe(false);
  });

  it('needs a backtest distribution', () => {
    expect(decideRollback(days(d0, [1, 1, 1]), undefined).act).toBe(false);
  });
});

describe('ksStatistic and drift', () => {
  it('is 0 for identical samples and 1 for disjoint ones', () => {
    expect(ksStatistic([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(ksStatistic([1, 2, 3], [10, 11])).toBe(1);
  });

  it('matches a hand-computed value', () => {
    // ECDFs of {1,2,3,4} and {3,4,5,6}: the largest gap is at 2 (0.5 vs 0).
    expect(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6])).toBeCloseTo(0.5);
  });

  it('does not flag two samples from the same distribution', () => {
    const d = decideDriftRetrain(normalSample(300, 1, 0, 0.01), normalSample(600, 2, 0, 0.01));
    expect(d.ks).toBeLessThan(0.2);
    expect(d.act).toBe(false);
  });

  it('flags a volatility regime change (KS > 0.2) and says why', () => {
    const d = decideDriftRetrain(normalSample(300, 3, 0, 0.03), normalSample(600, 4, 0, 0.01));
    expect(d.ks).toBeGreaterThan(0.2);
    expect(d.act).toBe(true);
    expect(d.reason).toMatch(/KS statistic .* exceeds 0.2/);
  });

  it('says nothing with too few returns', () => {
    expect(decideDriftRetrain([0.1, 0.2], normalSample(600, 4)).act).toBe(false);
  });

  it('logReturns skips non-positive prices', () => {
    expect(logReturns([100, 110, 0, 121])).toEqual([Math.log(1.1)]);
  });
});

describe('decideScheduledRetrain', () => {
  const now = Date.UTC(2025, 5, 10);
  it('retrains when the newest model is older than the interval, or when there is none', () => {
    expect(decideScheduledRetrain(now - 8 * DAY, now, 7).act).toBe(true);
    expect(decideScheduledRetrain(undefined, now, 7).act).toBe(true);
  });
  it('waits otherwise, and never when disabled', () => {
    expect(decideScheduledRetrain(now - 6 * DAY, now, 7).act).toBe(false);
    expect(decideScheduledRetrain(now - 100 * DAY, now, 0).act).toBe(false);
  });
});
