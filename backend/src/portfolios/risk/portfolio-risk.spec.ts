import { describe, expect, it } from 'vitest';
import {
  jointLogReturns,
  marginalFromHistory,
  marginalFromPriceQuantiles,
  marginalQuantile,
  MIN_JOINT_OBSERVATIONS,
  portfolioRisk,
  pseudoObservations,
  type Marginal,
} from './portfolio-risk';

const LEVELS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];
/** A symmetric marginal: log-return quantiles of a normal with this standard deviation. */
const Z = [-1.6449, -1.2816, -0.6745, 0, 0.6745, 1.2816, 1.6449];
const normal = (sd: number): Marginal => ({ levels: LEVELS, logReturns: Z.map((z) => z * sd) });

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gaussian = (r: () => number) => Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());

describe('marginalQuantile', () => {
  it('returns the served quantile at each served level and interpolates between them', () => {
    const m = normal(0.1);
    LEVELS.forEach((level, i) => expect(marginalQuantile(m, level)).toBeCloseTo(m.logReturns[i]!, 12));
    expect(marginalQuantile(m, 0.375)).toBeCloseTo((m.logReturns[2]! + m.logReturns[3]!) / 2, 12);
  });

  it('extends both tails beyond the outer levels, monotonically', () => {
    const m = normal(0.1);
    const us = [0.0005, 0.001, 0.01, 0.03, 0.05, 0.2, 0.5, 0.8, 0.95, 0.97, 0.99, 0.999];
    const xs = us.map((u) => marginalQuantile(m, u));
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
    expect(marginalQuantile(m, 0.01)).toBeLessThan(m.logReturns[0]!);
    expect(marginalQuantile(m, 0.99)).toBeGreaterThan(m.logReturns[6]!);
    expect(Number.isFinite(marginalQuantile(m, 0))).toBe(true);
  });
});

describe('marginalFromPriceQuantiles / marginalFromHistory', () => {
  it('turns served price quantiles into sorted log returns and repairs crossed quantiles', () => {
    const m = marginalFromPriceQuantiles(100, { '0.9': 120, '0.1': 80, '0.5': 100, '0.25': 95, '0.75': 94 });
    expect(m.levels).toEqual([0.1, 0.25, 0.5, 0.75, 0.9]);
    expect(m.logReturns[0]).toBeCloseTo(Math.log(0.8), 12);
    expect(m.logReturns[3]).toBe(m.logReturns[2]); // 94 < 100: crossed, lifted to the median
  });

  it('reads an empirical marginal off history', () => {
    const m = marginalFromHistory(
      Array.from({ length: 101 }, (_, i) => i / 100),
      [0.1, 0.5, 0.9],
    );
    expect(m.logReturns).toEqual([0.1, 0.5, 0.9].map((x) => expect.closeTo(x, 12)));
  });
});

describe('pseudoObservations / jointLogReturns', () => {
  it('ranks a column into (0, 1), ties sharing their mean rank', () => {
    expect([...pseudoObservations([3, 1, 2, 2])]).toEqual([4 / 5, 1 / 5, 2.5 / 5, 2.5 / 5]);
  });

  it('makes overlapping h-step log returns of aligned closes', () => {
    const rows = jointLogReturns(
      [
        [100, 110, 121, 133.1],
        [10, 10, 20, 20],
      ],
      2,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]![0]).toBeCloseTo(Math.log(1.21), 12);
    expect(rows[1]![1]).toBeCloseTo(Math.log(2), 12);
    expect(jointLogReturns([], 1)).toEqual([]);
    expect(jointLogReturns([[1, 2]], 5)).toEqual([]);
  });
});

