/**
 * "10.500" → "10.5", "10.000" → "10"; strings without a decimal point are returned as they are. Plain string
 * scanning: the former `/\.?0+$/` backtracks quadratically on long zero runs (found by test/hardening/redos.spec.ts).
 */
export function trimTrailingZeros(value: string): string {
  if (!value.includes('.')) return value;
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 48) end--;
  if (end < value.length && value[end - 1] === '.') end--;
  return value.slice(0, end);
}

/** A nullable decimal column as the API shows it: "65000.000000000000000000" → "65000", null stays null. */
export function trimDecimal(value: string | null): string | null {
  return value === null ? null : trimTrailingZeros(value);
}
