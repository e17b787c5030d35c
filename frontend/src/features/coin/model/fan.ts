// Pure geometry for the forecast fan chart: price history then, for each horizon, the 80 % and 90 % ranges (and the
// median, only when it is a real forecast), all anchored at the forecast's ORIGIN: the close of the last closed candle
// the forecast started from, not today's price. No React, unit-tested directly.

export interface PricePoint {
  time: number; // ms epoch
  price: number;
}

export interface HorizonQuantiles {
  horizon: string;
  targetTime: number;
  q05: number;
  q10: number;
  q50: number;
  q90: number;
  q95: number;
}

export interface FanGeometry {
  historyPath: string;
  /** Empty when the point is the naive "no change" guess: there is no slope to draw. */
  medianPath: string;
  band80Path: string;
  band90Path: string;
  /** Where the forecast starts (origin time, origin price). */
  origin: { x: number; y: number };
  yTicks: { y: number; value: number }[];
  xDomain: [number, number];
  yDomain: [number, number];
  /** Where each horizon lands (the median, or the origin price for a naive point), for labels. */
  markers: { horizon: string; x: number; y: number; value: number }[];
}

export interface FanOptions {
  /** The forecast's origin: close time and close price of the candle it started from. Default: the last history point. */
  origin?: PricePoint;
  /** Draw the median line (false when the point is naive: it would be a flat line pretending to be a forecast). */
  showMedian?: boolean;
  padding?: number;
}

export function buildFan(
  history: readonly PricePoint[],
  horizons: readonly HorizonQuantiles[],
  width: number,
  height: number,
  options: FanOptions | number = {},
): FanGeometry | null {
  const opts: FanOptions = typeof options === 'number' ? { padding: options } : options;
  const padding = opts.padding ?? 8;
  if (history.length === 0 && !opts.origin) return null;
  const anchor = opts.origin ?? history[history.length - 1]!;
  const showMedian = opts.showMedian ?? true;
  const ordered = [...horizons].filter((h) => h.targetTime > anchor.time).sort((a, b) => a.targetTime - b.targetTime);
  const times = [...history.map((p) => p.time), anchor.time, ...ordered.map((h) => h.targetTime)];
  const values = [...history.map((p) => p.price), anchor.price, ...ordered.flatMap((h) => [h.q05, h.q95])];
  const xDomain: [number, number] = [Math.min(...times), Math.max(...times)];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const margin = (high - low) * 0.05 || Math.abs(high) * 0.01 || 1;
  const yDomain: [number, number] = [low - margin, high + margin];

  const x = (time: number) => padding + ((time - xDomain[0]) / (xDomain[1] - xDomain[0] || 1)) * (width - 2 * padding);
  const y = (value: number) => height - padding - ((value - yDomain[0]) / (yDomain[1] - yDomain[0])) * (height - 2 * padding);
  const line = (points: [number, number][]) => points.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
  const band = (upper: (h: HorizonQuantiles) => number, lower: (h: HorizonQuantiles) => number) =>
    ordered.length === 0
      ? ''
      : `${line([[x(anchor.time), y(anchor.price)], ...ordered.map((h): [number, number] => [x(h.targetTime), y(upper(h))]), ...[...ordered].reverse().map((h): [number, number] => [x(h.targetTime), y(lower(h))])])} Z`;

  const tickCount = 4;
  const yTicks = Array.from({ length: tickCount + 1 }, (_, i) => {
    const value = yDomain[0] + ((yDomain[1] - yDomain[0]) * i) / tickCount;
    return { y: y(value), value };
  });

  return {
    historyPath: history.length ? line(history.map((p) => [x(p.time), y(p.price)])) : '',
    medianPath:
      showMedian && ordered.length ? line([[x(anchor.time), y(anchor.price)], ...ordered.map((h): [number, number] => [x(h.targetTime), y(h.q50)])]) : '',
    band80Path: band(
      (h) => h.q90,
      (h) => h.q10,
    ),
    band90Path: band(
      (h) => h.q95,
      (h) => h.q05,
    ),
    origin: { x: x(anchor.time), y: y(anchor.price) },
    yTicks,
    xDomain,
    yDomain,
    markers: ordered.map((h) => {
      const value = showMedian ? h.q50 : anchor.price;
      return { horizon: h.horizon, x: x(h.targetTime), y: y(value), value };
    }),
  };
}

