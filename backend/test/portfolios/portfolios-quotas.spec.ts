import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { api, PORTFOLIO_TEST_ENV, setLivePrice } from './portfolios-support';

const csv = (rows: number) =>
  [
    'type,time,asset,quantity,price',
    ...Array.from({ length: rows }, (_, i) => `buy,2024-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z,BTC,0.${i + 1},100`),
  ].join('\n');

describe('portfolio abuse limits', () => {
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    t = await createTestApp({
      env: { ...PORTFOLIO_TEST_ENV, PORTFOLIOS_MAX_PER_USER: '2', TRANSACTIONS_MAX_PER_PORTFOLIO: '4', IMPORT_MAX_ROWS: '3', IMPORT_MAX_BYTES: '400' },
    });
    user = await registerUser(t);
    await setLivePrice(t, 'BTC', 100);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a portfolio beyond the per-user quota with a message that states the limit', async () => {
    const a = api(t, user);
    await a.portfolio();
    await a.portfolio();
    const third = await a.call('POST', '/portfolios', { name: 'one too many', baseCurrency: 'USD', costBasisMethod: 'fifo' });
    expect(third.statusCode).toBe(400);
    expect(third.json().message).toBe('You already have 2 portfolios, the limit is 2. Delete one first.');
  });

  it('refuses imports over the row and size limits, and transactions over the per-portfolio limit, adding nothing', async () => {
    const other = await registerUser(t);
    const a = api(t, other);
    const id = await a.portfolio();
    const tooManyRows = await a.call('POST', `/portfolios/${id}/import`, { csv: csv(4) });
    expect(tooManyRows.statusCode).toBe(400);
    expect(tooManyRows.json().message).toMatch(/has 4 data rows; one import takes at most 3/);
    const tooBig = await a.call('POST', `/portfolios/${id}/import`, { csv: `${csv(2)}\n${'#'.repeat(500)}` });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().message).toMatch(/at most 400 bytes/);

    expect((await a.call('POST', `/portfolios/${id}/import`, { csv: csv(3) })).statusCode).toBe(200);
    const fourth = await a.call('POST', `/portfolios/${id}/transactions`, {
      type: 'buy',
      time: '2024-03-01T00:00:00Z',
      asset: 'BTC',
      quantity: '1',
      price: '100',
    });
    expect(fourth.statusCode).toBe(201);
    const fifth = await a.call('POST', `/portfolios/${id}/transactions`, {
      type: 'buy',
      time: '2024-03-02T00:00:00Z',
      asset: 'BTC',
      quantity: '1',
      price: '100',
    });
    expect(fifth.statusCode).toBe(400);
    expect(fifth.json().message).toMatch(/has 4 transactions; adding 1 would pass the limit of 4/);
    const list = await a.call('GET', `/portfolios/${id}/transactions`);
    expect(list.json()).toHaveLength(4);
  });

  it('pages the transaction list (newest first) and caps the page size', async () => {
    const other = await registerUser(t);
    const a = api(t, other);
    const id = await a.portfolio();
    await a.call('POST', `/portfolios/${id}/import`, { csv: csv(3) });
    const first = (await a.call('GET', `/portfolios/${id}/transactions?limit=2`)).json();
    const second = (await a.call('GET', `/portfolios/${id}/transactions?limit=2&offset=2`)).json();
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(1);
    expect(new Set([...first, ...second].map((tx: { id: string }) => tx.id)).size).toBe(3);
    expect(Date.parse(first[0].time)).toBeGreaterThanOrEqual(Date.parse(first[1].time));
    const tooLarge = await a.call('GET', `/portfolios/${id}/transactions?limit=5000`);
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.json().message).toMatch(/limit must be at most 1000/);
  });
});
