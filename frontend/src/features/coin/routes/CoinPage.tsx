import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { ApiClient } from '../../../lib/api-client';
import {
  direction,
  formatChance,
  formatDate,
  formatDateTime,
  formatDuration,
  formatPercent,
  formatPrice,
  marketName,
  pathToSymbol,
  priceDecimals,
  symbolToPath,
} from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import type { TickerEvent } from '../../../lib/live-stream';
import { useApi, useLiveStream } from '../../../lib/services';
import { ChartBoundary, EmptyState, ErrorState, Loading } from '../../../lib/ui';
import { useCandles, useCoinForecast, useForecastHistory, useLiveCandles, type HorizonForecast, type Timeframe } from '../api/coin';
import { CandleChart } from '../components/CandleChart';
import { ForecastExplanation } from '../components/ForecastExplanation';
import { ForecastFan } from '../components/ForecastFan';
import { describePoint, describeSkill, horizonHours, horizonWords, isSubHour, type Skill } from '../model/fan';

type Tick = Pick<TickerEvent, 'symbol' | 'price' | 'change24h' | 'volume24h' | 'timestamp'>;

const tickerQueryOptions = (api: ApiClient, symbol: string) =>
  queryOptions({ queryKey: ['coin', symbol, 'ticker'] as const, queryFn: () => api.get<Tick>(`/markets/${symbolToPath(symbol)}/ticker`) });

function useLiveTicker(symbol: string) {
  const api = useApi();
  const stream = useLiveStream();
  const queryClient = useQueryClient();
  const ticker = useQuery(tickerQueryOptions(api, symbol));
  useEffect(() => {
    if (!stream) return;
    const release = stream.subscribe([symbol]);
    const off = stream.on('ticker', (tick) => {
      if (tick.symbol === symbol) queryClient.setQueryData(tickerQueryOptions(api, symbol).queryKey, tick);
    });
    return () => {
      off();
      release();
    };
  }, [stream, queryClient, api, symbol]);
  return ticker;
}

/** Nominal vs observed coverage of the central ranges (50 / 80 / 90 %): on the diagonal = honest ranges. */
function CalibrationPicture({ skill, horizon }: { skill: Skill; horizon: string }) {
  const size = 200;
  const pad = 34;
  // Axes from 30 % to 100 % so the 50 / 80 / 90 % marks stand apart; lower observed shares sit on the floor.
  const lo = 0.3;
  const scale = (v: number) => pad + ((Math.max(lo, v) - lo) / (1 - lo)) * (size - 2 * pad);
  const yOf = (v: number) => size - scale(v);
  if (skill.calibration.length === 0) return null;
  return (
    <figure className="calibration" data-testid="calibration">
      <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`Calibration of the ${horizon} ranges: promised versus observed share of prices inside them`}>
        <line x1={scale(lo)} y1={yOf(lo)} x2={scale(1)} y2={yOf(1)} className="diagonal" />
        <line x1={scale(lo)} y1={yOf(lo)} x2={scale(1)} y2={yOf(lo)} className="axis" />
        <line x1={scale(lo)} y1={yOf(lo)} x2={scale(lo)} y2={yOf(1)} className="axis" />
        {[0.5, 0.8, 0.9].map((v) => (
          <text key={v} x={scale(v)} y={size - pad + 14} textAnchor="middle">
            {Math.round(v * 100)}%
          </text>
        ))}
        {[0.5, 0.8, 1].map((v) => (
          <text key={v} x={pad - 4} y={yOf(v) + 3} textAnchor="end">
            {Math.round(v * 100)}%
          </text>
        ))}
        {skill.calibration.map((c) => (
          <g key={c.nominal}>
            <circle cx={scale(c.nominal)} cy={yOf(c.naive)} r={3} className="naive-dot" />
            <circle cx={scale(c.nominal)} cy={yOf(c.observed)} r={4} className="model-dot" data-testid={`calibration-${c.nominal}`} />
          </g>
        ))}
      </svg>
      <figcaption className="legend">
        <span>
          <span className="swatch" style={{ background: 'var(--accent)' }} /> served forecasts
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--muted)' }} /> "no change" baseline
        </span>
        <span>across: promised share · up: share that happened · on the line = honest</span>
      </figcaption>
    </figure>
  );
}

