import { DUST_THRESHOLD } from './assets';
import { InsufficientHoldingsError, InvalidTransactionError } from './errors';
import { Dec, ZERO } from './money';
import {
  QUOTE_CURRENCIES,
  type AssetPosition,
  type CostBasisMethod,
  type ExternalFlow,
  type LedgerEvent,
  type LedgerTransaction,
  type Lot,
  type RealizedEvent,
  type TransactionType,
} from './types';

/** The replayed state of one portfolio after all its transactions. */
export interface PortfolioLedger {
  portfolioId: string;
  costBasisMethod: CostBasisMethod;
  positions: Map<string, AssetPosition>;
  /** One entry per disposal that realised P&L (sales, and units consumed by fees), in time order. */
  realized: RealizedEvent[];
  /** One entry per transaction, in processing order: quantity changes and external flows (for performance). */
  events: LedgerEvent[];
  /** Fees paid in cash on non-trade transactions: a realised cost not attached to any asset. */
  cashFees: Dec;
  /** Total cost carried in by each linked transfer_in (by transaction id). */
  carriedCosts: Map<string, Dec>;
  /** Linked-cash mode: the cash currency that buys debit and sells credit (undefined = trades are paid from outside). */
  linkedCash?: string;
}

export interface LedgerPortfolio {
  id: string;
  costBasisMethod: CostBasisMethod;
  /**
   * Linked-cash mode: buys debit and sells credit a balance of this currency (the portfolio's base currency), and
   * cash fees are paid from it. Trades are then internal: only deposits, withdrawals and transfers are external
   * flows. Undefined (the default): each trade is paid from, and its proceeds go, outside the portfolio.
   */
  linkedCash?: string | null;
}

const DUST = new Dec(DUST_THRESHOLD);

/**
 * Time order; at equal timestamps the order the user entered them (sequence), except that the destination side
 * of a transfer between own portfolios goes right after its source side (it carries the source's lots). When a
 * disposal would fail in that order, inflows of the same second are moved before it (see replayLedgers).
 */
function sortForReplay(transactions: LedgerTransaction[], linkedTransfers: ReadonlySet<string>): LedgerTransaction[] {
  const outSequence = new Map<string, number>();
  for (const tx of transactions) {
    if (tx.type === 'transfer_out' && tx.transferId && linkedTransfers.has(tx.transferId)) outSequence.set(tx.transferId, tx.sequence ?? 0);
  }
  const rank = (tx: LedgerTransaction): number => {
    const own = tx.sequence ?? 0;
    if (tx.type !== 'transfer_in' || !tx.transferId) return own;
    const out = outSequence.get(tx.transferId);
    return out === undefined ? own : Math.max(own, out);
  };
  const isLinkedIn = (tx: LedgerTransaction) => (tx.type === 'transfer_in' && tx.transferId !== undefined && outSequence.has(tx.transferId) ? 1 : 0);
  // Array.prototype.sort is stable: rows with equal keys keep the order they were given in.
  return transactions.sort((a, b) => a.time.getTime() - b.time.getTime() || rank(a) - rank(b) || isLinkedIn(a) - isLinkedIn(b));
}

type FeeKind = { kind: 'none' } | { kind: 'cash'; amount: Dec } | { kind: 'units'; asset: string; amount: Dec };

function classifyFee(tx: LedgerTransaction): FeeKind {
  if (!tx.feeAmount || tx.feeAmount.isZero()) return { kind: 'none' };
  const currency = (tx.feeCurrency ?? '').toUpperCase();
  // No currency given: the fee is in the quote currency (how most exchanges report trade fees).
  if (currency === '' || QUOTE_CURRENCIES.has(currency)) return { kind: 'cash', amount: tx.feeAmount };
  return { kind: 'units', asset: currency, amount: tx.feeAmount };
}

const INFLOW_TYPES: ReadonlySet<TransactionType> = new Set(['buy', 'deposit', 'income', 'transfer_in']);

/**
 * Replays transactions of one or more portfolios of the same owner in time order.
 * Several portfolios are replayed together so that an internal transfer carries the source's lots (with their
 * cost and acquisition time) into the destination, whatever either side's cost basis method is.
 * Throws InsufficientHoldingsError at the first disposal of more units than held at that time.
 */
export interface ReplayOptions {
  /**
   * Called when a transaction cannot be applied (it removes more than held, or its fee exceeds what it brings).
   * Returning true leaves it out and carries on, exactly as if it were absent (nothing is changed before the
   * check); otherwise the error is thrown. Imports use it to find every bad row in one pass.
   */
  skipFailed?: (transaction: LedgerTransaction, error: InsufficientHoldingsError | InvalidTransactionError) => boolean;
}

