import { Candle } from '../candle';

/**
 * Deterministic price path inside one candle, so replayed prices move between candle closes the way a live
 * market would: open → first extreme → second extreme → close, visiting exactly the candle's high and low.
 * Pure functions, no framework imports.
 */

/** Small deterministic hash → [0, 1) (mulberry32 finaliser); the same candle always takes the same path. */
export function unitHash(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

export function stringHash(value: string): number {
  let hash = 2166136261;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 16777619);
  return hash | 0;
}

interface KeyPoint {
  fraction: number;
  price: number;
}

/** The four key points of the path; a rising candle dips to its low first, a falling one peaks first. */
export function keyPoints(candle: Candle, seed: number): KeyPoint[] {
  const first = 0.15 + 0.25 * unitHash(seed ^ candle.openTime);
  const second = 0.55 + 0.3 * unitHash((seed * 31) ^ (candle.openTime / 1000));
  const [firstPrice, secondPrice] = candle.close >= candle.open ? [candle.low, candle.high] : [candle.high, candle.low];
  return [
    { fraction: 0, price: candle.open },
    { fraction: first, price: firstPrice },
    { fraction: second, price: secondPrice },
    { fraction: 1, price: candle.close },
  ];
}

/**
 * Monotone easing with a wiggle: g(0)=0, g(1)=1 and g' = 1 + 0.6·cos(6πu) > 0, so within a segment the price
 * moves every second without ever leaving the segment's range (the candle's high/low stay exact).
 */
function ease(u: number): number {
  const k = 3;
  return u + (0.6 * Math.sin(2 * Math.PI * k * u)) / (2 * Math.PI * k);
}

/** Price at `fraction` ∈ [0, 1] of the candle's duration. */
export function priceAt(candle: Candle, fraction: number, seed: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  const points = keyPoints(candle, seed);
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1]!;
    const to = points[i]!;
    if (f <= to.fraction) {
      const span = to.fraction - from.fraction;
      const u = span > 0 ? (f - from.fraction) / span : 1;
      return from.price + (to.price - from.price) * ease(u);
    }
  }
  return candle.close;
}

/** The candle as it looks `fraction` of the way through: high/low so far, close = current price, volume pro rata. */
export function partialCandle(candle: Candle, fraction: number, seed: number): Candle {
  const f = Math.min(1, Math.max(0, fraction));
  if (f >= 1) return { ...candle };
  const price = priceAt(candle, f, seed);
  let high = Math.max(candle.open, price);
  let low = Math.min(candle.open, price);
  // Each segment is monotone, so the extremes so far are the key points already passed plus the current price.
  for (const point of keyPoints(candle, seed)) {
    if (point.fraction <= f) {
      high = Math.max(high, point.price);
      low = Math.min(low, point.price);
    }
  }
  return { openTime: candle.openTime, open: candle.open, high, low, close: price, volume: candle.volume * f };
}
