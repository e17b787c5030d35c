import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForecastRunner } from '../../src/forecasts/forecast-runner';
import { ForecastsWorker } from '../../src/forecasts/forecasts.worker';
import { ForecastsRepository } from '../../src/forecasts/forecasts.repository';
import { ModelRegistry } from '../../src/forecasts/model-registry.repository';
import { MarketsWorker } from '../../src/markets/markets.worker';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, grantAdmin, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { waitFor } from './forecast-fixtures';

const HORIZONS = ['1h', '4h', '24h', '7d', '30d'];
const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
const ADMIN = 'forecast-admin@example.com';

/** The forecasting service inside the app on the replay source: scheduler → jobs → store → API and socket. */
describe('forecasts API (replay source)', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let admin: RegisteredUser;
  const folder = makeReplayFolder(['BTC', 'ETH', 'SOL'], 24 * 60);
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      env: {
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: folder.dir,
        BACKFILL_DAYS_1H: '50',
        BACKFILL_DAYS_1D: '50',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
        FORECASTS_ENABLED: 'true',
        FORECAST_INITIAL_TRAINING: 'false',
        FORECAST_MODEL: 'vol',
        FORECAST_CATCHUP_HOURS: '30',
      },
    });
    user = await registerUser(t);
    admin = await registerUser(t, ADMIN);
    await grantAdmin(t, ADMIN); // the operator CLI's effect (ADMIN_EMAILS grants nothing since issue 14)
    await t.app.get(MarketsWorker).syncCandles();
    await t.app.get(ForecastsWorker).tick(); // what the cron does every 30 s
    await waitFor(async () => (await get('/forecasts')).json().length === SYMBOLS.length * HORIZONS.length, 60_000);
    // The newest slots run first; wait for the 30 catch-up hours too (the history and skill below read them).
    const origins = async () =>
      Number((await t.dataSource.query(`SELECT count(DISTINCT origin_time) AS n FROM forecasts WHERE symbol = 'BTC/USDT' AND horizon = '1h'`))[0].n);
    await waitFor(async () => (await origins()) >= 30, 90_000);
    await t.app.get(ForecastRunner).scoreDue();
  }, 180_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
    folder.remove();
  });

  const get = (url: string, headers: Record<string, string> = user.auth) => t.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  const post = (url: string, headers: Record<string, string>) => t.inject({ method: 'POST', url: `/api/v1${url}`, headers });

  it('serves the latest forecast of every tracked coin for all five horizons (naive until a model is trained)', async () => {
    const response = await get('/forecasts');
    expect(response.statusCode).toBe(200);
    const body = response.json() as Array<Record<string, unknown>>;
    for (const symbol of SYMBOLS) expect(body.filter((f) => f.symbol === symbol).map((f) => f.horizon)).toEqual(HORIZONS);
    for (const f of body) {
      expect(f).toMatchObject({
        modelVersion: 'naive',
        pointIsNaive: true,
        intervalIsNaive: true,
        lastPrice: expect.any(Number),
        point: expect.any(Number),
        probabilityUp: expect.any(Number),
        skill: { scored: expect.any(Number) },
        backtest: null,
      });
      const q = f.quantiles as Record<string, number>;
      expect(Object.keys(q).sort()).toEqual(['0.05', '0.1', '0.25', '0.5', '0.75', '0.9', '0.95']);
      expect(q['0.1']!).toBeLessThanOrEqual(q['0.9']!);
      expect(f.point).toBe(f.lastPrice); // naive: "no change"
      expect(f.probabilityUp as number).toBeGreaterThan(0);
      expect(f.probabilityUp as number).toBeLessThan(1);
      expect(Date.parse(f.targetTime as string)).toBeGreaterThan(Date.parse(f.originTime as string));
      expect(f).not.toHaveProperty('isNaive');
      expect(typeof f.stale).toBe('boolean');
    }
    expect((await get('/forecasts', {})).statusCode).toBe(401);
  });

  it('serves one coin with quantiles and live accuracy, accepting BTC-USDT, BTCUSDT and BTC%2FUSDT', async () => {
    const response = await get('/forecasts/BTC-USDT');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.symbol).toBe('BTC/USDT');
    expect(body.lastPrice).toEqual(expect.any(Number));
    expect(body.horizons.map((h: { horizon: string }) => h.horizon)).toEqual(HORIZONS);
    expect(Date.parse(body.marketTime)).toBeGreaterThan(0);
    const oneHour = body.horizons[0];
    expect(oneHour.quantiles['0.05']).toBeLessThanOrEqual(oneHour.quantiles['0.95']);
    // 30 catch-up hours: the older 1h forecasts are scored already; naive vs itself has relPinball 1.
    expect(oneHour.skill).toMatchObject({ scored: expect.any(Number), relPinball: 1 });
    expect(oneHour.skill.scored).toBeGreaterThan(20);
    expect(oneHour.skill.coverage80).toBe(oneHour.skill.naiveCoverage80);
    expect(oneHour.skill.calibration.map((c: { nominal: number }) => c.nominal)).toEqual([0.5, 0.8, 0.9]);
    expect(body.horizons.find((h: { horizon: string }) => h.horizon === '30d').skill).toMatchObject({ scored: 0, relPinball: null, coverage80: null });
    expect((await get('/forecasts/BTCUSDT')).json().symbol).toBe('BTC/USDT');
    expect((await get('/forecasts/BTC%2FUSDT')).json().symbol).toBe('BTC/USDT');
    const unknown = await get('/forecasts/NOPE-USDT');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('shows history with actuals for past forecasts and validates the query', async () => {
    const response = await get('/forecasts/ETH-USDT/history?horizon=1h');
    expect(response.statusCode).toBe(200);
    const rows = response.json() as Array<{ originTime: string; actual: number | null; naivePoint: number; point: number }>;
    expect(rows.length).toBeGreaterThanOrEqual(29);
    expect(rows.filter((r) => r.actual !== null).length).toBeGreaterThanOrEqual(28);
    expect(rows.at(-1)!.actual).toBeNull(); // the newest one's target is still ahead
    expect(rows.every((r) => r.naivePoint === r.point)).toBe(true); // naive serves: its own baseline
    const sorted = [...rows].sort((a, b) => Date.parse(a.originTime) - Date.parse(b.originTime));
    expect(rows).toEqual(sorted);
    const from = rows[rows.length - 5]!.originTime;
    expect((await get(`/forecasts/ETH-USDT/history?horizon=1h&from=${from}`)).json()).toHaveLength(5);

    const bad = await get('/forecasts/ETH-USDT/history?horizon=2h');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual(expect.arrayContaining([expect.stringMatching(/horizon must be one of/)]));
    expect((await get('/forecasts/ETH-USDT/history')).statusCode).toBe(400);
    expect((await get('/forecasts/ETH-USDT/history?horizon=1h&from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z')).statusCode).toBe(400);
  });

  it('pushes a forecast event to subscribers of the symbol when new forecasts are stored', async () => {
    const socket = io(t.url!, { path: '/socket.io', auth: { token: user.accessToken }, transports: ['websocket'] });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    await socket.emitWithAck('subscribe', { symbols: ['SOL/USDT'] });
    type ForecastEvent = { symbol: string; forecasts: Array<{ horizon: string; isNaive: boolean }> };
    // The app's own scheduler may push a daily (7d/30d) event meanwhile: wait for the hourly slot's event.
    const received = new Promise<ForecastEvent>((resolve) =>
      socket.on('forecast', (event: ForecastEvent) => {
        if (event.forecasts.some((f) => f.horizon === '1h')) resolve(event);
      }),
    );
    // Forget the newest hourly slot of SOL, then run it again as the job would.
    const [{ origin }] = await t.dataSource.query(`SELECT max(origin_time) AS origin FROM forecasts WHERE symbol = 'SOL/USDT' AND horizon = '1h'`);
    await t.dataSource.query(`DELETE FROM forecasts WHERE symbol = 'SOL/USDT' AND origin_time = $1 AND horizon IN ('1h', '4h', '24h')`, [origin]);
    await t.app.get(ForecastRunner).runSlot('hourly', new Date(origin).getTime());
    const event = await received;
    expect(event.symbol).toBe('SOL/USDT');
    expect(event.forecasts.map((f) => f.horizon).sort()).toEqual(['1h', '24h', '4h']);
  });

  it('admin routes answer 403 to a normal user and change nothing', async () => {
    const { models } = (await get('/models')).json();
    const naive = models.find((m: { horizonGroup: string; status: string }) => m.horizonGroup === 'hourly' && m.status === 'champion');
    expect((await post('/models/retrain', user.auth)).statusCode).toBe(403);
    expect((await post(`/models/${naive.id}/promote`, user.auth)).statusCode).toBe(403);
    const refused = await post(`/models/${naive.id}/rollback`, user.auth);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await get('/models')).json().models).toEqual(models);
  });

  it('lets an admin retrain, roll back and promote, each logged with its reason', async () => {
    const before = (await get('/models')).json();
    expect(before.models.filter((m: { status: string }) => m.status === 'champion').map((m: { type: string }) => m.type)).toEqual(['naive', 'naive']);
    expect(before.events.map((e: { kind: string }) => e.kind)).toContain('baseline_serving');

    const retrain = await post('/models/retrain', admin.auth);
    expect(retrain.statusCode).toBe(202);
    expect(retrain.json().jobId).toMatch(/^forecast:train:manual:/);
    const registry = t.app.get(ModelRegistry);
    await waitFor(async () => (await registry.list()).some((r) => r.type !== 'naive' && r.horizonGroup === 'hourly'), 150_000);
    const trained = (await registry.list()).find((r) => r.type !== 'naive' && r.horizonGroup === 'hourly')!;
    // Whether the trained model replaced naive depends on its out-of-sample backtest; make it champion by hand.
    if (trained.status !== 'champion') expect((await post(`/models/${trained.id}/promote`, admin.auth)).statusCode).toBe(200);
    const after = (await get('/models')).json();
    const champion = after.models.find((m: { horizonGroup: string; status: string }) => m.horizonGroup === 'hourly' && m.status === 'champion');
    expect(champion.type).not.toBe('naive');
    expect(champion.backtest).toMatchObject({ relPinball: expect.any(Number), coverage80: expect.any(Number), outOfSample: true });
    expect(champion.backtestWindow).toMatchObject({ from: expect.any(String), to: expect.any(String), fittedUntil: expect.any(String), outOfSample: true });
    expect(Date.parse(champion.trainedUntil) % 3_600_000).toBe(0);
    expect(champion.live).toHaveProperty('7d');
    expect(after.liveByDay.length).toBeGreaterThan(0);
    expect(after.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['retrain_requested', 'training_started', 'registered', 'promoted']),
    );
    expect(after.events.every((e: { details: unknown }) => typeof e.details === 'object')).toBe(true);
    // The champion forecasts the next slot (its backtest is attached to its forecasts).
    // (Its shadow rows of the latest slot, made while it was a challenger, are not served: make them again.)
    const last = await t.app.get(ForecastsRepository).lastSlot('hourly');
    await t.dataSource.query(`DELETE FROM forecasts WHERE model_version = $1 AND origin_time = $2`, [champion.version, new Date(last!)]);
    await t.app.get(ForecastRunner).runSlot('hourly', last!);
    await waitFor(async () => (await get('/forecasts')).json().some((f: { modelVersion: string }) => f.modelVersion === champion.version), 30_000);
    const served = (await get('/forecasts/BTC-USDT')).json().horizons.find((h: { horizon: string }) => h.horizon === '1h');
    expect(served.backtest).toMatchObject({ from: champion.backtestWindow.from, scored: expect.any(Number) });

    const rollback = await post(`/models/${champion.id}/rollback`, admin.auth);
    expect(rollback.statusCode).toBe(200);
    expect(rollback.json()).toMatchObject({ status: 'champion', version: 'naive', horizonGroup: 'hourly' });
    const events = (await get('/models')).json().events;
    expect(events.find((e: { kind: string }) => e.kind === 'rolled_back')).toMatchObject({
      modelId: champion.id,
      reason: `rolled back manually by admin ${admin.user.id.slice(0, 8)}`,
    });
    // Every user reads /models: no e-mail address in it (issue 14).
    expect((await get('/models')).body).not.toContain('@');

    const promote = await post(`/models/${champion.id}/promote`, admin.auth);
    expect(promote.statusCode).toBe(200);
    expect(promote.json()).toMatchObject({ id: champion.id, status: 'champion' });
    expect((await post(`/models/${champion.id}/promote`, admin.auth)).statusCode).toBe(409);
    expect((await post('/models/00000000-0000-4000-8000-000000000000/promote', admin.auth)).statusCode).toBe(404);
    expect((await post('/models/not-a-uuid/rollback', admin.auth)).statusCode).toBe(404);
  }, 180_000); // a retraining trains twice now (the out-of-sample backtest copy, then the model)
});
