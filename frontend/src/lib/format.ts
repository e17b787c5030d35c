// Pure number/date formatting. No React imports: unit-tested directly and reused everywhere.

/** A decimal as the API sends it (string, exact) or a JS number. */
export type Numeric = number | string;

function toNumber(value: Numeric): number {
  return typeof value === 'number' ? value : Number(value);
}

/**
 * Decimals to show for a coin's price, chosen from a reference price so that every coin gets
 * at least four significant digits (BTC 2 decimals, ADA 4, SHIB 8) and the precision does not
 * jump around as live ticks arrive.
 */
export function priceDecimals(referencePrice: Numeric): number {
  const price = Math.abs(toNumber(referencePrice));
  if (!Number.isFinite(price) || price === 0) return 2;
  const magnitude = Math.floor(Math.log10(price));
  // four significant digits: 3 - magnitude decimals, never fewer than 2, never more than 10
  return Math.min(10, Math.max(2, 3 - magnitude));
}

/** Per-symbol precision registry so a coin keeps the precision of its first seen price. */
export class PrecisionRegistry {
  private readonly bySymbol = new Map<string, number>();
  decimalsFor(symbol: string, price: Numeric): number {
    const known = this.bySymbol.get(symbol);
    if (known !== undefined) return known;
    const decimals = priceDecimals(price);
    this.bySymbol.set(symbol, decimals);
    return decimals;
  }
}

const formatterCache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    formatterCache.set(key, formatter);
  }
  return formatter;
}

/** Intl formats decimal strings exactly (ES2023), so money strings never pass through a float. */
function formatExact(formatter: Intl.NumberFormat, value: Numeric): string {
  const input = typeof value === 'string' ? (value as `${number}`) : value;
  return formatter.format(input);
}

export interface PriceFormatOptions {
  locale?: string;
  /** ISO currency (USD) to show a symbol; USDT and other non-ISO quotes are shown as plain numbers. */
  currency?: string;
  decimals?: number;
}

const ISO_CURRENCIES = new Set(['USD', 'EUR', 'GBP', 'JPY']);

export function formatPrice(value: Numeric | null | undefined, options: PriceFormatOptions = {}): string {
  if (value === null || value === undefined || value === '' || !Number.isFinite(toNumber(value))) return '—';
  const decimals = options.decimals ?? priceDecimals(value);
  const currency = options.currency && ISO_CURRENCIES.has(options.currency) ? options.currency : undefined;
  const formatter = numberFormat(options.locale, {
    style: currency ? 'currency' : 'decimal',
    currency,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  const text = formatExact(formatter, value);
  return !currency && options.currency ? `${text} ${options.currency}` : text;
}

/** Money in a portfolio's base currency: always 2 decimals. */
export function formatMoney(value: Numeric | null | undefined, currency: string, locale?: string): string {
  return formatPrice(value, { currency, locale, decimals: 2 });
}

/** Coin quantities: up to 8 decimals, trailing zeros trimmed. */
export function formatQuantity(value: Numeric | null | undefined, locale?: string): string {
  if (value === null || value === undefined || value === '' || !Number.isFinite(toNumber(value))) return '—';
  return formatExact(numberFormat(locale, { maximumFractionDigits: 8 }), value);
}

/** A percent given in percent units (2.5 → "+2.50 %"), signed so direction is readable without colour. */
export function formatPercent(percent: Numeric | null | undefined, locale?: string, decimals = 2): string {
  if (percent === null || percent === undefined || !Number.isFinite(toNumber(percent))) return '—';
  const formatter = numberFormat(locale, {
    style: 'percent',
    signDisplay: 'exceptZero',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return formatter.format(toNumber(percent) / 100);
}

/** A ratio (0.025 → "+2.50 %"), e.g. TWR/IRR from the performance endpoint. */
export function formatRatioAsPercent(ratio: number | null | undefined, locale?: string): string {
  if (ratio === null || ratio === undefined) return '—';
  return formatPercent(ratio * 100, locale);
}

/** Large volumes: compact notation (1.2M). */
export function formatCompact(value: Numeric | null | undefined, locale?: string): string {
  if (value === null || value === undefined || !Number.isFinite(toNumber(value))) return '—';
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 2 }).format(toNumber(value));
}

export function formatDateTime(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** The direction of a signed value, for colour classes ("up"/"down"/"flat"). */
export function direction(value: Numeric | null | undefined): 'up' | 'down' | 'flat' {
  const n = value === null || value === undefined ? 0 : toNumber(value);
  if (!Number.isFinite(n) || n === 0) return 'flat';
  return n > 0 ? 'up' : 'down';
}

/** BTC/USDT ⇄ BTC-USDT (the API puts symbols in paths with a dash). */
export function symbolToPath(symbol: string): string {
  return symbol.replace('/', '-');
}
export function pathToSymbol(path: string): string {
  return path.includes('/') ? path : path.replace('-', '/');
}

/**
 * A market id as people read it: `BTC/USDT` (a market of the home exchange) stays, `BTC/USDT@kraken` reads
 * `BTC/USDT on Kraken`. `exchangeName` is the server's name of the exchange, when the caller has it.
 */
export function marketName(symbol: string, exchangeName?: string): string {
  const at = symbol.indexOf('@');
  if (at < 0) return symbol;
  const id = symbol.slice(at + 1);
  return `${symbol.slice(0, at)} on ${exchangeName ?? id.charAt(0).toUpperCase() + id.slice(1)}`;
}

/** A probability (0..1) in words a reader can weigh: "62 %". */
export function formatChance(probability: number | null | undefined, locale?: string): string {
  if (probability === null || probability === undefined || !Number.isFinite(probability)) return '—';
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(probability);
}

/** A duration in words ("40 minutes", "3 hours", "2 days"), for the age of a forecast. */
export function formatDuration(ms: number, locale?: string): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const unit = (value: number, name: 'minute' | 'hour' | 'day') =>
    numberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long', maximumFractionDigits: 0 }).format(value);
  if (minutes < 90) return unit(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return unit(hours, 'hour');
  return unit(Math.round(hours / 24), 'day');
}

/** A date in the user's locale without the time ("2 Dec 2026"). */
export function formatDate(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}