export function replayLedgers(portfolios: LedgerPortfolio[], transactions: LedgerTransaction[], options: ReplayOptions = {}): Map<string, PortfolioLedger> {
  const ledgers = new Map<string, PortfolioLedger>();
  for (const p of portfolios) {
    ledgers.set(p.id, {
      portfolioId: p.id,
      costBasisMethod: p.costBasisMethod,
      positions: new Map(),
      realized: [],
      events: [],
      cashFees: ZERO,
      carriedCosts: new Map(),
      linkedCash: p.linkedCash ?? undefined,
    });
  }
  const mine = transactions.filter((tx) => ledgers.has(tx.portfolioId));
  // Transfer ids whose both sides are present: only those carry lots; a lone side is an external transfer.
  const sides = new Map<string, number>();
  for (const tx of mine) {
    if (tx.transferId && (tx.type === 'transfer_in' || tx.type === 'transfer_out')) {
      sides.set(tx.transferId, (sides.get(tx.transferId) ?? 0) + 1);
    }
  }
  const linkedTransfers = new Set([...sides].filter(([, count]) => count === 2).map(([id]) => id));
  const ordered = sortForReplay(mine, linkedTransfers);
  const lotsInTransit = new Map<string, Lot[]>();
  const apply = (tx: LedgerTransaction) =>
    applyTransaction(ledgers.get(tx.portfolioId)!, tx, tx.transferId !== undefined && linkedTransfers.has(tx.transferId), lotsInTransit);
  const fail = (tx: LedgerTransaction, error: unknown) => {
    const known = error instanceof InsufficientHoldingsError || error instanceof InvalidTransactionError;
    if (!known || !options.skipFailed?.(tx, error)) throw error;
  };
  // Indexes of transactions already applied out of order (inflows moved before a disposal of the same second).
  const movedForward = new Set<number>();

  for (let i = 0; i < ordered.length; i++) {
    if (movedForward.has(i)) continue;
    const tx = ordered[i]!;
    try {
      apply(tx);
    } catch (error) {
      const moved = error instanceof InsufficientHoldingsError ? inflowsToMove(ordered, i, movedForward, error.asset, ledgers.get(tx.portfolioId)!) : [];
      if (moved.length === 0) {
        fail(tx, error);
        continue;
      }
      // Entered later but stamped with the same second: they go first, in their own entry order, then the disposal again.
      for (const j of moved) {
        movedForward.add(j);
        try {
          apply(ordered[j]!);
        } catch (inner) {
          fail(ordered[j]!, inner);
        }
      }
      try {
        apply(tx);
      } catch (again) {
        fail(tx, again);
      }
    }
  }
  return ledgers;
}

/** Later transactions of the same second and portfolio that bring in `asset` (and have not been moved yet). */
function inflowsToMove(ordered: LedgerTransaction[], index: number, moved: ReadonlySet<number>, asset: string, ledger: PortfolioLedger): number[] {
  const tx = ordered[index]!;
  const found: number[] = [];
  for (let j = index + 1; j < ordered.length && ordered[j]!.time.getTime() === tx.time.getTime(); j++) {
    const other = ordered[j]!;
    if (moved.has(j) || other.portfolioId !== tx.portfolioId) continue;
    const bringsIn = INFLOW_TYPES.has(other.type) ? other.asset === asset : other.type === 'sell' && ledger.linkedCash === asset;
    if (bringsIn) found.push(j);
  }
  return found;
}

/** Replays a single portfolio (no internal transfers can be resolved: each transfer side is treated as external). */
export function replayLedger(portfolio: LedgerPortfolio, transactions: LedgerTransaction[]): PortfolioLedger {
  return replayLedgers([portfolio], transactions).get(portfolio.id)!;
}

function positionOf(ledger: PortfolioLedger, asset: string): AssetPosition {
  let position = ledger.positions.get(asset);
  if (!position) {
    position = { asset, quantity: ZERO, costBasis: ZERO, realizedPnl: ZERO, lots: [] };
    ledger.positions.set(asset, position);
  }
  return position;
}

