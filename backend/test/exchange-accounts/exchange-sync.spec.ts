import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeAccountsWorker } from '../../src/exchange-accounts/exchange-accounts.worker';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { startFakePrivateExchange, type FakePrivateExchange, type FakeTrade } from '../support/fake-private-exchange';

const HOUR = 3_600_000;
const SECRET = 'sEcReT-0123456789-abcdefghij-the-real-one';
const TRADER_SECRET = 'trader-secret-that-must-never-leak-0001';

/**
 * Exchange-account sync end to end: the API, the job queue and worker, the real ccxt binance class pointed at a
 * loopback fake of Binance's private API that checks every request signature, and the portfolio ledger.
 */
describe('exchange-account sync', () => {
  let t: TestApp;
  let fake: FakePrivateExchange;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  const folder = makeReplayFolder(['BTC', 'ETH'], 24 * 3);
  const logs = new PassThrough();
  const logLines: string[] = [];
  const responses: string[] = [];
  const base = Date.now() - 48 * HOUR;

  const call = async (user: RegisteredUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
    const response = await t.inject({ method, url: `/api/v1${url}`, headers: user.auth, ...(payload ? { payload } : {}) });
    responses.push(response.body);
    return response;
  };
  const trade = (id: number, symbol: string, isBuyer: boolean, qty: string, price: string, hoursIn: number): FakeTrade => ({
    symbol,
    id,
    price,
    qty,
    commission: '0',
    commissionAsset: 'USDT',
    time: base + hoursIn * HOUR,
    isBuyer,
  });
  const waitForSync = async (user: RegisteredUser, accountId: string) => {
    for (let i = 0; i < 200; i++) {
      const [latest] = (await call(user, 'GET', `/exchange-accounts/${accountId}/syncs`)).json();
      if (latest && latest.status !== 'queued' && latest.status !== 'running') return latest;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('sync did not finish');
  };
  const transactions = async (user: RegisteredUser, portfolioId: string) =>
    (await call(user, 'GET', `/portfolios/${portfolioId}/transactions`)).json() as Array<Record<string, string>>;
  const portfolio = async (user: RegisteredUser, name: string): Promise<string> => (await call(user, 'POST', '/portfolios', { name })).json().id;

  beforeAll(async () => {
    fake = await startFakePrivateExchange();
    fake.setKey('reader-key-1', { secret: SECRET });
    fake.setKey('trader-key-1', { secret: TRADER_SECRET, permissions: ['enableSpotAndMarginTrading'] });
    fake.addDeposits('reader-key-1', [{ id: 'dep-btc', coin: 'BTC', amount: '0.2', time: base }]);
    fake.addTrades('reader-key-1', [
      trade(101, 'BTCUSDT', true, '0.5', '40000', 2),
      trade(102, 'BTCUSDT', true, '0.25', '41000', 3),
      trade(103, 'BTCUSDT', false, '0.1', '42000', 4),
      trade(201, 'ETHUSDT', true, '3', '2000', 5),
      trade(301, 'ETHBTC', true, '1', '0.05', 6),
    ]);
    fake.addWithdrawals('reader-key-1', [
      { id: 'wd-eth', coin: 'ETH', amount: '1', fee: '0.01', time: base + 7 * HOUR },
      // More than the account ever held here: the ledger refuses it, and the sync log says so.
      { id: 'wd-too-much', coin: 'ETH', amount: '50', time: base + 7.5 * HOUR },
    ]);
    logs.on('data', (chunk: Buffer) => logLines.push(chunk.toString()));
    t = await createTestApp({
      logStream: logs,
      env: {
        LOG_LEVEL: 'debug',
        ROLE: 'all',
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: folder.dir,
        BACKFILL_DAYS_1H: '1',
        BACKFILL_DAYS_1D: '1',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
        FORECASTS_ENABLED: 'false',
        EXCHANGE_ACCOUNTS_API_URL: fake.origin,
        EXCHANGE_SYNC_INTERVAL_MINUTES: '0',
      },
    });
    alice = await registerUser(t);
    bob = await registerUser(t);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
    folder.remove();
  });

  let portfolioId: string;
  let accountId: string;

  it('refuses a key that can trade, with what to do instead, and stores nothing', async () => {
    portfolioId = await portfolio(alice, 'Binance');
    const response = await call(alice, 'POST', '/exchange-accounts', { portfolioId, exchange: 'binance', apiKey: 'trader-key-1', secret: TRADER_SECRET });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/also allows spot and margin trading.*only "Enable Reading"/);
    expect((await call(alice, 'GET', '/exchange-accounts')).json()).toEqual([]);
  });

  it('refuses a secret that does not match the key (the fake checks the signature)', async () => {
    const response = await call(alice, 'POST', '/exchange-accounts', { portfolioId, exchange: 'binance', apiKey: 'reader-key-1', secret: 'wrong-secret-123' });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/did not accept this API key and secret/);
    expect(fake.refusals).toContain('bad signature');
  });

  it('connects a read-only key and the first sync imports trades, deposits and withdrawals; what the ledger refuses is logged as skipped', async () => {
    const response = await call(alice, 'POST', '/exchange-accounts', {
      portfolioId,
      exchange: 'binance',
      label: 'Main',
      apiKey: 'reader-key-1',
      secret: SECRET,
    });
    expect(response.statusCode).toBe(201);
    const account = response.json();
    accountId = account.id;
    expect(account).toMatchObject({
      exchange: 'binance',
      exchangeName: 'Binance',
      label: 'Main',
      apiKeyHint: '…ey-1',
      status: 'active',
      portfolioName: 'Binance',
    });
    expect(account).not.toHaveProperty('secret');

    const sync = await waitForSync(alice, accountId);
    // ETH/BTC is not a tracked market: its trades are not asked for (see exchange-rows.spec.ts for how they would be reported).
    expect(sync).toMatchObject({ status: 'succeeded', added: 6, duplicates: 0, conflicts: 0, fetched: 7, error: null });
    expect(sync.skipped.map((row: { what: string; reason: string }) => `${row.what}: ${row.reason}`)).toEqual([
      expect.stringMatching(/^Withdrawal of 50 ETH: .*held/),
    ]);
    const rows = await transactions(alice, portfolioId);
    expect(rows.map((row) => `${row.type} ${row.quantity} ${row.asset}`).sort()).toEqual(
      ['buy 0.25 BTC', 'buy 0.5 BTC', 'buy 3 ETH', 'deposit 0.2 BTC', 'sell 0.1 BTC', 'withdraw 1 ETH'].sort(),
    );
    const holdings = (await call(alice, 'GET', `/portfolios/${portfolioId}/holdings`)).json();
    const quantity = (asset: string) => holdings.holdings.find((h: { asset: string }) => h.asset === asset)?.quantity;
    expect(quantity('BTC')).toBe('0.85');
    expect(quantity('ETH')).toBe('1.99');
    const listed = (await call(alice, 'GET', '/exchange-accounts')).json();
    expect(listed[0]).toMatchObject({ id: accountId, lastSync: { status: 'succeeded', added: 6 } });
    expect(listed[0].lastSyncedAt).not.toBeNull();
    expect(fake.refusals.filter((reason) => reason !== 'bad signature')).toEqual([]);
  });

  it('a repeated sync adds nothing and asks the exchange only for trades after the last one seen, and for transfers of the last week', async () => {
    const before = fake.rawRequests.length;
    const queued = await call(alice, 'POST', `/exchange-accounts/${accountId}/sync`);
    expect(queued.statusCode).toBe(202);
    const sync = await waitForSync(alice, accountId);
    // Trades resume after the last id; deposits and withdrawals are read again from a week before the last sync
    // (one pending then would be picked up now): what is already in the portfolio counts as a duplicate.
    expect(sync).toMatchObject({ status: 'succeeded', added: 0, fetched: 3, duplicates: 2 });
    expect(sync.skipped).toHaveLength(1);
    expect(new Date(sync.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(sync.startedAt).getTime());
    const tradeQueries = fake.rawRequests
      .slice(before)
      .filter((request) => request.url.startsWith('/api/v3/myTrades'))
      .map((request) => new URL(request.url, 'http://x').searchParams);
    expect(tradeQueries.map((query) => `${query.get('symbol')}>=${query.get('fromId')}`).sort()).toEqual(['BTCUSDT>=104', 'ETHUSDT>=202']);
    const transferStarts = fake.rawRequests
      .slice(before)
      .filter((request) => request.url.startsWith('/sapi/v1/capital/'))
      .map((request) => Number(new URL(request.url, 'http://x').searchParams.get('startTime')));
    expect(transferStarts).toHaveLength(2); // one 90-day window each, not the whole history again
    for (const start of transferStarts) expect(Math.abs(Date.now() - 7 * 24 * HOUR - start)).toBeLessThan(HOUR);
    expect(await transactions(alice, portfolioId)).toHaveLength(6);
  });

  it('an incremental sync adds only the trades that arrived since', async () => {
    fake.addTrades('reader-key-1', [trade(104, 'BTCUSDT', true, '0.05', '43000', 8), trade(202, 'ETHUSDT', false, '0.5', '2100', 9)]);
    await call(alice, 'POST', `/exchange-accounts/${accountId}/sync`);
    expect(await waitForSync(alice, accountId)).toMatchObject({ status: 'succeeded', added: 2, duplicates: 2, fetched: 5 });
    expect(await transactions(alice, portfolioId)).toHaveLength(8);
  });

  it('reconnecting the same exchange account imports nothing twice (rows are keyed by the exchange ids)', async () => {
    expect((await call(alice, 'DELETE', `/exchange-accounts/${accountId}`)).statusCode).toBe(204);
    const again = await call(alice, 'POST', '/exchange-accounts', { portfolioId, exchange: 'binance', apiKey: 'reader-key-1', secret: SECRET });
    expect(again.statusCode).toBe(201);
    accountId = again.json().id;
    expect(await waitForSync(alice, accountId)).toMatchObject({ status: 'succeeded', added: 0, duplicates: 8, fetched: 9 });
    expect(await transactions(alice, portfolioId)).toHaveLength(8);
  });

  it('holds back a row that looks like a manual entry, shows it, and lets the user keep their own', async () => {
    const time = base + 10 * HOUR;
    const manual = await call(alice, 'POST', `/portfolios/${portfolioId}/transactions`, {
      type: 'buy',
      time: new Date(time + 30_000).toISOString(),
      asset: 'BTC',
      quantity: '0.3',
      price: '43500',
    });
    expect(manual.statusCode).toBe(201);
    fake.addTrades('reader-key-1', [trade(105, 'BTCUSDT', true, '0.3', '43400', 10)]);
    await call(alice, 'POST', `/exchange-accounts/${accountId}/sync`);
    expect(await waitForSync(alice, accountId)).toMatchObject({ status: 'succeeded', added: 0, conflicts: 1 });
    const conflicts = (await call(alice, 'GET', `/exchange-accounts/${accountId}/conflicts`)).json();
    expect(conflicts).toEqual([
      expect.objectContaining({ what: 'Buy of 0.3 BTC', manualTransactionId: manual.json().id, exchangeRow: expect.objectContaining({ price: '43400' }) }),
    ]);
    expect((await call(alice, 'GET', '/exchange-accounts')).json()[0].openConflicts).toBe(1);
    expect((await call(bob, 'POST', `/exchange-accounts/${accountId}/conflicts/${conflicts[0].id}`, { action: 'import' })).statusCode).toBe(404);
    expect((await call(alice, 'POST', `/exchange-accounts/${accountId}/conflicts/${conflicts[0].id}`, { action: 'keep-manual' })).statusCode).toBe(204);
    expect((await call(alice, 'GET', `/exchange-accounts/${accountId}/conflicts`)).json()).toEqual([]);
    expect(await transactions(alice, portfolioId)).toHaveLength(9);
  });

  it('another user sees none of it', async () => {
    expect((await call(bob, 'GET', '/exchange-accounts')).json()).toEqual([]);
    for (const url of [`/exchange-accounts/${accountId}`, `/exchange-accounts/${accountId}/syncs`, `/exchange-accounts/${accountId}/conflicts`]) {
      expect((await call(bob, 'GET', url)).statusCode).toBe(404);
    }
    expect((await call(bob, 'POST', `/exchange-accounts/${accountId}/sync`)).statusCode).toBe(404);
    const bobs = await portfolio(bob, 'bob');
    expect(
      (await call(alice, 'POST', '/exchange-accounts', { portfolioId: bobs, exchange: 'binance', apiKey: 'another-key-1', secret: SECRET })).statusCode,
    ).toBe(404);
  });

  it('the schedule queues a sync of every active account (the exchange-sync-due job the periodic trigger enqueues)', async () => {
    const worker = t.app.get(ExchangeAccountsWorker);
    await worker.jobHandlers['exchange-sync-due']({ data: { slot: Date.now() } } as Parameters<(typeof worker.jobHandlers)['exchange-sync-due']>[0]);
    expect(await waitForSync(alice, accountId)).toMatchObject({ trigger: 'scheduled', status: 'succeeded', added: 0 });
  });

  it('an exchange outage fails the sync in words and leaves the account connected; the next sync catches up', async () => {
    fake.setOutage(true);
    await call(alice, 'POST', `/exchange-accounts/${accountId}/sync`);
    const failed = await waitForSync(alice, accountId);
    fake.setOutage(false);
    expect(failed).toMatchObject({ status: 'failed', added: 0 });
    expect(failed.error).toBe('Binance could not be reached or answered with an error. Nothing was lost: the next sync starts where this one did.');
    expect((await call(alice, 'GET', `/exchange-accounts/${accountId}`)).json()).toMatchObject({ status: 'active' });
    await call(alice, 'POST', `/exchange-accounts/${accountId}/sync`);
    expect(await waitForSync(alice, accountId)).toMatchObject({ status: 'succeeded' });
  });

  it('a revoked key marks the account as needing a new key, and a new key resumes syncing', async () => {
    fake.setKey('reader-key-1', { secret: SECRET, revoked: true });
    await call(alice, 'POST', `/exchange-accounts/${accountId}/sync`);
    const sync = await waitForSync(alice, accountId);
    expect(sync.status).toBe('failed');
    expect(sync.error).toMatch(/Binance refused the API key.*Connect a new read-only key/);
    const account = (await call(alice, 'GET', `/exchange-accounts/${accountId}`)).json();
    expect(account).toMatchObject({ status: 'needs_key', statusMessage: expect.stringMatching(/refused the API key/) });
    const refused = await call(alice, 'POST', `/exchange-accounts/${accountId}/sync`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/Connect a new read-only key/);

    fake.setKey('reader-key-2', { secret: `${SECRET}-2` });
    fake.addTrades('reader-key-2', [trade(106, 'BTCUSDT', false, '0.05', '44000', 11)]);
    const replaced = await call(alice, 'PATCH', `/exchange-accounts/${accountId}/key`, { apiKey: 'reader-key-2', secret: `${SECRET}-2` });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ status: 'active', statusMessage: null, apiKeyHint: '…ey-2' });
    expect(await waitForSync(alice, accountId)).toMatchObject({ status: 'succeeded', added: 1 });
  });

  it('never returns, logs or stores a secret in the clear', async () => {
    const rows = await t.dataSource.query(`SELECT secret_sealed FROM exchange_accounts`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.secret_sealed).toMatch(/^v1:/);
      expect(row.secret_sealed).not.toContain(SECRET);
    }
    expect(responses.length).toBeGreaterThan(20);
    expect(logLines.length).toBeGreaterThan(5);
    for (const secret of [SECRET, `${SECRET}-2`, TRADER_SECRET]) {
      expect(responses.filter((body) => body.includes(secret))).toEqual([]);
      expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});
