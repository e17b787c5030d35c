import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, FIVE_MINUTE_MS, INTRADAY_HORIZON_SPECS, MINUTE_MS, parseIntradayHorizons } from '../src/data/horizons';
import { deserializeIntradayModel, loadIntradayModelFromDir, saveIntradayModelToDir, serializeIntradayModel } from '../src/intraday/artifacts';
import { intradayHistoryUntil, listIntradayCoins, loadIntradayCandles, loadIntradayHistories } from '../src/intraday/data';
import { fitIntradayParams, intradayGuardDecisions, intradayModel, trainIntradayModel, type IntradayModel } from '../src/intraday/model';
import { naiveIntradayModel } from '../src/intraday/naive';
import { fitIntradaySeasonal, seasonalSlot, SLOTS_PER_DAY } from '../src/intraday/volatility';
import { deserializeModel } from '../src/artifacts/artifacts';
import { modelKind, trainModel } from '../src/models/registry';
import type { CoinHistory, IntradayHorizon } from '../src/types';
import { INTRADAY_HORIZONS, QUANTILE_LEVELS } from '../src/types';
import { plantedSeasonal, syntheticIntraday } from './intraday-synthetic';

const ALL: IntradayHorizon[] = [...INTRADAY_HORIZONS];
const start = Date.UTC(2024, 0, 1);

describe('intraday data', () => {
  it('reads gzip CSVs of 5m and 1m candles (sorted, gaps kept as gaps) and lists the coins that have them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intraday-data-'));
    const rows = [
      'timestamp,open,high,low,close,volume',
      '2024-01-01T00:10:00Z,3,4,2,3.5,7',
      '2024-01-01T00:00:00Z,1,2,0.5,1.5,5',
      '2024-01-01T00:05:00Z,1.5,2,1,2,6',
    ];
    writeFileSync(join(dir, 'ABCUSDT_5m.csv.gz'), gzipSync(rows.join('\n')));
    writeFileSync(
      join(dir, 'ABCUSDT_1m.csv.gz'),
      gzipSync([rows[0], '2024-01-01T00:00:00Z,1,1.1,0.9,1.05,1', '2024-01-01T00:03:00Z,1,1.2,0.8,1.1,2'].join('\n')),
    );
    const five = loadIntradayCandles(dir, 'ABC', '5m');
    expect(five.map((c) => c.openTime)).toEqual([start, start + FIVE_MINUTE_MS, start + 2 * FIVE_MINUTE_MS]);
    expect(five[2]).toEqual({ openTime: start + 2 * FIVE_MINUTE_MS, open: 3, high: 4, low: 2, close: 3.5, volume: 7 });
    const one = loadIntradayCandles(dir, 'ABC', '1m');
    expect(one.map((c) => c.openTime)).toEqual([start, start + 3 * MINUTE_MS]);
    expect(loadIntradayCandles(dir, 'XYZ', '5m')).toEqual([]);
    expect(listIntradayCoins(dir, '5m')).toEqual(['ABC']);
    const [h] = loadIntradayHistories(dir);
    expect(h!.fiveMinute!.length).toBe(3);
    expect(h!.minute!.length).toBe(2);
    // Cut at 00:10: the 5m candle opening at 00:10 has not closed yet; the 1m candle at 00:03 has.
    const cut = intradayHistoryUntil(h!, start + 10 * MINUTE_MS);
    expect(cut.fiveMinute!.length).toBe(2);
    expect(cut.minute!.length).toBe(2);
    expect(intradayHistoryUntil(h!, start + 10 * MINUTE_MS, { fiveMinute: 1, minute: 1 }).fiveMinute!.map((c) => c.openTime)).toEqual([start + FIVE_MINUTE_MS]);
  });

  it('horizon specs: 5m = 1 x 5m, 15m = 3 x 5m, 30m = 6 x 5m, 1m = 1 x 1m; parsing refuses hourly names', () => {
    expect(INTRADAY_HORIZON_SPECS['30m']).toEqual({ horizon: '30m', series: '5m', steps: 6, ms: 30 * MINUTE_MS });
    expect(INTRADAY_HORIZON_SPECS['1m'].series).toBe('1m');
    expect(parseIntradayHorizons('5m, 1m')).toEqual(['5m', '1m']);
    expect(() => parseIntradayHorizons('5m,1h')).toThrow(/unknown sub-hour horizon "1h"/);
  });
});

