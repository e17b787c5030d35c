import { describe, expect, it } from 'vitest';
import { describeRow, nextTradeId, tradeRows, transferRows } from './exchange-rows';

const trade = {
  id: '7',
  symbol: 'BTC/USDT',
  side: 'buy' as const,
  amount: '0.5',
  price: '40000',
  feeCost: '0.0005',
  feeCurrency: 'BNB',
  timestamp: Date.UTC(2024, 0, 2),
};

describe('exchange rows → proposed transactions', () => {
  it('maps a USDT trade to a buy of the base asset with its fee, keyed by the exchange id', () => {
    expect(tradeRows('Binance', [trade])).toEqual({
      rows: [
        {
          key: 'trade:BTC/USDT:7',
          type: 'buy',
          time: new Date(Date.UTC(2024, 0, 2)),
          asset: 'BTC',
          quantity: '0.5',
          price: '40000',
          feeAmount: '0.0005',
          feeCurrency: 'BNB',
          note: 'Binance trade 7',
        },
      ],
      unusable: [],
    });
  });

  it('drops a zero fee and reports a trade priced in another coin instead of recording it at a wrong price', () => {
    const mapped = tradeRows('Binance', [
      { ...trade, feeCost: '0.00000000', side: 'sell' },
      { ...trade, id: '8', symbol: 'ETH/BTC' },
    ]);
    expect(mapped.rows[0]).toMatchObject({ type: 'sell', feeAmount: null, feeCurrency: null });
    expect(mapped.unusable).toEqual([
      { key: 'trade:ETH/BTC:8', what: 'Buy of 0.5 ETH for BTC', reason: expect.stringContaining('priced in BTC'), time: trade.timestamp },
    ]);
  });

  it("values a deposit at that day's price when known, else at zero cost with a note saying so; a withdrawal's fee is in its coin", () => {
    const time = Date.UTC(2024, 0, 3);
    const prices = (asset: string) => (asset === 'BTC' ? '42000' : undefined);
    const mapped = transferRows(
      'Binance',
      [
        { id: 'd1', kind: 'deposit', currency: 'BTC', amount: '1', feeCost: null, timestamp: time },
        { id: 'd2', kind: 'deposit', currency: 'ETH', amount: '2', feeCost: null, timestamp: time },
        { id: 'w1', kind: 'withdrawal', currency: 'BTC', amount: '0.5', feeCost: '0.0002', timestamp: time },
      ],
      prices,
    );
    expect(mapped.rows.map((row) => [row.key, row.type, row.price, row.feeAmount, row.feeCurrency])).toEqual([
      ['deposit:d1', 'deposit', '42000', null, null],
      ['deposit:d2', 'deposit', '0', null, null],
      ['withdrawal:w1', 'withdraw', '0', '0.0002', 'BTC'],
    ]);
    expect(mapped.rows[1]!.note).toMatch(/cost basis unknown/);
  });

  it('moves the trade cursor past the newest id, never backwards', () => {
    expect(nextTradeId(['5', '12', '9'], undefined)).toBe('13');
    expect(nextTradeId([], '40')).toBe('40');
    expect(nextTradeId(['3'], '40')).toBe('40');
    expect(nextTradeId(['9007199254740993'], '0')).toBe('9007199254740994');
  });

  it('describes rows in words', () => {
    expect(describeRow({ type: 'withdraw', quantity: '1.5', asset: 'ETH' })).toBe('Withdrawal of 1.5 ETH');
  });
});
