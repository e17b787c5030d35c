import { beforeAll, describe, expect, it } from 'vitest';
import { forecastAt, historyUntil } from '../src/data/candles';
import { DAY_MS, HOUR_MS } from '../src/data/horizons';
import { driftModel, etsModel, naiveModel } from '../src/models/baselines';
import type { EnsembleState } from '../src/models/ensemble';
import { fitVolParams, volModel, type VolModelParams } from '../src/models/vol-model';
import { ensembleModel, ensembleStateOf, trainDefaultModel } from '../src/models/ensemble';
import { serializeModel } from '../src/artifacts/artifacts';
import { backtest } from '../src/evaluate/backtest';
import type { CoinHistory, ForecastModel } from '../src/types';
import { ALL_HORIZONS } from '../src/types';
import { scrambleAfter } from './synthetic';
import { smallEnsemble } from './trained';

/**
 * The look-ahead test: for every model, the forecast at an origin is identical whether the candles after the
 * origin are the real ones or scrambled. Origins include midnights (daily horizons) and mid-day hours.
 */
describe('look-ahead', () => {
  let histories: CoinHistory[];
  let until: number;
  const models: Record<string, ForecastModel> = {};
  beforeAll(async () => {
    const e = await smallEnsemble();
    histories = e.histories;
    until = e.until;
    models.ensemble = e.model;
    // The same ensemble with every member switched on, so that ridge and neural paths are exercised too.
    const st = ensembleStateOf(e.model)! as EnsembleState;
    const allOn: EnsembleState = {
      ...st,
      weights: Object.fromEntries(
        ALL_HORIZONS.map((h) => [
          h,
          // guard: undefined = the model's own interval and point (the members' paths are what is under test).
          { ...st.weights[h]!, point: { ridge: 0.4, gru: 0.3, cnn: 0.3 }, shrink: 1, quantileMember: 'gru', quantileBlend: 0.5, guard: undefined },
        ]),
      ),
    };
    models.ensembleAllMembers = ensembleModel(allOn);
    // And with the guard serving naive's interval / the blend, so those paths are exercised as well.
    for (const source of ['naive', 'blend'] as const)
      models[`ensembleInterval-${source}`] = ensembleModel({
        ...allOn,
        weights: Object.fromEntries(
          ALL_HORIZONS.map((h) => [
            h,
            { ...allOn.weights[h]!, guard: { ...st.weights[h]!.guard!, pointIsNaive: false, intervalIsNaive: source === 'naive', intervalSource: source } },
          ]),
        ),
      });
    models.naive = naiveModel();
    models.drift = driftModel();
    models.ets = etsModel();
    models.garch = volModel(fitVolParams(histories, until));
  }, 300_000);

  it('the 24h HAR scale is active in the volatility model and the ensemble under test (the tests below are not vacuous for it)', () => {
    expect((models.garch!.metadata.params as VolModelParams).har24).toBeDefined();
    expect((ensembleStateOf(models.ensemble!)! as EnsembleState).vol.har24).toBeDefined();
    expect((ensembleStateOf(models.ensemble!)! as EnsembleState).vol.harShort?.['1h']).toBeDefined();
    expect((ensembleStateOf(models.ensemble!)! as EnsembleState).vol.regimeShare?.['24h']).toBeCloseTo(1 / 3, 12);
  });

  it('no model changes its forecast when candles after the origin change', () => {
    const origins = [until + 2 * DAY_MS, until + 5 * DAY_MS + 13 * HOUR_MS, until + 30 * DAY_MS + 7 * HOUR_MS];
    for (const [name, m] of Object.entries(models)) {
      for (const t of origins) {
        for (const h of histories) {
          const real = m.predict(historyUntil(h, t, m.lookback), [...ALL_HORIZONS]);
          // Callers pass candles up to the origin (historyUntil); everything after it is scrambled here.
          const fake = m.predict(historyUntil(scrambleAfter(h, t), t, m.lookback), [...ALL_HORIZONS]);
          expect(real.length, `${name} forecasts`).toBeGreaterThan(0);
          expect(fake, `${name} at ${new Date(t).toISOString()}`).toEqual(real);
          // Scrambling before the origin must change something (guards against a vacuous test).
          const past = m.predict(historyUntil(scrambleAfter(h, t - 2 * HOUR_MS), t, m.lookback), ['1h']);
          expect(past[0]!.quantiles).not.toEqual(real.find((f) => f.horizon === '1h')!.quantiles);
        }
      }
    }
  });

  it('forecast time: forecastAt given a history that still contains the (scrambled) future gives the forecast of the real history', () => {
    const origins = [until + 2 * DAY_MS, until + 5 * DAY_MS + 13 * HOUR_MS, until + 30 * DAY_MS + 7 * HOUR_MS];
    for (const [name, m] of Object.entries(models)) {
      for (const t of origins) {
        for (const h of histories) {
          const withFuture = scrambleAfter(h, t);
          expect(withFuture.hourly.at(-1)!.openTime, 'the history passed holds candles after the origin').toBeGreaterThan(t);
          const real = forecastAt(m, h, t, [...ALL_HORIZONS]);
          expect(real.length, name).toBeGreaterThan(0);
          expect(forecastAt(m, withFuture, t, [...ALL_HORIZONS]), `${name} at ${new Date(t).toISOString()}`).toEqual(real);
        }
      }
    }
  });

  it('every model gives the same forecast for the full history as for the history cut to its lookback', () => {
    const t = until + 9 * DAY_MS + 5 * HOUR_MS;
    for (const [name, m] of Object.entries(models)) {
      for (const h of histories) {
        const full = historyUntil(h, t);
        expect(m.predict(full, [...ALL_HORIZONS]), name).toEqual(m.predict(historyUntil(h, t, m.lookback), [...ALL_HORIZONS]));
      }
    }
  });

  it('forecast time: a backtest given histories that still contain (scrambled) candles after the last target scores exactly the same forecasts', async () => {
    // The harness, not the caller, must cut each origin's history: here the future is in the arrays it is given.
    const from = until + 2 * DAY_MS;
    const to = until + 14 * DAY_MS;
    // The ensemble with every member on and the blended interval: every input path of predict is exercised.
    for (const name of ['ensembleInterval-blend'] as const) {
      const m = models[name]!;
      const run = (hs: CoinHistory[]) =>
        backtest({ histories: hs, from, to, horizons: ['1h', '24h', '7d'], model: m, originStepHours: 23, keepSeriesFor: hs.map((h) => h.coin) });
      const real = await run(histories);
      const fake = await run(histories.map((h) => scrambleAfter(h, to)));
      expect(real.results.length, name).toBeGreaterThan(0);
      expect(fake.series, name).toEqual(real.series);
      expect(fake.results, name).toEqual(real.results);
      // Scrambling from inside the scored period changes the scores (the comparison is not vacuous).
      const inside = await run(histories.map((h) => scrambleAfter(h, to - 5 * DAY_MS)));
      expect(inside.results, name).not.toEqual(real.results);
    }
  }, 240_000);
});

