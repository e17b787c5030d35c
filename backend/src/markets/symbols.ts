/**
 * Market symbols: ccxt unified form `BTC/USDT` in JSON, `BTC-USDT` in URL paths.
 * Pure helpers, no framework imports.
 */

/** Quote currencies recognised when a symbol is written without separator (`BTCUSDT`), longest first. */
const KNOWN_QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'EUR', 'USD', 'TRY', 'BTC', 'ETH', 'BNB'];

const PART = /^[A-Z0-9]{1,20}$/;

/**
 * Parses `BTC-USDT`, `BTC/USDT`, `btc_usdt` or `BTCUSDT` into the unified `BTC/USDT`.
 * Returns undefined for anything that is not a plausible spot symbol.
 */
export function parseSymbol(input: string): string | undefined {
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

export function splitSymbol(symbol: string): { base: string; quote: string } {
  const [base = '', quote = ''] = symbol.split('/');
  return { base, quote };
}
