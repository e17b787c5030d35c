import path from 'node:path';
import { aggregateDaily, etsModel, serializeModel, type CoinHistory } from '@coincast/ml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  forecastThreadCount,
  forecastThreadFile,
  InProcessForecastCompute,
  packCandles,
  ThreadPoolForecastCompute,
  unpackCandles,
  type PredictRequest,
} from '../../src/forecasts/forecast-compute';
import { randomWalk } from './forecast-fixtures';

const START = Date.UTC(2025, 0, 1);

function histories(count: number): Array<{ symbol: string; history: CoinHistory }> {
  return Array.from({ length: count }, (_, i) => {
    const hourly = randomWalk(START, 24 * 60, 100 * (i + 1), 11 + i);
    return { symbol: `C${i}/USDT`, history: { coin: `C${i}/USDT`, hourly, daily: aggregateDaily(hourly) } };
  });
}

function request(count: number): PredictRequest {
  const ets = serializeModel(etsModel());
  return {
    models: [
      { key: 'ets-artifact', artifact: ets },
      { key: 'naive-record', artifact: null },
      { key: 'broken', artifact: { metadata: { type: 'no-such-model' }, files: {} } },
    ],
    horizons: ['1h', '4h', '24h'],
    items: histories(count).map((h, i) => ({ ...h, modelKeys: i === 0 ? ['ets-artifact', 'naive-record', 'broken'] : ['ets-artifact', 'naive-record'] })),
  };
}

// Threads run the compiled entry (dist/, built by `npm run build`, which `npm test` runs first): swc's native
// compiler must not be loaded inside worker threads (see forecastThreadFile).
const THREAD_FILE = forecastThreadFile(path.resolve(__dirname, '../../dist/forecasts'));

describe('forecast compute (issue 19: forecasting off the serving thread)', () => {
  const file = THREAD_FILE;
  const pool = file ? new ThreadPoolForecastCompute(file, 2) : undefined;
  afterAll(async () => pool?.close());

  it('sizes the pool from the CPU count, leaving a core to the event loop', () => {
    expect(forecastThreadCount(1)).toBe(1);
    expect(forecastThreadCount(2)).toBe(1);
    expect(forecastThreadCount(16)).toBe(15);
  });

  it.runIf(!!THREAD_FILE || process.env.CI === 'true')('worker threads return exactly what the event loop would compute, market by market', async () => {
    expect(file, 'dist/forecasts/forecast.thread.js (run npm run build)').toBeDefined();
    const batch = request(7);
    const [inThread, inProcess] = await Promise.all([pool!.predict(batch), new InProcessForecastCompute().predict(batch)]);
    expect(inThread.map((r) => r.symbol)).toEqual(batch.items.map((item) => item.symbol)); // order kept across chunks
    expect(inThread).toEqual(inProcess);
    const first = inThread[0]!;
    expect(Object.keys(first.byModel).sort()).toEqual(['broken', 'ets-artifact', 'naive-record']);
    expect('forecasts' in first.byModel['ets-artifact']! && first.byModel['ets-artifact'].forecasts.map((f) => f.horizon)).toEqual(['1h', '4h', '24h']);
    // A model that cannot load fails on its markets only, with the reason; the others still forecast.
    expect(first.byModel.broken).toEqual({ error: expect.stringContaining('unknown model type') });
    expect(first.naive).toHaveLength(3);
    expect(inThread[1]!.byModel.broken).toBeUndefined();
  });

  it('candles travel to a thread as packed columns and come back identical', () => {
    const { history } = histories(1)[0]!;
    const packed = packCandles(history.hourly);
    expect(packed.data).toBeInstanceOf(Float64Array);
    expect(packed.data.length).toBe(history.hourly.length * 6);
    expect(unpackCandles(packed)).toEqual(history.hourly);
    expect(unpackCandles(packCandles([]))).toEqual([]);
  });

  it.runIf(!!THREAD_FILE || process.env.CI === 'true')('an empty batch costs nothing and answers nothing', async () => {
    expect(await pool!.predict({ ...request(0), items: [] })).toEqual([]);
  });
});
