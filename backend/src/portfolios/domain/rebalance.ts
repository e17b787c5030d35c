import { Dec, ZERO } from './money';

/**
 * Rebalancing: how far a portfolio has drifted from its target weights, and the trades that bring it back.
 *
 * Model: the portfolio's value V (holdings at their prices) is kept, minus the trading fees. With targets w (in
 * percent, summing to 100) and fees F, every asset should end at w × (V − F). Each non-cash asset is bought or sold
 * to its target; fees are `feeRate` × the traded value, paid in the base currency. F depends on the trades, so the
 * two are solved together by a few rounds of fixed-point iteration (it converges at once for any fee below 100 %).
 * The base currency (cash) is not traded:
 *  - linked-cash mode: the trades settle against it, so it ends at its own target by construction;
 *  - otherwise: the gap to its target is a deposit (more cash wanted) or a withdrawal (less), without a fee.
 * Quantities are rounded down to 8 decimals (exchange steps); an asset whose target is 0 is sold in full. Trades
 * worth less than `minTradeValue` are left out (the drift they leave is reported).
 */
export interface RebalanceHolding {
  asset: string;
  quantity: Dec;
  /** null: no price is known (cannot be rebalanced while it is held or targeted). */
  price: Dec | null;
}

export interface RebalanceInput {
  holdings: RebalanceHolding[];
  /** asset → target weight in percent; must sum to 100. */
  targets: ReadonlyMap<string, Dec>;
  /** Prices of targeted assets not held yet. */
  prices: ReadonlyMap<string, Dec>;
  /** e.g. 0.001 for 0.1 %. */
  feeRate: Dec;
  cashAsset: string;
  linkedCash: boolean;
  minTradeValue?: Dec;
}

export interface RebalanceRow {
  asset: string;
  value: Dec;
  currentPct: Dec;
  targetPct: Dec;
  /** currentPct − targetPct: positive = overweight. */
  driftPct: Dec;
}

export interface RebalanceTrade {
  type: 'buy' | 'sell' | 'deposit' | 'withdraw';
  asset: string;
  quantity: Dec;
  price: Dec;
  /** quantity × price. */
  value: Dec;
  /** In the base currency; 0 for deposits and withdrawals. */
  fee: Dec;
}

export interface RebalancePlan {
  totalValue: Dec;
  rows: RebalanceRow[];
  /** Sales first (their proceeds pay for the purchases), then purchases, then any cash deposit or withdrawal. */
  trades: RebalanceTrade[];
  totalFees: Dec;
  /** The largest absolute drift, in percentage points. */
  maxDriftPct: Dec;
}

/** A problem with the inputs a person can fix (e.g. a price is missing). */
export class RebalanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RebalanceError';
  }
}

const HUNDRED = new Dec(100);
const STEP_DECIMALS = 8;

