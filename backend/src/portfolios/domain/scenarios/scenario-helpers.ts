import { dec, formatDecimal, type Dec } from '../money';
import type { LedgerTransaction, TransactionType } from '../types';

let counter = 0;

/** Builds a ledger transaction from readable strings; used by the scenario specs only. */
export function tx(
  portfolioId: string,
  type: TransactionType,
  time: string,
  asset: string,
  quantity: string,
  price = '0',
  extra: { fee?: string; feeCurrency?: string; transferId?: string; id?: string } = {},
): LedgerTransaction {
  counter += 1;
  return {
    id: extra.id ?? `${type}-${counter}`,
    portfolioId,
    type,
    time: new Date(time),
    asset,
    quantity: dec(quantity),
    price: dec(price),
    feeAmount: extra.fee === undefined ? undefined : dec(extra.fee),
    feeCurrency: extra.feeCurrency,
    transferId: extra.transferId,
    sequence: counter,
  };
}

/** 8-decimal string, as the API prints it. */
export const s = (value: Dec | null | undefined): string | null => (value == null ? null : formatDecimal(value));

/** asset → day → {open, close} from compact rows `[day, open, close]`. */
export function priceTable(rows: Record<string, Array<[string, string, string]>>) {
  return new Map(
    Object.entries(rows).map(([asset, days]) => [asset, new Map(days.map(([day, open, close]) => [day, { open: Number(open), close: Number(close) }]))]),
  );
}