function addUnits(ledger: PortfolioLedger, asset: string, lots: Lot[]): void {
  const position = positionOf(ledger, asset);
  for (const lot of lots) {
    if (lot.quantity.isZero()) continue;
    position.quantity = position.quantity.plus(lot.quantity);
    position.costBasis = position.costBasis.plus(lot.cost);
    if (ledger.costBasisMethod === 'average') {
      // The average method keeps one pool: every unit carries the same cost.
      const pool = position.lots[0];
      if (pool) {
        pool.quantity = pool.quantity.plus(lot.quantity);
        pool.cost = pool.cost.plus(lot.cost);
      } else {
        position.lots.push({ ...lot });
      }
    } else {
      // FIFO by acquisition time: carried-in lots older than ours go in front of them.
      let index = position.lots.length;
      while (index > 0 && position.lots[index - 1]!.acquiredAt.getTime() > lot.acquiredAt.getTime()) index--;
      position.lots.splice(index, 0, { ...lot });
    }
  }
}

/**
 * Removes units by the portfolio's cost basis method: the removed lots with their cost, and how many units that
 * was. A removal that leaves at most the dust threshold (or asks for up to that much more than held) closes the
 * position: everything held goes, so no unsellable remainder is left behind.
 */
function removeUnits(ledger: PortfolioLedger, asset: string, quantity: Dec): { lots: Lot[]; quantity: Dec } {
  const position = positionOf(ledger, asset);
  if (position.quantity.minus(quantity).lessThanOrEqualTo(DUST)) {
    const all = { lots: position.lots, quantity: position.quantity };
    position.lots = [];
    position.quantity = ZERO;
    position.costBasis = ZERO;
    return all;
  }
  const removed: Lot[] = [];
  let remaining = quantity;
  while (remaining.greaterThan(0)) {
    const lot = position.lots[0]!;
    if (lot.quantity.lessThanOrEqualTo(remaining)) {
      removed.push(position.lots.shift()!);
      remaining = remaining.minus(lot.quantity);
    } else {
      const cost = lot.cost.times(remaining).dividedBy(lot.quantity);
      removed.push({ quantity: remaining, cost, acquiredAt: lot.acquiredAt });
      lot.quantity = lot.quantity.minus(remaining);
      lot.cost = lot.cost.minus(cost);
      remaining = ZERO;
    }
  }
  position.quantity = position.quantity.minus(quantity);
  // Kept incrementally (summing every lot on each sale would make long FIFO histories quadratic).
  position.costBasis = position.costBasis.minus(totalCost(removed));
  return { lots: removed, quantity };
}

function totalCost(lots: Lot[]): Dec {
  if (lots.length === 1) return lots[0]!.cost;
  return lots.reduce((sum, lot) => sum.plus(lot.cost), ZERO);
}

/** What one transaction does, collected while it is applied (small arrays: a transaction touches 1-2 assets). */
class TransactionEffects {
  readonly quantityDeltas: Array<{ asset: string; delta: Dec }> = [];
  readonly flows: ExternalFlow[] = [];

  addDelta(asset: string, delta: Dec): void {
    const existing = this.quantityDeltas.find((d) => d.asset === asset);
    if (existing) existing.delta = existing.delta.plus(delta);
    else this.quantityDeltas.push({ asset, delta });
  }
}

/** Refuses the transaction before anything changes when it removes more of an asset than is held. */
function checkHoldings(ledger: PortfolioLedger, tx: LedgerTransaction, needed: Array<[string, Dec]>): void {
  for (let i = 0; i < needed.length; i++) {
    const [asset, quantity] = needed[i]!;
    let total = quantity;
    // The same asset may be needed twice (units sold + a fee in the same units).
    for (let j = i + 1; j < needed.length; j++) if (needed[j]![0] === asset) total = total.plus(needed[j]![1]);
    const held = ledger.positions.get(asset)?.quantity ?? ZERO;
    // Up to the dust threshold more than held is a rounding remainder of what is held: it closes the position.
    if (total.minus(held).greaterThan(DUST)) throw new InsufficientHoldingsError(tx.id, asset, tx.time, total, held);
  }
}

function disposeAtZero(ledger: PortfolioLedger, tx: LedgerTransaction, effects: TransactionEffects, asset: string, quantity: Dec): void {
  const removed = removeUnits(ledger, asset, quantity);
  recordRealized(ledger, tx, asset, removed.quantity, ZERO, totalCost(removed.lots));
  effects.addDelta(asset, removed.quantity.negated());
}

/** Linked-cash mode: takes money from the cash balance (valued at par; a cash lot bought below or above par realises the difference). */
function debitCash(ledger: PortfolioLedger, tx: LedgerTransaction, effects: TransactionEffects, amount: Dec): void {
  const cash = ledger.linkedCash!;
  const removed = removeUnits(ledger, cash, amount);
  const cost = totalCost(removed.lots);
  if (!cost.equals(removed.quantity)) recordRealized(ledger, tx, cash, removed.quantity, removed.quantity, cost);
  effects.addDelta(cash, removed.quantity.negated());
}

