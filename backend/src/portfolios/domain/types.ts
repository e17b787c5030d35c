import type { Dec } from './money';

export const TRANSACTION_TYPES = ['buy', 'sell', 'deposit', 'withdraw', 'transfer_in', 'transfer_out', 'fee', 'income'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const COST_BASIS_METHODS = ['average', 'fifo'] as const;
export type CostBasisMethod = (typeof COST_BASIS_METHODS)[number];

/** off: each trade is paid from / paid out to outside the portfolio. linked: trades debit and credit a cash balance in the base currency. */
export const CASH_MODES = ['off', 'linked'] as const;
export type CashMode = (typeof CASH_MODES)[number];

export const BASE_CURRENCIES = ['USD', 'USDT'] as const;
export type BaseCurrency = (typeof BASE_CURRENCIES)[number];

/**
 * Currencies treated as "cash" (the quote side of every tracked market, valued 1:1 to the base currency).
 * A fee paid in one of these is a plain money cost; a fee paid in anything else consumes units of that asset.
 */
export const QUOTE_CURRENCIES: ReadonlySet<string> = new Set(['USD', 'USDT']);

/** A transaction as the calculators see it: already validated, amounts as decimals. */
export interface LedgerTransaction {
  id: string;
  portfolioId: string;
  type: TransactionType;
  time: Date;
  /** Asset symbol, e.g. "BTC". For a `fee` transaction it may be a quote currency (a cash fee). */
  asset: string;
  /** Always positive. */
  quantity: Dec;
  /**
   * Unit price in the quote currency. buy/sell: the trade price. deposit and external transfer_in: the cost
   * basis per unit brought in. income: 0 (zero cost) or the market price at receipt (cost basis = market value).
   * Ignored for withdraw, transfer_out, fee and linked transfer_in (whose cost is carried from the source).
   */
  price: Dec;
  feeAmount?: Dec;
  feeCurrency?: string;
  /** Shared by the two sides of a transfer between own portfolios. */
  transferId?: string;
  /** Tie-breaker for transactions with the same time (e.g. creation order or CSV line). */
  sequence?: number;
}

/** A block of units with its total cost, used for FIFO (and as the single pool of the average method). */
export interface Lot {
  quantity: Dec;
  cost: Dec;
  acquiredAt: Date;
}

/** Realised P&L of one disposal (a sale, or units consumed by a fee). */
export interface RealizedEvent {
  transactionId: string;
  time: Date;
  asset: string;
  quantity: Dec;
  proceeds: Dec;
  costBasis: Dec;
  realizedPnl: Dec;
}

/**
 * An external flow of value into (+) or out of (-) a portfolio, as the performance calculators need it.
 * `cash` flows have a known money amount (trades, cash fees); `market` flows (deposits, withdrawals, transfers)
 * are valued at the day's market price: inflows at the open, outflows at the close.
 */
export type ExternalFlow = { kind: 'cash'; direction: 'in' | 'out'; amount: Dec } | { kind: 'market'; direction: 'in' | 'out'; asset: string; quantity: Dec };

/** What one transaction did to a portfolio: quantity changes per asset and the external flows it caused. */
export interface LedgerEvent {
  transactionId: string;
  time: Date;
  quantityDeltas: Array<{ asset: string; delta: Dec }>;
  flows: ExternalFlow[];
  /** A buy or sell is a market price observation: it values the asset on days without a stored candle. */
  trade?: { asset: string; price: Dec };
}

export interface AssetPosition {
  asset: string;
  quantity: Dec;
  costBasis: Dec;
  realizedPnl: Dec;
  lots: Lot[];
}
