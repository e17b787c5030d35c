import { aggregateDaily, fitVolParams, naiveModel, volModel, type ForecastModel } from '@coincast/ml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { InProcessJobQueue } from '../../src/infra/in-process';
import { buildRig, createForecastDb, DAY, FixtureMarket, FixtureTrainer, HOUR, randomWalk, regimeWalk } from './forecast-fixtures';
import { ModelRegistry } from '../../src/forecasts/model-registry.repository';
import type { ForecastModelRecord } from '../../src/forecasts/forecast.entities';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT'];
const START = Date.UTC(2025, 0, 1);
// 13:37 market time: the last closed hourly candle closes at 13:00; 90 days of candles before it.
const NOW = Date.UTC(2025, 3, 1, 13, 37);
const CUTOFF = Date.UTC(2025, 3, 1, 13);
const HOURS = 90 * 24 + 13;

/** A real ml model fitted on the histories before `until` (GARCH + seasonality): cheap, with an artifact to store. */
const volTrainer = () => new FixtureTrainer((histories, until) => volModel(fitVolParams(histories, until, 1)));

/** Naive with its intervals widened: same point, worse pinball (a model that must not replace naive). */
function widened(factor: number): ForecastModel {
  const naive = naiveModel();
  return {
    ...naive,
    type: 'widened',
    version: 'widened',
    predict: (h, horizons) =>
      naive.predict(h, horizons).map((f) => ({
        ...f,
        quantiles: Object.fromEntries(Object.entries(f.quantiles).map(([k, v]) => [k, f.point + (v - f.point) * factor])) as typeof f.quantiles,
      })),
  };
}

/** A market whose volatility switches weekly: GARCH's intervals beat naive's trailing-quantile ones. */
function regimeMarket(now = NOW, hours = HOURS): FixtureMarket {
  const market = new FixtureMarket(SYMBOLS, START, hours, now);
  SYMBOLS.forEach((symbol, i) => {
    const hourly = regimeWalk(START, hours, 100 * (i + 1), 11 + 7 * i);
    market.series.set(symbol, { coin: symbol, hourly, daily: aggregateDaily(hourly) });
  });
  return market;
}

/** Inserts scored 1h forecasts for a model and, beside each, the naive baseline's (synthetic live figures). */
async function seedScored(
  db: DataSource,
  model: ForecastModelRecord,
  naive: ForecastModelRecord,
  rows: Array<{
    origin: number;
    symbol?: string;
    scaledErr: number;
    scaledPin: number;
    naiveErr?: number;
    naivePin?: number;
    hit80?: boolean;
    naiveHit80?: boolean;
  }>,
): Promise<void> {
  for (let start = 0; start < rows.length; start += 200) {
    const values: string[] = [];
    const params: unknown[] = [];
    for (const [i, r] of rows.slice(start, start + 200).entries()) {
      for (const [rec, err, pin, hit] of [
        [model, r.scaledErr, r.scaledPin, r.hit80 ?? true],
        [naive, r.naiveErr ?? 0.01, r.naivePin ?? 0.004, r.naiveHit80 ?? true],
      ] as const) {
        const b = params.length;
        params.push(
          r.symbol ?? SYMBOLS[(start + i) % SYMBOLS.length],
          new Date(r.origin).toISOString(),
          new Date(r.origin + HOUR).toISOString(),
          rec.version,
          rec.id,
          rec.type === 'naive',
          rec.status === 'champion',
          err,
          hit,
          pin,
        );
        values.push(`($${b + 1}, '1h', $${b + 2}::timestamptz, $${b + 3}::timestamptz, $${b + 4}, $${b + 5}::uuid, $${b + 6}::boolean, $${b + 7}::boolean, 100, 100, 95, 97, 99, 100, 101, 103, 105,
          $${b + 2}::timestamptz, 100, $${b + 8}::float8 * 100, $${b + 8}::float8, $${b + 9}::boolean, true, $${b + 10}::float8 * 100, $${b + 10}::float8, now())`);
      }
    }
    await db.query(
      `INSERT INTO forecasts (symbol, horizon, origin_time, target_time, model_version, model_id, is_naive, served, last_price, point,
         q05, q10, q25, q50, q75, q90, q95, input_last_candle_time, actual, abs_error, scaled_abs_error, hit80, hit90, pinball, scaled_pinball, scored_at)
       VALUES ${values.join(',')} ON CONFLICT DO NOTHING`,
      params,
    );
  }
}

