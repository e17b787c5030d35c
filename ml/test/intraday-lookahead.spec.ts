import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, FIVE_MINUTE_MS, MINUTE_MS } from '../src/data/horizons';
import { backtestIntraday } from '../src/intraday/backtest';
import { intradayHistoryUntil } from '../src/intraday/data';
import { fitIntradayParams, intradayModel, trainIntradayModel, type IntradayParams } from '../src/intraday/model';
import { naiveIntradayModel } from '../src/intraday/naive';
import type { CoinHistory, IntradayForecastModel, IntradayHorizon } from '../src/types';
import { INTRADAY_HORIZONS } from '../src/types';
import { plantedSeasonal, scrambleIntradayAfter, syntheticIntraday } from './intraday-synthetic';

const ALL: IntradayHorizon[] = [...INTRADAY_HORIZONS];
const start = Date.UTC(2024, 0, 1);

/**
 * The look-ahead test for the sub-hour models: the forecast at an origin is identical whether the candles after it
 * are the real ones, scrambled, or absent; scrambling before the origin changes it.
 */
describe('intraday look-ahead', () => {
  let histories: CoinHistory[];
  let until: number;
  const models: Record<string, IntradayForecastModel> = {};
  beforeAll(() => {
    histories = [1, 2].map((s) => syntheticIntraday(`L${s}`, 50, 40 + s, { seasonal: plantedSeasonal, garch: true, minuteDays: 20 }));
    until = start + 40 * DAY_MS;
    const params: IntradayParams = fitIntradayParams(histories, until, { until, seasonalDays: 30, harDays: 25 });
    expect(Object.keys(params.har).sort()).toEqual([...ALL].sort());
    models.own = intradayModel(params);
    const guardOf = (source: 'model' | 'blend') =>
      Object.fromEntries(
        ALL.map((h) => [
          h,
          {
            pointIsNaive: true,
            intervalIsNaive: false,
            intervalSource: source,
            point: { statistic: null, n: 0, effectiveN: 0, lag: 0, meanLossDiff: 0, significant: false },
            interval: { statistic: -3, n: 100, effectiveN: 100, lag: 4, meanLossDiff: -0.02, significant: true },
            statistic: -3,
            n: 100,
            validation: { from: '', to: '', originStepHours: 1 },
            criticalValue: 1.96,
            minEffectiveN: 30,
            minRelativeGain: 0.01,
          },
        ]),
      );
    models.blend = intradayModel({ ...params, guard: guardOf('blend') });
    models.naive = naiveIntradayModel();
  });

  const origins = () => [until + 2 * DAY_MS, until + 3 * DAY_MS + 7 * FIVE_MINUTE_MS, until + 6 * DAY_MS + 13 * MINUTE_MS];

  it('scrambling or appending candles after the origin leaves every forecast identical; scrambling before it changes it', () => {
    for (const [name, m] of Object.entries(models)) {
      for (const t of origins()) {
        for (const h of histories) {
          const real = m.predict(intradayHistoryUntil(h, t, m.lookback), ALL);
          // 13 minutes past a 5m boundary: the 5m horizons' origin is the last closed 5m candle; 1m is at t.
          expect(real.length, name).toBe(4);
          expect(m.predict(intradayHistoryUntil(scrambleIntradayAfter(h, t), t, m.lookback), ALL), `${name} at ${new Date(t).toISOString()}`).toEqual(real);
          // More history than the lookback: the same forecast (models trim to their lookback first).
          expect(m.predict(intradayHistoryUntil(h, t), ALL), name).toEqual(real);
          const past = m.predict(intradayHistoryUntil(scrambleIntradayAfter(h, t - 20 * MINUTE_MS), t, m.lookback), ALL);
          for (const f of past) expect(f.quantiles, `${name} ${f.horizon}`).not.toEqual(real.find((x) => x.horizon === f.horizon)!.quantiles);
        }
      }
    }
  });

  it('the backtest harness, given histories that still hold (scrambled) candles after the last target, scores the same forecasts', async () => {
    const from = until + DAY_MS;
    const to = until + 4 * DAY_MS;
    const run = (hs: CoinHistory[]) =>
      backtestIntraday({ histories: hs, from, to, horizons: ALL, model: models.blend!, originStepMinutes: 55, keepSeriesFor: hs.map((h) => h.coin) });
    const real = await run(histories);
    expect(real.results.length).toBe(8);
    const fake = await run(histories.map((h) => scrambleIntradayAfter(h, to)));
    expect(fake.results).toEqual(real.results);
    expect(fake.series).toEqual(real.series);
    const inside = await run(histories.map((h) => scrambleIntradayAfter(h, to - DAY_MS)));
    expect(inside.results).not.toEqual(real.results);
  });

  it('training: scrambling every candle after `until` gives identical parameters and guard; scrambling before it changes them', async () => {
    const opts = { until, seasonalDays: 30, harDays: 25, validation: { '5m': { days: 10, stepMinutes: 120 }, '1m': { days: 8, stepMinutes: 120 } } } as const;
    const strip = (m: IntradayForecastModel) => JSON.stringify(m.metadata, (k, v: unknown) => (k === 'trainSeconds' ? undefined : v));
    const a = await trainIntradayModel(histories, opts);
    const b = await trainIntradayModel(
      histories.map((h) => scrambleIntradayAfter(h, until)),
      opts,
    );
    expect(strip(b)).toBe(strip(a));
    const c = await trainIntradayModel(
      histories.map((h) => scrambleIntradayAfter(h, until - 2 * DAY_MS)),
      opts,
    );
    expect(strip(c)).not.toBe(strip(a));
  }, 120_000);
});
