/**
 * The port to an exchange's private (account) API: what a sync reads, in the exchange's own terms. The ccxt
 * adapter (ccxt-exchange.client.ts) implements it; the sync service never sees ccxt.
 */

export interface ExchangeCredentials {
  apiKey: string;
  secret: string;
}

/** A fill of the account, as the exchange reports it. */
export interface ExchangeTrade {
  /** The exchange's trade id (unique per symbol on Binance). */
  id: string;
  /** ccxt unified symbol, e.g. BTC/USDT. */
  symbol: string;
  side: 'buy' | 'sell';
  /** Base-asset amount, decimal string. */
  amount: string;
  /** Unit price in the quote currency, decimal string. */
  price: string;
  feeCost: string | null;
  feeCurrency: string | null;
  /** Epoch ms. */
  timestamp: number;
}

/** A completed deposit or withdrawal. */
export interface ExchangeTransfer {
  id: string;
  kind: 'deposit' | 'withdrawal';
  currency: string;
  amount: string;
  feeCost: string | null;
  /** Epoch ms. */
  timestamp: number;
}

/** What a key may do, where the exchange says so. */
export interface KeyPermissions {
  reading: boolean;
  /** Permissions that go beyond reading, in words for people (e.g. "spot and margin trading"). */
  beyondReading: string[];
}

export interface ExchangeAccountClient {
  /** The key's permissions, or null when this exchange does not expose them. */
  permissions(): Promise<KeyPermissions | null>;
  /** Trades of one symbol with id >= fromId (oldest first), at most `limit`. */
  tradesFrom(symbol: string, fromId: string | undefined, limit: number): Promise<ExchangeTrade[]>;
  /** Completed deposits at or after `since` (epoch ms; undefined = as far back as the exchange answers), oldest first. */
  deposits(since: number | undefined): Promise<ExchangeTransfer[]>;
  withdrawals(since: number | undefined): Promise<ExchangeTransfer[]>;
  /** The symbols this exchange lists (loads markets once). */
  symbols(): Promise<Set<string>>;
}

export const EXCHANGE_CLIENTS = Symbol('EXCHANGE_CLIENTS');

export interface ExchangeClientFactory {
  /** Exchanges that can be connected (ccxt ids). */
  readonly supported: readonly string[];
  create(exchange: string, credentials: ExchangeCredentials): ExchangeAccountClient;
}

/** The exchange refused the key itself (revoked, expired, wrong, or not allowed from this address). */
export class KeyRejectedError extends Error {}

/** The exchange could not be reached or answered with an error that is not about the key. */
export class ExchangeUnavailableError extends Error {}
