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