describe('intraday seasonality', () => {
  it('picks up a planted minute-of-day x day-of-week pattern', () => {
    const hs = [1, 2].map((s) => syntheticIntraday(`S${s}`, 70, 10 + s, { seasonal: plantedSeasonal }).fiveMinute!);
    const f = fitIntradaySeasonal(hs);
    const monday = Date.UTC(2024, 0, 8);
    const at = (d: number, h: number, m: number) => f[seasonalSlot(monday + d * DAY_MS + (h * 60 + m) * MINUTE_MS)]!;
    // Weekday 13:30-15:00 is 2.5x, weekends 0.5x the base volatility.
    for (const d of [0, 2, 4]) {
      expect(at(d, 14, 0) / at(d, 3, 0)).toBeGreaterThan(2);
      expect(at(d, 14, 0) / at(d, 3, 0)).toBeLessThan(3);
      expect(at(d, 13, 25) / at(d, 3, 0)).toBeLessThan(1.3);
    }
    expect(at(5, 3, 0) / at(1, 3, 0)).toBeLessThan(0.65);
    expect(at(6, 14, 0) / at(1, 3, 0)).toBeLessThan(0.65);
    expect(seasonalSlot(monday)).toBe(0);
    expect(seasonalSlot(monday + 6 * DAY_MS + DAY_MS - 1)).toBe(7 * SLOTS_PER_DAY - 1);
  });
});

describe('intraday model', () => {
  let histories: CoinHistory[];
  let until: number;
  let model: IntradayModel;
  beforeAll(async () => {
    // Planted seasonality and volatility clustering: the model's interval has something to beat naive with.
    histories = [1, 2, 3].map((s) => syntheticIntraday(`C${s}`, 75, 20 + s, { seasonal: plantedSeasonal, garch: true, minuteDays: 30 }));
    until = start + 60 * DAY_MS;
    model = await trainIntradayModel(histories, {
      until,
      seasonalDays: 40,
      harDays: 30,
      validation: { '5m': { days: 20, stepMinutes: 60 }, '1m': { days: 12, stepMinutes: 60 } },
    });
  }, 120_000);

  it('forecast shape: one forecast per horizon, target = origin + horizon, median = point = last price, monotone quantiles', () => {
    const t = until + 2 * DAY_MS + 7 * FIVE_MINUTE_MS;
    for (const h of histories) {
      const fs = model.predict(intradayHistoryUntil(h, t, model.lookback), ALL);
      expect(fs.map((f) => f.horizon)).toEqual(ALL);
      for (const f of fs) {
        expect(f.originTime).toBe(t);
        expect(f.targetTime).toBe(t + INTRADAY_HORIZON_SPECS[f.horizon].ms);
        expect(f.point).toBe(f.lastPrice);
        expect(f.quantiles['0.5']).toBeCloseTo(f.point, 9);
        for (let i = 1; i < QUANTILE_LEVELS.length; i++) expect(f.quantiles[QUANTILE_LEVELS[i]!]).toBeGreaterThanOrEqual(f.quantiles[QUANTILE_LEVELS[i - 1]!]);
        expect(f.quantiles['0.9']).toBeGreaterThan(f.quantiles['0.1']);
      }
      // Wider at 30m than at 5m.
      const w = (hz: IntradayHorizon) => fs.find((f) => f.horizon === hz)!.quantiles['0.9'] - fs.find((f) => f.horizon === hz)!.quantiles['0.1'];
      expect(w('30m')).toBeGreaterThan(w('5m'));
    }
    // No 1-minute candles: no 1m forecast, the others still come.
    const no1m = { ...intradayHistoryUntil(histories[0]!, t, model.lookback), minute: undefined };
    expect(model.predict(no1m, ALL).map((f) => f.horizon)).toEqual(['5m', '15m', '30m']);
  });

  it('guard: with planted seasonality and clustering the model interval beats naive significantly (the guard is not vacuous)', () => {
    const g = intradayGuardDecisions(model)!;
    expect(Object.keys(g).sort()).toEqual([...ALL].sort());
    for (const h of ['5m', '15m', '30m'] as const) {
      expect(g[h]!.intervalIsNaive, h).toBe(false);
      expect(g[h]!.statistic!, h).toBeLessThan(-1.96);
      expect(g[h]!.pointIsNaive).toBe(true);
    }
    expect(model.metadata.guard).toEqual(g);
  });

  it('serialize round trip (buffer and directory, through the registry) gives the identical forecast', () => {
    const t = until + 5 * DAY_MS + 13 * FIVE_MINUTE_MS;
    const a = serializeIntradayModel(model);
    expect(a.metadata.type).toBe('intraday');
    // As stored: metadata through JSON.
    const back = deserializeIntradayModel({ metadata: JSON.parse(JSON.stringify(a.metadata)) as Record<string, unknown>, files: a.files });
    const dir = mkdtempSync(join(tmpdir(), 'intraday-model-'));
    saveIntradayModelToDir(model, dir);
    const fromDir = loadIntradayModelFromDir(dir);
    for (const h of histories) {
      const cut = intradayHistoryUntil(h, t, model.lookback);
      const want = model.predict(cut, ALL);
      expect(back.predict(cut, ALL)).toEqual(want);
      expect(fromDir.predict(cut, ALL)).toEqual(want);
    }
    expect(fromDir.lookback).toEqual(model.lookback);
    // The generic loader knows the kind too; an hourly artifact is refused by the intraday one.
    expect(deserializeModel(a).type).toBe('intraday');
    expect(() => deserializeIntradayModel({ metadata: { type: 'naive' }, files: {} })).toThrow(/does not serve the sub-hour horizons/);
    expect(modelKind('intraday').horizons).toBe('intraday');
    expect(modelKind('naive').horizons).toBe('hourly-daily');
  });

  it('registry: trainModel("intraday") trains the same model; "intraday-naive" is the baseline', async () => {
    const short = histories.map((h) => ({ ...h, minute: undefined }));
    const viaRegistry = await trainModel('intraday', short, { until });
    expect(viaRegistry.type).toBe('intraday');
    const nv = await trainModel('intraday-naive', short, { until });
    const t = until + DAY_MS;
    const cut = intradayHistoryUntil(short[0]!, t, nv.lookback);
    expect(nv.predict(cut, ['5m', '30m'])).toEqual(naiveIntradayModel().predict(cut, ['5m', '30m']));
  }, 120_000);
});

