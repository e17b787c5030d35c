import { aggregateDaily, fitVolParams, volModel, type CoinHistory } from '@coincast/ml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { InProcessJobQueue } from '../../src/infra/in-process';
import { buildRig, createForecastDb, DAY, FixtureMarket, FixtureTrainer, HOUR, randomWalk } from './forecast-fixtures';
import { ModelRegistry } from '../../src/forecasts/model-registry';
import type { ForecastModelRecord } from '../../src/forecasts/forecast.entities';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT'];
const START = Date.UTC(2025, 0, 1);
const NOW = Date.UTC(2025, 3, 1, 0, 30); // 90 days of candles

/** A real ml model fitted on the histories (GARCH + seasonality): cheap, and it has an artifact to store. */
const volTrainer = () => new FixtureTrainer(() => volModel(fitVolParams(lastHistories, NOW, 1)));
let lastHistories: CoinHistory[] = [];

/** Inserts scored forecasts for a model and, beside each, the naive baseline's (synthetic live metrics). */
async function seedScored(
  db: DataSource,
  model: ForecastModelRecord,
  naive: ForecastModelRecord,
  rows: Array<{ origin: number; scaledErr: number; scaledPin: number; naiveErr?: number; naivePin?: number; hit80?: boolean }>,
): Promise<void> {
  for (const [i, r] of rows.entries()) {
    for (const [rec, err, pin] of [
      [model, r.scaledErr, r.scaledPin],
      [naive, r.naiveErr ?? 0.01, r.naivePin ?? 0.004],
    ] as const) {
      await db.query(
        `INSERT INTO forecasts (symbol, horizon, origin_time, target_time, model_version, model_id, is_naive, served, last_price, point,
           q05, q10, q25, q50, q75, q90, q95, input_last_candle_time, actual, abs_error, scaled_abs_error, hit80, hit90, pinball, scaled_pinball, scored_at)
         VALUES ($1, '1h', $2, $3, $4, $5, $6, $7, 100, 100, 95, 97, 99, 100, 101, 103, 105, $2, 100, $8::float8 * 100, $8::float8, $9, true, $10::float8 * 100, $10::float8, now())
         ON CONFLICT DO NOTHING`,
        [
          SYMBOLS[i % SYMBOLS.length],
          new Date(r.origin).toISOString(),
          new Date(r.origin + HOUR).toISOString(),
          rec.version,
          rec.id,
          rec.type === 'naive',
          rec.status === 'champion',
          err,
          r.hit80 ?? true,
          pin,
        ],
      );
    }
  }
}

