import { aggregateDaily, explainForecasts, fitVolParams, volModel } from '@coincast/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForecastExplainer } from '../../src/forecasts/forecast-explainer';
import { ForecastsService } from '../../src/forecasts/forecasts.service';
import { InProcessJobQueue } from '../../src/infra/in-process';
import type { MarketsService } from '../../src/markets/markets.service';
import { buildRig, createForecastDb, FixtureMarket, FixtureTrainer, HOUR, regimeWalk, type ForecastRig } from './forecast-fixtures';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT'];
const START = Date.UTC(2024, 9, 1);
// 160 days of hourly candles: enough for the HAR rows (30 days of history) and 60+ days of "usual" origins.
const NOW = Date.UTC(2025, 2, 10, 13, 37);
const SLOT = Date.UTC(2025, 2, 10, 13);
const HOURS = (SLOT - START) / HOUR;

describe('forecast explanations (computed on read)', () => {
  let db: Awaited<ReturnType<typeof createForecastDb>>;
  let rig: ForecastRig;
  let market: FixtureMarket;
  let service: ForecastsService;
  beforeAll(async () => {
    db = await createForecastDb();
    market = new FixtureMarket(SYMBOLS, START, HOURS, NOW);
    SYMBOLS.forEach((symbol, i) => {
      const hourly = regimeWalk(START, HOURS, 100 * (i + 1), 5 + 3 * i);
      market.series.set(symbol, { coin: symbol, hourly, daily: aggregateDaily(hourly) });
    });
    rig = buildRig(db.db, market, new InProcessJobQueue(), new FixtureTrainer((h, until) => volModel(fitVolParams(h, until, 1))));
    await rig.registry.ensureBaseline();
    const model = volModel(fitVolParams([...market.series.values()], SLOT, 1));
    const [hourly] = await rig.registry.registerChallenger(model, {
      version: 'vol-test',
      trainedUntil: SLOT,
      backtest: { hourly: {}, daily: {} },
      reason: 'test',
    });
    await rig.registry.promote(hourly!.id, 'test');
    await rig.runner.runSlot('hourly', SLOT);
    await rig.runner.runSlot('daily', Date.UTC(2025, 2, 10));
    const markets = { resolveSymbol: async (s: string) => s, latestTick: async () => undefined, exchangeOf: () => 'replay' } as unknown as MarketsService;
    service = new ForecastsService(rig.store, rig.registry, rig.scheduler, markets, market);
  }, 120_000);
  afterAll(() => db.close());

  it("each served forecast of the coin carries the explanation of the model that made it, the same as ml's on the same candles", async () => {
    const coin = await service.forSymbol('BTC/USDT');
    const byH = Object.fromEntries(coin.horizons.map((h) => [h.horizon, h]));
    expect(Object.keys(byH).sort()).toEqual(['1h', '24h', '30d', '4h', '7d']);
    const history = await market.history('BTC/USDT', SLOT, { hourly: 20_000, daily: 5_000 });
    const model = await rig.registry.load((await rig.registry.champion('hourly'))!);
    const expected = explainForecasts(model, history, ['1h', '4h', '24h']);
    for (const e of expected) {
      const got = byH[e.horizon]!.explanation!;
      expect(got.scale).toBe(e.scale);
      expect(got.totalLogVariance).toBeCloseTo(e.totalLogVariance, 12);
      expect(got.terms.map((t) => t.key)).toEqual(e.terms.map((t) => t.key));
      expect(got.terms.reduce((a, t) => a + t.logVariance, 0)).toBeCloseTo(got.totalLogVariance, 10);
      expect(got.usualDays).toBeGreaterThanOrEqual(60);
      // garch-conformal serves its own interval; the stored row says so too.
      expect(got.intervalSource).toBe(byH[e.horizon]!.intervalIsNaive ? 'naive' : 'model');
    }
    expect(byH['24h']!.explanation!.scale).toBe('har');
    expect(byH['4h']!.explanation!.scale).toBe('garch');
    // The daily group is still served by the naive baseline: said as such, no model terms.
    expect(byH['7d']!.explanation).toMatchObject({ scale: 'none', intervalSource: 'naive', terms: [], sd: null });
  });

  it('computes an explanation once per model, coin and origin, and leaves the forecast alone when it cannot', async () => {
    let reads = 0;
    const counting = { history: (...args: Parameters<FixtureMarket['history']>) => (reads++, market.history(...args)) };
    const explainer = new ForecastExplainer(counting, rig.registry);
    const rows = (await rig.store.latestServed(['ETH/USDT'])).filter((r) => ['1h', '4h', '24h'].includes(r.horizon));
    const first = await explainer.explain(rows);
    expect([...first.values()].every((e) => e && e.scale !== 'none')).toBe(true);
    expect(reads).toBe(1);
    await explainer.explain(rows);
    expect(reads).toBe(1);
    const warnings: string[] = [];
    const failing = new ForecastExplainer({ history: () => Promise.reject(new Error('database down')) }, rig.registry, (m) => warnings.push(m));
    const none = await failing.explain(rows);
    expect([...none.values()].every((e) => e === null)).toBe(true);
    expect(warnings[0]).toContain('database down');
  });
});
