import { useParams } from 'react-router-dom';
import { formatDuration, pathToSymbol } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { useMarkets } from '../api/markets';
import { describeStage } from '../model/markets';
import { BackfillBar } from './BackfillBar';

/** The coin page's line about where the market stands: loading its history, collecting it, or forecasting. */
export function MarketStageNotice() {
  const { symbol: path = '' } = useParams();
  const symbol = pathToSymbol(path);
  const locale = useLocale();
  const markets = useMarkets();
  const market = markets.data?.markets.find((m) => m.symbol === symbol);
  if (!market) return null;
  const words = describeStage(market, markets.data?.forecastMinHistoryDays ?? 2, (ms) => formatDuration(ms, locale));
  return (
    <div className={`stage-notice stage-${market.stage}`} role="status" data-testid="market-stage">
      <strong>{words.label}</strong>
      <span className="muted"> — {words.detail}</span>
      {(markets.data?.exchanges.length ?? 0) > 1 && <span className="muted"> · prices from {market.exchangeName}</span>}
      {market.stage === 'backfilling' && <BackfillBar percent={market.backfill?.percent ?? 0} label={`${market.base} history loaded`} />}
    </div>
  );
}
