import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForecastsWorker } from '../../src/forecasts/forecasts.worker';
import { ModelRegistry } from '../../src/forecasts/model-registry';
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

  it('serves naive forecasts first, then the trained initial model takes over, every step logged', async () => {
    const registry = t.app.get(ModelRegistry);
    expect((await registry.champion('hourly'))!.type).toBe('naive'); // registered at boot, before any candle
    await t.app.get(MarketsWorker).syncCandles();
    await t.app.get(ForecastsWorker).tick();
    const forecasts = async () => (await t.inject({ method: 'GET', url: '/api/v1/forecasts', headers: user.auth })).json() as Array<{ isNaive: boolean; horizon: string }>;
    await waitFor(async () => (await forecasts()).length === 2 * 5, 60_000);

    // The initial training job starts 5 s after boot, in the background, and promotes its model over naive.
    await waitFor(async () => (await registry.champion('hourly'))!.type !== 'naive' && (await registry.champion('daily'))!.type !== 'naive', 90_000);
    const events = (await registry.events()).reverse().map((e) => `${e.kind}:${e.horizonGroup ?? '-'}`);
    expect(events.slice(0, 2).sort()).toEqual(['baseline_serving:daily', 'baseline_serving:hourly']);
    expect(events).toEqual(expect.arrayContaining(['training_started:-', 'registered:hourly', 'registered:daily', 'promoted:hourly', 'promoted:daily']));
    // ...and forecasts the latest slots right away.
    await waitFor(async () => (await forecasts()).every((f) => !f.isNaive), 30_000);
  }, 200_000);
});
