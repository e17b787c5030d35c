import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../src/data/horizons';
import { backtest } from '../src/evaluate/backtest';
import { naiveModel } from '../src/models/baselines';
import { fitVolParams, volModel } from '../src/models/vol-model';
import { scrambleAfter, syntheticHourly } from './synthetic';

describe('walk-forward backtest', () => {
  const histories = [31, 32].map((s) => syntheticHourly(`B${s}`, 200, s));
  const start = histories[0]!.hourly[0]!.openTime;
  const from = start + 120 * DAY_MS;
  const to = start + 160 * DAY_MS;

  it('naive against itself gives relative figures of exactly 1 and counts origins per horizon', async () => {
    const r = await backtest({ histories, from, to, horizons: ['1h', '24h', '7d'], model: naiveModel(), originStepHours: 4 });
    for (const x of r.results) {
      expect(x.relMae).toBe(1);
      expect(x.relPinball).toBe(1);
    }
    const byH = (h: string) => r.results.find((x) => x.horizon === h && x.coin === 'B31')!.origins;
    expect(byH('1h')).toBe(40 * 6); // every 4 h up to 'to' - 4 h (the next one would be 'to' itself)
    expect(byH('24h')).toBe(39 * 6 + 1); // origins from 'from' to 'to' - 24 h inclusive
    expect(byH('7d')).toBe(40 - 7 + 1);
    expect(r.summary.map((s) => s.horizon)).toEqual(['1h', '24h', '7d']);
    // Terciles of trailing-24h realised vol per coin and horizon, for the model and naive, in the report.
    for (const x of r.results) {
      for (const side of [x.model, x.naive]) {
        expect(side.byVolTercile!.length).toBe(3);
        expect(side.byVolTercile!.reduce((a, t) => a + t.origins, 0)).toBe(x.origins);
        expect(side.byVolTercile![0]!.volTo).toBeLessThanOrEqual(side.byVolTercile![1]!.volFrom);
      }
      expect(x.model.byVolTercile).toEqual(x.naive.byVolTercile); // naive against itself
    }
    expect(r.summary[0]!.byVolTercile!.model.length).toBe(3);
    expect(r.pinballSets.pinball).toEqual(['0.1', '0.5', '0.9']);
  });

  it('retrains every K days on data strictly before each retraining time, and skips origins inside gaps', async () => {
    const untils: number[] = [];
    const gappy = histories.map((h) => ({ ...h, hourly: h.hourly.filter((c) => c.openTime < from + 5 * DAY_MS || c.openTime >= from + 6 * DAY_MS) }));
    const r = await backtest({
      histories: gappy,
      from,
      to,
      horizons: ['4h'],
      retrainDays: 10,
      originStepHours: 6,
      train: async (hs, until) => {
        untils.push(until);
        expect(hs.every((h) => h.hourly.length > 0)).toBe(true);
        return volModel(fitVolParams(hs, until));
      },
    });
    expect(untils).toEqual([0, 10, 20, 30].map((d) => from + d * DAY_MS));
    expect(r.results[0]!.origins).toBe(40 * 4 - 4 - 1); // 4 origins inside the missing day, 1 whose target is in it
  });

  it('scores do not depend on candles after the last target', async () => {
    const a = await backtest({ histories, from, to, horizons: ['4h'], model: naiveModel(), originStepHours: 12 });
    const b = await backtest({ histories: histories.map((h) => scrambleAfter(h, to)), from, to, horizons: ['4h'], model: naiveModel(), originStepHours: 12 });
    expect(b.results).toEqual(a.results);
  });
});
