import { RegisteredUser, TestApp } from '../support/test-app';

/** Owned resources for the generated security suites (authorization matrix, fuzzing). */
export type Ids = Record<string, string>;
export type Factory = (t: TestApp, owner: RegisteredUser) => Promise<Ids>;

export async function created(t: TestApp, owner: RegisteredUser, url: string, payload: object): Promise<Record<string, unknown>> {
  const response = await t.inject({ method: 'POST', url, headers: owner.auth, payload });
  if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`${url} → ${response.statusCode} ${response.body}`);
  return response.json();
}

/** Creates a resource of `owner` for each first path segment that has owned ids; returns the path values. */
export const FACTORIES: Record<string, Factory> = {
  'api-keys': async (t, owner) => ({ id: String((await created(t, owner, '/api/v1/api-keys', { name: 'matrix', scope: 'read' })).id) }),
  alerts: async (t, owner) => ({
    id: String((await created(t, owner, '/api/v1/alerts', { type: 'price_above', symbol: 'BTC/USDT', threshold: 1_000_000, mode: 'once' })).id),
  }),
  portfolios: async (t, owner) => {
    const portfolio = await created(t, owner, '/api/v1/portfolios', { name: 'matrix', baseCurrency: 'USD', costBasisMethod: 'fifo' });
    const tx = await created(t, owner, `/api/v1/portfolios/${portfolio.id}/transactions`, {
      type: 'buy',
      time: new Date(Date.now() - 86_400_000).toISOString(),
      asset: 'BTC',
      quantity: '0.5',
      price: '100',
    });
    return { id: String(portfolio.id), txId: String(tx.id), transactionId: String(tx.id) };
  },
  'exchange-accounts': async (t, owner) => {
    // Connecting checks the key with the exchange: insert the rows the way the service does (no network in these suites).
    const portfolio = await created(t, owner, '/api/v1/portfolios', { name: 'matrix exchange' });
    const [account] = await t.dataSource.query(
      `INSERT INTO exchange_accounts (id, user_id, portfolio_id, exchange, label, api_key, secret_sealed, status)
       VALUES (gen_random_uuid(), $1, $2, 'binance', 'matrix', 'matrix-key', 'v1:unreadable', 'needs_key') RETURNING id`,
      [owner.user.id, portfolio.id],
    );
    const [conflict] = await t.dataSource.query(
      `INSERT INTO exchange_sync_conflicts (account_id, user_id, external_key, draft) VALUES ($1, $2, 'trade:BTC/USDT:1', $3) RETURNING id`,
      [
        account.id,
        owner.user.id,
        JSON.stringify({ type: 'buy', time: Date.now() - 86_400_000, asset: 'BTC', quantity: '1', price: '1', feeAmount: null, feeCurrency: null, note: null }),
      ],
    );
    return { id: String(account.id), conflictId: String(conflict.id) };
  },
  notifications: async (t, owner) => {
    // Notifications are created by the alert engine, not by the API: insert one the way the engine does.
    const rows = await t.dataSource.query(`INSERT INTO notifications (user_id, title, body) VALUES ($1, 'matrix', 'matrix') RETURNING id`, [owner.user.id]);
    return { id: rows[0].id };
  },
};

/** Valid request bodies, so that the ownership check (not validation) is what answers another user. */
export const SAMPLE_BODIES: Record<string, object> = {
  'PATCH /api/v1/alerts/{id}': { note: 'changed by someone else' },
  'PATCH /api/v1/portfolios/{id}': { name: 'renamed by someone else' },
  'POST /api/v1/portfolios/{id}/transactions': { type: 'buy', time: '2024-01-01T00:00:00.000Z', asset: 'BTC', quantity: '1', price: '1' },
  'PATCH /api/v1/portfolios/{id}/transactions/{txId}': { note: 'changed by someone else' },
  'PATCH /api/v1/exchange-accounts/{id}/key': { apiKey: 'someone-elses-key', secret: 'someone-elses-secret' },
  'POST /api/v1/exchange-accounts/{id}/conflicts/{conflictId}': { action: 'keep-manual' },
  'POST /api/v1/portfolios/{id}/import': { csv: 'type,time,asset,quantity,price\n', preset: 'coincast', dryRun: true },
  'PUT /api/v1/portfolios/{id}/targets': { targets: [{ asset: 'BTC', weightPct: '100' }] },
  'POST /api/v1/portfolios/{id}/rebalance': { trades: [{ type: 'buy', asset: 'BTC', quantity: '1', price: '1', fee: '0' }] },
};
