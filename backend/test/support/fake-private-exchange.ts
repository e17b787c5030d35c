import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A loopback fake of Binance's private (account) REST API: the endpoints ccxt's binance class calls for
 * fetchMyTrades, fetchDeposits, fetchWithdrawals and the key's API restrictions, plus the exchangeInfo its
 * loadMarkets needs. Every private request is checked the way Binance checks it — X-MBX-APIKEY names a known key,
 * `signature` is the HMAC-SHA256 (hex) of the query string before it with that key's secret, and `timestamp` lies
 * within `recvWindow` of the server clock — and refused with Binance's error codes otherwise.
 */

export interface FakeKey {
  secret: string;
  /** apiRestrictions flags set to true besides enableReading, e.g. enableSpotAndMarginTrading. */
  permissions?: string[];
  revoked?: boolean;
}

export interface FakeTrade {
  symbol: string;
  id: number;
  price: string;
  qty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
}

export interface FakeTransfer {
  id: string;
  coin: string;
  amount: string;
  /** Epoch ms. */
  time: number;
  fee?: string;
}

export interface FakePrivateExchange {
  /** The origin to give the sync (EXCHANGE_ACCOUNTS_API_URL), e.g. http://127.0.0.1:41234. */
  readonly origin: string;
  /** Every request as `METHOD path`, in order. */
  readonly requests: string[];
  /** Private requests refused, with the reason (bad signature, unknown key, stale timestamp, …). */
  readonly refusals: string[];
  /** Raw query strings and headers of private requests (for tests that check nothing secret travels). */
  readonly rawRequests: Array<{ url: string; headers: http.IncomingHttpHeaders }>;
  setKey(apiKey: string, key: FakeKey): void;
  /** While on, every private request is answered 503 (Binance's -1001 internal error). */
  setOutage(on: boolean): void;
  addTrades(apiKey: string, trades: FakeTrade[]): void;
  addDeposits(apiKey: string, deposits: FakeTransfer[]): void;
  addWithdrawals(apiKey: string, withdrawals: FakeTransfer[]): void;
  close(): Promise<void>;
}

interface Account {
  key: FakeKey;
  trades: FakeTrade[];
  deposits: FakeTransfer[];
  withdrawals: FakeTransfer[];
}

function symbolInfo(symbol: string, base: string, quote: string): Record<string, unknown> {
  return {
    symbol,
    status: 'TRADING',
    baseAsset: base,
    baseAssetPrecision: 8,
    quoteAsset: quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'MARKET'],
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.00000001', maxPrice: '1000000.00000000', tickSize: '0.00000001' },
      { filterType: 'LOT_SIZE', minQty: '0.00000001', maxQty: '9000000.00000000', stepSize: '0.00000001' },
    ],
    permissions: ['SPOT'],
    permissionSets: [['SPOT']],
  };
}

/** Binance's deposit/withdrawal history: at most 90 days per request, the last 90 days without a start. */
const WINDOW_MS = 90 * 86_400_000;

