import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { ApiClient } from '../../../lib/api-client';
import { direction, formatDateTime, formatPercent, formatPrice, pathToSymbol, priceDecimals, symbolToPath } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import type { TickerEvent } from '../../../lib/live-stream';
import { useApi, useLiveStream } from '../../../lib/services';
import { ChartBoundary, EmptyState, ErrorState, Loading } from '../../../lib/ui';
import { useCandles, useCoinForecast, useForecastHistory, useLiveCandles, type Timeframe } from '../api/coin';
import { CandleChart } from '../components/CandleChart';
import { ForecastFan } from '../components/ForecastFan';
import { describeAccuracy, horizonHours } from '../model/fan';

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

function TrackRecord({ symbol, horizons, format }: { symbol: string; horizons: { horizon: string; live: Parameters<typeof describeAccuracy>[0] }[]; format: (v: number) => string }) {
  const locale = useLocale();
  const [horizon, setHorizon] = useState(horizons[0]?.horizon ?? '');
  const history = useForecastHistory(symbol, horizon);
  const selected = horizons.find((h) => h.horizon === horizon);
  const matured = (history.data ?? []).filter((row) => row.actual !== null).slice(-20).reverse();
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
      <div className="card" data-testid="accuracy-words">
        {describeAccuracy(selected?.live ?? null, horizon, format).map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => history.refetch()} />
      ) : matured.length === 0 ? (
        <p className="muted">No past {horizon} forecasts have reached their target time yet.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={`Past ${horizon} forecasts versus what happened`}>
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col" className="num">Forecast</th>
                <th scope="col" className="num">80% range</th>
                <th scope="col" className="num">Actual</th>
                <th scope="col" className="num">"No change" guess</th>
                <th scope="col">Inside range?</th>
              </tr>
            </thead>
            <tbody>
              {matured.map((row) => {
                const inside = row.actual! >= row.p10 && row.actual! <= row.p90;
                return (
                  <tr key={row.originTime}>
                    <td>{formatDateTime(row.targetTime, locale)}</td>
                    <td className="num">{format(row.point)}</td>
                    <td className="num">
                      {format(row.p10)} – {format(row.p90)}
                    </td>
                    <td className="num">{format(row.actual!)}</td>
                    <td className="num">{format(row.naivePoint)}</td>
                    <td className={inside ? 'up' : 'down'}>{inside ? 'yes' : 'no'}</td>
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
  const [fanRange, setFanRange] = useState<'day' | 'month'>('day');
  const daily = useCandles(symbol, '1d');
  const fanHistory = useMemo(
    () => (fanRange === 'day' ? hourly.data?.candles.slice(-72) : daily.data?.candles.slice(-90)) ?? [],
    [fanRange, hourly.data, daily.data],
  );
  const fanHorizons = useMemo(
    () => (forecast.data?.horizons ?? []).filter((h) => fanRange === 'month' || horizonHours(h.horizon) <= 24),
    [fanRange, forecast.data],
  );

  return (
    <main className="page">
      <p>
        <Link to="/">← Markets</Link>
      </p>
      <div className="page-head">
        <h1>{symbol}</h1>
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
              <CandleChart candles={candles.data.candles} label={`${symbol} ${timeframe} candlestick chart`} />
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
            <p className="hint">
              The shaded bands show where the price is expected to land: 8 times out of 10 inside the darker band, 19 times
              out of 20 inside the lighter one. The dashed line is the middle estimate.
            </p>
            <div className="card">
              <div className="segmented" role="group" aria-label="Forecast range">
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
              <table aria-label="Forecasts by horizon">
                <thead>
                  <tr>
                    <th scope="col">Horizon</th>
                    <th scope="col">Target time</th>
                    <th scope="col" className="num">Median</th>
                    <th scope="col" className="num">80% range</th>
                    <th scope="col" className="num">95% range</th>
                    <th scope="col">Model</th>
                  </tr>
                </thead>
                <tbody>
                  {forecast.data.horizons.map((h) => (
                    <tr key={h.horizon}>
                      <th scope="row">{h.horizon}</th>
                      <td>{formatDateTime(h.targetTime, locale)}</td>
                      <td className="num">{format(h.quantiles['0.5'])}</td>
                      <td className="num">
                        {format(h.quantiles['0.1'])} – {format(h.quantiles['0.9'])}
                      </td>
                      <td className="num">
                        {format(h.quantiles['0.05'])} – {format(h.quantiles['0.95'])}
                      </td>
                      <td>{h.isNaive ? 'naive (last price)' : h.modelVersion}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <TrackRecord symbol={symbol} horizons={forecast.data.horizons} format={format} />
          </>
        )}
      </section>
    </main>
  );
}
