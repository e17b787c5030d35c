import { useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  PrecisionRegistry,
  direction,
  formatChance,
  formatCompact,
  formatDateTime,
  formatDuration,
  formatPercent,
  formatPrice,
  symbolToPath,
} from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { EmptyState } from '../../../lib/ui';
import {
  describeStage,
  filterMarkets,
  onExchange,
  onlyWatched,
  sortMarkets,
  type ExchangeStatus,
  type Market,
  type SortDirection,
  type SortKey,
} from '../model/markets';
import type { ForecastSummary } from '../api/forecast-summaries';
import { Sparkline } from './Sparkline';

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'symbol', label: 'Coin', numeric: false },
  { key: 'price', label: 'Price', numeric: true },
  { key: 'change24h', label: '24h change', numeric: true },
  { key: 'volume24h', label: '24h volume', numeric: true },
];

export interface MarketsTableProps {
  markets: readonly Market[];
  forecasts?: Map<string, ForecastSummary> | undefined;
  /** Starred symbols; without it the table has no stars and no watchlist filter. */
  watched?: ReadonlySet<string> | undefined;
  onToggleWatch?: (symbol: string, watched: boolean) => void;
  /** Days of history a market needs before forecasts start (for the stage notes). */
  forecastMinHistoryDays?: number;
  /** The configured exchanges: with more than one, an exchange selector and each row names its exchange. */
  exchanges?: readonly ExchangeStatus[];
}

export function MarketsTable({ markets, forecasts, watched, onToggleWatch, forecastMinHistoryDays = 2, exchanges = [] }: MarketsTableProps) {
  const locale = useLocale();
  const [query, setQuery] = useState('');
  const [exchange, setExchange] = useState<string | undefined>(undefined);
  const several = exchanges.length > 1;
  const [watchlistOnly, setWatchlistOnly] = useState(false);
  const [sortKey, setSortKey] = useState<SortKey>('volume24h');
  const [sortDir, setSortDir] = useState<SortDirection>('desc');
  // One precision per coin for the life of the table, so digits don't jump as ticks arrive.
  const precision = useRef(new PrecisionRegistry()).current;

  const rows = useMemo(
    () => sortMarkets(filterMarkets(onExchange(watchlistOnly && watched ? onlyWatched(markets, watched) : markets, exchange), query), sortKey, sortDir),
    [markets, query, sortKey, sortDir, watchlistOnly, watched, exchange],
  );

  function toggleSort(key: SortKey) {
    if (key === sortKey) setSortDir(sortDir === 'asc' ? 'desc' : 'asc');
    else {
      setSortKey(key);
      setSortDir(key === 'symbol' ? 'asc' : 'desc');
    }
  }

  return (
    <div>
      <div className="toolbar">
        <label htmlFor="markets-search" className="visually-hidden">
          Search coins
        </label>
        <input id="markets-search" type="search" placeholder="Search coins (BTC, ETH…)" value={query} onChange={(event) => setQuery(event.target.value)} />
        {several && (
          <label className="inline-select">
            Exchange{' '}
            <select value={exchange ?? ''} onChange={(event) => setExchange(event.target.value || undefined)} aria-label="Exchange">
              <option value="">All exchanges</option>
              {exchanges.map((e) => (
                <option key={e.exchange} value={e.exchange}>
                  {e.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {watched && (
          <label className="checkbox">
            <input type="checkbox" checked={watchlistOnly} onChange={(event) => setWatchlistOnly(event.target.checked)} /> Watchlist only
          </label>
        )}
      </div>
      {rows.length === 0 && watchlistOnly && watched?.size === 0 ? (
        <EmptyState title="Your watchlist is empty">Star a coin with ☆ to follow it here.</EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="No coin matches your search">Try a ticker such as BTC or clear the search box.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="markets-table" aria-label="Markets">
            <thead>
              <tr>
                {watched && (
                  <th scope="col" className="star-col">
                    <span className="visually-hidden">Watchlist</span>
                  </th>
                )}
                {COLUMNS.map((column) => (
                  <th
                    key={column.key}
                    scope="col"
                    className={column.numeric ? 'num' : undefined}
                    aria-sort={sortKey === column.key ? (sortDir === 'asc' ? 'ascending' : 'descending') : 'none'}
                  >
                    <button type="button" className="sort" onClick={() => toggleSort(column.key)}>
                      {column.label}
                      {sortKey === column.key ? (sortDir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  </th>
                ))}
                <th scope="col" className="hide-narrow">
                  48h
                </th>
                <th scope="col" className="num hide-narrow" title="Where the price is expected to be in 24 hours, 8 times out of 10">
                  Likely range in 24h
                </th>
                <th scope="col" className="num" title="Chance that the price is higher in 24 hours than at the last hourly close">
                  Chance of a rise (24h)
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((market) => {
                const decimals = precision.decimalsFor(market.symbol, market.price);
                const forecast = forecasts?.get(market.symbol);
                const starred = watched?.has(market.symbol) ?? false;
                const stage = market.stage === 'forecasting' ? null : describeStage(market, forecastMinHistoryDays, (ms) => formatDuration(ms, locale));
                return (
                  <tr key={market.symbol} data-symbol={market.symbol}>
                    {watched && (
                      <td className="star-col">
                        <button
                          type="button"
                          className={starred ? 'star starred' : 'star'}
                          aria-pressed={starred}
                          aria-label={starred ? `Remove ${market.base} from your watchlist` : `Add ${market.base} to your watchlist`}
                          title={starred ? 'Remove from watchlist' : 'Add to watchlist'}
                          onClick={() => onToggleWatch?.(market.symbol, !starred)}
                        >
                          {starred ? '★' : '☆'}
                        </button>
                      </td>
                    )}
                    <th scope="row">
                      <Link to={`/coins/${symbolToPath(market.symbol)}`}>{market.base}</Link>
                      <span className="muted"> / {market.quote}</span>
                      {several && (
                        <span className="exchange-tag" data-testid={`exchange-${market.symbol}`}>
                          {market.exchangeName}
                        </span>
                      )}
                      {stage && (
                        <span className="stage-note" title={`${stage.label} — ${stage.detail}`} data-testid={`stage-${market.symbol}`}>
                          {stage.label}
                        </span>
                      )}
                    </th>
                    <td className="num" data-testid={`price-${market.symbol}`}>
                      {formatPrice(market.price, { locale, decimals })}
                    </td>
                    <td className={`num ${direction(market.change24h)}`}>{formatPercent(market.change24h, locale)}</td>
                    <td className="num">{formatCompact(market.volume24h, locale)}</td>
                    <td className="hide-narrow">
                      <Sparkline symbol={market.symbol} />
                    </td>
                    <td className="num hide-narrow" data-testid={`range-${market.symbol}`}>
                      {forecast ? (
                        <span title={`8 times out of 10 the price 24 hours after ${formatDateTime(forecast.originTime, locale)} should end inside this range`}>
                          {formatPrice(forecast.quantiles['0.1'], { locale, decimals })} – {formatPrice(forecast.quantiles['0.9'], { locale, decimals })}
                          {forecast.stale && <span className="muted"> (out of date)</span>}
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="num" data-testid={`pup-${market.symbol}`}>
                      {forecast ? formatChance(forecast.probabilityUp, locale) : <span className="muted">—</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
