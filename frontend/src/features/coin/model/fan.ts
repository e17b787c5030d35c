// Pure geometry for the forecast fan chart: price history then, for each horizon, the median and
// the 80% / 95% intervals, all anchored at the last known price. No React, unit-tested directly.

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
  medianPath: string;
  band80Path: string;
  band95Path: string;
  yTicks: { y: number; value: number }[];
  xDomain: [number, number];
  yDomain: [number, number];
  /** Where each horizon's median lands, for labels. */
  markers: { horizon: string; x: number; y: number; value: number }[];
}

export function buildFan(history: readonly PricePoint[], horizons: readonly HorizonQuantiles[], width: number, height: number, padding = 8): FanGeometry | null {
  if (history.length === 0) return null;
  const anchor = history[history.length - 1]!;
  const ordered = [...horizons].filter((h) => h.targetTime > anchor.time).sort((a, b) => a.targetTime - b.targetTime);
  const times = [history[0]!.time, anchor.time, ...ordered.map((h) => h.targetTime)];
  const values = [...history.map((p) => p.price), ...ordered.flatMap((h) => [h.q05, h.q95])];
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
    historyPath: line(history.map((p) => [x(p.time), y(p.price)])),
    medianPath: ordered.length ? line([[x(anchor.time), y(anchor.price)], ...ordered.map((h): [number, number] => [x(h.targetTime), y(h.q50)])]) : '',
    band80Path: band((h) => h.q90, (h) => h.q10),
    band95Path: band((h) => h.q95, (h) => h.q05),
    yTicks,
    xDomain,
    yDomain,
    markers: ordered.map((h) => ({ horizon: h.horizon, x: x(h.targetTime), y: y(h.q50), value: h.q50 })),
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

export interface LiveAccuracy {
  n: number;
  mae: number;
  naiveMae: number;
  relMae: number;
  coverage80: number;
}

/**
 * Live accuracy in plain words: how far off the forecasts were, compared with the simplest
 * guess ("the price stays where it is"), and how often the 80% range held the real price.
 */
export function describeAccuracy(live: LiveAccuracy | null, horizon: string, formatPrice: (value: number) => string): string[] {
  if (!live || live.n === 0) return [`No ${horizon} forecast has matured yet, so there is no live track record.`];
  const lines: string[] = [];
  lines.push(`Over the last ${live.n} forecasts ${horizon} ahead, the forecast missed the real price by ${formatPrice(live.mae)} on average.`);
  const improvement = (1 - live.relMae) * 100;
  if (Math.abs(improvement) < 1) lines.push('That is about as good as simply assuming the price will not change.');
  else if (improvement > 0)
    lines.push(`That is ${improvement.toFixed(0)}% smaller than the miss of simply assuming the price will not change (${formatPrice(live.naiveMae)}).`);
  else
    lines.push(`That is ${(-improvement).toFixed(0)}% worse than simply assuming the price will not change (${formatPrice(live.naiveMae)}): treat this forecast with caution.`);
  const coveragePct = live.coverage80 * 100;
  lines.push(
    `The real price ended inside the 80% range ${coveragePct.toFixed(0)}% of the time` +
      (coveragePct < 70 ? ' — the ranges have been too narrow.' : coveragePct > 90 ? ' — the ranges have been wider than needed.' : ', close to the promised 80%.'),
  );
  return lines;
}
