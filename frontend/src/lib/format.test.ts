import { describe, expect, it } from 'vitest';
import {
  PrecisionRegistry,
  formatCompact,
  marketName,
  formatMoney,
  formatPercent,
  formatPrice,
  formatQuantity,
  priceDecimals,
  symbolToPath,
  pathToSymbol,
} from './format';

// Intl output contains narrow no-break spaces in some locales; normalise them for readable assertions.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('priceDecimals (per-coin precision)', () => {
  it('gives every coin at least four significant digits and never fewer than two decimals', () => {
    expect(priceDecimals(43123.45)).toBe(2); // BTC
    expect(priceDecimals(2345.6)).toBe(2); // ETH
    expect(priceDecimals(2.345)).toBe(3);
    expect(priceDecimals(0.4512)).toBe(4); // ADA
    expect(priceDecimals(0.08123)).toBe(5); // DOGE
    expect(priceDecimals('0.00001234')).toBe(8); // SHIB as a decimal string
    expect(priceDecimals(0)).toBe(2);
  });

  it('keeps the first precision seen for a symbol so live ticks do not make digits jump', () => {
    const registry = new PrecisionRegistry();
    expect(registry.decimalsFor('X/USDT', 9.99)).toBe(3);
    expect(registry.decimalsFor('X/USDT', 10.01)).toBe(3);
    expect(registry.decimalsFor('Y/USDT', 10.01)).toBe(2);
  });
});

describe('formatPrice by locale', () => {
  it('uses the locale grouping and decimal separators', () => {
    expect(formatPrice(43123.456, { locale: 'en-US' })).toBe('43,123.46');
    expect(formatPrice(43123.456, { locale: 'de-DE' })).toBe('43.123,46');
    expect(plain(formatPrice(43123.456, { locale: 'fr-FR' }))).toBe('43 123,46');
  });

  it('shows small coins with enough decimals', () => {
    expect(formatPrice(0.4512, { locale: 'en-US' })).toBe('0.4512');
    expect(formatPrice(0.00001234, { locale: 'de-DE' })).toBe('0,00001234');
  });

  it('formats ISO currencies with their symbol and non-ISO quotes as a suffix', () => {
    expect(formatPrice(1234.5, { locale: 'en-US', currency: 'USD' })).toBe('$1,234.50');
    expect(plain(formatPrice(1234.5, { locale: 'de-DE', currency: 'USD' }))).toBe('1.234,50 $');
    expect(formatPrice(1234.5, { locale: 'en-US', currency: 'USDT' })).toBe('1,234.50 USDT');
  });

  it('formats decimal strings exactly, without float rounding', () => {
    // 0.1 + 0.2 style errors would show up at 17 significant digits; strings must pass through exactly.
    expect(formatQuantity('12345678.12345678', 'en-US')).toBe('12,345,678.12345678');
    expect(formatMoney('90071992547409.99', 'USD', 'en-US')).toBe('$90,071,992,547,409.99');
  });

  it('shows a dash for missing or invalid values', () => {
    expect(formatPrice(null)).toBe('—');
    expect(formatPrice('abc')).toBe('—');
    expect(formatQuantity(undefined)).toBe('—');
  });
});

describe('percent, quantity and compact formatting', () => {
  it('signs percentages so direction is readable without colour', () => {
    expect(formatPercent(2.5, 'en-US')).toBe('+2.50%');
    expect(formatPercent(-1.234, 'en-US')).toBe('-1.23%');
    expect(plain(formatPercent(-1.234, 'de-DE'))).toBe('-1,23 %');
    expect(formatPercent(0, 'en-US')).toBe('0.00%');
  });

  it('trims trailing zeros on quantities and caps them at 8 decimals', () => {
    expect(formatQuantity('0.50000000', 'en-US')).toBe('0.5');
    expect(formatQuantity(1.123456789, 'en-US')).toBe('1.12345679');
  });

  it('uses compact notation for volumes', () => {
    expect(formatCompact(1234567, 'en-US')).toBe('1.23M');
  });

  it('names a market for people: the pair, and the exchange when it is not the home one', () => {
    expect(marketName('BTC/USDT')).toBe('BTC/USDT');
    expect(marketName('BTC/USD@kraken')).toBe('BTC/USD on Kraken');
    expect(marketName('BTC/USD@binanceus', 'Binance US')).toBe('BTC/USD on Binance US');
  });

  it('maps symbols to path segments and back', () => {
    expect(symbolToPath('BTC/USDT')).toBe('BTC-USDT');
    expect(pathToSymbol('BTC-USDT')).toBe('BTC/USDT');
  });
});
