// Pure alert-rule form logic: what each type needs, how it is explained, and validation.

import type { Schema } from '../../../lib/api-schemas';
import { marketName } from '../../../lib/format';

/** A stored rule as the API returns it (generated from the OpenAPI document). */
export type AlertRule = Schema<'AlertRuleDto'>;
export type AlertType = AlertRule['type'];
export type AlertStatus = AlertRule['status'];

/** The request body of POST /alerts and PATCH /alerts/:id, as the API documents it. */
export type AlertInput = Schema<'CreateAlertDto'>;

type RuleLike = AlertInput | AlertRule;

export interface AlertDraft {
  type: AlertType;
  symbol: string;
  threshold: string;
  pct: string;
  windowMinutes: string;
  portfolioId: string;
  direction: 'above' | 'below';
  horizon: string;
  probability: string;
  mode: 'once' | 'every';
  cooldownMinutes: string;
  expiresAt: string;
  note: string;
  webhookUrl: string;
  /** Where else the alert goes: the owner's defaults, nowhere else (in-app only), or chosen channels. */
  channels: ChannelChoice;
}

export type ChannelChoice = 'default' | 'app' | 'email' | 'telegram' | 'email+telegram';

/** The choices of the channel select, in words. */
export const CHANNEL_CHOICES: { value: ChannelChoice; label: string }[] = [
  { value: 'default', label: 'My default channels (Settings)' },
  { value: 'app', label: 'Only in the app' },
  { value: 'email', label: 'E-mail' },
  { value: 'telegram', label: 'Telegram' },
  { value: 'email+telegram', label: 'E-mail and Telegram' },
];

export function channelsOf(choice: ChannelChoice): ('email' | 'telegram')[] | null {
  if (choice === 'default') return null;
  if (choice === 'app') return [];
  return choice.split('+') as ('email' | 'telegram')[];
}

export function choiceOf(channels: readonly string[] | null | undefined): ChannelChoice {
  if (!channels) return 'default';
  const set = new Set(channels);
  if (set.has('email') && set.has('telegram')) return 'email+telegram';
  if (set.has('email')) return 'email';
  if (set.has('telegram')) return 'telegram';
  return 'app';
}

export type AlertField = keyof AlertDraft;

/** Which inputs each rule type shows, and the sentence that explains it. */
export const ALERT_TYPES: Record<AlertType, { label: string; fields: AlertField[]; explain: string }> = {
  price_above: {
    label: 'Price is above',
    fields: ['symbol', 'threshold'],
    explain: 'Fires whenever the price is above your level (checked on every live price).',
  },
  price_below: {
    label: 'Price is below',
    fields: ['symbol', 'threshold'],
    explain: 'Fires whenever the price is below your level (checked on every live price).',
  },
  crosses_up: {
    label: 'Price crosses up',
    fields: ['symbol', 'threshold'],
    explain: 'Fires at the moment the price moves from below your level to above it — not while it stays above.',
  },
  crosses_down: {
    label: 'Price crosses down',
    fields: ['symbol', 'threshold'],
    explain: 'Fires at the moment the price moves from above your level to below it — not while it stays below.',
  },
  pct_change: {
    label: 'Moves by a percentage',
    fields: ['symbol', 'pct', 'windowMinutes'],
    explain: 'Fires when the price rises or falls by at least this percentage within the time window (for example 5% in 60 minutes).',
  },
  portfolio_value: {
    label: 'Portfolio value',
    fields: ['portfolioId', 'direction', 'threshold'],
    explain: "Fires when a portfolio's total value goes above or below your amount.",
  },
  forecast_move: {
    label: 'Forecast expects a move',
    fields: ['symbol', 'horizon', 'direction', 'pct', 'probability'],
    explain: 'Fires when a new forecast gives at least the chosen probability that the price will be this percentage higher (or lower) at the horizon.',
  },
};

export function emptyAlertDraft(): AlertDraft {
  return {
    type: 'crosses_up',
    symbol: 'BTC/USDT',
    threshold: '',
    pct: '',
    windowMinutes: '60',
    portfolioId: '',
    direction: 'above',
    horizon: '24h',
    probability: '70',
    mode: 'once',
    cooldownMinutes: '60',
    expiresAt: '',
    note: '',
    webhookUrl: '',
    channels: 'default',
  };
}

const positive = (value: string) => value.trim() !== '' && Number.isFinite(Number(value)) && Number(value) > 0;

