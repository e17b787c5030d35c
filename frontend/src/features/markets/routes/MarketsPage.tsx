import { EmptyState, ErrorState, Loading } from '../../../lib/ui';
import { useDayAheadForecasts } from '../api/forecast-summaries';
import { useMarkets } from '../api/markets';
import { MarketsTable } from '../components/MarketsTable';

export function MarketsPage() {
  const markets = useMarkets();
  const forecasts = useDayAheadForecasts();
  return (
    <main className="page">
      <h1>Markets</h1>
      {markets.isPending ? (
        <Loading label="Loading markets…" />
      ) : markets.isError ? (
        <ErrorState error={markets.error} onRetry={() => markets.refetch()} />
      ) : markets.data.markets.length === 0 ? (
        <EmptyState title="No markets tracked yet">The server has not loaded any markets. Check the MARKETS setting of the backend and its logs.</EmptyState>
      ) : (
        <>
          <p className="muted">
            {markets.data.markets.length} coins on {markets.data.exchange}. Prices update live.
          </p>
          <MarketsTable markets={markets.data.markets} forecasts={forecasts.data} />
        </>
      )}
    </main>
  );
}
