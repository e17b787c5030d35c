import { describe, expect, it } from 'vitest';
import { valueHoldings } from '../holdings';
import { replayLedger } from '../ledger';
import { dec } from '../money';
import { s, tx } from './scenario-helpers';

/*
 * Buy 2 BTC @ 100 (Jan 1), buy 2 BTC @ 200 (Feb 1), sell 3 BTC @ 300 (Mar 1), sell 1 BTC @ 400 (Apr 1).
 *   FIFO:    sale 1 cost 2×100 + 1×200 = 400 → +500; sale 2 cost 200 → +200.
 *   Average: pool 4 BTC / 600 → sale 1 cost 450 → +450; sale 2 cost 150 → +250.
 * Editing the FIRST buy to 2 BTC @ 50 (the state is always replayed from the transactions, so this is all
 * an edit needs):
 *   FIFO:    sale 1 cost 2×50 + 200 = 300 → +600; sale 2 unchanged cost 200 → +200.
 *   Average: pool 4 / 500 → sale 1 cost 375 → +525; sale 2 cost 125 → +275.
 */
function transactions(firstPrice: string) {
  return [
    tx('p', 'buy', '2024-01-01T00:00:00Z', 'BTC', '2', firstPrice, { id: 'b1' }),
    tx('p', 'buy', '2024-02-01T00:00:00Z', 'BTC', '2', '200', { id: 'b2' }),
    tx('p', 'sell', '2024-03-01T00:00:00Z', 'BTC', '3', '300', { id: 's1' }),
    tx('p', 'sell', '2024-04-01T00:00:00Z', 'BTC', '1', '400', { id: 's2' }),
  ];
}

const realized = (method: 'fifo' | 'average', firstPrice: string) =>
  replayLedger({ id: 'p', costBasisMethod: method }, transactions(firstPrice)).realized.map((r) => [r.transactionId, s(r.realizedPnl)]);

describe('scenario: editing an early transaction recomputes later realised P&L', () => {
  it('FIFO', () => {
    expect(realized('fifo', '100')).toEqual([
      ['s1', '500'],
      ['s2', '200'],
    ]);
    expect(realized('fifo', '50')).toEqual([
      ['s1', '600'],
      ['s2', '200'],
    ]);
  });

  it('average cost', () => {
    expect(realized('average', '100')).toEqual([
      ['s1', '450'],
      ['s2', '250'],
    ]);
    expect(realized('average', '50')).toEqual([
      ['s1', '525'],
      ['s2', '275'],
    ]);
  });

  it('totals follow the edit', () => {
    const before = valueHoldings(replayLedger({ id: 'p', costBasisMethod: 'average' }, transactions('100')), new Map([['BTC', dec(1)]]));
    const after = valueHoldings(replayLedger({ id: 'p', costBasisMethod: 'average' }, transactions('50')), new Map([['BTC', dec(1)]]));
    expect(s(before.realizedPnl)).toBe('700');
    expect(s(after.realizedPnl)).toBe('800');
  });
});
