import type * as ccxt from 'ccxt';
import type { ProviderTicker } from '../market-data-provider';

/** ccxt constructor settings both the REST provider and the websocket stream use. */
export function ccxtClientConfig(timeoutMs: number): Record<string, unknown> {
  return {
    enableRateLimit: true,
    timeout: timeoutMs,
    // Spot only: skips the futures/options market lists (Binance's fapi/dapi/eapi) that we never use.
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchMarginMarkets: false },
  };
}

/** A ccxt ticker as a ProviderTicker; undefined when it carries no usable price. */
export function toProviderTicker(symbol: string, ticker: ccxt.Ticker | undefined, now: () => number): ProviderTicker | undefined {
  const price = ticker?.last ?? ticker?.close;
  if (!ticker || typeof price !== 'number' || !Number.isFinite(price)) return undefined;
  return {
    symbol,
    price,
    change24h: ticker.percentage ?? 0,
    volume24h: ticker.baseVolume ?? 0,
    quoteVolume24h: ticker.quoteVolume ?? 0,
    timestamp: ticker.timestamp ?? now(),
  };
}
