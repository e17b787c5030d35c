/** Plain types of the alerts domain, shared by the API, the engine and the benchmark (no framework imports). */

export const ALERT_TYPES = ['price_above', 'price_below', 'crosses_up', 'crosses_down', 'pct_change', 'portfolio_value', 'forecast_move'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const ALERT_MODES = ['once', 'every'] as const;
export type AlertMode = (typeof ALERT_MODES)[number];

export const ALERT_STATUSES = ['armed', 'triggered', 'paused', 'expired'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export type AlertDirection = 'above' | 'below';

/** The fields that say what a rule watches and how it fires: shared by the stored snapshot and the user's spec. */
export interface AlertCondition {
  type: AlertType;
  symbol: string | null;
  /** Decimal string (price or portfolio value in the quote currency). */
  threshold: string | null;
  pct: number | null;
  windowMinutes: number | null;
  portfolioId: string | null;
  direction: AlertDirection | null;
  horizon: string | null;
  /** Percent, 0 < p ≤ 100. */
  probability: number | null;
  mode: AlertMode;
  cooldownMinutes: number;
}

/** What the engine needs to know about a rule: the row of `alert_rules`, camel-cased, JSON-safe. */
export interface AlertRuleSnapshot extends AlertCondition {
  id: string;
  userId: string;
  /** ISO time or null. */
  expiresAt: string | null;
  status: AlertStatus;
  /** ISO time until which an every-rule is cooling down, or null. */
  cooldownUntil: string | null;
}

/** The PUBSUB channel on which rule changes are announced to every engine. */
export const ALERT_RULES_CHANNEL = 'alerts:rules';

export type AlertRuleChange = { op: 'upsert'; rule: AlertRuleSnapshot } | { op: 'remove'; ruleId: string };

/** Series key of a portfolio's market value in the alert index. */
export function portfolioSeriesKey(portfolioId: string): string {
  return `portfolio:${portfolioId}`;
}