/** "4h" → 4, "7d" → 168, "1w" → 168; unknown formats → Infinity (sorted last). */
export function horizonHours(horizon: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(horizon.trim());
  if (!match) return Number.POSITIVE_INFINITY;
  const value = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  return unit === 'm' ? value / 60 : unit === 'h' ? value : unit === 'd' ? value * 24 : value * 168;
}

/** A horizon in words for investors: "next 15 minutes", "next hour", "next 7 days". */
export function horizonWords(horizon: string): string {
  const match = /^(\d+)\s*([mhd])$/i.exec(horizon.trim());
  if (!match) return horizon;
  const value = Number(match[1]);
  const unit = { m: 'minute', h: 'hour', d: 'day' }[match[2]!.toLowerCase() as 'm' | 'h' | 'd'];
  return value === 1 ? `next ${unit}` : `next ${value} ${unit}s`;
}

/** Sub-hour horizons (5m/15m/30m): forecast every 5 minutes from 5-minute candles. */
export const isSubHour = (horizon: string) => horizonHours(horizon) < 1;

export interface Skill {
  scored: number;
  relPinball: number | null;
  coverage80: number | null;
  naiveCoverage80: number | null;
  calibration: { nominal: number; observed: number; naive: number }[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The last 30 days of one coin and horizon in plain words: how often the 80 % range held the real price (next to
 * the "no change" baseline's range), and whether the whole forecast scored better or worse than that baseline.
 */
export function describeSkill(skill: Skill | null, horizon: string, flags: { pointIsNaive: boolean; intervalIsNaive: boolean }): string[] {
  if (!skill || skill.scored === 0) return [`No ${horizon} forecast has reached its target time in the last 30 days yet, so there is no track record to show.`];
  const lines: string[] = [];
  lines.push(
    `In the last 30 days, ${skill.scored} ${skill.scored === 1 ? 'forecast' : 'forecasts'} ${horizon} ahead reached ${skill.scored === 1 ? 'its' : 'their'} target time.`,
  );
  if (skill.coverage80 !== null) {
    const cov = skill.coverage80 * 100;
    const verdict = cov < 70 ? 'the ranges have been too narrow' : cov > 90 ? 'the ranges have been wider than needed' : 'close to the promised 8 in 10';
    lines.push(
      `The real price ended inside the 80% range ${pct(skill.coverage80)} of the time (${verdict})` +
        (skill.naiveCoverage80 !== null && !flags.intervalIsNaive
          ? `; the range of the "no change" baseline held it ${pct(skill.naiveCoverage80)} of the time.`
          : '.'),
    );
  }
  if (flags.pointIsNaive && flags.intervalIsNaive) {
    lines.push('These forecasts are the baseline itself: best guess "no change", ranges from how much this coin has moved before.');
  } else if (skill.relPinball !== null) {
    const change = (1 - skill.relPinball) * 100;
    if (Math.abs(change) < 1) lines.push('Scored as a whole (best guess and ranges together), they did about as well as the "no change" baseline.');
    else if (change > 0)
      lines.push(`Scored as a whole (best guess and ranges together), they were ${change.toFixed(0)}% better than the "no change" baseline.`);
    else
      lines.push(
        `Scored as a whole (best guess and ranges together), they were ${(-change).toFixed(0)}% worse than the "no change" baseline: treat them with caution.`,
      );
  }
  return lines;
}

/** What the forecast says, in one sentence, including whether its best guess is the naive one. */
export function describePoint(h: { horizon: string; pointIsNaive: boolean; intervalIsNaive: boolean }, range80: string): string {
  if (h.pointIsNaive) {
    return `${h.horizon}: best guess no change — no model has beaten that; the range is where the value is: 8 times out of 10 between ${range80}${h.intervalIsNaive ? ', judging by how much this coin has moved before' : ''}.`;
  }
  return `${h.horizon}: 8 times out of 10 between ${range80}.`;
}
