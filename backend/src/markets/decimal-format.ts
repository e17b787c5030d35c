import Decimal from 'decimal.js';

/**
 * A float from an exchange or a calculation as the API's decimal string: at most 10 significant digits and 8
 * decimals (exchanges quote no finer), never exponent notation, no trailing zeros.
 */
export function toDecimalString(value: number): string {
  return new Decimal(value).toSignificantDigits(10).toDecimalPlaces(8).toFixed();
}