/** Linked-cash mode: adds money to the cash balance at par. */
function creditCash(ledger: PortfolioLedger, tx: LedgerTransaction, effects: TransactionEffects, amount: Dec): void {
  const cash = ledger.linkedCash!;
  addUnits(ledger, cash, [{ quantity: amount, cost: amount, acquiredAt: tx.time }]);
  effects.addDelta(cash, amount);
}

function applyTransaction(ledger: PortfolioLedger, tx: LedgerTransaction, linked: boolean, lotsInTransit: Map<string, Lot[]>): void {
  const fee = classifyFee(tx);
  const isInflow = INFLOW_TYPES.has(tx.type);
  const cashFeeAsset = tx.type === 'fee' && QUOTE_CURRENCIES.has(tx.asset.toUpperCase());
  const cashFee = fee.kind === 'cash' ? fee.amount : ZERO;
  const unitsFeeOnOwnAsset = fee.kind === 'units' && fee.asset === tx.asset ? fee.amount : ZERO;
  const cash = ledger.linkedCash;
  if (cash && (tx.type === 'buy' || tx.type === 'sell') && tx.asset === cash) {
    throw new InvalidTransactionError(tx.id, `${cash} is this portfolio's cash balance: record a deposit or a withdrawal of ${cash} instead of a ${tx.type}`);
  }

  // Check every disposal of this transaction before changing anything, so the error reports what was held.
  const needed: Array<[string, Dec]> = [];
  if (!isInflow && !cashFeeAsset) needed.push([tx.asset, tx.quantity]);
  if (fee.kind === 'units') {
    if (isInflow && fee.asset === tx.asset) {
      // A fee taken from the units received is netted from them, not drawn from the holdings.
      if (fee.amount.greaterThanOrEqualTo(tx.quantity)) {
        throw new InvalidTransactionError(tx.id, `The fee (${fee.amount.toFixed()} ${fee.asset}) must be smaller than the quantity received`);
      }
    } else {
      needed.push([fee.asset, fee.amount]);
    }
  }
  // Linked cash: what this transaction takes from the cash balance (a buy's cost, cash fees), net of cash it brings.
  let cashDebit = ZERO;
  if (cash) {
    const tradeValue = tx.quantity.times(tx.price);
    if (tx.type === 'buy') cashDebit = tradeValue.plus(cashFee);
    else if (tx.type === 'sell') cashDebit = cashFee.greaterThan(tradeValue) ? cashFee.minus(tradeValue) : ZERO;
    else cashDebit = cashFeeAsset ? tx.quantity.plus(cashFee) : cashFee;
    const incoming = isInflow && tx.asset === cash ? tx.quantity : ZERO;
    if (cashDebit.minus(incoming).greaterThan(0)) needed.push([cash, cashDebit.minus(incoming)]);
  }
  checkHoldings(ledger, tx, needed);

  const effects = new TransactionEffects();
  const flows = effects.flows;
  const payCashFee = (amount: Dec) => {
    if (cash) {
      ledger.cashFees = ledger.cashFees.plus(amount);
      debitCash(ledger, tx, effects, amount);
    } else {
      chargeCashFee(ledger, amount, flows);
    }
  };
  switch (tx.type) {
    case 'buy':
    case 'deposit':
    case 'income':
    case 'transfer_in': {
      // Fees on the way in are part of what the units cost (capitalised into the cost basis).
      const received = unitsFeeOnOwnAsset.isZero() ? tx.quantity : tx.quantity.minus(unitsFeeOnOwnAsset);
      const carried = tx.type === 'transfer_in' && linked ? lotsInTransit.get(tx.transferId!) : undefined;
      const paid = tx.quantity.times(tx.price).plus(cashFee);
      let lots: Lot[];
      if (carried) {
        lotsInTransit.delete(tx.transferId!);
        lots = scaleLots(carried, received, cashFee);
        ledger.carriedCosts.set(tx.id, totalCost(lots));
      } else {
        lots = [{ quantity: received, cost: paid, acquiredAt: tx.time }];
      }
      addUnits(ledger, tx.asset, lots);
      effects.addDelta(tx.asset, received);
      if (tx.type === 'buy') {
        // Linked cash: paid from the cash balance (an internal exchange); otherwise money brought in from outside.
        if (cash) debitCash(ledger, tx, effects, paid);
        else flows.push({ kind: 'cash', direction: 'in', amount: paid });
      } else {
        // Income is return, not money brought in; deposits and transfers bring in units at market value.
        if (tx.type !== 'income') flows.push({ kind: 'market', direction: 'in', asset: tx.asset, quantity: received });
        if (cashFee.greaterThan(0)) {
          // The fee is capitalised into the units' cost; with linked cash it is paid from the balance.
          if (cash) debitCash(ledger, tx, effects, cashFee);
          else flows.push({ kind: 'cash', direction: 'in', amount: cashFee });
        }
      }
      break;
    }
    case 'sell': {
      const removedQuantity = unitsFeeOnOwnAsset.isZero() ? tx.quantity : tx.quantity.plus(unitsFeeOnOwnAsset);
      const removed = removeUnits(ledger, tx.asset, removedQuantity);
      const proceeds = tx.quantity.times(tx.price).minus(cashFee);
      recordRealized(ledger, tx, tx.asset, removed.quantity, proceeds, totalCost(removed.lots));
      effects.addDelta(tx.asset, removed.quantity.negated());
      if (!cash) flows.push({ kind: 'cash', direction: 'out', amount: proceeds });
      else if (proceeds.greaterThan(0)) creditCash(ledger, tx, effects, proceeds);
      else if (proceeds.lessThan(0)) debitCash(ledger, tx, effects, proceeds.negated());
      break;
    }
    case 'withdraw':
    case 'transfer_out': {
      const removed = removeUnits(ledger, tx.asset, tx.quantity);
      if (tx.type === 'transfer_out' && linked) lotsInTransit.set(tx.transferId!, removed.lots);
      effects.addDelta(tx.asset, removed.quantity.negated());
      flows.push({ kind: 'market', direction: 'out', asset: tx.asset, quantity: tx.quantity });
      // Units consumed by a network fee are a disposal for nothing: their cost is a realised loss.
      if (unitsFeeOnOwnAsset.greaterThan(0)) disposeAtZero(ledger, tx, effects, tx.asset, unitsFeeOnOwnAsset);
      if (cashFee.greaterThan(0)) payCashFee(cashFee);
      break;
    }
    case 'fee': {
      if (cashFeeAsset) payCashFee(tx.quantity);
      else disposeAtZero(ledger, tx, effects, tx.asset, tx.quantity);
      if (unitsFeeOnOwnAsset.greaterThan(0)) disposeAtZero(ledger, tx, effects, tx.asset, unitsFeeOnOwnAsset);
      if (cashFee.greaterThan(0)) payCashFee(cashFee);
      break;
    }
  }
  // A fee paid in a third asset (e.g. BNB on Binance) consumes units of that asset for nothing.
  if (fee.kind === 'units' && fee.asset !== tx.asset) disposeAtZero(ledger, tx, effects, fee.asset, fee.amount);

  const trade = tx.type === 'buy' || tx.type === 'sell' ? { asset: tx.asset, price: tx.price } : undefined;
  ledger.events.push({ transactionId: tx.id, time: tx.time, quantityDeltas: effects.quantityDeltas, flows, trade });
}