describe('model registry and lifecycle', () => {
  let db: DataSource;
  let closeDb: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close: closeDb } = await createForecastDb());
  });
  afterAll(async () => closeDb());
  afterEach(async () => {
    for (const table of ['forecasts', 'model_events', 'forecast_models', 'forecast_model_artifacts']) await db.query(`DELETE FROM ${table}`);
  });

  function setup(market = new FixtureMarket(SYMBOLS, START, 90 * 24, NOW), overrides = {}) {
    lastHistories = [...market.series.values()];
    const trainer = volTrainer();
    return { market, trainer, rig: buildRig(db, market, new InProcessJobQueue(), trainer, overrides) };
  }

  it('first training replaces the naive baseline, stores a loadable artifact and logs every transition', async () => {
    const { rig, trainer, market } = setup();
    await rig.registry.ensureBaseline();
    expect((await rig.registry.champion('hourly'))!.type).toBe('naive');

    const records = await rig.lifecycle.train('initial model: the registry has no trained model');
    expect(trainer.calls).toEqual([{ coins: 2, until: NOW }]);
    expect(records.map((r) => r.horizonGroup).sort()).toEqual(['daily', 'hourly']);
    for (const group of ['hourly', 'daily'] as const) {
      const champion = (await rig.registry.champion(group))!;
      expect(champion.version).toBe(records[0]!.version);
      expect(champion.previousChampionId).toBe((await rig.registry.naive(group)).id);
      expect(champion.backtest).toMatchObject({ n: expect.any(Number), relPinball: expect.any(Number), dailyErrorMean: expect.any(Number) });
      expect((champion.backtest as { n: number }).n).toBeGreaterThan(0);
    }
    const kinds = (await rig.registry.events()).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'registered')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'promoted')).toHaveLength(2);
    expect(kinds).toContain('training_started');
    expect((await rig.registry.events()).find((e) => e.kind === 'promoted')!.reason).toMatch(/replaces the naive baseline/);

    // A fresh registry (another process) loads the artifact from the database and forecasts identically.
    const fresh = new ModelRegistry(db, () => new Date(market.now()));
    const champion = (await fresh.champion('hourly'))!;
    const loaded = await fresh.load(champion);
    const original = await rig.registry.load(champion);
    const history = await market.history('BTC/USDT', Date.UTC(2025, 2, 31, 12), { hourly: 2000, daily: 400 });
    expect(loaded.predict(history, ['1h', '24h'])).toEqual(original.predict(history, ['1h', '24h']));

    // The new champion forecasts (served) beside the naive baseline from the next slot on.
    const result = await rig.runner.runSlot('hourly', Date.UTC(2025, 3, 1, 0));
    expect(result.inserted).toBe(2 * 3 * 2);
    const latest = await rig.store.latestServed(['BTC/USDT']);
    expect(latest.filter((f) => ['1h', '4h', '24h'].includes(f.horizon)).every((f) => !f.isNaive && f.modelVersion === champion.version)).toBe(true);
  });

  it('promotes a challenger only when its live relPinball beats the champion over N scored forecasts', async () => {
    const { rig } = setup(undefined, { promotionMinScored: 20 });
    await rig.registry.ensureBaseline();
    const [champion] = await rig.lifecycle.train('initial');
    const [challenger] = await rig.lifecycle.train('scheduled retraining');
    expect(challenger!.status).toBe('challenger');
    const naive = await rig.registry.naive('hourly');
    const origins = (n: number) => Array.from({ length: n }, (_, i) => NOW - (i + 2) * HOUR);
    // Champion: relPinball 0.9; challenger 0.8 but on only 10 forecasts at first.
    await seedScored(db, champion!, naive, origins(30).map((origin) => ({ origin, scaledErr: 0.009, scaledPin: 0.0036 })));
    await seedScored(db, challenger!, naive, origins(10).map((origin) => ({ origin, scaledErr: 0.008, scaledPin: 0.0032 })));
    const requests: string[] = [];
    let outcome = await rig.lifecycle.evaluate('hourly', async (reason) => void requests.push(reason));
    expect(outcome.promotion[0]!.decision.act).toBe(false);
    expect(outcome.promotion[0]!.decision.reason).toMatch(/10 scored forecasts, needs 20/);
    expect((await rig.registry.champion('hourly'))!.id).toBe(champion!.id);

    await seedScored(db, challenger!, naive, origins(30).slice(10).map((origin) => ({ origin, scaledErr: 0.008, scaledPin: 0.0032 })));
    outcome = await rig.lifecycle.evaluate('hourly', async (reason) => void requests.push(reason));
    expect(outcome.promotion[0]!.decision.act).toBe(true);
    const now = (await rig.registry.champion('hourly'))!;
    expect(now.id).toBe(challenger!.id);
    expect(now.previousChampionId).toBe(champion!.id);
    const promoted = (await rig.registry.events()).find((e) => e.kind === 'promoted' && e.modelId === challenger!.id)!;
    expect(promoted.reason).toMatch(/relPinball 0\.8000 beats champion 0\.9000 over 30 scored forecasts/);
    expect(requests).toEqual([]); // fresh models: no scheduled retraining, no drift
  });

  it('rolls back automatically after 3 days above backtest mean + 2σ, with the reason logged', async () => {
    const { rig } = setup();
    await rig.registry.ensureBaseline();
    const [first] = await rig.lifecycle.train('initial');
    const [second] = await rig.lifecycle.train('retrain');
    await rig.registry.promote(second!.id, 'test: promote the second model');
    await db.query(`UPDATE forecast_models SET backtest = '{"dailyErrorMean": 0.01, "dailyErrorStd": 0.002}' WHERE id = $1`, [second!.id]);
    const naive = await rig.registry.naive('hourly');
    const today = Math.floor(NOW / DAY) * DAY;
    // Two bad days only: no rollback yet.
    const bad = (day: number) => Array.from({ length: 6 }, (_, i) => ({ origin: today - day * DAY + i * 3 * HOUR, scaledErr: 0.02, scaledPin: 0.01 }));
    await seedScored(db, { ...second!, status: 'champion' }, naive, [...bad(2), ...bad(1)]);
    let outcome = await rig.lifecycle.evaluate('hourly', async () => undefined);
    expect(outcome.rollback!.act).toBe(false);
    expect((await rig.registry.champion('hourly'))!.id).toBe(second!.id);

    await seedScored(db, { ...second!, status: 'champion' }, naive, bad(3));
    outcome = await rig.lifecycle.evaluate('hourly', async () => undefined);
    expect(outcome.rollback!.act).toBe(true);
    expect((await rig.registry.champion('hourly'))!.id).toBe(first!.id);
    expect((await rig.registry.get(second!.id))!.status).toBe('retired');
    const event = (await rig.registry.events()).find((e) => e.kind === 'rolled_back')!;
    expect(event.modelId).toBe(second!.id);
    expect(event.reason).toMatch(/automatic rollback: live error above backtest mean \+ 2σ \(0\.01400\) for 3 consecutive days/);
  });

  it('detects drift (KS > 0.2) and asks for retraining', async () => {
    const market = new FixtureMarket(SYMBOLS, START, 90 * 24, NOW);
    const { rig } = setup(market, { retrainIntervalDays: 30 });
    await rig.registry.ensureBaseline();
    await rig.lifecycle.train('initial');
    // The model was trained up to NOW; 10 days later the market has become four times as volatile.
    const later = NOW + 10 * DAY;
    for (const [symbol, h] of market.series) {
      const last = h.hourly.at(-1)!;
      const more = randomWalk(last.openTime + HOUR, 10 * 24, last.close, 99, 0.04);
      const hourly = [...h.hourly, ...more];
      market.series.set(symbol, { coin: symbol, hourly, daily: aggregateDaily(hourly) });
    }
    market.clock = later;
    await db.query(`UPDATE forecast_models SET created_at = $1 WHERE type <> 'naive'`, [new Date(NOW)]);
    const requests: string[] = [];
    const outcome = await rig.lifecycle.evaluate('hourly', async (reason) => void requests.push(reason));
    expect(outcome.drift!.act).toBe(true);
    expect(outcome.drift!.ks).toBeGreaterThan(0.2);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/drift: mean KS statistic .* exceeds 0.2/);
    expect((await rig.registry.events()).some((e) => e.kind === 'drift_detected')).toBe(true);
  });

  it('does not call a calm market drift, and retrains on schedule once the newest model is old enough', async () => {
    const market = new FixtureMarket(SYMBOLS, START, 100 * 24, NOW);
    const { rig } = setup(market, { retrainIntervalDays: 30 });
    await rig.registry.ensureBaseline();
    await rig.lifecycle.train('initial');
    market.clock = NOW + 3 * DAY; // same volatility before and after the training cutoff
    await db.query(`UPDATE forecast_models SET created_at = $1 WHERE type <> 'naive'`, [new Date(NOW - 7 * DAY)]);
    const requests: string[] = [];
    const calm = await rig.lifecycle.evaluate('hourly', async (reason) => void requests.push(reason));
    expect(calm.drift!.act).toBe(false);
    expect(calm.drift!.ks).toBeLessThan(0.2);
    expect(calm.retrain.act).toBe(false);
    expect(requests).toEqual([]);

    const weekly = buildRig(db, market, new InProcessJobQueue(), volTrainer(), { retrainIntervalDays: 7 });
    const outcome = await weekly.lifecycle.evaluate('hourly', async (reason) => void requests.push(reason));
    expect(outcome.retrain.act).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/scheduled retraining: newest model is 10\.0 days old \(interval 7 days\)/);
  });

  it('a newer challenger supersedes an older one that never beat the champion', async () => {
    const { rig } = setup();
    await rig.registry.ensureBaseline();
    await rig.lifecycle.train('initial');
    const [older] = await rig.lifecycle.train('week 1');
    const [newer] = await rig.lifecycle.train('week 2');
    expect((await rig.registry.get(older!.id))!.status).toBe('retired');
    expect((await rig.registry.active('hourly')).filter((r) => r.status === 'challenger').map((r) => r.id)).toEqual([newer!.id]);
    const event = (await rig.registry.events()).find((e) => e.kind === 'retired' && e.modelId === older!.id)!;
    expect(event.reason).toMatch(/superseded by the newer challenger/);
  });

  it('refuses transitions that make no sense', async () => {
    const { rig } = setup();
    await rig.registry.ensureBaseline();
    const naive = await rig.registry.naive('hourly');
    await expect(rig.registry.rollback(naive.id, 'x')).rejects.toThrow(/no previous champion/);
    await expect(rig.registry.promote(naive.id, 'x')).rejects.toThrow(/already the hourly champion/);
  });
});
