import type { Holding } from '../api/portfolios';
import { formatDate } from '../../../lib/format';

/**
 * How a holding's price reads to an investor: cash and stablecoins say whether they are valued at a market price
 * or at par; crypto needs no label (always a market price), unless no price is known or the price is not live (the
 * last stored close of a market no longer tracked, or of one whose prices stopped arriving).
 */
export function priceNote(
  holding: Pick<Holding, 'kind' | 'priceSource'> & Partial<Pick<Holding, 'priceStale' | 'priceAsOfDay'>>,
  locale?: string,
): string | null {
  if (holding.priceSource === 'none') return 'no price yet';
  if (holding.priceStale && holding.priceAsOfDay) return `not live: last close of ${formatDate(`${holding.priceAsOfDay}T12:00:00Z`, locale)}`;
  if (holding.kind === 'crypto') return null;
  return holding.priceSource === 'par' ? 'at par' : 'market price';
}

/** Words for the type of asset, for screen readers and the cash summary. */
export function kindLabel(kind: Holding['kind']): string {
  return kind === 'fiat' ? 'Cash' : kind === 'stablecoin' ? 'Stablecoin' : 'Coin';
}

/** Target weights as typed: percentages between 0 and 100 that add up to 100. Returns the problem, or null when valid. */
export function targetsProblem(rows: Array<{ asset: string; weightPct: string }>): string | null {
  if (rows.length === 0) return null;
  const assets = rows.map((r) => r.asset.trim().toUpperCase());
  if (assets.some((asset) => !/^[A-Z0-9]{1,20}$/.test(asset))) return 'Enter a ticker such as BTC for every row.';
  if (new Set(assets).size !== assets.length) return 'Each coin can appear only once.';
  if (rows.some((r) => !/^\d{1,3}(\.\d{1,4})?$/.test(r.weightPct.trim()) || Number(r.weightPct) > 100))
    return 'Weights are percentages between 0 and 100, such as 60 or 12.5.';
  const sum = Math.round(rows.reduce((total, r) => total + Number(r.weightPct), 0) * 10_000) / 10_000;
  return sum === 100 ? null : `The weights add up to ${sum} %; they must add up to 100 %.`;
}
