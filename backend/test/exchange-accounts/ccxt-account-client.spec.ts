import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CcxtAccountClient } from '../../src/exchange-accounts/ccxt-exchange.client';
import { KeyRejectedError } from '../../src/exchange-accounts/exchange-client';
import { startFakePrivateExchange, type FakePrivateExchange } from '../support/fake-private-exchange';

/** ccxt's binance class, its URLs pointed at the loopback fake, which checks every signature. */
describe('ccxt account client against the fake private exchange', () => {
  let fake: FakePrivateExchange;
  const client = (apiKey: string, secret: string) => new CcxtAccountClient('binance', { apiKey, secret }, { timeoutMs: 5_000, apiOrigin: fake.origin });

  beforeAll(async () => {
    fake = await startFakePrivateExchange();
    fake.setKey('reader', { secret: 'reader-secret' });
    fake.setKey('trader', { secret: 'trader-secret', permissions: ['enableSpotAndMarginTrading', 'enableWithdrawals'] });
    fake.addTrades('reader', [
      { symbol: 'BTCUSDT', id: 7, price: '30000.5', qty: '0.12345678', commission: '0.001', commissionAsset: 'BNB', time: Date.UTC(2024, 0, 2), isBuyer: true },
      { symbol: 'BTCUSDT', id: 9, price: '31000', qty: '0.1', commission: '3.1', commissionAsset: 'USDT', time: Date.UTC(2024, 0, 3), isBuyer: false },
    ]);
    fake.addDeposits('reader', [{ id: 'd1', coin: 'BTC', amount: '0.5', time: Date.UTC(2024, 0, 1) }]);
    fake.addWithdrawals('reader', [{ id: 'w1', coin: 'ETH', amount: '1.5', fee: '0.001', time: Date.UTC(2024, 0, 5, 10, 30) }]);
  });
  afterAll(async () => fake?.close());

  it('signs requests the way Binance checks them and reads trades, deposits and withdrawals as decimal strings', async () => {
    const reader = client('reader', 'reader-secret');
    const trades = await reader.tradesFrom('BTC/USDT', '0', 1000);
    expect(trades).toEqual([
      {
        id: '7',
        symbol: 'BTC/USDT',
        side: 'buy',
        amount: '0.12345678',
        price: '30000.5',
        feeCost: '0.001',
        feeCurrency: 'BNB',
        timestamp: Date.UTC(2024, 0, 2),
      },
      { id: '9', symbol: 'BTC/USDT', side: 'sell', amount: '0.1', price: '31000', feeCost: '3.1', feeCurrency: 'USDT', timestamp: Date.UTC(2024, 0, 3) },
    ]);
    expect(await reader.tradesFrom('BTC/USDT', '8', 1000)).toHaveLength(1);
    expect(await reader.deposits(undefined)).toEqual([
      { id: 'd1', kind: 'deposit', currency: 'BTC', amount: '0.5', feeCost: null, timestamp: Date.UTC(2024, 0, 1) },
    ]);
    expect(await reader.withdrawals(undefined)).toEqual([
      { id: 'w1', kind: 'withdrawal', currency: 'ETH', amount: '1.5', feeCost: '0.001', timestamp: Date.UTC(2024, 0, 5, 10, 30) },
    ]);
    expect(await reader.permissions()).toEqual({ reading: true, beyondReading: [] });
    expect(fake.refusals).toEqual([]);
    const signed = fake.rawRequests.at(-1)!;
    expect(signed.headers['x-mbx-apikey']).toBe('reader');
    expect(signed.url).toMatch(/timestamp=\d+.*recvWindow=\d+.*&signature=[0-9a-f]{64}$/);
    expect(fake.rawRequests.every((request) => !request.url.includes('reader-secret') && !JSON.stringify(request.headers).includes('reader-secret'))).toBe(
      true,
    );
  });

  it('a wrong secret fails the signature check and comes back as a rejected key', async () => {
    const before = fake.refusals.length;
    await expect(client('reader', 'not-the-secret').tradesFrom('BTC/USDT', '0', 10)).rejects.toBeInstanceOf(KeyRejectedError);
    expect(fake.refusals.slice(before)).toEqual(['bad signature']);
  });

  it('a revoked key (401, -2015) comes back as a rejected key', async () => {
    fake.setKey('gone', { secret: 'gone-secret', revoked: true });
    await expect(client('gone', 'gone-secret').deposits(undefined)).rejects.toBeInstanceOf(KeyRejectedError);
    expect(fake.refusals.at(-1)).toBe('revoked key');
  });

  it('reports what a key may do beyond reading', async () => {
    expect(await client('trader', 'trader-secret').permissions()).toEqual({ reading: true, beyondReading: ['spot and margin trading', 'withdrawals'] });
  });
});