describe('look-ahead at training time', () => {
  it('scrambling every candle after `until` and retraining gives a byte-identical artifact', async () => {
    const { histories, until, model } = await smallEnsemble(11);
    const again = await trainDefaultModel(
      histories.map((h) => scrambleAfter(h, until)),
      { until, seed: 11, trainYears: 1, validationDays: 20, maxNeuralSamples: 600, neuralEpochs: 2 },
    );
    const strip = (m: Record<string, unknown>) => JSON.stringify(m, (k, v: unknown) => (k === 'savedAt' || k === 'trainSeconds' ? undefined : v));
    const a = serializeModel(model);
    const b = serializeModel(again);
    expect(strip(b.metadata)).toBe(strip(a.metadata));
    expect(Object.keys(b.files)).toEqual(Object.keys(a.files));
    for (const k of Object.keys(a.files)) expect(Buffer.from(b.files[k]!).equals(Buffer.from(a.files[k]!)), k).toBe(true);
    // Scrambling from inside the training data changes the artifact (the comparison is not vacuous).
    const inside = await trainDefaultModel(
      histories.map((h) => scrambleAfter(h, until - 3 * DAY_MS)),
      { until, seed: 11, trainYears: 1, validationDays: 20, maxNeuralSamples: 600, neuralEpochs: 2 },
    );
    expect(strip(serializeModel(inside).metadata)).not.toBe(strip(a.metadata));
  }, 240_000);
});
