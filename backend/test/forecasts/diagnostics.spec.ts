import { aggregateDaily, fitVolParams, naiveModel, volModel, type CoinHistory, type ForecastModel } from '@coincast/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/common/domain-errors';
import { ForecastsService } from '../../src/forecasts/forecasts.service';
import { backtestGroup } from '../../src/forecasts/model-backtest';
import { buildDiagnostics } from '../../src/forecasts/model-diagnostics';
import { ModelRegistry } from '../../src/forecasts/model-registry.repository';
import { InProcessJobQueue } from '../../src/infra/in-process';
import type { MarketsService } from '../../src/markets/markets.service';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { buildRig, createForecastDb, DAY, FixtureMarket, FixtureTrainer, randomWalk, regimeWalk, type ForecastRig } from './forecast-fixtures';

const START = Date.UTC(2025, 0, 1);
const histories: CoinHistory[] = ['A', 'B'].map((coin, i) => {
  const hourly = randomWalk(START, 60 * 24, 100, 3 + i);
  return { coin, hourly, daily: aggregateDaily(hourly) };
});
const UNTIL = START + 60 * DAY;

/** Naive with its intervals narrowed by `factor` (same point): under-covers at every level. */
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

describe('backtest diagnostics', () => {
  it('the calibration curve of naive against itself is naive, and a squeezed interval under-covers at 50/80/90 %', () => {
    const same = backtestGroup(naiveModel(), histories, 'hourly', UNTIL, 10, 6).diagnostics;
    for (const h of ['1h', '4h', '24h'] as const) {
      const d = same.horizons[h]!;
      expect(d.calibration.map((c) => c.nominal)).toEqual([0.5, 0.8, 0.9]);
      for (const c of d.calibration) expect(c.observed).toBe(c.naive);
      expect(d.relMae).toBeCloseTo(1, 12);
      // Observed coverage rises with the nominal level.
      expect(d.calibration[0]!.observed).toBeLessThan(d.calibration[2]!.observed);
    }
    const narrow = backtestGroup(squeezed(0.3), histories, 'hourly', UNTIL, 10, 6).diagnostics.horizons['1h']!;
    for (const c of narrow.calibration) expect(c.observed).toBeLessThan(c.naive - 0.1);
  });

  it('has one per-coin row per coin, each against naive on its own outcomes', () => {
    const bt = backtestGroup(squeezed(0.5), histories, 'hourly', UNTIL, 10, 6);
    expect(bt.diagnostics.perCoin.map((c) => c.coin)).toEqual(['A', 'B']);
    for (const c of bt.diagnostics.perCoin) {
      expect(c.scored).toBe(bt.n / 2);
      expect(c.relMae).toBeCloseTo(1, 12); // same point as naive
      expect(c.relPinball).not.toBe(1);
      expect(c.coverage80!).toBeLessThan(c.naiveCoverage80!);
    }
  });

  it("builds the Models page's view from training metadata and the backtest; older records get what is stored", () => {
    const metadata = {
      neural: { gru: { lossHistory: [0.6, 0.5] } },
      weights: { '1h': { point: { ridge: 1 }, shrink: 0.25, quantileBlend: 0, validation: { origins: 100, maeNaive: 0.8, mae: { ridge: 0.78 } } } },
    };
    const bt = backtestGroup(naiveModel(), histories, 'hourly', UNTIL, 10, 6);
    const { diagnostics: extra, ...stored } = bt;
    const full = buildDiagnostics('hourly', metadata, stored, extra);
    expect(full.complete).toBe(true);
    expect(full.lossCurves).toEqual([{ member: 'gru', loss: [0.6, 0.5] }]);
    expect(full.horizons.map((h) => h.horizon)).toEqual(['1h', '4h', '24h']);
    expect(full.horizons[0]!.training!.members).toEqual([{ member: 'ridge', weight: 1, validationMae: 0.78 }]);
    expect(full.horizons[0]!.calibration).toHaveLength(3);
    expect(full.perCoin).toHaveLength(2);
    const old = buildDiagnostics('hourly', null, stored, null);
    expect(old.complete).toBe(false);
    expect(old.horizons[0]).toMatchObject({ relPinball: stored.horizons['1h']!.relPinball, calibration: [], training: null });
    expect(old.perCoin).toEqual([]);
  });
});

const SYMBOLS = ['BTC/USDT', 'ETH/USDT'];
const NOW = Date.UTC(2025, 3, 1, 13, 37);
const HOURS = 90 * 24 + 13;

