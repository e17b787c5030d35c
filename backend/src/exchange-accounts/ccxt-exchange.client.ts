import * as ccxt from 'ccxt';
import { toDecimalString } from '../markets/decimal-format';
import {
  ExchangeAccountClient,
  ExchangeClientFactory,
  ExchangeCredentials,
  ExchangeTrade,
  ExchangeTransfer,
  ExchangeUnavailableError,
  KeyPermissions,
  KeyRejectedError,
} from './exchange-client';

export interface CcxtAccountOptions {
  timeoutMs: number;
  /** Replaces the origin of every REST base of the exchange (tests point ccxt at a loopback fake exchange). */
  apiOrigin?: string;
}

type ExchangeConstructor = new (config: Record<string, unknown>) => ccxt.Exchange;

/** Binance error codes that are about the key: -2014 bad key format, -2015 invalid/revoked key or IP, -1022 bad signature (wrong secret). */
const KEY_ERROR_CODES = /"code"\s*:\s*-(2014|2015|1022)\b/;

/** Binance's `sapi/v1/account/apiRestrictions` flags that go beyond reading, in words for people. */
const BINANCE_FLAGS: Array<[string, string]> = [
  ['enableSpotAndMarginTrading', 'spot and margin trading'],
  ['enableWithdrawals', 'withdrawals'],
  ['enableInternalTransfer', 'internal transfers'],
  ['permitsUniversalTransfer', 'universal transfers'],
  ['enableMargin', 'margin loans'],
  ['enableFutures', 'futures'],
  ['enableVanillaOptions', 'options'],
];

/** Binance answers deposit and withdrawal history for at most 90 days per request, from its launch on. */
const BINANCE_WINDOW_MS = 90 * 86_400_000;
export const BINANCE_HISTORY_START = Date.UTC(2017, 6, 1);

function decimalOf(raw: unknown, fallback: number | undefined): string {
  if (typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw)) return raw;
  return toDecimalString(fallback ?? 0);
}

/** One account on one exchange through ccxt's private API. Errors come out as KeyRejectedError or ExchangeUnavailableError. */
export class CcxtAccountClient implements ExchangeAccountClient {
  private readonly client: ccxt.Exchange;
  private marketsLoaded?: Promise<unknown>;

