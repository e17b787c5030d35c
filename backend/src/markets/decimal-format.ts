import Decimal from 'decimal.js';

/**
 * A float from an exchange or a calculation as the API's decimal string: 12 significant digits (more than any
 * exchange quotes), never exponent notation, no trailing zeros.
 */
export function toDecimalString(value: number): string {
  return new Decimal(value).toSignificantDigits(12).toFixed();
}
