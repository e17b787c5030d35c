import { describe, expect, it } from 'vitest';
import { serializeModel } from '../src/artifacts/artifacts';
import { aggregateDaily, historyUntil } from '../src/data/candles';
import { DAY_MS, HOUR_MS } from '../src/data/horizons';
import { backtest } from '../src/evaluate/backtest';
import { seededRandom } from '../src/math';
import { trainDefaultModel } from '../src/models/ensemble';
import type { Candle, CoinHistory } from '../src/types';
import { smallEnsemble } from './trained';

/** Hourly returns with strong AR(1) momentum: a member that reads the last return has real point skill. */
function momentumCoin(coin: string, days: number, seed: number): CoinHistory {
  const rnd = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());
  const hourly: Candle[] = [];
  let p = 50;
  let r = 0;
  const start = Date.UTC(2023, 0, 1);
  for (let i = 0; i < days * 24; i++) {
    r = 0.5 * r + 0.004 * gauss();
    const o = p;
    p = p * Math.exp(r);
    hourly.push({ openTime: start + i * HOUR_MS, open: o, high: Math.max(o, p) * 1.001, low: Math.min(o, p) * 0.999, close: p, volume: 100 });
  }
  return { coin, hourly, daily: aggregateDaily(hourly) };
}

describe('default ensemble', () => {
  it('is reproducible: same data and seed give the same artifact and forecasts', async () => {
    const a = await smallEnsemble(5);
    const b = await smallEnsemble(5);
    // Wall-clock fields (save time, training seconds) legitimately differ between two runs.
    const strip = (m: Record<string, unknown>) =>
      JSON.parse(JSON.stringify(m, (k, v: unknown) => (k === 'savedAt' || k === 'trainSeconds' ? undefined : v))) as unknown;
    const sa = serializeModel(a.model);
    const sb = serializeModel(b.model);
    expect(strip(sb.metadata)).toEqual(strip(sa.metadata));
    expect(sb.files).toEqual(sa.files);
    const cut = historyUntil(a.histories[0]!, a.until + 3 * DAY_MS, a.model.lookback);
    expect(b.model.predict(cut, ['1h', '24h', '7d'])).toEqual(a.model.predict(cut, ['1h', '24h', '7d']));
  }, 300_000);

  it('shrinks the point to naive when members have no validation skill (random-walk coins)', async () => {
    const { model, histories, until } = await smallEnsemble(9);
    const w = model.metadata.weights as Record<string, { shrink: number }>;
    for (const h of ['1h', '4h', '24h']) expect(w[h]!.shrink).toBe(0);
    for (const f of model.predict(historyUntil(histories[0]!, until + 2 * DAY_MS, model.lookback), ['1h', '24h'])) expect(f.point).toBe(f.lastPrice);
  }, 300_000);

  it('moves away from naive when a member has real skill, and then beats naive out of sample', async () => {
    const histories = [61, 62].map((s) => momentumCoin(`M${s}`, 400, s));
    const until = Date.UTC(2023, 0, 1) + 330 * DAY_MS;
    const model = await trainDefaultModel(histories, { until, seed: 1, trainYears: 1, validationDays: 20, maxNeuralSamples: 600, neuralEpochs: 2 });
    const w = model.metadata.weights as Record<string, { shrink: number; point: Record<string, number> }>;
    expect(w['1h']!.shrink).toBeGreaterThan(0);
    const r = await backtest({ histories, from: until, to: until + 30 * DAY_MS, horizons: ['1h'], model, originStepHours: 5 });
    for (const x of r.results) expect(x.relMae).toBeLessThan(0.95);
    expect(r.summary[0]!.directionalAccuracy).toBeGreaterThan(0.6);
  }, 300_000);
});
