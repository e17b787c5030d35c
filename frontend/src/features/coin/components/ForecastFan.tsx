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

/** SVG fan chart: recent closes, then the median and 80%/95% ranges for every horizon. */
export function ForecastFan({
  candles,
  horizons,
  formatPrice,
}: {
  candles: readonly Candle[];
  horizons: readonly HorizonForecast[];
  formatPrice: (value: number) => string;
}) {
  const fan = useMemo(
    () =>
      buildFan(
        candles.map((c) => ({ time: Date.parse(c.openTime), price: c.close })),
        horizons.map(toQuantiles),
        WIDTH - LEFT_AXIS,
        HEIGHT,
      ),
    [candles, horizons],
  );
  if (!fan) return null;
  return (
    <figure className="fan" data-testid="forecast-fan">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Forecast fan chart: recent price, median forecast and 80% and 95% ranges">
        {fan.yTicks.map((tick) => (
          <text key={tick.value} x={LEFT_AXIS - 6} y={tick.y + 4} textAnchor="end">
            {formatPrice(tick.value)}
          </text>
        ))}
        <g transform={`translate(${LEFT_AXIS},0)`}>
          <path className="band95" d={fan.band95Path} data-testid="band95" />
          <path className="band80" d={fan.band80Path} data-testid="band80" />
          <path className="history" d={fan.historyPath} fill="none" strokeWidth="1.5" />
          <path className="median" d={fan.medianPath} fill="none" strokeWidth="2" data-testid="median" />
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
          <span className="swatch" style={{ background: 'var(--accent)' }} /> median forecast
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--band-80)' }} /> 80% range
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--band-95)' }} /> 95% range
        </span>
      </figcaption>
    </figure>
  );
}
