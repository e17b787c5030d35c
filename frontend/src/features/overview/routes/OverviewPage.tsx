import type { ReactNode } from 'react';
import { formatChance } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { ErrorState, Loading } from '../../../lib/ui';
import { useOverview } from '../api/overview';
import { MoversCard } from '../components/MoversCard';
import { WidenedRangesCard, WidestRangesCard } from '../components/RangesCards';
import { describeBreadth } from '../model/words';

/**
 * The market overview for investors: breadth, top movers, where the forecasts expect the biggest swings and where
 * that uncertainty is rising. `news` is a slot the app fills (features do not import each other).
 */
export function OverviewPage({ news }: { news?: ReactNode }) {
  const overview = useOverview();
  const locale = useLocale();
  return (
    <main className="page overview">
      <div className="page-head">
        <h1>Overview</h1>
      </div>
      {overview.isPending && <Loading label="Loading the overview…" />}
      {overview.isError && <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />}
      {overview.data && (
        <>
          <section className="card breadth" aria-labelledby="breadth-title" data-testid="breadth">
            <h2 id="breadth-title">Market mood</h2>
            <p>{describeBreadth(overview.data.breadth, (share) => formatChance(share, locale))}</p>
            {overview.data.breadth.total > 0 && (
              <div
                className="breadth-bar"
                role="img"
                aria-label={`${overview.data.breadth.up} up, ${overview.data.breadth.flat} unchanged, ${overview.data.breadth.down} down`}
              >
                <span className="breadth-up" style={{ flexGrow: overview.data.breadth.up }} />
                <span className="breadth-flat" style={{ flexGrow: overview.data.breadth.flat }} />
                <span className="breadth-down" style={{ flexGrow: overview.data.breadth.down }} />
              </div>
            )}
          </section>
          <div className="grid overview-grid">
            <MoversCard movers={overview.data.movers} />
            <WidestRangesCard ranges={overview.data.widestRanges} />
            <WidenedRangesCard ranges={overview.data.widenedRanges} />
          </div>
        </>
      )}
      {news}
    </main>
  );
}
