import { portfolioSeriesKey, type AlertRuleSnapshot } from '../alert-types';
import type { IndexedCondition, IndexedRule } from './alert-index';

/**
 * The index entry of an armed rule, or null when the rule does not belong in the price index
 * (not armed, or a forecast_move rule, which is evaluated when forecasts change).
 */
export function toIndexedRule(rule: AlertRuleSnapshot): IndexedRule | null {
  if (rule.status !== 'armed') return null;
  const condition = toCondition(rule);
  if (condition === null) return null;
  const seriesKey = rule.type === 'portfolio_value' ? portfolioSeriesKey(rule.portfolioId!) : rule.symbol!;
  const sleepUntilMs = rule.cooldownUntil ? Date.parse(rule.cooldownUntil) : undefined;
  return sleepUntilMs !== undefined ? { id: rule.id, seriesKey, condition, sleepUntilMs } : { id: rule.id, seriesKey, condition };
}

function toCondition(rule: AlertRuleSnapshot): IndexedCondition | null {
  const threshold = rule.threshold === null ? Number.NaN : Number(rule.threshold);
  switch (rule.type) {
    case 'price_above':
      return { kind: 'level', direction: 'above', threshold };
    case 'price_below':
      return { kind: 'level', direction: 'below', threshold };
    case 'crosses_up':
      return { kind: 'cross', direction: 'up', threshold };
    case 'crosses_down':
      return { kind: 'cross', direction: 'down', threshold };
    case 'portfolio_value':
      return { kind: 'level', direction: rule.direction === 'below' ? 'below' : 'above', threshold };
    case 'pct_change':
      return {
        kind: 'pct',
        pct: rule.pct!,
        windowMs: rule.windowMinutes! * 60_000,
        direction: rule.direction === 'above' ? 'up' : rule.direction === 'below' ? 'down' : 'either',
      };
    case 'forecast_move':
      return null;
  }
}
