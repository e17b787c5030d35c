import { useSearchParams } from 'react-router-dom';
import { formatDate, marketName, symbolToPath, pathToSymbol } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { EmptyState, ErrorState, Loading } from '../../../lib/ui';
import { useStrategy, useStrategyMarkets, type StrategyHorizon, type StrategyReport } from '../api/strategy';
import { EquityChart } from '../components/EquityChart';
import { StrategyTable } from '../components/StrategyTable';
import { detailSentences, HORIZON_WORDS, readinessSentence, STRATEGY_NAMES, verdictSentence } from '../model/words';

const HORIZONS: StrategyHorizon[] = ['24h', '4h', '1h'];

function Report({ report }: { report: StrategyReport }) {
  const locale = useLocale();
  if (report.status === 'insufficient') {
    return (
      <EmptyState title="Not enough forecasts yet">
        <p>{readinessSentence(report, locale)}</p>
      </EmptyState>
    );
  }
  const beatsHolding = report.verdicts.some((v) => v.beatsOnReturn);
  return (
    <>
      <p className="card" data-testid="strategy-verdict" data-beats-holding={beatsHolding}>
        <strong>{verdictSentence(report, locale)}</strong>
      </p>
      {detailSentences(report, locale).map((line) => (
        <p key={line}>{line}</p>
      ))}
      <p className="muted">
        {report.decisions.toLocaleString(locale)} decisions from {formatDate(report.from, locale)} to {formatDate(report.to, locale)}, made{' '}
        {HORIZON_WORDS[report.horizon].cadence}, each with only the forecast shown at that time. Every purchase or sale pays{' '}
        {(report.costs.feeBp + report.costs.slippageBp) / 100}% ({report.costs.feeBp / 100}% fee and {report.costs.slippageBp / 100}% slippage).
      </p>
      <StrategyTable report={report} />
      <section aria-labelledby="equity-title">
        <h2 id="equity-title">Growth of 1 invested</h2>
        <EquityChart equity={report.equity} />
      </section>
      <section aria-labelledby="how-title">
        <h2 id="how-title">What the strategies do</h2>
        <ul>
          {report.strategies.map((s) => (
            <li key={s.key}>
              <strong>{STRATEGY_NAMES[s.key] ?? s.label}:</strong> {s.description}.
            </li>
          ))}
        </ul>
        <p className="muted">
          Past results on the served forecasts, not advice. Sharpe and Sortino compare the return with its swings (higher is better; no interest on cash is
          counted). "Traded per year" is how many times the whole amount was bought or sold in a year.
        </p>
      </section>
    </>
  );
}

export function StrategyPage() {
  const [params, setParams] = useSearchParams();
  const markets = useStrategyMarkets();
  const symbol = pathToSymbol(params.get('symbol') ?? markets.data?.[0] ?? 'BTC/USDT');
  const horizon = (HORIZONS as string[]).includes(params.get('every') ?? '') ? (params.get('every') as StrategyHorizon) : '24h';
  const report = useStrategy(symbol, horizon);
  const choose = (next: { symbol?: string; horizon?: StrategyHorizon }) =>
    setParams({ symbol: symbolToPath(next.symbol ?? symbol), every: next.horizon ?? horizon }, { replace: true });
  return (
    <main className="page">
      <h1>Strategy test</h1>
      <p className="hint">
        What trading on our forecasts would have earned, compared with simply holding the coin: decisions made only with the forecast available at the time,
        after fees and slippage.
      </p>
      <div className="page-head">
        <label>
          Coin{' '}
          <select value={symbol} onChange={(e) => choose({ symbol: e.target.value })}>
            {(markets.data ?? [symbol]).map((s) => (
              <option key={s} value={s}>
                {marketName(s)}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label="How often to decide">
          {HORIZONS.map((h) => (
            <button key={h} type="button" aria-pressed={h === horizon} onClick={() => choose({ horizon: h })}>
              {HORIZON_WORDS[h].button}
            </button>
          ))}
        </div>
      </div>
      {report.isPending ? (
        <Loading label="Running the strategies…" />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => report.refetch()} />
      ) : (
        <Report report={report.data} />
      )}
    </main>
  );
}