/** Deterministic noise in [-1, 1]. */
const wobble = (i: number) => Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 4.1414) * 0.5;
/** Hourly origins before NOW, `days` of them for each symbol. */
const hourlyOrigins = (days: number) =>
  Array.from({ length: days * 24 }, (_, i) => CUTOFF - (i + 2) * HOUR).flatMap((origin) => SYMBOLS.map((symbol) => ({ origin, symbol })));

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

  function setup(market: FixtureMarket = new FixtureMarket(SYMBOLS, START, HOURS, NOW), overrides = {}, trainer = volTrainer()) {
    return { market, trainer, rig: buildRig(db, market, new InProcessJobQueue(), trainer, overrides) };
  }

  it('trains up to the last closed hour (not the clock) and backtests a copy fitted before the backtest window', async () => {
    const { rig, trainer } = setup(undefined, { backtestDays: 10 });
    await rig.registry.ensureBaseline();
    const records = await rig.lifecycle.train('initial model: the registry has no trained model');
    const windowStart = Date.UTC(2025, 2, 22); // midnight 10 days before the 13:00 cutoff
    expect(trainer.calls).toEqual([
      { coins: 2, until: windowStart },
      { coins: 2, until: CUTOFF },
    ]);
    for (const record of records) {
      expect(record.trainedUntil!.getTime()).toBe(CUTOFF);
      expect(record.backtest).toMatchObject({
        fittedUntil: new Date(windowStart).toISOString(),
        outOfSample: true,
        from: new Date(windowStart).toISOString(),
        to: new Date(CUTOFF).toISOString(),
      });
      expect((record.backtest as { n: number }).n).toBeGreaterThan(0);
    }
    expect(records[0]!.version).toBe('garch-conformal-20250401T13');
  });

  it('with more markets than FORECAST_TRAIN_MAX_MARKETS, trains on a sample stratified by volatility (issue 19)', async () => {
    const symbols = Array.from({ length: 12 }, (_, i) => `C${String(i).padStart(2, '0')}/USDT`);
    // Volatility rising with the index: a stratified sample of 4 takes one market from each third of the range.
    const vols = Object.fromEntries(symbols.map((symbol, i) => [symbol, 0.002 * (i + 1)]));
    const market = new FixtureMarket(symbols, START, 40 * 24 + 13, NOW, vols);
    const { rig } = setup(market, { trainMaxMarkets: 4, backtestDays: 5 });
    const histories = await rig.lifecycle.histories(CUTOFF);
    expect(histories.map((h) => h.coin)).toEqual(['C01/USDT', 'C04/USDT', 'C07/USDT', 'C10/USDT']);
    expect(histories.every((h) => h.hourly.length > 0 && h.hourly.at(-1)!.openTime < CUTOFF)).toBe(true);
    // At or under the cap, every market trains.
    const all = await setup(market, { trainMaxMarkets: 12 }).rig.lifecycle.histories(CUTOFF);
    expect(all.map((h) => h.coin)).toEqual(symbols);
  });

  it('the first model replaces naive only where its out-of-sample backtest beats naive, every decision logged with figures', async () => {
    const { rig, market } = setup(regimeMarket(), { backtestDays: 30 });
    await rig.registry.ensureBaseline();
    const records = await rig.lifecycle.train('initial');
    const hourly = (await rig.registry.champion('hourly'))!;
    expect(hourly.version).toBe(records[0]!.version);
    expect(hourly.previousChampionId).toBe((await rig.registry.naive('hourly')).id);
    const promoted = (await rig.registry.events()).find((e) => e.kind === 'promoted' && e.horizonGroup === 'hourly')!;
    expect(promoted.reason).toMatch(
      /first trained model replaces the naive baseline: it beats the naive baseline on its out-of-sample backtest 2025-03-02 to 2025-04-01: pinball ratio 0\.\d+, DM statistic -\d/,
    );
    expect(promoted.details).toMatchObject({ evidence: { basis: 'backtest', against: 'naive', effectiveN: expect.any(Number) } });
    // 30 days of 7d/30d origins are far from 20 independent outcomes: the daily group keeps naive, and says why.
    expect((await rig.registry.champion('daily'))!.type).toBe('naive');
    const kept = (await rig.registry.events()).find((e) => e.kind === 'evaluated' && e.horizonGroup === 'daily')!;
    expect(kept.reason).toMatch(/does not beat the naive baseline .*too few independent outcomes \(need 20\).*naive baseline keeps serving/);

    // A fresh registry (another process) loads the artifact from the database and forecasts identically.
    const fresh = new ModelRegistry(db, () => new Date(market.now()));
    const loaded = await fresh.load((await fresh.champion('hourly'))!);
    const original = await rig.registry.load(hourly);
    const history = await market.history('BTC/USDT', Date.UTC(2025, 2, 31, 12), { hourly: 2000, daily: 400 });
    expect(loaded.predict(history, ['1h', '24h'])).toEqual(original.predict(history, ['1h', '24h']));
  });

  it('a first model that does not beat naive is registered but naive keeps serving (it used to take over unchecked)', async () => {
    const { rig } = setup(undefined, { backtestDays: 10 }, new FixtureTrainer(() => widened(1.6)));
    await rig.registry.ensureBaseline();
    const [record] = await rig.lifecycle.train('initial');
    expect(record!.status).toBe('challenger');
    expect((await rig.registry.champion('hourly'))!.type).toBe('naive');
    expect((await rig.registry.champion('daily'))!.type).toBe('naive');
    expect(
      (await rig.registry.events())
        .filter((e) => e.kind === 'evaluated')
        .map((e) => e.reason)
        .join('\n'),
    ).toMatch(/does not beat the naive baseline/);
  });

  it('promotes a challenger only on significantly lower pinball on the same forecasts, with enough independent outcomes', async () => {
    const { rig } = setup(undefined, { promotionMinScored: 20 }, new FixtureTrainer(() => widened(1.01)));
    await rig.registry.ensureBaseline();
    const [champion] = await rig.lifecycle.train('first');
    await rig.registry.promote(champion!.id, 'test: make it champion');
    const [challenger] = await rig.lifecycle.train('scheduled retraining');
    const naive = await rig.registry.naive('hourly');
    const championRec = (await rig.registry.get(champion!.id))!;
    const all = hourlyOrigins(30);
    // Champion and challenger on the same origins; the challenger's pinball is 10 % lower (with noise).
    const seed = (rows: typeof all, offset: number) =>
      Promise.all([
        seedScored(
          db,
          championRec,
          naive,
          rows.map((r, i) => ({ ...r, scaledErr: 0.009, scaledPin: 0.0036 * (1 + 0.2 * wobble(i + offset)) })),
        ),
        seedScored(
          db,
          challenger!,
          { ...naive, version: '__unused__' } as ForecastModelRecord,
          rows.map((r, i) => ({ ...r, scaledErr: 0.009, scaledPin: 0.0032 * (1 + 0.2 * wobble(i + offset + 7)) })),
        ),
      ]);
    await seed(all.slice(0, 10 * 24 * 2), 0); // 10 days: 10 independent 24h outcomes
    let outcome = await rig.lifecycle.evaluate('hourly', async () => undefined);
    expect(outcome.promotion[0]!.decision.act).toBe(false);
    expect(outcome.promotion[0]!.decision.reason).toMatch(/waiting for evidence: 10\.0 of 20 independent live outcomes/);
    expect((await rig.registry.champion('hourly'))!.id).toBe(champion!.id);
    expect((await rig.registry.events()).some((e) => e.kind === 'evaluated' && e.modelId === challenger!.id && /stays challenger/.test(e.reason))).toBe(true);

    await seed(all.slice(10 * 24 * 2), 1000);
    outcome = await rig.lifecycle.evaluate('hourly', async () => undefined);
    expect(outcome.promotion[0]!.decision.act).toBe(true);
    const now = (await rig.registry.champion('hourly'))!;
    expect(now.id).toBe(challenger!.id);
    expect(now.previousChampionId).toBe(champion!.id);
    const promoted = (await rig.registry.events()).find((e) => e.kind === 'promoted' && e.modelId === challenger!.id)!;
    expect(promoted.reason).toMatch(
      /significantly lower live pinball than widened-20250401T13 on the same forecasts: pinball ratio 0\.8\d+, DM statistic -\d+\.\d+, 30\.0 independent outcomes/,
    );
  });

  it('rolls back on live pinball significantly worse than naive, not on market-wide point error', async () => {
    const { rig } = setup(undefined, {}, new FixtureTrainer(() => widened(1.01)));
    await rig.registry.ensureBaseline();
    const [first] = await rig.lifecycle.train('first');
    await rig.registry.promote(first!.id, 'test');
    const [second] = await rig.lifecycle.train('retrain');
    await rig.registry.promote(second!.id, 'test: promote the second model');
    const naive = await rig.registry.naive('hourly');
    const champ = (await rig.registry.get(second!.id))!;
    const rows = hourlyOrigins(9);
    // A volatile week: point errors 5x the usual for everyone (naive too), pinball as good as naive. No rollback
    // (the old rule compared the daily point error with the backtest's and rolled back here).
    await seedScored(
      db,
      champ,
      naive,
      rows.map((r, i) => ({ ...r, scaledErr: 0.05, naiveErr: 0.05, scaledPin: 0.004 * (1 + 0.3 * wobble(i)), naivePin: 0.004 * (1 + 0.3 * wobble(i + 3)) })),
    );
    await db.query(`UPDATE forecast_models SET backtest = '{"dailyErrorMean": 0.01, "dailyErrorStd": 0.002}' WHERE id = $1`, [second!.id]);
    let outcome = await rig.lifecycle.evaluate('hourly', async () => undefined);
    expect(outcome.rollback!.act).toBe(false);
    expect((await rig.registry.champion('hourly'))!.id).toBe(second!.id);

    await db.query(`DELETE FROM forecasts`);
    await seedScored(
      db,
      champ,
      naive,
      rows.map((r, i) => ({ ...r, scaledErr: 0.01, scaledPin: 0.005 * (1 + 0.1 * wobble(i)), naivePin: 0.004 * (1 + 0.1 * wobble(i + 3)) })),
    );
    outcome = await rig.lifecycle.evaluate('hourly', async () => undefined);
    expect(outcome.rollback!.act).toBe(true);
    expect((await rig.registry.champion('hourly'))!.id).toBe(first!.id);
    const event = (await rig.registry.events()).find((e) => e.kind === 'rolled_back')!;
    expect(event.modelId).toBe(second!.id);
    expect(event.reason).toMatch(/automatic rollback: live pinball significantly higher than the naive baseline's: pinball ratio 1\.2/);
  });

  it("detects drift against the serving model's training window and never asks for a second retraining while one is pending", async () => {
    const market = new FixtureMarket(SYMBOLS, START, HOURS, NOW);
    const { rig } = setup(market, { retrainIntervalDays: 30 }, new FixtureTrainer(() => widened(1.01)));
    await rig.registry.ensureBaseline();
    const [first] = await rig.lifecycle.train('initial');
    await rig.registry.promote(first!.id, 'test');
    // 10 days later the market has become four times as volatile.
    for (const [symbol, h] of market.series) {
      const last = h.hourly.at(-1)!;
      const more = randomWalk(last.openTime + HOUR, 10 * 24, last.close, 99, 0.04);
      const hourly = [...h.hourly, ...more];
      market.series.set(symbol, { coin: symbol, hourly, daily: aggregateDaily(hourly) });
    }
    market.clock = NOW + 10 * DAY;
    await db.query(`UPDATE forecast_models SET created_at = $1 WHERE type <> 'naive'`, [new Date(NOW)]);
    const requests: string[] = [];
    // As the worker does: log the request, then enqueue it.
    const request = async (reason: string) => {
      requests.push(reason);
      await rig.registry.log('retrain_requested', reason, 'hourly', null);
    };
    const outcome = await rig.lifecycle.evaluate('hourly', request);
    expect(outcome.drift!.act).toBe(true);
    expect(outcome.drift!.ks).toBeGreaterThan(0.2);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/drift: mean KS statistic .* exceeds 0.2/);
    // The next days, before the retraining has run: no second request (the old code asked again every day).
    market.clock += DAY;
    expect((await rig.lifecycle.evaluate('hourly', request)).retrain.reason).toMatch(/a retraining is already pending/);
    expect((await rig.lifecycle.evaluate('daily', request)).retrain.act).toBe(false);
    expect(requests).toHaveLength(1);
    // The retraining ran: a challenger trained on the recent data is being evaluated; the champion still drifts
    // from its own window, but that challenger already answers it.
    await rig.lifecycle.train('drift retraining');
    market.clock += DAY;
    await db.query(`UPDATE forecast_models SET created_at = $1 WHERE type <> 'naive'`, [new Date(NOW)]);
    const after = await rig.lifecycle.evaluate('hourly', request);
    expect(after.drift!.reason).toMatch(/not retraining: widened-.* already covers the recent data/);
    expect(requests).toHaveLength(1);
  });

  it('does not call a calm market drift, and retrains on schedule once the newest model is old enough', async () => {
    const market = new FixtureMarket(SYMBOLS, START, 100 * 24, NOW);
    const { rig } = setup(market, { retrainIntervalDays: 30 }, new FixtureTrainer(() => widened(1.01)));
    await rig.registry.ensureBaseline();
    const [first] = await rig.lifecycle.train('initial');
    await rig.registry.promote(first!.id, 'test');
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

  it('keeps challengers until they can mature (the next weekly one no longer retires them), then retires them', async () => {
    const { rig, market } = setup(undefined, {}, new FixtureTrainer(() => widened(1.01)));
    await rig.registry.ensureBaseline();
    const [first] = await rig.lifecycle.train('initial');
    await rig.registry.promote(first!.id, 'test');
    const [older] = await rig.lifecycle.train('week 1');
    const [newer] = await rig.lifecycle.train('week 2');
    expect((await rig.registry.get(older!.id))!.status).toBe('challenger');
    expect(
      (await rig.registry.active('hourly'))
        .filter((r) => r.status === 'challenger')
        .map((r) => r.id)
        .sort(),
    ).toEqual([older!.id, newer!.id].sort());
    // 22 days on (hourly maturity: 21 days) without evidence of a win: both retire, saying why.
    market.clock = NOW + 22 * DAY;
    const wall = Date.now;
    await db.query(`UPDATE forecast_models SET created_at = $1 WHERE type <> 'naive' AND status = 'challenger'`, [new Date(NOW)]);
    await rig.lifecycle.evaluate('hourly', async () => undefined);
    expect((await rig.registry.get(older!.id))!.status).toBe('retired');
    const event = (await rig.registry.events()).find((e) => e.kind === 'retired' && e.modelId === older!.id)!;
    expect(event.reason).toMatch(/matured \(22 of 21 days shadowing\) without beating/);
    expect(wall).toBe(Date.now);
  });

  it('refuses transitions that make no sense', async () => {
    const { rig } = setup();
    await rig.registry.ensureBaseline();
    const naive = await rig.registry.naive('hourly');
    await expect(rig.registry.rollback(naive.id, 'x')).rejects.toThrow(/no previous champion/);
    await expect(rig.registry.promote(naive.id, 'x')).rejects.toThrow(/already the hourly champion/);
  });
});
