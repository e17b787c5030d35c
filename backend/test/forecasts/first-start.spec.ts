import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForecastsWorker } from '../../src/forecasts/forecasts.worker';
import { ModelRegistry } from '../../src/forecasts/model-registry.repository';
import { MarketsWorker } from '../../src/markets/markets.worker';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { waitFor } from './forecast-fixtures';

/** First start with an empty registry: naive forecasts at once, the initial model trained in the background. */
describe('first start (replay source, empty registry)', () => {
  let t: TestApp;
  let user: RegisteredUser;
  const folder = makeReplayFolder(['BTC', 'ETH'], 24 * 60);

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: folder.dir,
        BACKFILL_DAYS_1H: '50',
        BACKFILL_DAYS_1D: '50',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
        FORECASTS_ENABLED: 'true',
        FORECAST_MODEL: 'vol',
        FORECAST_CATCHUP_HOURS: '4',
      },
    });
    user = await registerUser(t);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    folder.remove();
  });

  it('serves naive forecasts first, trains the initial model in the background and lets it serve only on evidence', async () => {
    const registry = t.app.get(ModelRegistry);
    expect((await registry.champion('hourly'))!.type).toBe('naive'); // registered at boot, before any candle
    await t.app.get(MarketsWorker).syncCandles();
    await t.app.get(ForecastsWorker).tick();
    const forecasts = async () =>
      (await t.inject({ method: 'GET', url: '/api/v1/forecasts', headers: user.auth })).json() as Array<{ isNaive: boolean; horizon: string }>;
    await waitFor(async () => (await forecasts()).length === 2 * 5, 60_000);

    // The initial training job runs in the background; its model is registered with an out-of-sample backtest and
    // replaces naive only where that backtest beats naive (each decision logged with its figures).
    // The decision (promoted or evaluated) is logged after 'registered', so wait for it too, not only the registration.
    const decided = (e: { kind: string; horizonGroup: string | null }, group: string) =>
      e.horizonGroup === group && (e.kind === 'promoted' || e.kind === 'evaluated');
    await waitFor(async () => {
      const all = await registry.events();
      return all.filter((e) => e.kind === 'registered').length === 2 && (['hourly', 'daily'] as const).every((g) => all.some((e) => decided(e, g)));
    }, 90_000);
    const events = (await registry.events()).reverse();
    const kinds = events.map((e) => `${e.kind}:${e.horizonGroup ?? '-'}`);
    expect(kinds.slice(0, 2).sort()).toEqual(['baseline_serving:daily', 'baseline_serving:hourly']);
    expect(kinds).toEqual(expect.arrayContaining(['training_started:-', 'registered:hourly', 'registered:daily']));
    for (const group of ['hourly', 'daily'] as const) {
      const decision = events.find((e) => decided(e, group))!;
      expect(decision.reason).toMatch(/(beats|does not beat) the naive baseline on its out-of-sample backtest \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);
      expect(decision.details).toMatchObject({ evidence: { basis: 'backtest', against: 'naive' } });
    }
    const trained = (await registry.list()).filter((r) => r.type !== 'naive');
    expect(trained).toHaveLength(2);
    for (const r of trained) {
      expect(r.trainedUntil!.getTime() % 3_600_000).toBe(0); // the last closed hour, not the clock
      expect(r.backtest).toMatchObject({ outOfSample: true, fittedUntil: expect.any(String) });
      expect(Date.parse(r.backtest.fittedUntil as string)).toBeLessThanOrEqual(Date.parse(r.backtest.from as string));
    }
    // Forecasts are served for every coin and horizon the whole time (naive where no model has beaten it).
    expect((await forecasts()).length).toBe(2 * 5);
  }, 200_000);
});
