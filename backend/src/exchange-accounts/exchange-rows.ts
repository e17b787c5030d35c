import { QUOTE_CURRENCIES } from '../portfolios/domain/types';
import type { ExternalRow } from '../portfolios/portfolio-import.service';
import type { ExchangeTrade, ExchangeTransfer } from './exchange-client';

/**
 * Pure mapping of what an exchange reports to proposed portfolio transactions. No Nest, no database: tested
 * directly. Each row keeps the exchange's id as its key, so a repeated sync proposes the same keys again.
 */

export interface MappedRows {
  rows: ExternalRow[];
  /** Rows that cannot become a transaction at all, and why (the ledger judges the rest). */
  unusable: Array<{ key: string; what: string; reason: string; time: number }>;
}

const positive = (value: string | null): value is string => value !== null && /[1-9]/.test(value);

export function tradeKey(trade: Pick<ExchangeTrade, 'symbol' | 'id'>): string {
  return `trade:${trade.symbol}:${trade.id}`;
}

export function transferKey(transfer: Pick<ExchangeTransfer, 'kind' | 'id'>): string {
  return `${transfer.kind}:${transfer.id}`;
}

/** "buy of 0.5 BTC", "deposit of 100 USDT": what a row was, for the sync log. */
export function describeRow(row: Pick<ExternalRow, 'type' | 'quantity' | 'asset'>): string {
  const words: Record<string, string> = { buy: 'Buy', sell: 'Sale', deposit: 'Deposit', withdraw: 'Withdrawal' };
  return `${words[row.type] ?? row.type} of ${row.quantity} ${row.asset}`;
}

/**
 * Trades against USD or USDT become buys and sales of the base asset at the trade price (the fee in whatever
 * currency the exchange charged it). A trade against another coin (ETH/BTC) has no price in the portfolio's
 * currency, so it is reported as unusable rather than recorded at a wrong price.
 */
export function tradeRows(exchangeName: string, trades: ExchangeTrade[]): MappedRows {
  const result: MappedRows = { rows: [], unusable: [] };
  for (const trade of trades) {
    const [base, quote] = trade.symbol.split('/');
    const key = tradeKey(trade);
    if (!base || !quote || !QUOTE_CURRENCIES.has(quote)) {
      result.unusable.push({
        key,
        what: `${trade.side === 'buy' ? 'Buy' : 'Sale'} of ${trade.amount} ${base ?? trade.symbol} for ${quote ?? '?'}`,
        reason: `priced in ${quote ?? 'an unknown currency'}: only trades against ${[...QUOTE_CURRENCIES].join(' or ')} can be recorded`,
        time: trade.timestamp,
      });
      continue;
    }
    const fee =
      positive(trade.feeCost) && trade.feeCurrency ? { feeAmount: trade.feeCost, feeCurrency: trade.feeCurrency } : { feeAmount: null, feeCurrency: null };
    result.rows.push({
      key,
      type: trade.side,
      time: new Date(trade.timestamp),
      asset: base,
      quantity: trade.amount,
      price: trade.price,
      ...fee,
      note: `${exchangeName} trade ${trade.id}`,
    });
  }
  return result;
}

/**
 * Deposits and withdrawals of a coin. A deposit's cost basis is unknown to the exchange: `priceOf` gives the
 * coin's price on that day (its daily close), else it is recorded at zero cost and the note says so.
 */
export function transferRows(exchangeName: string, transfers: ExchangeTransfer[], priceOf: (asset: string, time: number) => string | undefined): MappedRows {
  const result: MappedRows = { rows: [], unusable: [] };
  for (const transfer of transfers) {
    const key = transferKey(transfer);
    if (transfer.kind === 'deposit') {
      const price = priceOf(transfer.currency, transfer.timestamp);
      result.rows.push({
        key,
        type: 'deposit',
        time: new Date(transfer.timestamp),
        asset: transfer.currency,
        quantity: transfer.amount,
        price: price ?? '0',
        feeAmount: null,
        feeCurrency: null,
        note: price
          ? `${exchangeName} deposit ${transfer.id} (cost basis: that day's closing price)`
          : `${exchangeName} deposit ${transfer.id} (cost basis unknown: recorded at zero)`,
      });
    } else {
      const fee = positive(transfer.feeCost) ? { feeAmount: transfer.feeCost, feeCurrency: transfer.currency } : { feeAmount: null, feeCurrency: null };
      result.rows.push({
        key,
        type: 'withdraw',
        time: new Date(transfer.timestamp),
        asset: transfer.currency,
        quantity: transfer.amount,
        price: '0',
        ...fee,
        note: `${exchangeName} withdrawal ${transfer.id}`,
      });
    }
  }
  return result;
}

/** The next trade id to ask for after `ids` (Binance's ids are integers; fromId is inclusive). */
export function nextTradeId(ids: string[], current: string | undefined): string | undefined {
  let best = current !== undefined ? BigInt(current) : undefined;
  for (const id of ids) {
    if (!/^\d+$/.test(id)) continue;
    const next = BigInt(id) + 1n;
    if (best === undefined || next > best) best = next;
  }
  return best?.toString();
}
