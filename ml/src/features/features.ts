/**
 * Causal features at one origin, from the trailing candles only (the caller passes candles up to the origin).
 * Indicators come from `technicalindicators` rather than hand-written formulas.
 */
import { ATR, BollingerBands, MACD, RSI } from 'technicalindicators';
import type { Candle } from '../types';

export const FEATURE_NAMES = [
  'ret_1',
  'ret_4',
  'ret_24',
  'ret_72',
  'rv_ratio_short_long',
  'rsi_14',
  'macd_hist',
  'bollinger_position',
  'atr_rel',
  'volume_momentum',
  'cal_hour_sin',
  'cal_hour_cos',
  'cal_dow_sin',
  'cal_dow_cos',
] as const;

/** Candles needed before the origin for every feature to be defined. */
export const FEATURE_LOOKBACK = 120;

/**
 * Computes the feature vector at the last candle. Returns are divided by `sigmaStep` (the one-step volatility at
 * the origin) so that features are comparable across coins and regimes (a global model needs that).
 */
export function computeFeatures(candles: Candle[], sigmaStep: number): number[] | undefined {
  const n = candles.length;
  if (n < FEATURE_LOOKBACK) return undefined;
  const w = candles.slice(n - FEATURE_LOOKBACK);
  const close = w.map((c) => c.close);
  const high = w.map((c) => c.high);
  const low = w.map((c) => c.low);
  const last = close[close.length - 1]!;
  const s = sigmaStep > 0 ? sigmaStep : 1e-4;
  const ret = (k: number) => Math.log(last / close[close.length - 1 - k]!) / (s * Math.sqrt(k));
  const rv = (k: number) => {
    let acc = 0;
    for (let i = close.length - k; i < close.length; i++) acc += Math.log(close[i]! / close[i - 1]!) ** 2;
    return acc / k;
  };
  const rsi = RSI.calculate({ values: close, period: 14 });
  const macd = MACD.calculate({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
  const bb = BollingerBands.calculate({ values: close, period: 20, stdDev: 2 });
  const atr = ATR.calculate({ high, low, close, period: 14 });
  const lastBb = bb[bb.length - 1];
  const bbPos = lastBb && lastBb.upper > lastBb.lower ? (last - lastBb.middle) / (lastBb.upper - lastBb.lower) : 0;
  const hist = macd[macd.length - 1]?.histogram ?? 0;
  const vol = w.map((c) => c.volume);
  const vShort = vol.slice(-24).reduce((a, b) => a + b, 0) / 24;
  const vLong = vol.reduce((a, b) => a + b, 0) / vol.length;
  const d = new Date(candles[n - 1]!.openTime);
  const hour = (2 * Math.PI * d.getUTCHours()) / 24;
  const dow = (2 * Math.PI * d.getUTCDay()) / 7;
  const f = [
    ret(1),
    ret(4),
    ret(24),
    ret(72),
    0.5 * Math.log((rv(24) + 1e-12) / (rv(96) + 1e-12)),
    ((rsi[rsi.length - 1] ?? 50) - 50) / 50,
    hist / (last * s),
    bbPos,
    Math.log(((atr[atr.length - 1] ?? 0) / last + 1e-9) / s),
    Math.log((vShort + 1e-9) / (vLong + 1e-9)),
    Math.sin(hour),
    Math.cos(hour),
    Math.sin(dow),
    Math.cos(dow),
  ];
  // Clip: a single extreme candle should not dominate a linear model.
  return f.map((x) => (Number.isFinite(x) ? Math.max(-8, Math.min(8, x)) : 0));
}
