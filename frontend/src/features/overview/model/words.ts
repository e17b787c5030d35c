import type { Schema } from '../../../lib/api-schemas';

export const WINDOW_WORDS: Record<'1h' | '24h' | '7d', string> = { '1h': 'last hour', '24h': 'last 24 hours', '7d': 'last 7 days' };

/** Breadth in one sentence: "7 of 10 markets rose over the last 24 hours (70 %)". */
export function describeBreadth(breadth: Schema<'BreadthDto'>, formatShare: (share: number) => string): string {
  if (breadth.total === 0 || breadth.upShare === null) return 'Not enough price history yet to say how many markets rose.';
  const share = formatShare(breadth.upShare);
  const mood = breadth.upShare >= 0.6 ? 'Most markets are up' : breadth.upShare <= 0.4 ? 'Most markets are down' : 'Markets are mixed';
  return `${mood}: ${breadth.up} of ${breadth.total} rose over the last 24 hours (${share}).`;
}
