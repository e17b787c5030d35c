import { describe, expect, it } from 'vitest';
import { valueHoldings } from '../holdings';
import { replayLedgers } from '../ledger';
import { dec } from '../money';
import { computePerformance } from '../performance';
import type { CostBasisMethod } from '../types';
import { priceTable, s, tx } from './scenario-helpers';

/*
 * Portfolio A (FIFO): buy 1 BTC @ 30,000 (Jan 1), buy 1 BTC @ 40,000 (Feb 1).
 * Mar 1: A sends 1.5 BTC to its sibling B, paying a 0.0005 BTC network fee.
 *   FIFO out of A: lot 1 (1 BTC, 30,000) + 0.5 of lot 2 (20,000) = 50,000 of cost carried to B.
 *   The fee consumes 0.0005 BTC of lot 2 (unit cost 40,000): a realised loss of 20 in A.
 *   A keeps 0.4995 BTC costing 19,980. Nothing is sold, so no gain is realised by the transfer itself.
 * Apr 1: B sells 0.5 BTC @ 50,000.
 *   B average: cost 50,000 × 0.5 / 1.5 = 16,666.67 → realised 8,333.33; keeps 1 BTC costing 33,333.33.
 *   B FIFO (lots keep their acquisition dates): 0.5 of the Jan 1 lot costs 15,000 → realised 10,000.
 */
function run(destinationMethod: CostBasisMethod) {
  return replayLedgers(
    [
      { id: 'A', costBasisMethod: 'fifo' },
      { id: 'B', costBasisMethod: destinationMethod },
    ],
    [
      tx('A', 'buy', '2024-01-01T00:00:00Z', 'BTC', '1', '30000'),
      tx('A', 'buy', '2024-02-01T00:00:00Z', 'BTC', '1', '40000'),
      // The destination side is listed first on purpose: processing order must not depend on input order.
      tx('B', 'transfer_in', '2024-03-01T00:00:00Z', 'BTC', '1.5', '0', { transferId: 't1' }),
      tx('A', 'transfer_out', '2024-03-01T00:00:00Z', 'BTC', '1.5', '0', { transferId: 't1', fee: '0.0005', feeCurrency: 'BTC' }),
      tx('B', 'sell', '2024-04-01T00:00:00Z', 'BTC', '0.5', '50000'),
    ],
  );
}

describe('scenario: transfer between two own portfolios carries the cost basis', () => {
  it('source keeps the rest of its lots and realises only the network fee', () => {
    const a = run('average').get('A')!;
    const btc = valueHoldings(a, new Map([['BTC', dec('50000')]])).holdings[0]!;
    expect(s(btc.quantity)).toBe('0.4995');
    expect(s(btc.costBasis)).toBe('19980');
    expect(s(btc.realizedPnl)).toBe('-20');
    expect(a.realized.map((r) => s(r.realizedPnl))).toEqual(['-20']);
  });

  it('destination with average cost pools the carried 50,000', () => {
    const b = run('average').get('B')!;
    expect(b.realized.map((r) => [s(r.costBasis), s(r.realizedPnl)])).toEqual([['16666.66666667', '8333.33333333']]);
    const btc = b.positions.get('BTC')!;
    expect(s(btc.quantity)).toBe('1');
    expect(s(btc.costBasis)).toBe('33333.33333333');
  });

  it('destination with FIFO keeps the original lots and acquisition dates', () => {
    const b = run('fifo').get('B')!;
    expect(b.realized.map((r) => s(r.realizedPnl))).toEqual(['10000']);
    const lots = b.positions.get('BTC')!.lots.map((l) => [s(l.quantity), s(l.cost), l.acquiredAt.toISOString().slice(0, 10)]);
    expect(lots).toEqual([
      ['0.5', '15000', '2024-01-01'],
      ['0.5', '20000', '2024-02-01'],
    ]);
  });

  it('a lone transfer side (sibling not loaded) is an external transfer valued at its own price', () => {
    const ledgers = replayLedgers(
      [{ id: 'B', costBasisMethod: 'average' }],
      [tx('B', 'transfer_in', '2024-03-01T00:00:00Z', 'BTC', '2', '25000', { transferId: 't9' })],
    );
    expect(s(ledgers.get('B')!.positions.get('BTC')!.costBasis)).toBe('50000');
  });

  it('the transfer is an external flow for both portfolios: it does not move either TWR', () => {
    const prices = priceTable({
      BTC: [
        ['2024-02-29', '60000', '60000'],
        ['2024-03-01', '60000', '60000'],
      ],
    });
    const ledgers = run('average');
    const perfA = computePerformance({
      events: ledgers.get('A')!.events,
      prices,
      fromDay: '2024-02-29',
      toDay: '2024-03-01',
      benchmarkAsset: 'BTC',
    });
    // A: base 2 × 60,000 → close 0.4995 × 60,000 + 1.5 × 60,000 out: only the fee is lost.
    expect(perfA.twr).toBeCloseTo(-0.0005 / 2, 12);
    const perfB = computePerformance({ events: ledgers.get('B')!.events, prices, toDay: '2024-03-01', benchmarkAsset: 'BTC' });
    expect(perfB.twr).toBeCloseTo(0, 12);
  });
});
