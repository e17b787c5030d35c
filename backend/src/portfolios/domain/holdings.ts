import { assetKind, isValuationCurrency, parValue, type AssetKind, type PriceSource } from './assets';
import type { PortfolioLedger } from './ledger';
import { Dec, ZERO, formatDecimal } from './money';

export interface HoldingValuation {
  asset: string;
  /** Crypto, a stablecoin or fiat money. */
  kind: AssetKind;
  /** Whether `price` is a market price or par (a stablecoin without a tracked market, or USD/USDT themselves). */
  priceSource: PriceSource;
  quantity: Dec;
  /** Cost basis per unit held (0 when nothing is held). */
  averageCost: Dec;
  costBasis: Dec;
  /** null when no price is known for the asset: then value and unrealised P&L are unknown too. */
  price: Dec | null;
  /** The UTC day of the stored daily close `price` is, when it is not a live price (else null). */
  priceAsOfDay: string | null;
  value: Dec | null;
  unrealizedPnl: Dec | null;
  realizedPnl: Dec;
  /** Share of the portfolio's total value, in percent. */
  allocationPct: number;
}

export interface HoldingsSummary {
  totalValue: Dec;
  totalCost: Dec;
  unrealizedPnl: Dec;
  /** Realised P&L of all assets minus cash fees not attached to a trade. */
  realizedPnl: Dec;
  holdings: HoldingValuation[];
}

/**
 * Values a replayed ledger at the given prices (quote currency per unit).
 * Closed positions stay in the list (quantity 0) while they carry realised P&L, so the per-asset realised
 * figures add up to the total. Holdings are sorted by value, largest first.
 */
/**
 * Values the ledger's positions at `prices`; `closeDays` names the assets whose price is a stored daily close rather
 * than a live one (with the close's day), so the holding is marked stale.
 */
export function valueHoldings(ledger: PortfolioLedger, prices: ReadonlyMap<string, Dec>, closeDays: ReadonlyMap<string, string> = new Map()): HoldingsSummary {
  const rows: HoldingValuation[] = [];
  let totalValue = ZERO;
  let totalCost = ZERO;
  let unrealizedPnl = ZERO;
  let realizedPnl = ledger.cashFees.negated();

  for (const position of ledger.positions.values()) {
    realizedPnl = realizedPnl.plus(position.realizedPnl);
    if (position.quantity.isZero() && position.realizedPnl.isZero()) continue;
    const market = isValuationCurrency(position.asset) ? undefined : prices.get(position.asset);
    const par = parValue(position.asset);
    const price = market ?? (par === null ? null : new Dec(par));
    const priceSource: PriceSource = market !== undefined ? 'market' : par !== null ? 'par' : 'none';
    const value = price === null ? null : position.quantity.times(price);
    const unrealized = value === null ? null : value.minus(position.costBasis);
    totalCost = totalCost.plus(position.costBasis);
    if (value !== null && unrealized !== null) {
      totalValue = totalValue.plus(value);
      unrealizedPnl = unrealizedPnl.plus(unrealized);
    }
    rows.push({
      asset: position.asset,
      kind: assetKind(position.asset),
      priceSource,
      quantity: position.quantity,
      averageCost: position.quantity.isZero() ? ZERO : position.costBasis.dividedBy(position.quantity),
      costBasis: position.costBasis,
      price,
      priceAsOfDay: market !== undefined ? (closeDays.get(position.asset) ?? null) : null,
      value,
      unrealizedPnl: unrealized,
      realizedPnl: position.realizedPnl,
      allocationPct: 0,
    });
  }
  for (const row of rows) {
    row.allocationPct = row.value === null || totalValue.isZero() ? 0 : row.value.dividedBy(totalValue).times(100).toDecimalPlaces(4).toNumber();
  }
  rows.sort((a, b) => (b.value ?? ZERO).comparedTo(a.value ?? ZERO) || a.asset.localeCompare(b.asset));
  return { totalValue, totalCost, unrealizedPnl, realizedPnl, holdings: rows };
}

/** The JSON shape of the holdings endpoint: money and quantities as decimal strings. */
export function serializeHoldings(summary: HoldingsSummary, baseCurrency: string) {
  const money = (value: Dec | null) => (value === null ? null : formatDecimal(value));
  return {
    baseCurrency,
    totalValue: formatDecimal(summary.totalValue),
    totalCost: formatDecimal(summary.totalCost),
    unrealizedPnl: formatDecimal(summary.unrealizedPnl),
    realizedPnl: formatDecimal(summary.realizedPnl),
    holdings: summary.holdings.map((h) => ({
      asset: h.asset,
      kind: h.kind,
      priceSource: h.priceSource,
      quantity: formatDecimal(h.quantity),
      averageCost: formatDecimal(h.averageCost),
      costBasis: formatDecimal(h.costBasis),
      price: money(h.price),
      priceStale: h.priceAsOfDay !== null,
      priceAsOfDay: h.priceAsOfDay,
      value: money(h.value),
      unrealizedPnl: money(h.unrealizedPnl),
      realizedPnl: formatDecimal(h.realizedPnl),
      allocationPct: h.allocationPct,
    })),
  };
}

export type HoldingsResponse = ReturnType<typeof serializeHoldings>;
