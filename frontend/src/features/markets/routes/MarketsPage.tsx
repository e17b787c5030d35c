import { EmptyState, ErrorState, Loading } from '../../../lib/ui';
import { useDayAheadForecasts } from '../api/forecast-summaries';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useMarkets } from '../api/markets';
import { useToggleWatchlist, useWatchlist } from '../api/watchlist';
import { MarketsTable } from '../components/MarketsTable';
import { ExchangeNotice } from '../components/ExchangeNotice';
import { listNames } from '../model/markets';

/** `canManage`: the signed-in user is an administrator, who can add and remove markets in the catalogue. */
export function MarketsPage({ canManage = false }: { canManage?: boolean }) {
  const markets = useMarkets();
  const forecasts = useDayAheadForecasts();
  const watchlist = useWatchlist();
  const toggle = useToggleWatchlist();
  const watched = useMemo(() => (watchlist.data ? new Set(watchlist.data.symbols) : undefined), [watchlist.data]);
  return (
    <main className="page">
      <div className="page-head">
        <h1>Markets</h1>
        {canManage && <Link to="/admin/markets">Add or remove markets</Link>}
      </div>
      {markets.isPending ? (
        <Loading label="Loading markets…" />
      ) : markets.isError ? (
        <ErrorState error={markets.error} onRetry={() => markets.refetch()} />
      ) : markets.data.markets.length === 0 ? (
        <>
          <ExchangeNotice exchanges={markets.data.exchanges} />
          <EmptyState title="No markets tracked yet">The server tracks no market yet. An administrator can add markets in the Markets catalogue.</EmptyState>
        </>
      ) : (
        <>
          <ExchangeNotice exchanges={markets.data.exchanges} />
          <p className="muted">
            {markets.data.markets.length} markets on {listNames(markets.data.exchanges.map((e) => e.name))}. Prices update live.
          </p>
          <MarketsTable
            markets={markets.data.markets}
            forecasts={forecasts.data}
            watched={watched}
            onToggleWatch={(symbol, watch) => toggle.mutate({ symbol, watched: watch })}
            forecastMinHistoryDays={markets.data.forecastMinHistoryDays}
            exchanges={markets.data.exchanges}
          />
        </>
      )}
    </main>
  );
}
