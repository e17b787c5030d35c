// Pure validation for the transaction form, run before the API call. The API stays the
// authority: its `details` are mapped back onto fields by fieldErrorsFromApi.
import type { Transaction, TransactionInput, TransactionType } from '../api/portfolios';

export interface TransactionDraft {
  type: TransactionType;
  time: string; // datetime-local value
  asset: string;
  quantity: string;
  price: string;
  feeAmount: string;
  feeCurrency: string;
  note: string;
  counterpartyPortfolioId: string;
}

export type TransactionField = keyof TransactionDraft;
export type FieldErrors = Partial<Record<TransactionField, string>>;

const DECIMAL = /^\d+(\.\d+)?$/;

/** Types that move value in exchange for a price (the rest are priced at market by the server if 0). */
/** What each transaction type is called on the page (the form's choices and the transactions list). */
export const TRANSACTION_TYPE_LABELS: Record<TransactionType, string> = {
  buy: 'Buy',
  sell: 'Sell',
  deposit: 'Deposit',
  withdraw: 'Withdraw',
  transfer_in: 'Transfer in',
  transfer_out: 'Transfer out',
  fee: 'Fee',
  income: 'Income (staking, interest)',
};

export const PRICED_TYPES: readonly TransactionType[] = ['buy', 'sell'];
export const TRANSFER_TYPES: readonly TransactionType[] = ['transfer_in', 'transfer_out'];

export function validateTransaction(draft: TransactionDraft, now: Date = new Date()): FieldErrors {
  const errors: FieldErrors = {};
  if (!/^[A-Z0-9]{2,12}$/.test(draft.asset.trim().toUpperCase())) errors.asset = 'Enter a coin ticker such as BTC.';
  if (!DECIMAL.test(draft.quantity.trim())) errors.quantity = 'Enter a number such as 0.5 (use a dot for decimals).';
  else if (Number(draft.quantity) <= 0) errors.quantity = 'Quantity must be more than zero.';
  if (PRICED_TYPES.includes(draft.type)) {
    if (!DECIMAL.test(draft.price.trim())) errors.price = 'Enter the price per coin, such as 43000.';
    else if (Number(draft.price) <= 0) errors.price = 'Price must be more than zero.';
  } else if (draft.price.trim() && !DECIMAL.test(draft.price.trim())) {
    errors.price = 'Enter a number or leave it empty.';
  }
  const time = new Date(draft.time);
  if (!draft.time || Number.isNaN(time.getTime())) errors.time = 'Enter the date and time of the transaction.';
  else if (time.getTime() > now.getTime() + 60_000) errors.time = 'The time cannot be in the future.';
  if (draft.feeAmount.trim()) {
    if (!DECIMAL.test(draft.feeAmount.trim())) errors.feeAmount = 'Enter the fee as a number.';
    else if (!draft.feeCurrency.trim()) errors.feeCurrency = 'Which currency was the fee paid in?';
  }
  if (TRANSFER_TYPES.includes(draft.type) && !draft.counterpartyPortfolioId)
    errors.counterpartyPortfolioId = 'Choose the portfolio on the other side of the transfer.';
  return errors;
}

export function toTransactionInput(draft: TransactionDraft): TransactionInput {
  const input: TransactionInput = {
    type: draft.type,
    time: new Date(draft.time).toISOString(),
    asset: draft.asset.trim().toUpperCase(),
    quantity: draft.quantity.trim(),
  };
  if (draft.price.trim()) input.price = draft.price.trim();
  if (draft.feeAmount.trim()) {
    input.feeAmount = draft.feeAmount.trim();
    input.feeCurrency = draft.feeCurrency.trim().toUpperCase();
  }
  if (draft.note.trim()) input.note = draft.note.trim();
  if (TRANSFER_TYPES.includes(draft.type) && draft.counterpartyPortfolioId) input.counterpartyPortfolioId = draft.counterpartyPortfolioId;
  return input;
}

/** A datetime-local value ("2026-01-02T15:04") in the user's time zone. */
export function toLocalInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function emptyDraft(now: Date = new Date()): TransactionDraft {
  return {
    type: 'buy',
    time: toLocalInputValue(now),
    asset: 'BTC',
    quantity: '',
    price: '',
    feeAmount: '',
    feeCurrency: '',
    note: '',
    counterpartyPortfolioId: '',
  };
}

export function draftFromTransaction(tx: TransactionInput | Transaction): TransactionDraft {
  return {
    type: tx.type,
    time: toLocalInputValue(new Date(tx.time)),
    asset: tx.asset,
    quantity: tx.quantity,
    price: tx.price ?? '',
    feeAmount: tx.feeAmount ?? '',
    feeCurrency: tx.feeCurrency ?? '',
    note: tx.note ?? '',
    counterpartyPortfolioId: tx.counterpartyPortfolioId ?? '',
  };
}

/**
 * Maps API validation details ("quantity must be a positive decimal string") onto form fields
 * by their leading property name; anything unmatched stays in the form-level message.
 */
export function fieldErrorsFromApi(details: readonly string[]): { fields: FieldErrors; other: string[] } {
  const known: TransactionField[] = ['type', 'time', 'asset', 'quantity', 'price', 'feeAmount', 'feeCurrency', 'note', 'counterpartyPortfolioId'];
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const detail of details) {
    const field = known.find((name) => detail.startsWith(`${name} `) || detail.startsWith(`${name}:`));
    if (field && !fields[field]) fields[field] = detail;
    else other.push(detail);
  }
  return { fields, other };
}