export function validateAlert(draft: AlertDraft, now: Date = new Date()): Partial<Record<AlertField, string>> {
  const errors: Partial<Record<AlertField, string>> = {};
  const fields = ALERT_TYPES[draft.type].fields;
  if (fields.includes('symbol') && !draft.symbol.trim()) errors.symbol = 'Choose a coin.';
  if (fields.includes('threshold') && !positive(draft.threshold)) errors.threshold = 'Enter a price level above zero.';
  if (fields.includes('pct') && !positive(draft.pct)) errors.pct = 'Enter a percentage above zero, such as 5.';
  if (fields.includes('windowMinutes') && (!positive(draft.windowMinutes) || !Number.isInteger(Number(draft.windowMinutes))))
    errors.windowMinutes = 'Enter a whole number of minutes.';
  if (fields.includes('portfolioId') && !draft.portfolioId) errors.portfolioId = 'Choose a portfolio.';
  if (fields.includes('horizon') && !draft.horizon) errors.horizon = 'Choose a horizon.';
  if (fields.includes('probability')) {
    const p = Number(draft.probability);
    if (!(p > 50 && p < 100)) errors.probability = 'Enter a probability between 50 and 100 %.';
  }
  if (draft.mode === 'every' && (!positive(draft.cooldownMinutes) || !Number.isInteger(Number(draft.cooldownMinutes))))
    errors.cooldownMinutes = 'Enter how many minutes to wait between two notifications.';
  if (draft.expiresAt && !(new Date(draft.expiresAt).getTime() > now.getTime())) errors.expiresAt = 'The expiry must be in the future.';
  if (draft.webhookUrl.trim() && !/^https?:\/\/\S+$/.test(draft.webhookUrl.trim())) errors.webhookUrl = 'Enter a full URL starting with https://';
  return errors;
}

export function toAlertInput(draft: AlertDraft): AlertInput {
  const fields = ALERT_TYPES[draft.type].fields;
  const input: AlertInput = { type: draft.type, mode: draft.mode };
  if (fields.includes('symbol')) input.symbol = draft.symbol.trim();
  if (fields.includes('threshold')) input.threshold = Number(draft.threshold);
  if (fields.includes('pct')) input.pct = Number(draft.pct);
  if (fields.includes('windowMinutes')) input.windowMinutes = Number(draft.windowMinutes);
  if (fields.includes('portfolioId')) input.portfolioId = draft.portfolioId;
  if (fields.includes('direction')) input.direction = draft.direction;
  if (fields.includes('horizon')) input.horizon = draft.horizon as AlertInput['horizon']; // one of the form's options (the API lists the served horizons)
  // The API takes a percentage (70 = 70 %), like pct.
  if (fields.includes('probability')) input.probability = Number(draft.probability);
  if (draft.mode === 'every') input.cooldownMinutes = Number(draft.cooldownMinutes);
  if (draft.expiresAt) input.expiresAt = new Date(draft.expiresAt).toISOString();
  if (draft.note.trim()) input.note = draft.note.trim();
  if (draft.webhookUrl.trim()) input.webhookUrl = draft.webhookUrl.trim();
  input.channels = channelsOf(draft.channels);
  return input;
}

export function draftFromRule(rule: AlertRule): AlertDraft {
  const base = emptyAlertDraft();
  const str = (value: unknown, fallback: string) => (value === undefined || value === null ? fallback : String(value));
  return {
    ...base,
    type: rule.type,
    symbol: rule.symbol ? String(rule.symbol) : base.symbol,
    threshold: str(rule.threshold, ''),
    pct: str(rule.pct, ''),
    windowMinutes: str(rule.windowMinutes, base.windowMinutes),
    portfolioId: rule.portfolioId ? String(rule.portfolioId) : '',
    direction: rule.direction === 'below' ? 'below' : 'above',
    horizon: rule.horizon ? String(rule.horizon) : base.horizon,
    probability: rule.probability !== undefined && rule.probability !== null ? String(Number(rule.probability)) : base.probability,
    mode: rule.mode,
    cooldownMinutes: str(rule.cooldownMinutes, base.cooldownMinutes),
    expiresAt: rule.expiresAt ? toLocalInput(String(rule.expiresAt)) : '',
    note: rule.note ? String(rule.note) : '',
    webhookUrl: rule.webhookUrl ? String(rule.webhookUrl) : '',
    channels: choiceOf(rule.channels),
  };
}

function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** One line that says what a rule watches, for the list. */
export function describeRule(rule: RuleLike, portfolioName?: string): string {
  const market = marketName(String(rule.symbol ?? ''));
  switch (rule.type) {
    case 'price_above':
      return `${market} above ${rule.threshold}`;
    case 'price_below':
      return `${market} below ${rule.threshold}`;
    case 'crosses_up':
      return `${market} crosses up through ${rule.threshold}`;
    case 'crosses_down':
      return `${market} crosses down through ${rule.threshold}`;
    case 'pct_change':
      return `${market} moves ${rule.pct}% within ${rule.windowMinutes} min`;
    case 'portfolio_value':
      return `${portfolioName ?? 'Portfolio'} value ${rule.direction} ${rule.threshold}`;
    case 'forecast_move':
      return `${market} forecast ${rule.horizon}: ≥${Math.round(Number(rule.probability ?? 0) * 100)}% chance of ${rule.direction === 'below' ? '−' : '+'}${rule.pct}%`;
  }
}
