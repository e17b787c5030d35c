import { marketLabel } from '../../markets/symbols';
import type { AlertRuleSnapshot } from '../alert-types';

/** What happened, for the event row, the inbox and the webhook. Pure. */
export interface TriggerFacts {
  value: number | null;
  previous?: number | null;
  movePct?: number;
  reference?: number;
  probability?: number;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 2 : abs >= 1 ? 4 : 8;
  return Number(value.toFixed(digits)).toString();
}

export function alertTitle(rule: AlertRuleSnapshot): string {
  const subject = rule.type === 'portfolio_value' ? 'Portfolio value' : marketLabel(rule.symbol ?? '');
  switch (rule.type) {
    case 'price_above':
      return `${subject} above ${rule.threshold}`;
    case 'price_below':
      return `${subject} below ${rule.threshold}`;
    case 'crosses_up':
      return `${subject} crossed above ${rule.threshold}`;
    case 'crosses_down':
      return `${subject} crossed below ${rule.threshold}`;
    case 'pct_change':
      return `${subject} moved ${rule.direction === 'above' ? '+' : rule.direction === 'below' ? '−' : '±'}${rule.pct}% within ${rule.windowMinutes} min`;
    case 'portfolio_value':
      return `${subject} ${rule.direction ?? 'above'} ${rule.threshold}`;
    case 'forecast_move':
      return `${subject} forecast: move beyond ±${rule.pct}% in ${rule.horizon}`;
  }
}

export function alertMessage(rule: AlertRuleSnapshot, facts: TriggerFacts): string {
  const v = facts.value === null ? '?' : formatNumber(facts.value);
  const market = marketLabel(rule.symbol ?? '');
  const from = facts.previous !== undefined && facts.previous !== null ? ` (from ${formatNumber(facts.previous)})` : '';
  switch (rule.type) {
    case 'price_above':
    case 'price_below':
      return `${market} is ${rule.type === 'price_above' ? 'above' : 'below'} ${rule.threshold}: last price ${v}`;
    case 'crosses_up':
    case 'crosses_down':
      return `${market} crossed ${rule.type === 'crosses_up' ? 'above' : 'below'} ${rule.threshold}: last price ${v}${from}`;
    case 'pct_change': {
      const move = facts.movePct ?? 0;
      const verb = move >= 0 ? 'rose' : 'fell';
      const ref = facts.reference !== undefined ? ` (from ${formatNumber(facts.reference)} to ${v})` : '';
      return `${market} ${verb} ${Math.abs(move).toFixed(2)}% within ${rule.windowMinutes} min${ref}`;
    }
    case 'portfolio_value':
      return `Portfolio value is ${rule.direction ?? 'above'} ${rule.threshold}: ${v}`;
    case 'forecast_move': {
      const p = facts.probability !== undefined ? `${facts.probability.toFixed(1)}%` : 'high';
      const which = rule.direction === 'above' ? 'a rise above +' : rule.direction === 'below' ? 'a fall below −' : 'a move beyond ±';
      return `Forecast for ${market} (${rule.horizon}): ${p} probability of ${which}${rule.pct}%`;
    }
  }
}