/** Carried lots minus units lost on the way (proportionally), plus any cash fee paid on receipt. */
function scaleLots(carried: Lot[], received: Dec, cashFee: Dec): Lot[] {
  const sent = carried.reduce((sum, lot) => sum.plus(lot.quantity), ZERO);
  const ratio = sent.isZero() ? ZERO : received.dividedBy(sent);
  const lots = carried.map((lot) => ({ quantity: lot.quantity.times(ratio), cost: lot.cost, acquiredAt: lot.acquiredAt }));
  if (cashFee.greaterThan(0) && lots.length > 0) {
    const last = lots[lots.length - 1]!;
    last.cost = last.cost.plus(cashFee);
  }
  return lots;
}

function chargeCashFee(ledger: PortfolioLedger, amount: Dec, flows: ExternalFlow[]): void {
  ledger.cashFees = ledger.cashFees.plus(amount);
  // The investor pays the fee from outside the portfolio: money in that buys no value.
  flows.push({ kind: 'cash', direction: 'in', amount });
}

function recordRealized(ledger: PortfolioLedger, tx: LedgerTransaction, asset: string, quantity: Dec, proceeds: Dec, costBasis: Dec): void {
  const realizedPnl = proceeds.minus(costBasis);
  const position = positionOf(ledger, asset);
  position.realizedPnl = position.realizedPnl.plus(realizedPnl);
  ledger.realized.push({ transactionId: tx.id, time: tx.time, asset, quantity, proceeds, costBasis, realizedPnl });
}
