import { formatChance, formatRatioAsPercent } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import type { StrategyReport } from '../api/strategy';
import { ratio, STRATEGY_NAMES, timesPerYear } from '../model/words';

/** The figures per strategy, after fees and slippage. */
export function StrategyTable({ report }: { report: StrategyReport }) {
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table aria-label="Strategy results after fees and slippage">
        <thead>
          <tr>
            <th scope="col">Strategy</th>
            <th scope="col" className="num">
              Yearly return
            </th>
            <th scope="col" className="num">
              Yearly swings
            </th>
            <th scope="col" className="num">
              Sharpe
            </th>
            <th scope="col" className="num">
              Sortino
            </th>
            <th scope="col" className="num">
              Worst fall
            </th>
            <th scope="col" className="num">
              Traded per year
            </th>
            <th scope="col" className="num">
              Trades
            </th>
            <th scope="col" className="num">
              Time invested
            </th>
          </tr>
        </thead>
        <tbody>
          {report.strategies.map((s) => (
            <tr key={s.key}>
              <th scope="row" title={s.description}>
                {STRATEGY_NAMES[s.key] ?? s.label}
              </th>
              <td className="num">{formatRatioAsPercent(s.cagr, locale)}</td>
              <td className="num">{formatChance(s.volatility, locale)}</td>
              <td className="num">{ratio(s.sharpe, locale)}</td>
              <td className="num">{ratio(s.sortino, locale)}</td>
              <td className="num">{formatRatioAsPercent(-s.maxDrawdown, locale)}</td>
              <td className="num">{timesPerYear(s.turnover, locale)}</td>
              <td className="num">{s.trades.toLocaleString(locale)}</td>
              <td className="num">{formatChance(s.exposureShare, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