describe('portfolioRisk', () => {
  it('gives a single coin its own forecast range, with cash added at its value', () => {
    const m = normal(0.1);
    const risk = portfolioRisk({ riskless: 500, holdings: [{ asset: 'BTC', value: 1000, marginal: m }], jointHistory: [] });
    expect(risk.value).toBe(1500);
    expect(risk.dependence).toBe('none');
    expect(risk.quantiles['0.1']).toBeCloseTo(500 + 1000 * Math.exp(m.logReturns[1]!), -1);
    expect(risk.quantiles['0.9']).toBeCloseTo(500 + 1000 * Math.exp(m.logReturns[5]!), -1);
    expect(risk.quantiles['0.05']).toBeCloseTo(500 + 1000 * Math.exp(m.logReturns[0]!), -1);
    expect(risk.valueAtRisk).toBeCloseTo(-1000 * Math.expm1(m.logReturns[0]!), -1);
    expect(risk.expectedShortfall).toBeGreaterThan(risk.valueAtRisk);
    expect(risk.holdings).toEqual([expect.objectContaining({ asset: 'BTC', share: 1 })]);
  });

  it('uses the joint history: coins that moved together keep the full range, coins that moved apart diversify', () => {
    const r = rng(7);
    const x = Array.from({ length: 500 }, () => gaussian(r));
    const together = x.map((v) => [v, v * 3]); // same ranks, different scale: the copula ignores scale
    const apart = x.map((v) => [v, -v]);
    const holdings = [
      { asset: 'BTC', value: 500, marginal: normal(0.1) },
      { asset: 'ETH', value: 500, marginal: normal(0.1) },
    ];
    const joint = portfolioRisk({ riskless: 0, holdings, jointHistory: together });
    const hedged = portfolioRisk({ riskless: 0, holdings, jointHistory: apart });
    const single = portfolioRisk({ riskless: 0, holdings: [{ asset: 'BTC', value: 1000, marginal: normal(0.1) }], jointHistory: [] });
    expect(joint.dependence).toBe('historical');
    expect(joint.scenarios).toBe(500);
    const width = (q: Record<string, number>) => q['0.9']! - q['0.1']!;
    expect(width(joint.quantiles) / width(single.quantiles)).toBeCloseTo(1, 1);
    expect(width(hedged.quantiles)).toBeLessThan(0.1 * width(joint.quantiles));
    // Independent coins sit in between (about 1/sqrt(2) of the full range).
    const independent = portfolioRisk({ riskless: 0, holdings, jointHistory: x.map((v) => [v, gaussian(r)]) });
    expect(width(independent.quantiles) / width(joint.quantiles)).toBeGreaterThan(0.6);
    expect(width(independent.quantiles) / width(joint.quantiles)).toBeLessThan(0.8);
  });

  it('splits the expected shortfall over the holdings (Euler): shares sum to 1 and follow the risk', () => {
    const r = rng(11);
    const history = Array.from({ length: 800 }, () => {
      const common = gaussian(r);
      return [common + 0.5 * gaussian(r), common + 0.5 * gaussian(r), gaussian(r)];
    });
    const risk = portfolioRisk({
      riskless: 2000,
      holdings: [
        { asset: 'BTC', value: 1000, marginal: normal(0.05) },
        { asset: 'DOGE', value: 1000, marginal: normal(0.2) },
        { asset: 'CALM', value: 1000, marginal: normal(0.001) },
      ],
      jointHistory: history,
    });
    const shares = Object.fromEntries(risk.holdings.map((h) => [h.asset, h.share]));
    expect(risk.holdings.reduce((s, h) => s + h.share, 0)).toBeCloseTo(1, 10);
    expect(risk.holdings.reduce((s, h) => s + h.expectedShortfall, 0)).toBeCloseTo(risk.expectedShortfall, 8);
    expect(shares.DOGE!).toBeGreaterThan(shares.BTC!);
    expect(shares.BTC!).toBeGreaterThan(shares.CALM!);
    expect(Math.abs(shares.CALM!)).toBeLessThan(0.02);
    expect(risk.expectedShortfall).toBeGreaterThanOrEqual(risk.valueAtRisk);
    expect(risk.quantiles['0.05']!).toBeLessThan(risk.quantiles['0.1']!);
    expect(risk.quantiles['0.9']!).toBeLessThan(risk.quantiles['0.95']!);
  });

  it('moves coins together fully when the shared history is too short to measure co-movement', () => {
    const holdings = [
      { asset: 'BTC', value: 500, marginal: normal(0.1) },
      { asset: 'ETH', value: 500, marginal: normal(0.1) },
    ];
    const short = Array.from({ length: MIN_JOINT_OBSERVATIONS - 1 }, (_, i) => [i, -i]);
    const risk = portfolioRisk({ riskless: 0, holdings, jointHistory: short });
    expect(risk.dependence).toBe('comonotonic');
    expect(risk.quantiles['0.1']).toBeCloseTo(1000 * Math.exp(normal(0.1).logReturns[1]!), 0);
  });

  it('is riskless for cash only', () => {
    const risk = portfolioRisk({ riskless: 1234, holdings: [], jointHistory: [] });
    expect(risk.quantiles).toEqual({ '0.05': 1234, '0.1': 1234, '0.5': 1234, '0.9': 1234, '0.95': 1234 });
    expect(risk.valueAtRisk).toBe(0);
    expect(risk.expectedShortfall).toBe(0);
    expect(risk.holdings).toEqual([]);
  });
});
