/** The strategy page's words: what the figures mean for someone deciding whether to trade on the forecasts. Pure. */
import { formatDate, formatDuration, formatRatioAsPercent } from '../../../lib/format';
import type { StrategyHorizon, StrategyReport, StrategyResult } from '../api/strategy';

export const HORIZON_WORDS: Record<StrategyHorizon, { button: string; cadence: string; unit: string }> = {
  '24h': { button: 'Daily', cadence: 'once a day, at midnight UTC, from the 24-hour forecast', unit: 'daily forecasts' },
  '4h': { button: 'Every 4 hours', cadence: 'every 4 hours, from the 4-hour forecast', unit: '4-hour forecasts' },
  '1h': { button: 'Hourly', cadence: 'every hour, from the 1-hour forecast', unit: 'hourly forecasts' },
};

const STEP_MS: Record<StrategyHorizon, number> = { '24h': 86_400_000, '4h': 4 * 3_600_000, '1h': 3_600_000 };

export const STRATEGY_NAMES: Record<string, string> = {
  'vol-target': 'Volatility target',
  direction: 'Direction signal',
  'buy-and-hold': 'Buy and hold',
};

const nameOf = (s: StrategyResult) => STRATEGY_NAMES[s.key] ?? s.label;
const yearly = (x: number, locale?: string) => `${formatRatioAsPercent(x, locale)} a year`;

/** One sentence that says plainly whether trading on the forecasts beat simply holding the coin. */
export function verdictSentence(report: StrategyReport, locale?: string): string {
  const hold = report.strategies.find((s) => s.key === 'buy-and-hold');
  const others = report.strategies.filter((s) => s.key !== 'buy-and-hold');
  if (!hold || others.length === 0) return '';
  const winners = others.filter((s) => s.cagr > hold.cagr);
  const list = (xs: StrategyResult[]) => xs.map((s) => `the ${nameOf(s).toLowerCase()} ${yearly(s.cagr, locale)}`).join(' and ');
  if (winners.length === 0) {
    return `Trading on the forecasts would have earned less than holding: ${list(others)}, against ${yearly(hold.cagr, locale)} for holding the coin, after fees and slippage.`;
  }
  const losers = others.filter((s) => !winners.includes(s));
  return (
    `Trading on the forecasts would have earned more than holding with ${list(winners)}, against ${yearly(hold.cagr, locale)} for holding, after fees and slippage` +
    (losers.length ? `; ${list(losers)} earned less.` : '.')
  );
}

/** Extra lines: risk-adjusted comparison and a strategy that never traded. */
export function detailSentences(report: StrategyReport, locale?: string): string[] {
  const hold = report.strategies.find((s) => s.key === 'buy-and-hold');
  if (!hold) return [];
  const lines: string[] = [];
  for (const s of report.strategies.filter((x) => x.key !== 'buy-and-hold')) {
    if (s.trades === 0) {
      lines.push(
        `The ${nameOf(s).toLowerCase()} never bought: the forecasts never gave a rise better than even odds (the model does not forecast direction, only how far prices may move).`,
      );
      continue;
    }
    const betterRisk = (s.sharpe ?? -Infinity) > (hold.sharpe ?? -Infinity);
    const fall = `its worst fall was ${formatRatioAsPercent(-s.maxDrawdown, locale)} against ${formatRatioAsPercent(-hold.maxDrawdown, locale)} for holding`;
    lines.push(
      betterRisk
        ? `The ${nameOf(s).toLowerCase()} earned more for the risk it took than holding (Sharpe ${ratio(s.sharpe, locale)} against ${ratio(hold.sharpe, locale)}); ${fall}.`
        : `The ${nameOf(s).toLowerCase()} also earned less for the risk it took (Sharpe ${ratio(s.sharpe, locale)} against ${ratio(hold.sharpe, locale)}); ${fall}.`,
    );
  }
  return lines;
}

export function ratio(x: number | null, locale?: string): string {
  return x === null ? '—' : x.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function timesPerYear(x: number, locale?: string): string {
  return `${x.toLocaleString(locale, { maximumFractionDigits: x < 10 ? 1 : 0 })}×`;
}

/** The empty state: how many forecasts there are, how many are needed, and how long until then. */
export function readinessSentence(report: StrategyReport, locale?: string): string {
  const unit = HORIZON_WORDS[report.horizon].unit;
  const wait = report.readyAt ? Date.parse(report.readyAt) - Date.parse(report.marketTime) : report.requiredDecisions * STEP_MS[report.horizon];
  const when = report.readyAt ? ` (around ${formatDate(report.readyAt, locale)})` : '';
  return (
    `The test needs ${report.requiredDecisions.toLocaleString(locale)} ${unit} whose outcome is known; ${report.decisions.toLocaleString(locale)} ` +
    `${report.decisions === 1 ? 'has' : 'have'} been served so far. There will be enough in about ${formatDuration(wait, locale)}${when}, if forecasting keeps running.`
  );
}
