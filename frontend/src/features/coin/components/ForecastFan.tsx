import { useMemo } from 'react';
import type { Candle } from '../../../lib/live-stream';
import { buildFan, type HorizonQuantiles } from '../model/fan';
import type { HorizonForecast } from '../api/coin';

const WIDTH = 720;
const HEIGHT = 300;
const LEFT_AXIS = 70;

export function toQuantiles(horizon: HorizonForecast): HorizonQuantiles {
  const q = horizon.quantiles;
  return { horizon: horizon.horizon, targetTime: Date.parse(horizon.targetTime), q05: q['0.05'], q10: q['0.1'], q50: q['0.5'], q90: q['0.9'], q95: q['0.95'] };
}

/**
 * SVG fan chart: recent closes, then from the forecast's origin (the last closed candle it started from) the 80 %
 * and 90 % ranges of every horizon, and the median only when it is a real forecast (not "no change").
 */
export function ForecastFan({
  candles,
  horizons,
  formatPrice,
}: {
  candles: readonly Candle[];
  horizons: readonly HorizonForecast[];
  formatPrice: (value: number) => string;
}) {
  const first = horizons[0];
  const showMedian = horizons.some((h) => !h.pointIsNaive);
  const fan = useMemo(
    () =>
      buildFan(
        candles.map((c) => ({ time: Date.parse(c.openTime) + candleMs(candles), price: c.close })),
        horizons.map(toQuantiles),
        WIDTH - LEFT_AXIS,
        HEIGHT,
        { origin: first ? { time: Date.parse(first.originTime), price: first.lastPrice } : undefined, showMedian },
      ),
    [candles, horizons, first, showMedian],
  );
  if (!fan) return null;
  return (
    <figure className="fan" data-testid="forecast-fan">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Forecast fan chart: recent price, then the 80% and 90% ranges from the forecast's starting point${showMedian ? ' and the median forecast' : ''}`}
      >
        {fan.yTicks.map((tick) => (
          <text key={tick.value} x={LEFT_AXIS - 6} y={tick.y + 4} textAnchor="end">
            {formatPrice(tick.value)}
          </text>
        ))}
        <g transform={`translate(${LEFT_AXIS},0)`}>
          <path className="band95" d={fan.band90Path} data-testid="band90" />
          <path className="band80" d={fan.band80Path} data-testid="band80" />
          <path className="history" d={fan.historyPath} fill="none" strokeWidth="1.5" />
          {fan.medianPath && <path className="median" d={fan.medianPath} fill="none" strokeWidth="2" data-testid="median" />}
          <line x1={fan.origin.x} x2={fan.origin.x} y1={0} y2={HEIGHT} className="origin-line" strokeDasharray="3 3" data-testid="origin-line" />
          <circle cx={fan.origin.x} cy={fan.origin.y} r={3.5} className="origin-dot" />
          {fan.markers.map((marker) => (
            <text key={marker.horizon} x={marker.x - 4} y={marker.y - 6} textAnchor="end">
              {marker.horizon}
            </text>
          ))}
        </g>
      </svg>
      <figcaption className="legend">
        <span>
          <span className="swatch" style={{ background: 'var(--text)' }} /> price
        </span>
        <span>
          <span className="swatch origin-swatch" /> forecast start
        </span>
        {showMedian && (
          <span>
            <span className="swatch" style={{ background: 'var(--accent)' }} /> median forecast
          </span>
        )}
        <span>
          <span className="swatch" style={{ background: 'var(--band-80)' }} /> 80% range (8 in 10)
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--band-95)' }} /> 90% range (9 in 10)
        </span>
      </figcaption>
    </figure>
  );
}

/** Candle length (the chart plots each close at the candle's close time). */
function candleMs(candles: readonly Candle[]): number {
  if (candles.length < 2) return 3_600_000;
  return Date.parse(candles[1]!.openTime) - Date.parse(candles[0]!.openTime);
}