export function planRebalance(input: RebalanceInput): RebalancePlan {
  const { targets, feeRate, cashAsset } = input;
  const minTradeValue = input.minTradeValue ?? new Dec(1);
  const targetSum = [...targets.values()].reduce((sum, w) => sum.plus(w), ZERO);
  if (!targetSum.minus(HUNDRED).abs().lessThanOrEqualTo('0.0001'))
    throw new RebalanceError(`Target weights must add up to 100 %, not ${targetSum.toFixed()} %`);

  // Every asset that is held or targeted, with its quantity and price.
  const positions = new Map<string, { quantity: Dec; price: Dec }>();
  for (const h of input.holdings) {
    if (h.quantity.isZero() && !targets.has(h.asset)) continue;
    const price = h.asset === cashAsset ? new Dec(1) : (h.price ?? input.prices.get(h.asset) ?? null);
    if (price === null) throw new RebalanceError(`No price is known for ${h.asset}: it cannot be rebalanced until one is`);
    positions.set(h.asset, { quantity: h.quantity, price });
  }
  for (const asset of targets.keys()) {
    if (positions.has(asset)) continue;
    const price = asset === cashAsset ? new Dec(1) : (input.prices.get(asset) ?? null);
    if (price === null) throw new RebalanceError(`No price is known for ${asset}: it cannot be bought until one is`);
    positions.set(asset, { quantity: ZERO, price });
  }
  const valueOf = (p: { quantity: Dec; price: Dec }) => p.quantity.times(p.price);
  const totalValue = [...positions.values()].reduce((sum, p) => sum.plus(valueOf(p)), ZERO);
  if (!totalValue.greaterThan(0)) throw new RebalanceError('The portfolio has no value to rebalance yet');

  const rows: RebalanceRow[] = [...positions].map(([asset, p]) => {
    const value = valueOf(p);
    const currentPct = value.dividedBy(totalValue).times(HUNDRED);
    const targetPct = targets.get(asset) ?? ZERO;
    return { asset, value, currentPct, targetPct, driftPct: currentPct.minus(targetPct) };
  });
  rows.sort((a, b) => b.driftPct.abs().comparedTo(a.driftPct.abs()) || a.asset.localeCompare(b.asset));

  // Fixed point: fees reduce what is left to allocate, which changes the trades and so the fees.
  const traded = [...positions].filter(([asset]) => asset !== cashAsset);
  let fees = ZERO;
  let deltas = new Map<string, Dec>();
  for (let round = 0; round < 50; round++) {
    const investable = totalValue.minus(fees);
    deltas = new Map(traded.map(([asset, p]) => [asset, (targets.get(asset) ?? ZERO).dividedBy(HUNDRED).times(investable).minus(valueOf(p))]));
    const next = [...deltas.values()].reduce((sum, d) => sum.plus(d.abs()), ZERO).times(feeRate);
    const converged = next.minus(fees).abs().lessThan('1e-12');
    fees = next;
    if (converged) break;
  }

  const sells: RebalanceTrade[] = [];
  const buys: RebalanceTrade[] = [];
  for (const [asset, p] of traded) {
    const delta = deltas.get(asset)!;
    if (delta.abs().lessThan(minTradeValue)) continue;
    const closing = (targets.get(asset) ?? ZERO).isZero();
    const raw = delta.abs().dividedBy(p.price);
    const quantity = delta.isNegative() && closing ? p.quantity : raw.toDecimalPlaces(STEP_DECIMALS, Dec.ROUND_DOWN);
    if (quantity.isZero()) continue;
    const value = quantity.times(p.price);
    const trade: RebalanceTrade = { type: delta.isNegative() ? 'sell' : 'buy', asset, quantity, price: p.price, value, fee: value.times(feeRate) };
    (trade.type === 'sell' ? sells : buys).push(trade);
  }
  const trades = [...sells, ...buys];
  const totalFees = trades.reduce((sum, t) => sum.plus(t.fee), ZERO);

  if (!input.linkedCash) {
    // Cash is not moved by trades: bring it to its target with a deposit or a withdrawal.
    const cash = positions.get(cashAsset);
    const target = (targets.get(cashAsset) ?? ZERO).dividedBy(HUNDRED).times(totalValue.minus(totalFees));
    const gap = target.minus(cash ? valueOf(cash) : ZERO).toDecimalPlaces(STEP_DECIMALS, Dec.ROUND_DOWN);
    if (gap.abs().greaterThanOrEqualTo(minTradeValue)) {
      const quantity = gap.abs();
      trades.push({ type: gap.isNegative() ? 'withdraw' : 'deposit', asset: cashAsset, quantity, price: new Dec(1), value: quantity, fee: ZERO });
    }
  }
  const maxDriftPct = rows.reduce((max, row) => (row.driftPct.abs().greaterThan(max) ? row.driftPct.abs() : max), ZERO);
  return { totalValue, rows, trades, totalFees, maxDriftPct };
}
