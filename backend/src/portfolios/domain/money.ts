import DecimalJs from 'decimal.js';

/**
 * Decimal arithmetic for money and quantities. A private clone so that no other module's global
 * Decimal configuration can change our precision; 40 significant digits leave ample headroom for
 * quantities with 18 decimals multiplied by prices in the millions.
 */
export const Dec = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);

/** Number of decimals kept in API output for money and quantities. */
export const OUTPUT_DECIMALS = 8;

export type DecimalInput = string | number | Dec;

export function dec(value: DecimalInput): Dec {
  return value instanceof Dec ? value : new Dec(value);
}

/** Formats a decimal as a plain string (no exponent), rounded to 8 decimals, without trailing zeros. */
export function formatDecimal(value: Dec, decimals = OUTPUT_DECIMALS): string {
  const rounded = value.toDecimalPlaces(decimals, Dec.ROUND_HALF_UP);
  // "-0" would confuse clients comparing strings.
  return rounded.isZero() ? '0' : rounded.toFixed();
}

/** True when the string is a plain non-negative or signed decimal number like "12", "0.5", "-3.25". */
export function isDecimalString(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value.trim());
}