function TrackRecord({ symbol, horizons, format }: { symbol: string; horizons: HorizonForecast[]; format: (v: number) => string }) {
  const locale = useLocale();
  const [horizon, setHorizon] = useState(horizons[0]?.horizon ?? '');
  const history = useForecastHistory(symbol, horizon);
  const selected = horizons.find((h) => h.horizon === horizon);
  const matured = (history.data ?? [])
    .filter((row) => row.actual !== null)
    .slice(-20)
    .reverse();
  const terciles = selected?.backtest?.terciles;
  return (
    <section aria-labelledby="track-record-title">
      <h2 id="track-record-title">Track record</h2>
      <div className="segmented" role="group" aria-label="Forecast horizon">
        {horizons.map((h) => (
          <button key={h.horizon} type="button" aria-pressed={h.horizon === horizon} onClick={() => setHorizon(h.horizon)}>
            {h.horizon}
          </button>
        ))}
      </div>
      <div className="card track-card">
        <div data-testid="accuracy-words">
          {describeSkill(selected?.skill ?? null, horizon, selected ?? { pointIsNaive: true, intervalIsNaive: true }).map((line) => (
            <p key={line}>{line}</p>
          ))}
          {selected?.backtest && (
            <p data-testid="backtest-words">
              Before it was used, the model was tested on {formatDate(selected.backtest.from, locale)} – {formatDate(selected.backtest.to, locale)}, a period it
              had not seen: its 80% range held the price {formatChance(selected.backtest.coverage80, locale)} of the time
              {selected.backtest.naiveCoverage80 !== null ? ` (baseline ${formatChance(selected.backtest.naiveCoverage80, locale)})` : ''}.
            </p>
          )}
          {terciles && terciles.length === 3 && (
            <p data-testid="tercile-words">
              In that test, by how turbulent the market was: calm {formatChance(terciles[0]!.coverage80, locale)}, normal{' '}
              {formatChance(terciles[1]!.coverage80, locale)}, turbulent {formatChance(terciles[2]!.coverage80, locale)} inside the 80% range.
            </p>
          )}
        </div>
        {selected && <CalibrationPicture skill={selected.skill} horizon={horizon} />}
      </div>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => history.refetch()} />
      ) : matured.length === 0 ? (
        <p className="muted">No past {horizon} forecasts have reached their target time yet.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={`Past ${horizon} forecasts versus what happened`} className="stack-narrow">
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col" className="num">
                  Best guess
                </th>
                <th scope="col" className="num">
                  80% range
                </th>
                <th scope="col" className="num">
                  Actual
                </th>
                <th scope="col">Inside range?</th>
              </tr>
            </thead>
            <tbody>
              {matured.map((row) => {
                const inside = row.actual! >= row.p10 && row.actual! <= row.p90;
                return (
                  <tr key={row.originTime}>
                    <td data-label="For">{formatDateTime(row.targetTime, locale)}</td>
                    <td className="num" data-label="Best guess">
                      <span>
                        {format(row.point)}
                        {row.point === row.naivePoint ? <span className="muted"> (no change)</span> : null}
                      </span>
                    </td>
                    <td className="num" data-label="80% range">
                      {format(row.p10)} – {format(row.p90)}
                    </td>
                    <td className="num" data-label="Actual">
                      {format(row.actual!)}
                    </td>
                    <td className={inside ? 'up' : 'down'} data-label="Inside range?">
                      {inside ? 'yes' : 'no'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** When the forecast was made, from what, whether it is current, and what its best guess and ranges are. */
function ForecastIntro({ horizons, marketTime, format }: { horizons: HorizonForecast[]; marketTime: string; format: (v: number) => string }) {
  const locale = useLocale();
  // The lead is the hourly forecast (made at the hour); the sub-hour ones are remade every 5 minutes and said apart.
  const hourly = horizons.filter((h) => horizonHours(h.horizon) <= 24 && !isSubHour(h.horizon));
  const lead = hourly[0] ?? horizons[0]!;
  const subHour = horizons.filter((h) => isSubHour(h.horizon));
  const age = Date.parse(marketTime) - Date.parse(lead.originTime);
  const stale = horizons.some((h) => h.stale);
  const allNaive = horizons.every((h) => h.pointIsNaive);
  return (
    <div className="forecast-intro" data-testid="forecast-intro">
      <p>
        Made from the closing price of {format(lead.lastPrice)} at {formatDateTime(lead.originTime, locale)} ({formatDuration(age, locale)} ago).{' '}
        {stale && (
          <strong className="badge badge-warn" data-testid="stale-badge">
            Out of date: no newer forecast has been made
          </strong>
        )}
      </p>
      {subHour.length > 0 && (
        <p data-testid="subhour-statement">
          The {subHour.map((h) => horizonWords(h.horizon).replace(/^next /, '')).join(', ')} ahead are forecast every 5 minutes from 5-minute candles (last at{' '}
          {formatDateTime(subHour[0]!.originTime, locale)}, price {format(subHour[0]!.lastPrice)}). Over minutes prices mostly wander: expect these ranges to be
          narrow and the best guess to be close to no change.
        </p>
      )}
      {allNaive ? (
        <p data-testid="naive-statement">
          Best guess: no change — no model has beaten that; the range is where the value is. The darker band is where the price should end up 8 times out of 10
          (80% range), the lighter one 9 times out of 10 (90% range).
        </p>
      ) : (
        <>
          <p>The darker band is where the price should end up 8 times out of 10 (80% range), the lighter one 9 times out of 10 (90% range).</p>
          <ul className="plain-list">
            {horizons.map((h) => (
              <li key={h.horizon}>{describePoint(h, `${format(h.quantiles['0.1'])} and ${format(h.quantiles['0.9'])}`)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function CoinPage() {
  const params = useParams();
  const symbol = pathToSymbol(params.symbol ?? '');
  const locale = useLocale();
  const [timeframe, setTimeframe] = useState<Timeframe>('1h');
  const ticker = useLiveTicker(symbol);
  const candles = useCandles(symbol, timeframe);
  const hourly = useCandles(symbol, '1h');
  const forecast = useCoinForecast(symbol);
  useLiveCandles(symbol);

  const referencePrice = Number(ticker.data?.price ?? forecast.data?.lastPrice ?? hourly.data?.candles.at(-1)?.close ?? 1);
  const decimals = priceDecimals(referencePrice);
  const format = (value: number) => formatPrice(value, { locale, decimals });
  // Short-term view: horizons up to a day over 3 days of hourly candles; long-term: all horizons over 90 daily candles.
  // Next hour: the sub-hour horizons over 3 hours of 5-minute candles (only where sub-hour forecasts are served).
  const [fanRange, setFanRange] = useState<'hour' | 'day' | 'month'>('day');
  const daily = useCandles(symbol, '1d');
  const fiveMinute = useCandles(symbol, '5m');
  const hasSubHour = (forecast.data?.horizons ?? []).some((h) => isSubHour(h.horizon));
  const fanHistory = useMemo(
    () =>
      (fanRange === 'hour' ? fiveMinute.data?.candles.slice(-36) : fanRange === 'day' ? hourly.data?.candles.slice(-72) : daily.data?.candles.slice(-90)) ?? [],
    [fanRange, fiveMinute.data, hourly.data, daily.data],
  );
  const fanHorizons = useMemo(
    () =>
      (forecast.data?.horizons ?? []).filter((h) =>
        fanRange === 'hour' ? horizonHours(h.horizon) < 1 : !isSubHour(h.horizon) && (fanRange === 'month' || horizonHours(h.horizon) <= 24),
      ),
    [fanRange, forecast.data],
  );

  return (
    <main className="page">
      <p>
        <Link to="/">← Markets</Link>
      </p>
      <div className="page-head">
        <h1>{marketName(symbol)}</h1>
        {ticker.data && (
          <p className="stat-line">
            <strong className="num" data-testid="coin-price">
              {format(Number(ticker.data.price))}
            </strong>{' '}
            <span className={direction(ticker.data.change24h)}>{formatPercent(ticker.data.change24h, locale)} 24h</span>
          </p>
        )}
      </div>

      <section aria-labelledby="chart-title">
        <div className="page-head">
          <h2 id="chart-title">Price</h2>
          <div className="segmented" role="group" aria-label="Timeframe">
            {(['1h', '1d'] as const).map((tf) => (
              <button key={tf} type="button" aria-pressed={tf === timeframe} onClick={() => setTimeframe(tf)}>
                {tf === '1h' ? '1 hour' : '1 day'}
              </button>
            ))}
          </div>
        </div>
        {candles.isPending ? (
          <Loading label="Loading candles…" />
        ) : candles.isError ? (
          <ErrorState error={candles.error} onRetry={() => candles.refetch()} />
        ) : candles.data.candles.length === 0 ? (
          <EmptyState title="No candles yet">The server has not stored price history for this coin yet.</EmptyState>
        ) : (
          <div className="card">
            <ChartBoundary label="price chart">
              <CandleChart candles={candles.data.candles} label={`${marketName(symbol)} ${timeframe} candlestick chart`} />
            </ChartBoundary>
          </div>
        )}
      </section>

      <section aria-labelledby="forecast-title">
        <h2 id="forecast-title">Forecast</h2>
        {forecast.isPending ? (
          <Loading label="Loading forecasts…" />
        ) : forecast.isError ? (
          <EmptyState title="No forecast available">
            Forecasts appear once the forecasting job has run for this coin. {String((forecast.error as Error).message ?? '')}
          </EmptyState>
        ) : forecast.data.horizons.length === 0 ? (
          <EmptyState title="No forecast yet">The forecasting job has not produced a forecast for this coin yet.</EmptyState>
        ) : (
          <>
            <ForecastIntro horizons={forecast.data.horizons} marketTime={forecast.data.marketTime} format={format} />
            <div className="card">
              <div className="segmented" role="group" aria-label="Forecast range">
                {hasSubHour && (
                  <button type="button" aria-pressed={fanRange === 'hour'} onClick={() => setFanRange('hour')}>
                    Next 30 minutes
                  </button>
                )}
                <button type="button" aria-pressed={fanRange === 'day'} onClick={() => setFanRange('day')}>
                  Next day
                </button>
                <button type="button" aria-pressed={fanRange === 'month'} onClick={() => setFanRange('month')}>
                  All horizons
                </button>
              </div>
              <ForecastFan candles={fanHistory} horizons={fanHorizons} formatPrice={format} />
            </div>
            <div className="table-wrap">
              <table aria-label="Forecasts by horizon" className="stack-narrow">
                <thead>
                  <tr>
                    <th scope="col">Horizon</th>
                    <th scope="col">For</th>
                    <th scope="col" className="num">
                      Best guess
                    </th>
                    <th scope="col" className="num">
                      80% range
                    </th>
                    <th scope="col" className="num">
                      90% range
                    </th>
                    <th scope="col" className="num">
                      Chance of a rise
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {forecast.data.horizons.map((h) => (
                    <tr key={h.horizon}>
                      <th scope="row" title={horizonWords(h.horizon)}>
                        {h.horizon}
                        {/* On its own line: beside the horizon it widened the table past a desktop page. */}
                        {isSubHour(h.horizon) && (
                          <>
                            <br />
                            <span className="muted">{horizonWords(h.horizon)}</span>
                          </>
                        )}
                      </th>
                      <td data-label="For">{formatDateTime(h.targetTime, locale)}</td>
                      <td className="num" data-label="Best guess">
                        {h.pointIsNaive ? (
                          <span title='No model has beaten "no change" at this horizon'>no change ({format(h.lastPrice)})</span>
                        ) : (
                          format(h.point)
                        )}
                      </td>
                      <td className="num" data-label="80% range">
                        {format(h.quantiles['0.1'])} – {format(h.quantiles['0.9'])}
                      </td>
                      <td className="num" data-label="90% range">
                        {format(h.quantiles['0.05'])} – {format(h.quantiles['0.95'])}
                      </td>
                      <td className="num" data-label="Chance of a rise">
                        {formatChance(h.probabilityUp, locale)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ForecastExplanation horizons={forecast.data.horizons} />
            <TrackRecord symbol={symbol} horizons={forecast.data.horizons} format={format} />
          </>
        )}
      </section>
    </main>
  );
}
