import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDuration, symbolToPath } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { EmptyState, ErrorState, FormError, Loading } from '../../../lib/ui';
import { useCatalogueSearch, useStopTracking, useTrackMarket } from '../api/catalogue';
import { useMarkets } from '../api/markets';
import { BackfillBar } from '../components/BackfillBar';
import { ExchangeNotice } from '../components/ExchangeNotice';
import { describeStage, listNames, type ExchangeStatus, type Market } from '../model/markets';

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function TrackedRow({ market, minDays, showExchange }: { market: Market; minDays: number; showExchange: boolean }) {
  const locale = useLocale();
  const stop = useStopTracking();
  const [confirming, setConfirming] = useState(false);
  const words = describeStage(market, minDays, (ms) => formatDuration(ms, locale));
  // With several exchanges BTC may be tracked on two of them: the buttons say which one they stop.
  const name = showExchange ? `${market.base}/${market.quote} on ${market.exchangeName}` : market.base;
  return (
    <li className="catalogue-row" data-symbol={market.symbol}>
      <div className="catalogue-name">
        <Link to={`/coins/${symbolToPath(market.symbol)}`}>{market.base}</Link>
        <span className="muted"> / {market.quote}</span>
        {showExchange && <span className="exchange-tag">{market.exchangeName}</span>}
      </div>
      <div className="catalogue-stage">
        <span>{words.label}</span>
        {market.stage === 'backfilling' && <BackfillBar percent={market.backfill?.percent ?? 0} label={`${market.base} history loaded`} />}
        {market.stage === 'collecting' && <span className="muted hint">{words.detail}</span>}
      </div>
      <div className="catalogue-actions">
        {confirming ? (
          <>
            <button type="button" className="danger" disabled={stop.isPending} onClick={() => stop.mutate(market.symbol)}>
              Stop tracking {name}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} aria-label={`Stop tracking ${name}`}>
            Stop tracking
          </button>
        )}
      </div>
      {confirming && !stop.error && <p className="hint">Prices, history updates and forecasts stop; the history already stored is kept.</p>}
      <FormError error={stop.error} />
    </li>
  );
}

/** `several`: more than one exchange is configured, so results and buttons name theirs. */
function SearchResults({ q, exchange, several }: { q: string; exchange?: string; several: boolean }) {
  const search = useCatalogueSearch(q, true, exchange);
  const track = useTrackMarket();
  if (search.isPending) return <Loading label="Searching the exchange…" />;
  if (search.isError) return <ErrorState error={search.error} onRetry={() => search.refetch()} />;
  const on = several ? ` on ${search.data.exchangeName}` : '';
  if (search.data.markets.length === 0)
    return <EmptyState title={`No market${on} matches`}>Try a coin ticker such as SOL, or a pair such as SOL/USDT.</EmptyState>;
  return (
    <>
      <FormError error={track.error} />
      <ul className="plain-list catalogue-results" aria-label="Markets found">
        {search.data.markets.map((market) => (
          <li key={market.symbol} className="catalogue-row" data-symbol={market.symbol}>
            <div className="catalogue-name">
              <strong>{market.base}</strong>
              <span className="muted"> / {market.quote}</span>
            </div>
            <div className="catalogue-actions">
              {market.tracked ? (
                <span className="muted">Tracked</span>
              ) : (
                <button
                  type="button"
                  className="primary"
                  disabled={track.isPending}
                  onClick={() => track.mutate(market.symbol)}
                  aria-label={`Track ${market.base}/${market.quote}${on}`}
                >
                  Track
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {search.data.total > search.data.markets.length && (
        <p className="muted">
          {search.data.total} markets{on} match; the first {search.data.markets.length} are shown. Type more of the name to narrow the list.
        </p>
      )}
    </>
  );
}

/** Administrators choose which markets Coincast tracks: search the exchange, track a market, stop tracking one. */
export function CataloguePage({ isAdmin }: { isAdmin: boolean }) {
  const markets = useMarkets();
  const [query, setQuery] = useState('');
  const [exchange, setExchange] = useState<string | undefined>(undefined);
  const deferred = useDeferredValue(query.trim());
  if (!isAdmin) {
    return (
      <main className="page">
        <h1>Markets catalogue</h1>
        <EmptyState title="For administrators only">Ask an administrator of this Coincast to add or remove markets.</EmptyState>
      </main>
    );
  }
  const exchanges: readonly ExchangeStatus[] = markets.data?.exchanges ?? [];
  const several = exchanges.length > 1;
  const source = !markets.data
    ? ''
    : several
      ? ` on ${listNames(exchanges.map((e) => e.name))}`
      : markets.data.source === 'replay'
        ? ' in the recorded market data'
        : ` on ${exchanges[0]?.name ?? capitalise(markets.data.exchange)}`;
  const minDays = markets.data?.forecastMinHistoryDays ?? 2;
  return (
    <main className="page">
      <h1>Markets catalogue</h1>
      <p className="muted">
        Choose the markets Coincast follows{source}. A new market first loads its past prices; forecasts start by themselves once {minDays} days of history are
        stored, at the next forecast run.
      </p>
      <section className="card" aria-labelledby="catalogue-search-title">
        <h2 id="catalogue-search-title">Add a market</h2>
        <ExchangeNotice exchanges={exchanges} />
        <div className="toolbar">
          {several && (
            <label>
              Exchange{' '}
              <select value={exchange ?? ''} onChange={(event) => setExchange(event.target.value || undefined)} aria-label="Exchange to search">
                {exchanges.map((e) => (
                  <option key={e.exchange} value={e.home ? '' : e.exchange}>
                    {e.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label htmlFor="catalogue-search" className="visually-hidden">
            Search the exchange&apos;s markets
          </label>
          <input
            id="catalogue-search"
            type="search"
            placeholder="Search markets (SOL, SOL/USDT…)"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
        {deferred ? (
          <SearchResults q={deferred} exchange={exchange} several={several} />
        ) : (
          <p className="muted">Type a coin ticker to see the markets you can add.</p>
        )}
      </section>
      <section className="card" aria-labelledby="catalogue-tracked-title">
        <h2 id="catalogue-tracked-title">Tracked markets</h2>
        {markets.isPending ? (
          <Loading label="Loading markets…" />
        ) : markets.isError ? (
          <ErrorState error={markets.error} onRetry={() => markets.refetch()} />
        ) : markets.data.markets.length === 0 ? (
          <EmptyState title="No market tracked">Search above and add the first one.</EmptyState>
        ) : (
          <ul className="plain-list" aria-label="Tracked markets">
            {markets.data.markets.map((market) => (
              <TrackedRow key={market.symbol} market={market} minDays={minDays} showExchange={several} />
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
