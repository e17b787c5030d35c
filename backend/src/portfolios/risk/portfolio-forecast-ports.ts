/**
 * What the portfolio forecast needs from other domains, as interfaces it owns (bound to adapters in
 * portfolio-forecast.adapters.ts): the holdings (portfolios), the served per-coin forecast quantiles (forecasts) and
 * daily closes for the joint history (markets).
 */

export interface ForecastHolding {
  asset: string;
  /** The ledger's classification (crypto, stablecoin, fiat); absent: decided by the asset's name. */
  kind?: string;
  quantity: number;
  /** Value now in the portfolio's currency; null when no price is known. */
  value: number | null;
}

export const PORTFOLIO_HOLDINGS_SOURCE = Symbol('PORTFOLIO_HOLDINGS_SOURCE');
export interface PortfolioHoldingsSource {
  /** The owner's holdings; throws NotFoundError when the user has no such portfolio. */
  holdingsOf(userId: string, portfolioId: string): Promise<{ baseCurrency: string; holdings: ForecastHolding[] }>;
}

export interface CoinQuantiles {
  horizon: string;
  originTime: number;
  lastPrice: number;
  /** Price quantiles by level ('0.05' … '0.95'). */
  quantiles: Record<string, number>;
}

export const COIN_FORECAST_SOURCE = Symbol('COIN_FORECAST_SOURCE');
export interface CoinForecastSource {
  /** The latest served forecast per asset and horizon; assets or horizons without one are absent. */
  latest(assets: readonly string[]): Promise<Map<string, Map<string, CoinQuantiles>>>;
}

export const DAILY_CLOSE_SOURCE = Symbol('DAILY_CLOSE_SOURCE');
export interface DailyCloseSource {
  /** Daily closes per asset (open time epoch ms → close) for candles opened in [from, to). */
  dailyCloses(assets: readonly string[], from: Date, to: Date): Promise<Map<string, Map<number, number>>>;
}
