import { describe, expect, it } from 'vitest';
import { valueHoldings } from '../holdings';
import { replayLedger } from '../ledger';
import { dec } from '../money';
import { s, tx } from './scenario-helpers';

/*
 * Buy 1 BTC @ 40,000 paying 10 USDT fee          -> 1 BTC costing 40,010
 * Buy 1 BTC @ 50,000 paying 0.001 BTC fee        -> 0.999 BTC costing 50,000 (fee netted from units received)
 * Sell 1.5 BTC @ 60,000 paying 45 USDT fee       -> proceeds 90,000 − 45 = 89,955
 * Held before the sale: 1.999 BTC costing 90,010. Valued afterwards at 55,000.
 */
const transactions = () => [
  tx('p', 'buy', '2024-01-01T10:00:00Z', 'BTC', '1', '40000', { fee: '10', feeCurrency: 'USDT' }),
  tx('p', 'buy', '2024-02-01T10:00:00Z', 'BTC', '1', '50000', { fee: '0.001', feeCurrency: 'BTC' }),
  tx('p', 'sell', '2024-03-01T10:00:00Z', 'BTC', '1.5', '60000', { fee: '45', feeCurrency: 'USDT', id: 'the-sale' }),
];
const prices = new Map([['BTC', dec('55000')]]);

describe('scenario: buy, buy, partial sell with fees', () => {
  it('average cost: the sale takes 1.5/1.999 of the pooled cost', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'average' }, transactions());
    // cost of units sold = 90,010 × 1.5 / 1.999 = 67,541.2706353176588…
    expect(ledger.realized).toHaveLength(1);
    expect(ledger.realized[0]!.transactionId).toBe('the-sale');
    expect(s(ledger.realized[0]!.proceeds)).toBe('89955');
    expect(s(ledger.realized[0]!.costBasis)).toBe('67541.27063532');
    expect(s(ledger.realized[0]!.realizedPnl)).toBe('22413.72936468');

    const summary = valueHoldings(ledger, prices);
    const btc = summary.holdings[0]!;
    expect(s(btc.quantity)).toBe('0.499');
    expect(s(btc.costBasis)).toBe('22468.72936468'); // 90,010 − 67,541.27…
    expect(s(btc.averageCost)).toBe('45027.51375688'); // unchanged by the sale: 90,010 / 1.999
    expect(s(btc.value)).toBe('27445'); // 0.499 × 55,000
    expect(s(btc.unrealizedPnl)).toBe('4976.27063532');
    expect(s(summary.realizedPnl)).toBe('22413.72936468');
    expect(btc.allocationPct).toBe(100);
  });

  it('FIFO: the sale takes the whole first lot and half a unit of the second', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'fifo' }, transactions());
    // 40,010 + 0.5 × 50,000 / 0.999 = 40,010 + 25,025.025025… = 65,035.025025…
    expect(s(ledger.realized[0]!.costBasis)).toBe('65035.02502503');
    expect(s(ledger.realized[0]!.realizedPnl)).toBe('24919.97497497');

    const btc = valueHoldings(ledger, prices).holdings[0]!;
    expect(s(btc.quantity)).toBe('0.499');
    expect(s(btc.costBasis)).toBe('24974.97497497'); // 0.499 × 50,000 / 0.999
    expect(s(btc.averageCost)).toBe('50050.05005005'); // the second lot's unit cost: 50,000 / 0.999
    expect(s(btc.unrealizedPnl)).toBe('2470.02502503');
  });

  it('both methods agree on quantity and on total cost accounted for (realised cost + remaining cost = paid)', () => {
    for (const method of ['average', 'fifo'] as const) {
      const ledger = replayLedger({ id: 'p', costBasisMethod: method }, transactions());
      const position = ledger.positions.get('BTC')!;
      expect(s(position.costBasis.plus(ledger.realized[0]!.costBasis))).toBe('90010');
    }
  });
});
