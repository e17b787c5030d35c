/**
 * Label values for the HTTP histogram. Routes are labelled by their pattern (`/api/v1/portfolios/:id`), never by
 * the raw URL, so a scan of random paths cannot blow up the number of time series.
 */
export const UNMATCHED_ROUTE = 'unmatched';

export function routeLabel(routePattern: string | undefined): string {
  if (!routePattern) return UNMATCHED_ROUTE;
  // Nest registers some routes with a trailing-slash variant or a catch-all; keep the label stable and short.
  const trimmed = routePattern.length > 1 && routePattern.endsWith('/') ? routePattern.slice(0, -1) : routePattern;
  return trimmed === '*' || trimmed === '/*' ? UNMATCHED_ROUTE : trimmed;
}

/** 2xx, 4xx… — the class keeps cardinality low while still separating errors from successes. */
export function statusClass(statusCode: number): string {
  if (!Number.isFinite(statusCode) || statusCode < 100 || statusCode > 599) return 'unknown';
  return `${Math.floor(statusCode / 100)}xx`;
}
