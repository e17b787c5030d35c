/**
 * Market symbols: ccxt unified form `BTC/USDT` in JSON, `BTC-USDT` in URL paths. A market on another exchange than
 * the home one carries its exchange id after `@` (`BTC/USDT@kraken`, see market-id.ts).
 * Pure helpers, no framework imports.
 */

/** Quote currencies recognised when a symbol is written without separator (`BTCUSDT`), longest first. */
const KNOWN_QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'EUR', 'USD', 'TRY', 'BTC', 'ETH', 'BNB'];

const PART = /^[A-Z0-9]{1,20}$/;

/** ccxt exchange ids (and `replay`): lowercase letters and digits. */
const EXCHANGE_PART = /^[a-z][a-z0-9]{1,31}$/;

/**
 * Parses `BTC-USDT`, `BTC/USDT`, `btc_usdt` or `BTCUSDT` into the unified `BTC/USDT`, keeping an exchange suffix
 * (`btc-usdt@Kraken` → `BTC/USDT@kraken`). Returns undefined for anything that is not a plausible spot symbol.
 */
export function parseSymbol(input: string): string | undefined {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf('@');
  if (at >= 0) {
    const exchange = trimmed.slice(at + 1).toLowerCase();
    const pair = parsePair(trimmed.slice(0, at));
    return pair && EXCHANGE_PART.test(exchange) ? `${pair}@${exchange}` : undefined;
  }
  return parsePair(trimmed);
}

function parsePair(input: string): string | undefined {
  const upper = input.trim().toUpperCase();
  const separated = upper.split(/[-/_]/);
  if (separated.length === 2) {
    const [base, quote] = separated as [string, string];
    return PART.test(base) && PART.test(quote) ? `${base}/${quote}` : undefined;
  }
  if (separated.length !== 1 || !PART.test(upper)) return undefined;
  const quote = KNOWN_QUOTES.find((candidate) => upper.endsWith(candidate) && upper.length > candidate.length);
  return quote ? `${upper.slice(0, -quote.length)}/${quote}` : undefined;
}

/** `BTC/USDT` → `BTC-USDT` (the form used in URL paths). */
export function toPathSymbol(symbol: string): string {
  return symbol.replace('/', '-');
}

/** Base and quote of a symbol or market id (`BTC/USDT@kraken` → BTC, USDT). */
export function splitSymbol(symbol: string): { base: string; quote: string } {
  const [base = '', quote = ''] = pairOf(symbol).split('/');
  return { base, quote };
}

/** The exchange's own symbol of a market id: `BTC/USDT@kraken` → `BTC/USDT`. */
export function pairOf(market: string): string {
  const at = market.lastIndexOf('@');
  return at >= 0 ? market.slice(0, at) : market;
}

/** A market id as people read it: `BTC/USDT` (home exchange) stays, `BTC/USDT@kraken` → `BTC/USDT on kraken`. */
export function marketLabel(market: string): string {
  const at = market.lastIndexOf('@');
  return at >= 0 ? `${market.slice(0, at)} on ${market.slice(at + 1)}` : market;
}
