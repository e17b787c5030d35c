import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { api, PORTFOLIO_TEST_ENV, setLivePrice } from './portfolios-support';

const FILE = [
  'type,time,asset,quantity,price,fee_amount,fee_currency,note',
  'buy,2024-01-01T10:00:00Z,BTC,1,40000,10,USDT,',
  'buy,2024-01-01T10:00:00Z,BTC,1,40000,10,USDT,', // a second identical fill: legitimate, imported too
  'sell,2024-02-01T10:00:00Z,BTC,0.5,50000,,,',
  'buy,2024-02-02T10:00:00Z,DOGE,100,0.1,,,', // not a tracked market
  'sell,2024-02-03T10:00:00Z,ETH,1,3000,,,', // nothing held
  'buy,2999-01-01T00:00:00Z,ETH,1,3000,,,', // future
].join('\n');

describe('portfolios import/export', () => {
  let t: TestApp;
  let alice: RegisteredUser;

  beforeAll(async () => {
    t = await createTestApp({ env: PORTFOLIO_TEST_ENV });
    alice = await registerUser(t);
    await setLivePrice(t, 'BTC', 60000);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('dry run previews, import adds, re-import adds nothing (duplicates by content hash)', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio();
    const url = `/portfolios/${portfolioId}/import`;

    const preview = await a.call('POST', url, { csv: FILE, dryRun: true });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({
      total: 6,
      toAdd: 3,
      duplicates: 0,
      errors: [
        { line: 5, message: 'asset DOGE is not a tracked market (no DOGE/USDT) nor a fiat currency or stablecoin' },
        { line: 6, message: 'Cannot remove 1 ETH on 2024-02-03T10:00:00.000Z: only 0 ETH held at that time' },
        { line: 7, message: 'time must not be in the future' },
      ],
    });
    expect((await a.call('GET', `/portfolios/${portfolioId}/transactions`)).json()).toEqual([]);

    const imported = (await a.call('POST', url, { csv: FILE })).json();
    expect(imported).toMatchObject({ total: 6, toAdd: 3, duplicates: 0, added: 3 });
    const transactions = (await a.call('GET', `/portfolios/${portfolioId}/transactions`)).json();
    expect(transactions).toHaveLength(3);
    expect(transactions.every((tx: { source: string }) => tx.source === 'import')).toBe(true);

    const again = (await a.call('POST', url, { csv: FILE })).json();
    expect(again).toMatchObject({ total: 6, toAdd: 0, duplicates: 3, added: 0 });
    expect((await a.call('GET', `/portfolios/${portfolioId}/transactions`)).json()).toHaveLength(3);

    // The database itself refuses a second row with the same hash in the same portfolio.
    const row = (await t.dataSource.query(`SELECT * FROM portfolio_transactions WHERE portfolio_id = $1 LIMIT 1`, [portfolioId]))[0];
    await expect(
      t.dataSource.query(
        `INSERT INTO portfolio_transactions (user_id, portfolio_id, type, time, asset, quantity, price, import_hash) VALUES ($1, $2, 'buy', now(), 'BTC', 1, 1, $3)`,
        [row.user_id, portfolioId, row.import_hash],
      ),
    ).rejects.toThrow();

    const holdings = (await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json();
    // 2 BTC costing 80,020; sold 0.5 at 50,000 with average cost 40,010 → realised 4,995.
    expect(holdings).toMatchObject({ realizedPnl: '4995', totalCost: '60015', totalValue: '90000' });
  });

  it('two concurrent imports of the same file add it once', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio();
    const url = `/portfolios/${portfolioId}/import`;
    const [first, second] = await Promise.all([a.call('POST', url, { csv: FILE }), a.call('POST', url, { csv: FILE })]);
    expect(first.json().added + second.json().added).toBe(3);
    expect((await a.call('GET', `/portfolios/${portfolioId}/transactions`)).json()).toHaveLength(3);
  });

  it('a file adding a sale that would oversell an existing later sale is refused as a whole', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio();
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '1', price: '100' });
    await a.tx(portfolioId, { type: 'sell', time: '2024-03-01T00:00:00Z', asset: 'BTC', quantity: '1', price: '100' });
    const response = await a.call('POST', `/portfolios/${portfolioId}/import`, {
      csv: 'type,time,asset,quantity,price\nsell,2024-02-01T00:00:00Z,BTC,0.5,100\n',
    });
    // The imported row itself fits (1 held in February); it is the existing March sale that breaks.
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('would invalidate an existing transaction');
    expect((await a.call('GET', `/portfolios/${portfolioId}/transactions`)).json()).toHaveLength(2);
  });

  it('imports a Binance trade history export', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio();
    const csv = [
      '"Date(UTC)","Pair","Side","Price","Executed","Amount","Fee"',
      '"2024-03-01 10:00:00","BTCUSDT","BUY","60000","0.01BTC","600USDT","0.00001BTC"',
      '"2024-03-02 10:00:00","BTCUSDT","SELL","62000","0.005BTC","310USDT","0.31USDT"',
    ].join('\n');
    const result = (await a.call('POST', `/portfolios/${portfolioId}/import`, { csv, preset: 'binance' })).json();
    expect(result).toMatchObject({ total: 2, toAdd: 2, duplicates: 0, errors: [], added: 2 });
    const btc = (await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json().holdings[0];
    // Received 0.00999 BTC (fee taken in BTC) for 600; sold 0.005 for 310 − 0.31 fee:
    // realised = 309.69 − 600 × 0.005 / 0.00999 = 309.69 − 300.3003003… = 9.3896997
    expect(btc.quantity).toBe('0.00499');
    expect(btc.realizedPnl).toBe('9.3896997');
  });

  it('exports transactions as CSV that imports back as duplicates, and JSON; holdings too', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio({ name: 'My "best" portfolio' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '0.5', price: '40000', note: 'dip, finally' });
    await a.tx(portfolioId, { type: 'income', time: '2024-01-02T00:00:00Z', asset: 'BTC', quantity: '0.01', price: '0' });

    const csv = await a.call('GET', `/portfolios/${portfolioId}/export?format=csv&what=transactions`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="My-best-portfolio-transactions.csv"');
    expect(csv.body).toBe(
      'type,time,asset,quantity,price,fee_amount,fee_currency,note\n' +
        'buy,2024-01-01T00:00:00.000Z,BTC,0.5,40000,,,"dip, finally"\n' +
        'income,2024-01-02T00:00:00.000Z,BTC,0.01,0,,,\n',
    );

    const json = (await a.call('GET', `/portfolios/${portfolioId}/export?format=json&what=transactions`)).json();
    expect(json.map((tx: { type: string }) => tx.type)).toEqual(['buy', 'income']);

    const holdingsCsv = (await a.call('GET', `/portfolios/${portfolioId}/export?format=csv&what=holdings`)).body;
    expect(holdingsCsv.split('\n')[0]).toBe('asset,quantity,average_cost,cost_basis,price,value,unrealized_pnl,realized_pnl,allocation_pct');
    expect(holdingsCsv.split('\n')[1]).toBe('BTC,0.51,39215.68627451,20000,60000,30600,10600,0,100');
    const holdingsJson = (await a.call('GET', `/portfolios/${portfolioId}/export?format=json&what=holdings`)).json();
    expect(holdingsJson.totalValue).toBe('30600');

    // An exported file imported into another portfolio reproduces the history; importing it again adds nothing.
    const copy = await a.portfolio({ name: 'copy' });
    expect((await a.call('POST', `/portfolios/${copy}/import`, { csv: csv.body })).json()).toMatchObject({ added: 2, errors: [] });
    expect((await a.call('POST', `/portfolios/${copy}/import`, { csv: csv.body })).json()).toMatchObject({ added: 0, duplicates: 2 });
    expect((await a.call('GET', `/portfolios/${copy}/holdings`)).json().totalValue).toBe('30600');
    expect((await a.call('GET', `/portfolios/${portfolioId}/export?format=xml`)).statusCode).toBe(400);
  });
});
