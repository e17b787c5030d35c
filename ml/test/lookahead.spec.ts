import { beforeAll, describe, expect, it } from 'vitest';
import { historyUntil } from '../src/data/candles';
import { DAY_MS, HOUR_MS } from '../src/data/horizons';
import { driftModel, etsModel, naiveModel } from '../src/models/baselines';
import type { EnsembleState } from '../src/models/ensemble';
import { fitVolParams, volModel, type VolModelParams } from '../src/models/vol-model';
import { ensembleStates } from '../src/artifacts/registry';
import { ensembleModel } from '../src/models/ensemble';
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
    const st = ensembleStates.get(e.model)! as EnsembleState;
    const allOn: EnsembleState = {
      ...st,
      weights: Object.fromEntries(
        ALL_HORIZONS.map((h) => [
          h,
          { ...st.weights[h]!, point: { ridge: 0.4, gru: 0.3, cnn: 0.3 }, shrink: 1, quantileMember: 'gru', quantileBlend: 0.5 },
        ]),
      ),
    };
    models.ensembleAllMembers = ensembleModel(allOn);
    models.naive = naiveModel();
    models.drift = driftModel();
    models.ets = etsModel();
    models.garch = volModel(fitVolParams(histories, until));
  }, 120_000);

  it('the 24h HAR scale is active in the volatility model and the ensemble under test (the tests below are not vacuous for it)', () => {
    expect((models.garch!.metadata.params as VolModelParams).har24).toBeDefined();
    expect((ensembleStates.get(models.ensemble!)! as EnsembleState).vol.har24).toBeDefined();
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

  it('every model gives the same forecast for the full history as for the history cut to its lookback', () => {
    const t = until + 9 * DAY_MS + 5 * HOUR_MS;
    for (const [name, m] of Object.entries(models)) {
      for (const h of histories) {
        const full = historyUntil(h, t);
        expect(m.predict(full, [...ALL_HORIZONS]), name).toEqual(m.predict(historyUntil(h, t, m.lookback), [...ALL_HORIZONS]));
      }
    }
  });
});
