import { aggregateDaily, naiveModel, type CoinHistory, type ForecastModel } from '@coincast/ml';
import { describe, expect, it } from 'vitest';
import { backtestGroup } from '../../src/forecasts/model-backtest';
import { DAY, randomWalk } from './forecast-fixtures';

const START = Date.UTC(2025, 0, 1);
const histories: CoinHistory[] = ['A', 'B'].map((coin, i) => {
  const hourly = randomWalk(START, 60 * 24, 100, 3 + i);
  return { coin, hourly, daily: aggregateDaily(hourly) };
});
const UNTIL = START + 60 * DAY;

/** Naive with its intervals narrowed: same point, so relMae = 1, but a different pinball loss. */
function squeezed(factor: number): ForecastModel {
  const naive = naiveModel();
  return {
    ...naive,
    type: 'squeezed',
    predict: (h, horizons) =>
      naive.predict(h, horizons).map((f) => ({
        ...f,
        quantiles: Object.fromEntries(Object.entries(f.quantiles).map(([k, v]) => [k, f.point + (v - f.point) * factor])) as typeof f.quantiles,
      })),
  };
}

describe('backtestGroup', () => {
  it('scores naive against itself: relMae = relPinball = 1, and counts only targets inside the data', () => {
    const bt = backtestGroup(naiveModel(), histories, 'hourly', UNTIL, 3, 6);
    expect(bt.relMae).toBeCloseTo(1);
    expect(bt.relPinball).toBeCloseTo(1);
    // 13 origins per coin (every 6 h over 3 days, both ends included); targets after UNTIL are left out:
    // 1h and 4h lose the last origin, 24h the last four (those within 24 h of UNTIL).
    expect(bt.n).toBe(2 * (12 + 12 + 9));
    expect(bt.dailyErrorMean).toBeGreaterThan(0);
    expect(bt.dailyErrorStd).toBeGreaterThanOrEqual(0);
    expect(bt.coverage80).toBeGreaterThan(0.5);
  });

  it('sees a difference in interval quality that the point error cannot', () => {
    const tooNarrow = backtestGroup(squeezed(0.2), histories, 'hourly', UNTIL, 5, 6);
    expect(tooNarrow.relMae).toBeCloseTo(1);
    expect(tooNarrow.relPinball!).toBeGreaterThan(1);
    expect(tooNarrow.coverage80!).toBeLessThan(0.5);
  });

  it('backtests the daily group on daily origins', () => {
    const bt = backtestGroup(naiveModel(), histories, 'daily', UNTIL, 20, 24);
    expect(bt.n).toBeGreaterThan(0);
    expect(bt.relMae).toBeCloseTo(1);
  });
});
