import { QUOTE_CURRENCIES } from './types';

/**
 * What an asset is, for valuation. Crypto needs a tracked market (<ASSET>/USDT). Cash is fiat or a stablecoin:
 * it can be held, deposited and withdrawn without a tracked market.
 *  - USD and USDT are the valuation currencies: always worth exactly 1.
 *  - Dollar stablecoins (USDC, DAI, ...) are valued at their market price where one is tracked, else at par (1).
 *  - Other fiat (EUR, GBP, ...) is valued at its market price (e.g. EUR/USDT) where tracked, else it has no value.
 */
export type AssetKind = 'crypto' | 'stablecoin' | 'fiat';

/** How a holding's price was found: a market price, par (a stablecoin without a tracked market), or none. */
export type PriceSource = 'market' | 'par' | 'none';

export const FIAT_CURRENCIES: ReadonlySet<string> = new Set([
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'TRY',
  'BRL',
  'MXN',
  'ARS',
  'KRW',
  'INR',
  'SGD',
  'HKD',
  'ZAR',
]);

/** Stablecoins pegged to the US dollar: par is 1 in the valuation currency. */
export const DOLLAR_STABLECOINS: ReadonlySet<string> = new Set([
  'USDT',
  'USDC',
  'DAI',
  'FDUSD',
  'TUSD',
  'USDP',
  'PYUSD',
  'USDE',
  'BUSD',
  'USDD',
  'GUSD',
  'LUSD',
  'FRAX',
]);

export function assetKind(asset: string): AssetKind {
  if (DOLLAR_STABLECOINS.has(asset)) return 'stablecoin';
  if (FIAT_CURRENCIES.has(asset)) return 'fiat';
  return 'crypto';
}

/** Fiat or a stablecoin: accepted without a tracked market. */
export function isCashAsset(asset: string): boolean {
  return assetKind(asset) !== 'crypto';
}

/** The fixed value of one unit when no market price is used (USD, USDT), or the fallback when none is known (stablecoins). */
export function parValue(asset: string): number | null {
  return QUOTE_CURRENCIES.has(asset) || DOLLAR_STABLECOINS.has(asset) ? 1 : null;
}

/** USD and USDT are the valuation currencies themselves: never looked up as a market. */
export function isValuationCurrency(asset: string): boolean {
  return QUOTE_CURRENCIES.has(asset);
}

/**
 * Dust threshold: a remainder of at most 1e-12 of a unit after a disposal counts as closed (it is disposed of with
 * the rest), and a disposal may ask for up to 1e-12 more than held (e.g. selling 1 after buying 1/3 and 2/3, which
 * hold 0.9999999999999999). 1e-12 is far below any exchange's smallest step (1e-8 BTC, 1e-18 wei-denominated
 * tokens are never traded at that size) and far above decimal rounding residue of typed fractions.
 */
export const DUST_THRESHOLD = '1e-12';
