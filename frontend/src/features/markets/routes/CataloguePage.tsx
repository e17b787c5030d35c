import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDuration, symbolToPath } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { EmptyState, ErrorState, FormError, Loading } from '../../../lib/ui';
import { useCatalogueSearch, useStopTracking, useTrackMarket } from '../api/catalogue';
import { useMarkets } from '../api/markets';
import { BackfillBar } from '../components/BackfillBar';
import { describeStage, type Market } from '../model/markets';

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function TrackedRow({ market, minDays }: { market: Market; minDays: number }) {
  const locale = useLocale();
  const stop = useStopTracking();
  const [confirming, setConfirming] = useState(false);
  const words = describeStage(market, minDays, (ms) => formatDuration(ms, locale));
  return (
    <li className="catalogue-row" data-symbol={market.symbol}>
      <div className="catalogue-name">
        <Link to={`/coins/${symbolToPath(market.symbol)}`}>{market.base}</Link>
        <span className="muted"> / {market.quote}</span>
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
              Stop tracking {market.base}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} aria-label={`Stop tracking ${market.base}`}>
            Stop tracking
          </button>
        )}
      </div>
      {confirming && !stop.error && <p className="hint">Prices, history updates and forecasts stop; the history already stored is kept.</p>}
      <FormError error={stop.error} />
    </li>
  );
}

function SearchResults({ q }: { q: string }) {
  const search = useCatalogueSearch(q, true);
  const track = useTrackMarket();
  if (search.isPending) return <Loading label="Searching the exchange…" />;
  if (search.isError) return <ErrorState error={search.error} onRetry={() => search.refetch()} />;
  if (search.data.markets.length === 0) return <EmptyState title="No market matches">Try a coin ticker such as SOL, or a pair such as SOL/USDT.</EmptyState>;
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
                  aria-label={`Track ${market.base}/${market.quote}`}
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
          {search.data.total} markets match; the first {search.data.markets.length} are shown. Type more of the name to narrow the list.
        </p>
      )}
    </>
  );
}

/** Administrators choose which markets Coincast tracks: search the exchange, track a market, stop tracking one. */
export function CataloguePage({ isAdmin }: { isAdmin: boolean }) {
  const markets = useMarkets();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  if (!isAdmin) {
    return (
      <main className="page">
        <h1>Markets catalogue</h1>
        <EmptyState title="For administrators only">Ask an administrator of this Coincast to add or remove markets.</EmptyState>
      </main>
    );
  }
  const source = markets.data ? (markets.data.source === 'replay' ? ' in the recorded market data' : ` on ${capitalise(markets.data.exchange)}`) : '';
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
        <div className="toolbar">
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
        {deferred ? <SearchResults q={deferred} /> : <p className="muted">Type a coin ticker to see the markets you can add.</p>}
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
              <TrackedRow key={market.symbol} market={market} minDays={minDays} />
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