  constructor(
    private readonly exchange: string,
    credentials: ExchangeCredentials,
    options: CcxtAccountOptions,
  ) {
    const ExchangeClass = (ccxt as unknown as Record<string, unknown>)[exchange];
    if (typeof ExchangeClass !== 'function' || !(ExchangeClass.prototype instanceof ccxt.Exchange)) throw new Error(`Unknown ccxt exchange id "${exchange}"`);
    this.client = new (ExchangeClass as ExchangeConstructor)({
      apiKey: credentials.apiKey,
      secret: credentials.secret,
      enableRateLimit: true,
      timeout: options.timeoutMs,
      // Spot only; with a key, Binance's loadMarkets would also call margin-pair and wallet endpoints a sync never needs.
      options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false },
    });
    if (options.apiOrigin) {
      const origin = new URL(options.apiOrigin).origin;
      const api = this.client.urls['api'] as Record<string, unknown>;
      for (const [name, value] of Object.entries(api)) {
        if (typeof value === 'string') api[name] = origin + new URL(value).pathname;
      }
    }
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw translate(error);
    }
  }

  private loadMarkets(): Promise<unknown> {
    this.marketsLoaded ??= this.call(() => this.client.loadMarkets()).catch((error: unknown) => {
      this.marketsLoaded = undefined;
      throw error;
    });
    return this.marketsLoaded;
  }

  async symbols(): Promise<Set<string>> {
    await this.loadMarkets();
    return new Set(this.client.symbols);
  }

  async permissions(): Promise<KeyPermissions | null> {
    if (this.exchange !== 'binance') return null;
    const client = this.client as unknown as { sapiGetAccountApiRestrictions(params?: object): Promise<Record<string, unknown>> };
    const flags = await this.call(() => client.sapiGetAccountApiRestrictions());
    return {
      reading: flags['enableReading'] === true,
      beyondReading: BINANCE_FLAGS.filter(([flag]) => flags[flag] === true).map(([, words]) => words),
    };
  }

  async tradesFrom(symbol: string, fromId: string | undefined, limit: number): Promise<ExchangeTrade[]> {
    await this.loadMarkets();
    const trades = await this.call(() => this.client.fetchMyTrades(symbol, undefined, limit, fromId !== undefined ? { fromId } : {}));
    return trades.map((trade) => {
      const info = (trade.info ?? {}) as Record<string, unknown>;
      return {
        id: String(trade.id),
        symbol: trade.symbol ?? symbol,
        side: trade.side === 'sell' ? 'sell' : 'buy',
        amount: decimalOf(info['qty'], trade.amount),
        price: decimalOf(info['price'], trade.price),
        feeCost: trade.fee?.cost !== undefined ? decimalOf(info['commission'], trade.fee.cost) : null,
        feeCurrency: trade.fee?.currency ?? null,
        timestamp: trade.timestamp ?? 0,
      };
    });
  }

  deposits(since: number | undefined): Promise<ExchangeTransfer[]> {
    return this.transfers('deposit', since);
  }

  withdrawals(since: number | undefined): Promise<ExchangeTransfer[]> {
    return this.transfers('withdrawal', since);
  }

  private async transfers(kind: 'deposit' | 'withdrawal', since: number | undefined): Promise<ExchangeTransfer[]> {
    await this.loadMarkets();
    const fetch = (from: number | undefined, until?: number) =>
      this.call(() =>
        kind === 'deposit'
          ? this.client.fetchDeposits(undefined, from, undefined, until !== undefined ? { until } : {})
          : this.client.fetchWithdrawals(undefined, from, undefined, until !== undefined ? { until } : {}),
      );
    let rows: ccxt.Transaction[] = [];
    if (this.exchange === 'binance') {
      // Walk the history in 90-day windows (a first sync reads it from the start, a later one from its cursor).
      const now = Date.now();
      for (let from = since ?? BINANCE_HISTORY_START; from <= now; from += BINANCE_WINDOW_MS) {
        rows = rows.concat(await fetch(from, Math.min(from + BINANCE_WINDOW_MS - 1, now)));
      }
    } else {
      rows = await fetch(since);
    }
    return rows
      .filter((row) => row.status === 'ok' && row.id !== undefined && row.timestamp !== undefined)
      .map((row) => {
        const info = (row.info ?? {}) as Record<string, unknown>;
        return {
          id: String(row.id),
          kind,
          currency: row.currency ?? '',
          amount: decimalOf(info['amount'], row.amount),
          feeCost: row.fee?.cost ? decimalOf(info['transactionFee'], row.fee.cost) : null,
          timestamp: row.timestamp!,
        };
      })
      .sort((a, b) => a.timestamp - b.timestamp);
  }
}

/** ccxt's errors as the port's: about the key, or about the exchange. Messages never carry the secret (ccxt signs, it does not echo). */
export function translate(error: unknown): Error {
  if (error instanceof KeyRejectedError || error instanceof ExchangeUnavailableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ccxt.AuthenticationError || error instanceof ccxt.PermissionDenied || KEY_ERROR_CODES.test(message)) {
    return new KeyRejectedError(message.slice(0, 300), { cause: error });
  }
  return new ExchangeUnavailableError(message.slice(0, 300), { cause: error });
}

export class CcxtExchangeClientFactory implements ExchangeClientFactory {
  readonly supported = ['binance'] as const;

  constructor(private readonly options: CcxtAccountOptions) {}

  create(exchange: string, credentials: ExchangeCredentials): ExchangeAccountClient {
    return new CcxtAccountClient(exchange, credentials, this.options);
  }
}