describe('intraday guard on a random walk', () => {
  it('constant-volatility random walk → every horizon serves naive, forecasts identical to naiveIntradayModel', async () => {
    const histories = [1, 2].map((s) => syntheticIntraday(`RW${s}`, 70, 300 + s, { minuteDays: 25 }));
    const until = start + 62 * DAY_MS;
    const model = await trainIntradayModel(histories, {
      until,
      seasonalDays: 40,
      harDays: 30,
      validation: { '5m': { days: 25, stepMinutes: 30 }, '1m': { days: 15, stepMinutes: 30 } },
    });
    const g = intradayGuardDecisions(model)!;
    for (const h of ALL) {
      expect(g[h]!.intervalIsNaive, h).toBe(true);
      expect(g[h]!.pointIsNaive, h).toBe(true);
      expect(g[h]!.n, h).toBeGreaterThan(100);
    }
    const naive = naiveIntradayModel();
    for (const t of [until + DAY_MS, until + 5 * DAY_MS + 17 * FIVE_MINUTE_MS]) {
      for (const h of histories) {
        const cut = intradayHistoryUntil(h, t, model.lookback);
        const fs = model.predict(cut, ALL);
        expect(fs.length).toBe(4);
        expect(fs).toEqual(naive.predict(cut, ALL));
      }
    }
  }, 120_000);

  it('a hand-built model without a guard serves its own interval (differs from naive)', () => {
    const histories = [syntheticIntraday('X', 40, 5, { seasonal: plantedSeasonal })];
    const until = start + 35 * DAY_MS;
    const m = intradayModel(fitIntradayParams(histories, until, { until, harDays: 30, seasonalDays: 30 }));
    const cut = intradayHistoryUntil(histories[0]!, until + DAY_MS, m.lookback);
    expect(m.predict(cut, ['15m'])[0]!.quantiles).not.toEqual(naiveIntradayModel().predict(cut, ['15m'])[0]!.quantiles);
  });
});
