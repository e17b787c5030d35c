import { describe, expect, it } from 'vitest';
import {
  decideDriftRetrain,
  decideFirstModel,
  decidePromotion,
  decideRollback,
  decideScheduledRetrain,
  ksStatistic,
  logReturns,
} from '../../src/forecasts/lifecycle-rules';
import { pairedTest, type LossDiff } from '../../src/forecasts/paired-test';

const DAY = 86_400_000;
/** Deterministic pseudo-random numbers (LCG) so the KS tests need no fixtures. */
function normalSample(n: number, seed: number, mean = 0, sd = 1): number[] {
  let s = seed;
  const u = () => ((s = (s * 1664525 + 1013904223) % 4294967296) + 0.5) / 4294967296;
  return Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

const HOUR = 3_600_000;

/** Loss differentials at hourly origins: `coins` pairs per time, mean `mean` (scaled), noise `sd`. */
function diffs(times: number, mean: number, sd: number, seed: number, coins = 5, step = HOUR): LossDiff[] {
  const noise = normalSample(times * coins, seed, 0, sd);
  const out: LossDiff[] = [];
  for (let t = 0; t < times; t++) {
    for (let c = 0; c < coins; c++) {
      const ref = 0.01;
      const diff = mean + noise[t * coins + c]!;
      out.push({ time: Date.UTC(2025, 0, 1) + t * step, diff, loss: ref + diff, referenceLoss: ref });
    }
  }
  return out;
}
const hourlyTest = (d: LossDiff[]) => pairedTest(d, 24 * HOUR, HOUR);

describe('pairedTest', () => {
  it('counts independent outcomes from the longest horizon, not the scored rows', () => {
    const t = hourlyTest(diffs(720, -0.001, 0.001, 1)); // 30 days of hourly origins, 5 coins
    expect(t.scored).toBe(3600);
    expect(t.times).toBe(720);
    expect(t.effectiveN).toBeCloseTo(30); // 720 h / 24 h
    expect(t.lag).toBe(23);
    expect(t.statistic!).toBeLessThan(-1.645);
  });
});

describe('decidePromotion (issue 16: evidence on the same forecasts, not a plain <)', () => {
  const policy = { minIndependent: 20, minScored: 200 };
  const ctx = { group: 'hourly' as const, champion: 'ens-a', championIsNaive: false };

  it('promotes a challenger with significantly lower pinball on enough independent outcomes', () => {
    const d = decidePromotion(hourlyTest(diffs(720, -0.002, 0.001, 2)), policy, ctx);
    expect(d.act).toBe(true);
    expect(d.reason).toMatch(/significantly lower live pinball than ens-a/);
    expect(d.evidence).toMatchObject({ basis: 'live', against: 'ens-a' });
  });

  it('does not promote on a lower ratio that is only noise (the old rule promoted on any <)', () => {
    const test = hourlyTest(diffs(720, -0.00001, 0.003, 3));
    expect(test.ratio!).toBeLessThan(1);
    expect(decidePromotion(test, policy, ctx).act).toBe(false);
  });

  it('does not promote before enough independent outcomes exist, even over the naive baseline', () => {
    // 200+ scored forecasts but only 5 days of origins: 5 independent 24h outcomes.
    const test = hourlyTest(diffs(120, -0.002, 0.001, 4));
    expect(test.scored).toBeGreaterThanOrEqual(200);
    const d = decidePromotion(test, policy, { ...ctx, champion: 'naive', championIsNaive: true });
    expect(d.act).toBe(false);
    expect(d.reason).toMatch(/waiting for evidence: 5\.0 of 20 independent live outcomes/);
  });

  it('records how many independent outcomes the rule needed, so the page can say "too few to judge"', () => {
    const d = decidePromotion(hourlyTest(diffs(120, -0.002, 0.001, 4)), policy, { ...ctx, champion: 'naive', championIsNaive: true });
    expect(d.evidence).toMatchObject({ effectiveN: 5, needed: 20 });
  });

  it('judges a daily challenger on its out-of-sample backtest until enough live 7d/30d outcomes exist', () => {
    const few = pairedTest(diffs(10, -0.01, 0.001, 5, 5, 86_400_000), 30 * 86_400_000, 86_400_000);
    const good = { from: '2025-01-01T00:00:00.000Z', to: '2025-02-15T00:00:00.000Z', relPinball: 0.9, test: { ...hourlyTest(diffs(720, -0.002, 0.001, 6)) } };
    const bad = { ...good, relPinball: 1.01, test: hourlyTest(diffs(720, 0.0001, 0.003, 7)) };
    const daily = { group: 'daily' as const, champion: 'naive', championIsNaive: true };
    const yes = decidePromotion(few, policy, { ...daily, challengerBacktest: good });
    expect(yes.act).toBe(true);
    expect(yes.reason).toMatch(/judged on the out-of-sample backtest/);
    expect(yes.evidence!.basis).toBe('backtest');
    expect(decidePromotion(few, policy, { ...daily, challengerBacktest: bad }).act).toBe(false);
    // Beating naive is not enough against a trained champion whose backtest was better still.
    expect(
      decidePromotion(few, policy, { ...daily, champion: 'ens-a', championIsNaive: false, challengerBacktest: good, championBacktest: { relPinball: 0.85 } })
        .act,
    ).toBe(false);
  });
});

describe('decideFirstModel (issue 16: the first model no longer replaces naive unchecked)', () => {
  it('replaces naive only when its out-of-sample backtest is significantly better', () => {
    const window = { from: '2025-01-01T00:00:00.000Z', to: '2025-02-15T00:00:00.000Z' };
    expect(decideFirstModel({ ...window, test: hourlyTest(diffs(720, -0.002, 0.001, 8)) }, { minIndependent: 20 }).act).toBe(true);
    const no = decideFirstModel({ ...window, test: hourlyTest(diffs(720, 0.0001, 0.002, 9)) }, { minIndependent: 20 });
    expect(no.act).toBe(false);
    expect(no.reason).toMatch(/does not beat the naive baseline on its out-of-sample backtest 2025-01-01 to 2025-02-15/);
    expect(decideFirstModel({}, { minIndependent: 20 }).act).toBe(false);
  });
});

describe('decideRollback (issue 16: live pinball / coverage against naive, not point error)', () => {
  const fine = { scored: 500, coverage80: 0.79, naiveCoverage80: 0.8 };

  it('rolls back when live pinball is significantly worse than naive', () => {
    const d = decideRollback(hourlyTest(diffs(240, 0.002, 0.001, 10)), fine);
    expect(d.act).toBe(true);
    expect(d.reason).toMatch(/significantly higher than the naive baseline/);
  });

  it('rolls back when the 80 % interval covers far less than 80 % and than naive', () => {
    const d = decideRollback(hourlyTest(diffs(240, 0, 0.001, 11)), { scored: 500, coverage80: 0.55, naiveCoverage80: 0.79 });
    expect(d.act).toBe(true);
    expect(d.reason).toMatch(/covered 55\.0 % of 500 outcomes \(naive 79\.0 %\)/);
  });

  it('keeps a champion that is as good as naive (the old rule fired on market-wide point error)', () => {
    expect(decideRollback(hourlyTest(diffs(240, 0, 0.002, 12)), fine).act).toBe(false);
    expect(decideRollback(hourlyTest(diffs(240, 0, 0.002, 13)), { scored: 50, coverage80: 0.5, naiveCoverage80: 0.8 }).act).toBe(false); // too few
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
