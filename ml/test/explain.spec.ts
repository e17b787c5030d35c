import { describe, expect, it } from 'vitest';
import { aggregateDaily } from '../src/data/candles';
import { explainForecast, explainForecasts } from '../src/explain/explain';
import { naiveModel } from '../src/models/baselines';
import { defaultVolParams, volModel, type VolModelParams } from '../src/models/vol-model';
import { DAILY_HAR_FEATURES, HAR_FEATURES } from '../src/models/volatility';
import type { Candle, CoinHistory } from '../src/types';
import { syntheticHourly } from './synthetic';

/** The same path with the log returns and ranges of candles [from, to) scaled by `factor` (a planted volatile stretch). */
function scaleVolatility(h: CoinHistory, from: number, to: number, factor: number): CoinHistory {
  const out: Candle[] = [];
  let price = h.hourly[0]!.open;
  for (let i = 0; i < h.hourly.length; i++) {
    const c = h.hourly[i]!;
    const k = i >= from && i < to ? factor : 1;
    const r = Math.log(c.close / c.open) * k;
    const up = Math.log(c.high / Math.max(c.open, c.close)) * k;
    const down = Math.log(Math.min(c.open, c.close) / c.low) * k;
    const open = price;
    const close = open * Math.exp(r);
    out.push({ ...c, open, close, high: Math.max(open, close) * Math.exp(up), low: Math.min(open, close) * Math.exp(-down) });
    price = close;
  }
  return { coin: h.coin, hourly: out, daily: aggregateDaily(out) };
}

/** Volatility parameters with a fixed HAR regression at 24h and 1h (coefficients of the size real data gives). */
function params(): VolModelParams {
  const p = defaultVolParams();
  const coef = [-1.2, 0.25, 0.45, 0.15, 0.05, 0.05, 1];
  p.har24 = { steps: 24, features: [...HAR_FEATURES], coef, rows: 10_000 };
  p.harShort = { '1h': { steps: 1, features: [...HAR_FEATURES], coef: [-1.5, 0.2, 0.3, 0.2, 0.15, 0.1, 1], rows: 10_000 } };
  return p;
}

const sumOf = (terms: { logVariance: number }[]) => terms.reduce((a, t) => a + t.logVariance, 0);

describe('forecast explanations', () => {
  const base = syntheticHourly('EXPL', 480, 7);
  const n = base.hourly.length;
  // Days 2..7 before the origin three times as volatile; the last day as usual.
  const planted = scaleVolatility(base, n - 168, n - 24, 3);
  const model = volModel(params());

  it('the terms add up to the total log ratio, and the total matches the served sd against the usual one', () => {
    const all = explainForecasts(model, planted, ['1h', '4h', '24h', '7d', '30d']);
    expect(all.map((e) => e.horizon)).toEqual(['1h', '4h', '24h', '7d', '30d']);
    for (const e of all) {
      expect(sumOf(e.terms)).toBeCloseTo(e.totalLogVariance, 10);
      expect(Math.log((e.sd / e.usualSd) ** 2)).toBeCloseTo(e.totalLogVariance, 10);
      expect(e.rangeVsUsual).toBeCloseTo(Math.exp(0.5 * e.totalLogVariance) - 1, 12);
      expect(e.usual.days).toBeGreaterThanOrEqual(290);
    }
    const byH = Object.fromEntries(all.map((e) => [e.horizon, e]));
    expect(byH['24h']!.scale).toBe('har');
    expect(byH['1h']!.scale).toBe('har');
    expect(byH['4h']!.scale).toBe('garch');
    expect(byH['7d']!.terms.map((t) => t.key).sort()).toEqual(['garch', 'level']); // daily: no hour-of-week profile
  });

  it('with the daily HAR scale, 7d / 30d are explained by its terms (last quarter included) and still add up', () => {
    const p = params();
    const coef = [0.8, 0.13, 0.39, 0.11, 0.28, -0.09];
    p.harDaily = {
      '7d': { steps: 7, features: [...DAILY_HAR_FEATURES], coef, rows: 10_000 },
      '30d': { steps: 30, features: [...DAILY_HAR_FEATURES], coef, rows: 10_000 },
    };
    const m = volModel(p);
    const all = explainForecasts(m, planted, ['7d', '30d']);
    expect(all.map((e) => e.scale)).toEqual(['har', 'har']);
    for (const e of all) {
      expect(e.terms.map((t) => t.key).sort()).toEqual(['garch', 'lastDay', 'lastMonth', 'lastQuarter', 'lastWeek']);
      expect(e.terms.find((t) => t.key === 'lastQuarter')!.label).toBe("the last three months' volatility");
      expect(sumOf(e.terms)).toBeCloseTo(e.totalLogVariance, 10);
      expect(Math.log((e.sd / e.usualSd) ** 2)).toBeCloseTo(e.totalLogVariance, 10);
    }
    // The explained sd is the served one: the forecast's 80 % range is sd × (z0.9 − z0.1).
    const f = m.predict(planted, ['7d'])[0]!;
    const width = Math.log(f.quantiles['0.9'] / f.quantiles['0.1']);
    expect(width / all[0]!.sd).toBeGreaterThan(1);
    expect(width / all[0]!.sd).toBeLessThan(4);
  });

  it('the explained sd is the one the served interval is scaled by', () => {
    const e = explainForecast(model, planted, '24h')!;
    const f = model.predict(planted, ['24h'])[0]!;
    // garch-conformal's 80 % range is sd × (z0.9 − z0.1) in log terms: larger sd, proportionally wider range.
    const width = Math.log(f.quantiles['0.9'] / f.quantiles['0.1']);
    expect(width / e.sd).toBeGreaterThan(1);
    expect(width / e.sd).toBeLessThan(4);
  });

  it('a planted volatile last week is the largest positive term, and widens the range', () => {
    const e = explainForecast(model, planted, '24h')!;
    const positive = e.terms.filter((t) => t.logVariance > 0).sort((a, b) => b.logVariance - a.logVariance);
    expect(positive[0]!.key).toBe('lastWeek');
    expect(positive[0]!.label).toBe("last week's volatility");
    expect(e.rangeVsUsual).toBeGreaterThan(0.2);
    const calm = explainForecast(model, base, '24h')!;
    expect(Math.abs(calm.terms.find((t) => t.key === 'lastWeek')!.logVariance)).toBeLessThan(positive[0]!.logVariance / 3);
  });

  it('reads nothing after the origin', () => {
    const cut = { ...planted, hourly: planted.hourly.slice(0, n - 10) };
    cut.daily = aggregateDaily(cut.hourly);
    const changed = scaleVolatility(planted, n - 10, n, 20);
    const a = explainForecast(model, cut, '4h')!;
    const b = explainForecast(model, { ...changed, hourly: changed.hourly.slice(0, n - 10), daily: aggregateDaily(changed.hourly.slice(0, n - 10)) }, '4h')!;
    expect(b.totalLogVariance).toBeCloseTo(a.totalLogVariance, 12);
  });

  it("says a naive model's range is naive's, with no model terms", () => {
    const e = explainForecast(naiveModel(), planted, '24h')!;
    expect(e).toMatchObject({ scale: 'none', intervalSource: 'naive', pointIsNaive: true, terms: [] });
  });

  it('returns nothing for a model without a volatility scale or a history too short to say what is usual', () => {
    const short = syntheticHourly('S', 40, 3);
    expect(explainForecast(model, short, '24h')).toBeUndefined();
    expect(explainForecast({ ...naiveModel(), type: 'drift' }, planted, '24h')).toBeUndefined();
  });
});
