/**
 * First sync of an exchange account with 10,000 trades (5,000 each on BTC/USDT and ETH/USDT, a year of history)
 * plus a few transfers: the real ccxt binance client against the loopback fake of Binance's private API (every
 * request signed and checked), paging 1,000 trades per request, then the import into the portfolio ledger. Then a
 * repeated sync (nothing new: one request per symbol). PGlite in memory by default; PostgreSQL when DATABASE_URL is set.
 *
 *   npm run bench -w backend -- exchange-sync      (or: cd backend && node -r @swc-node/register bench/exchange-sync.bench.ts)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createApp, loadConfig } from '../src/bootstrap';
import { CcxtAccountClient } from '../src/exchange-accounts/ccxt-exchange.client';
import { ExchangeAccountsService, TRADE_PAGE } from '../src/exchange-accounts/exchange-accounts.service';
import { startFakePrivateExchange, type FakeTrade } from '../test/support/fake-private-exchange';

const TRADES = Number(process.env.BENCH_TRADES ?? 10_000);
const DAY = 86_400_000;

function trades(count: number, start: number): FakeTrade[] {
  const rows: FakeTrade[] = [];
  const symbols = [
    ['BTCUSDT', 40_000],
    ['ETHUSDT', 2_000],
  ] as const;
  for (let i = 0; i < count; i++) {
    const [symbol, price] = symbols[i % 2]!;
    // Every fourth trade of a symbol sells half of what the three before it bought: never more than held.
    const sell = Math.floor(i / 2) % 4 === 3;
    rows.push({
      symbol,
      id: 1_000 + i,
      price: (price * (1 + 0.1 * Math.sin(i / 500))).toFixed(2),
      qty: sell ? '0.015' : '0.01',
      commission: '0.01',
      commissionAsset: 'USDT',
      time: start + Math.floor((i * 365 * DAY) / count),
      isBuyer: !sell,
    });
  }
  return rows;
}

async function main(): Promise<void> {
  const fake = await startFakePrivateExchange();
  fake.setKey('bench-key', { secret: 'bench-secret-0123456789' });
  const start = Date.now() - 366 * DAY;
  fake.addTrades('bench-key', trades(TRADES, start));
  fake.addDeposits('bench-key', [{ id: 'd1', coin: 'BTC', amount: '1', time: start - DAY }]);
  fake.addWithdrawals('bench-key', [{ id: 'w1', coin: 'BTC', amount: '0.5', time: Date.now() - DAY }]);

  // ROLE=api: no worker picks the queued job, so the bench runs the sync itself and times exactly that.
  const app = await createApp(
    loadConfig({
      ...process.env,
      LOG_LEVEL: 'silent',
      DATA_DIR: process.env.DATA_DIR ?? ':memory:',
      FRONTEND_DIST: '',
      ROLE: 'api',
      JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('hex'),
      SECRETS_KEY: randomBytes(32).toString('hex'),
      TRACKED_SYMBOLS: 'BTC/USDT,ETH/USDT',
      EXCHANGE_ACCOUNTS_API_URL: fake.origin,
    }),
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const email = `bench-${Date.now()}@example.com`;
  const register = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: 'bench password 1' } });
  const headers = { authorization: `Bearer ${register.json().accessToken}` };
  const portfolio = (await app.inject({ method: 'POST', url: '/api/v1/portfolios', headers, payload: { name: 'bench' } })).json();
  const connected = await app.inject({
    method: 'POST',
    url: '/api/v1/exchange-accounts',
    headers,
    payload: { portfolioId: portfolio.id, exchange: 'binance', apiKey: 'bench-key', secret: 'bench-secret-0123456789' },
  });
  if (connected.statusCode !== 201) throw new Error(`connect: ${connected.statusCode} ${connected.body}`);
  const accountId = connected.json().id as string;
  const service = app.get(ExchangeAccountsService);

  const run = async (label: string, syncId: string) => {
    const requestsBefore = fake.requests.length;
    const t0 = performance.now();
    await service.runSync(accountId, syncId);
    const ms = performance.now() - t0;
    const [sync] = (await app.inject({ method: 'GET', url: `/api/v1/exchange-accounts/${accountId}/syncs`, headers })).json();
    if (sync.status !== 'succeeded') throw new Error(`${label}: ${sync.status} ${sync.error}`);
    console.log(
      `${label}: ${ms.toFixed(0)} ms wall  ·  ${sync.fetched} rows fetched in ${fake.requests.length - requestsBefore} requests, ${sync.added} added, ${sync.duplicates} duplicates, ${sync.skipped.length} skipped`,
    );
  };
  const [first] = (await app.inject({ method: 'GET', url: `/api/v1/exchange-accounts/${accountId}/syncs`, headers })).json();
  await run(`first sync of ${TRADES} trades`, first.id);
  const again = (await app.inject({ method: 'POST', url: `/api/v1/exchange-accounts/${accountId}/sync`, headers })).json();
  await run('repeated sync (nothing new)', again.id);
  const count = (await app.inject({ method: 'GET', url: `/api/v1/portfolios/${portfolio.id}/transactions?limit=1`, headers })).statusCode;
  if (count !== 200) throw new Error('transactions not readable');
  // The fetching alone (ccxt signing, its rate limiter, HTTP, parsing), without the import, for the split.
  const client = new CcxtAccountClient('binance', { apiKey: 'bench-key', secret: 'bench-secret-0123456789' }, { timeoutMs: 10_000, apiOrigin: fake.origin });
  const t0 = performance.now();
  let fetched = 0;
  for (const symbol of ['BTC/USDT', 'ETH/USDT']) {
    for (let fromId = '0'; ;) {
      const page = await client.tradesFrom(symbol, fromId, TRADE_PAGE);
      fetched += page.length;
      if (page.length < TRADE_PAGE) break;
      fromId = String(Number(page.at(-1)!.id) + 1);
    }
  }
  console.log(`of which fetching ${fetched} trades through ccxt alone: ${(performance.now() - t0).toFixed(0)} ms wall`);
  console.log(`storage: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (in memory)'}`);
  await app.close();
  await fake.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