describe('diagnostics stored at registration', () => {
  let db: Awaited<ReturnType<typeof createForecastDb>>;
  let rig: ForecastRig;
  let service: ForecastsService;
  beforeAll(async () => {
    db = await createForecastDb();
    const market = new FixtureMarket(SYMBOLS, START, HOURS, NOW);
    SYMBOLS.forEach((symbol, i) => {
      const hourly = regimeWalk(START, HOURS, 100 * (i + 1), 11 + 7 * i);
      market.series.set(symbol, { coin: symbol, hourly, daily: aggregateDaily(hourly) });
    });
    rig = buildRig(db.db, market, new InProcessJobQueue(), new FixtureTrainer((h, until) => volModel(fitVolParams(h, until, 1))), { backtestDays: 10 });
    await rig.registry.ensureBaseline();
    service = new ForecastsService(rig.store, rig.registry, rig.scheduler, {} as MarketsService, market);
  }, 60_000);
  afterAll(() => db.close());

  it('stores calibration, error by horizon and the per-coin table with each group, outside the backtest', async () => {
    const records = await rig.lifecycle.train('test');
    const hourly = records.find((r) => r.horizonGroup === 'hourly')!;
    const d = await service.diagnostics(hourly.id);
    expect(d).toMatchObject({ modelId: hourly.id, version: hourly.version, horizonGroup: 'hourly', complete: true });
    expect(d.window).toMatchObject({ from: hourly.backtest.from, fittedUntil: expect.any(String) });
    expect(d.horizons.map((h) => h.horizon)).toEqual(['1h', '4h', '24h']);
    for (const h of d.horizons) {
      expect(h.calibration.map((c) => c.nominal)).toEqual([0.5, 0.8, 0.9]);
      expect(h.relMae).toEqual(expect.any(Number));
      expect(h.relPinball).toBe((hourly.backtest.horizons as Record<string, { relPinball: number }>)[h.horizon]!.relPinball);
    }
    expect(d.perCoin.map((c) => c.coin)).toEqual(SYMBOLS);
    expect(d.lossCurves).toEqual([]); // the volatility model has no neural members
    // The list stays small: the per-coin table is not in the backtest the models list sends.
    expect(hourly.backtest).not.toHaveProperty('diagnostics');
    expect(JSON.stringify((await rig.registry.list())[0])).not.toContain('perCoin');
    const daily = await service.diagnostics(records.find((r) => r.horizonGroup === 'daily')!.id);
    expect(daily).toMatchObject({ horizonGroup: 'daily', complete: true });
    for (const h of daily.horizons) expect(['7d', '30d']).toContain(h.horizon);
  }, 120_000);

  it('rebuilds what it can for a model registered before diagnostics were stored, and 404s an unknown id', async () => {
    const record = (await rig.registry.list()).find((r) => r.type !== 'naive' && r.horizonGroup === 'hourly')!;
    await db.db.query(`UPDATE forecast_models SET diagnostics = NULL WHERE id = $1`, [record.id]);
    const d = await service.diagnostics(record.id);
    expect(d.complete).toBe(false);
    expect(d.horizons[0]).toMatchObject({ calibration: [], relPinball: expect.any(Number) });
    expect(d.perCoin).toEqual([]);
    await expect(service.diagnostics('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
    const naive = await rig.registry.naive('hourly');
    expect(await service.diagnostics(naive.id)).toMatchObject({ complete: false, horizons: [], lossCurves: [], perCoin: [] });
  });
});

describe('GET /models/:model/diagnostics', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp();
    user = await registerUser(t);
    const registry = t.app.get(ModelRegistry);
    await registry.ensureBaseline();
    const [record] = await registry.registerChallenger(volModel(fitVolParams(histories, UNTIL, 1)), {
      version: 'garch-conformal-test',
      trainedUntil: UNTIL,
      backtest: { hourly: { from: '2025-02-20T00:00:00.000Z', to: '2025-03-02T00:00:00.000Z' }, daily: {} },
      reason: 'test',
      diagnostics: {
        hourly: {
          ...buildDiagnostics(
            'hourly',
            null,
            {},
            { horizons: {}, perCoin: [{ coin: 'A', scored: 4, relMae: 1, relPinball: 0.9, coverage80: 0.75, naiveCoverage80: 0.8 }] },
          ),
        },
      },
    });
    id = record!.id;
  }, 60_000);
  afterAll(() => t.close());

  it('answers every signed-in user, and 401 / 404 otherwise', async () => {
    const ok = await t.inject({ method: 'GET', url: `/api/v1/models/${id}/diagnostics`, headers: user.auth });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ modelId: id, version: 'garch-conformal-test', complete: true, perCoin: [{ coin: 'A', relPinball: 0.9 }] });
    expect((await t.inject({ method: 'GET', url: `/api/v1/models/${id}/diagnostics` })).statusCode).toBe(401);
    const unknown = await t.inject({ method: 'GET', url: '/api/v1/models/00000000-0000-4000-8000-000000000000/diagnostics', headers: user.auth });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('Model not found');
    expect((await t.inject({ method: 'GET', url: '/api/v1/models/not-a-model/diagnostics', headers: user.auth })).statusCode).toBe(404);
  });
});