const utcSeconds = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export async function startFakePrivateExchange(options: { pairs?: Array<[string, string]>; clock?: () => number } = {}): Promise<FakePrivateExchange> {
  const pairs = options.pairs ?? [
    ['BTC', 'USDT'],
    ['ETH', 'USDT'],
    ['ETH', 'BTC'],
  ];
  const clock = options.clock ?? Date.now;
  const accounts = new Map<string, Account>();
  let outage = false;
  const requests: string[] = [];
  const refusals: string[] = [];
  const rawRequests: FakePrivateExchange['rawRequests'] = [];
  const account = (apiKey: string): Account => {
    const found = accounts.get(apiKey);
    if (!found) throw new Error(`fake exchange: no key ${apiKey}`);
    return found;
  };

  const send = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  /** Binance's checks of a SIGNED endpoint; the account on success, else the refusal already sent. */
  const authenticate = (req: http.IncomingMessage, res: http.ServerResponse, rawQuery: string): Account | undefined => {
    const refuse = (status: number, code: number, msg: string, reason: string): undefined => {
      refusals.push(reason);
      send(res, status, { code, msg });
      return undefined;
    };
    const apiKey = req.headers['x-mbx-apikey'];
    if (typeof apiKey !== 'string' || apiKey === '') return refuse(401, -2014, 'API-key format invalid.', 'no X-MBX-APIKEY header');
    const found = accounts.get(apiKey);
    if (!found || found.key.revoked) return refuse(401, -2015, 'Invalid API-key, IP, or permissions for action.', found ? 'revoked key' : 'unknown key');
    const at = rawQuery.lastIndexOf('signature=');
    if (at < 0 || (at > 0 && rawQuery[at - 1] !== '&')) return refuse(400, -1102, "Mandatory parameter 'signature' was not sent.", 'no signature');
    const signed = rawQuery.slice(0, Math.max(0, at - 1));
    const signature = rawQuery.slice(at + 'signature='.length);
    const expected = createHmac('sha256', found.key.secret).update(signed).digest('hex');
    if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
      return refuse(400, -1022, 'Signature for this request is not valid.', 'bad signature');
    }
    const params = new URLSearchParams(signed);
    const timestamp = Number(params.get('timestamp'));
    const recvWindow = Number(params.get('recvWindow') ?? 5_000);
    if (!Number.isFinite(timestamp) || !params.has('timestamp')) return refuse(400, -1102, "Mandatory parameter 'timestamp' was not sent.", 'no timestamp');
    if (!(recvWindow > 0 && recvWindow <= 60_000)) return refuse(400, -1131, 'recvWindow must be less than 60000', 'bad recvWindow');
    const now = clock();
    if (timestamp > now + 1_000 || now - timestamp > recvWindow) {
      return refuse(400, -1021, 'Timestamp for this request is outside of the recvWindow.', 'stale timestamp');
    }
    return found;
  };

  const server = http.createServer((req, res) => {
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://127.0.0.1');
    const rawQuery = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '';
    requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname === '/api/v3/exchangeInfo') {
      return send(res, 200, {
        timezone: 'UTC',
        serverTime: clock(),
        rateLimits: [],
        exchangeFilters: [],
        symbols: pairs.map(([base, quote]) => symbolInfo(`${base}${quote}`, base, quote)),
      });
    }
    if (url.pathname === '/api/v3/ping') return send(res, 200, {});
    if (url.pathname === '/api/v3/time') return send(res, 200, { serverTime: clock() });
    rawRequests.push({ url: rawUrl, headers: req.headers });
    if (outage) return send(res, 503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
    const found = authenticate(req, res, rawQuery);
    if (!found) return;
    const params = url.searchParams;
    switch (url.pathname) {
      case '/sapi/v1/account/apiRestrictions': {
        const flags: Record<string, unknown> = {
          ipRestrict: false,
          createTime: clock() - 86_400_000,
          enableReading: true,
          enableWithdrawals: false,
          enableInternalTransfer: false,
          permitsUniversalTransfer: false,
          enableVanillaOptions: false,
          enableSpotAndMarginTrading: false,
          enableFutures: false,
          enableMargin: false,
          enablePortfolioMarginTrading: false,
        };
        for (const flag of found.key.permissions ?? []) flags[flag] = true;
        return send(res, 200, flags);
      }
      case '/api/v3/myTrades': {
        const symbol = params.get('symbol');
        if (!symbol) return send(res, 400, { code: -1102, msg: "Mandatory parameter 'symbol' was not sent." });
        const limit = Math.min(1000, Number(params.get('limit') ?? 500));
        const fromId = params.get('fromId');
        const mine = found.trades.filter((trade) => trade.symbol === symbol).sort((a, b) => a.id - b.id);
        const page = fromId !== null ? mine.filter((trade) => trade.id >= Number(fromId)).slice(0, limit) : mine.slice(-limit);
        return send(
          res,
          200,
          page.map((trade) => ({
            ...trade,
            orderId: trade.id * 10,
            orderListId: -1,
            quoteQty: (Number(trade.price) * Number(trade.qty)).toFixed(8),
            isMaker: false,
            isBestMatch: true,
          })),
        );
      }
      case '/sapi/v1/capital/deposit/hisrec': {
        const since = Number(params.get('startTime') ?? clock() - WINDOW_MS);
        const until = Number(params.get('endTime') ?? since + WINDOW_MS);
        if (until - since > WINDOW_MS) return send(res, 400, { code: -1127, msg: 'More than 90 days between startTime and endTime.' });
        return send(
          res,
          200,
          found.deposits
            .filter((row) => row.time >= since && row.time <= until)
            .map((row) => ({
              id: row.id,
              amount: row.amount,
              coin: row.coin,
              network: row.coin,
              status: 1,
              address: 'fake-address',
              addressTag: '',
              txId: `tx-${row.id}`,
              insertTime: row.time,
              transferType: 0,
              confirmTimes: '12/12',
              unlockConfirm: 0,
              walletType: 0,
            })),
        );
      }
      case '/sapi/v1/capital/withdraw/history': {
        const since = Number(params.get('startTime') ?? clock() - WINDOW_MS);
        const until = Number(params.get('endTime') ?? since + WINDOW_MS);
        if (until - since > WINDOW_MS) return send(res, 400, { code: -1127, msg: 'More than 90 days between startTime and endTime.' });
        const seconds = (row: FakeTransfer) => Math.floor(row.time / 1000) * 1000;
        return send(
          res,
          200,
          found.withdrawals
            .filter((row) => seconds(row) >= since && seconds(row) <= until)
            .map((row) => ({
              id: row.id,
              amount: row.amount,
              transactionFee: row.fee ?? '0',
              coin: row.coin,
              status: 6,
              address: 'fake-address',
              txId: `tx-${row.id}`,
              applyTime: utcSeconds(row.time),
              network: row.coin,
              transferType: 0,
              completeTime: utcSeconds(row.time),
            })),
        );
      }
      default:
        return send(res, 404, { code: -1, msg: `fake exchange: no route ${url.pathname}` });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    refusals,
    rawRequests,
    setOutage: (on) => {
      outage = on;
    },
    setKey: (apiKey, key) => {
      const existing = accounts.get(apiKey);
      if (existing) existing.key = key;
      else accounts.set(apiKey, { key, trades: [], deposits: [], withdrawals: [] });
    },
    addTrades: (apiKey, trades) => account(apiKey).trades.push(...trades),
    addDeposits: (apiKey, rows) => account(apiKey).deposits.push(...rows),
    addWithdrawals: (apiKey, rows) => account(apiKey).withdrawals.push(...rows),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
