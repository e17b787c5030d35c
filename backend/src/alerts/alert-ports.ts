/**
 * What the alerts domain needs from other domains, as interfaces with DI tokens. Each is required: AlertsModule
 * imports the modules that provide them (USER_PUSH = StreamPublisher, PORTFOLIO_VALUER = PortfoliosValuerAdapter,
 * both bound in AlertsModule; FORECAST_READER = exported by ForecastsModule), so a missing one fails start-up.
 */

/** Portfolio valuation (portfolios domain). */
export interface PortfolioValuer {
  /** True when the portfolio exists and belongs to the user (rule validation). */
  belongsTo(portfolioId: string, userId: string): Promise<boolean>;
  /**
   * Market value in the quote currency at the given prices (symbol → last price), and the market
   * symbols it depends on; null when the portfolio no longer exists.
   */
  value(userId: string, portfolioId: string, prices: ReadonlyMap<string, number>): Promise<{ value: number; symbols: string[] } | null>;
}
export const PORTFOLIO_VALUER = Symbol('PORTFOLIO_VALUER');

export type { ForecastMoveProbability, ForecastReader } from './engine/forecast-move';
export const FORECAST_READER = Symbol('FORECAST_READER');

/** In-app push to a user's socket room (`user:<id>`); the stream domain's StreamPublisher fits. */
export interface UserPush {
  toUser(userId: string, event: string, payload: unknown): void | Promise<void>;
}
export const USER_PUSH = Symbol('USER_PUSH');

/** One line of a rule's e-mail/Telegram delivery history. */
export interface ChannelHistoryItem {
  id: string;
  eventId: string | null;
  channel: 'email' | 'telegram';
  status: string;
  attempt: number;
  succeeded: boolean;
  error: string | null;
  durationMs: number;
  at: Date;
}

/** E-mail and Telegram delivery (notifications domain: ChannelDeliveryService). */
export interface AlertChannels {
  /** Why this user cannot choose these channels now (unverified address, no linked chat), or null. */
  channelProblem(userId: string, channels: readonly string[]): Promise<string | null>;
  /** In the firing transaction: one delivery per channel (the rule's, else the user's defaults); returns those to enqueue. */
  recordForEvent(manager: import('typeorm').EntityManager, event: { id: string; ruleId: string; userId: string; channels: string[] | null }): Promise<string[]>;
  /** After the commit: queue the deliveries. */
  enqueue(deliveryIds: readonly string[]): Promise<void>;
  history(userId: string, ruleId: string): Promise<ChannelHistoryItem[]>;
}
export const ALERT_CHANNELS = Symbol('ALERT_CHANNELS');
