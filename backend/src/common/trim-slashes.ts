/**
 * "https://x.example//" → "https://x.example". Plain string scanning: `/\/+$/` backtracks quadratically on long
 * slash runs (test/hardening/redos.spec.ts), and these values come from configuration an operator can mistype.
 */
export function trimTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 47) end--;
  return value.slice(0, end);
}
