import { describe, expect, it } from 'vitest';
import { valueHoldings } from '../holdings';
import { replayLedger } from '../ledger';
import { dec } from '../money';
import { computePerformance } from '../performance';
import { priceTable, s, tx } from './scenario-helpers';

/*
 * Buy 1 ETH @ 2,000, then receive 0.1 ETH of staking rewards.
 *   Zero cost: 1.1 ETH costing 2,000 (average 1,818.18); at 2,500 worth 2,750 → unrealised 750.
 *   At market value (2,200 at receipt): cost 2,000 + 220 = 2,220 → unrealised 530.
 * Selling all 1.1 ETH @ 2,500 then realises exactly what was unrealised.
 */
const buy = () => tx('p', 'buy', '2024-05-01T08:00:00Z', 'ETH', '1', '2000');
const prices = new Map([['ETH', dec('2500')]]);

describe('scenario: income (staking, airdrop)', () => {
  it('at zero cost the reward lowers the average cost and is all gain', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'average' }, [buy(), tx('p', 'income', '2024-05-02T08:00:00Z', 'ETH', '0.1', '0')]);
    const eth = valueHoldings(ledger, prices).holdings[0]!;
    expect(s(eth.quantity)).toBe('1.1');
    expect(s(eth.costBasis)).toBe('2000');
    expect(s(eth.averageCost)).toBe('1818.18181818');
    expect(s(eth.value)).toBe('2750');
    expect(s(eth.unrealizedPnl)).toBe('750');
  });

  it('at market value the reward enters the cost basis at its value on receipt', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'fifo' }, [buy(), tx('p', 'income', '2024-05-02T08:00:00Z', 'ETH', '0.1', '2200')]);
    expect(s(valueHoldings(ledger, prices).holdings[0]!.unrealizedPnl)).toBe('530');
  });

  it('selling everything realises the zero-cost reward as gain, under either method', () => {
    for (const method of ['average', 'fifo'] as const) {
      const ledger = replayLedger({ id: 'p', costBasisMethod: method }, [
        buy(),
        tx('p', 'income', '2024-05-02T08:00:00Z', 'ETH', '0.1', '0'),
        tx('p', 'sell', '2024-05-03T08:00:00Z', 'ETH', '1.1', '2500'),
      ]);
      expect(s(ledger.realized[0]!.realizedPnl)).toBe('750');
      const summary = valueHoldings(ledger, prices);
      expect(s(summary.totalValue)).toBe('0');
      expect(s(summary.realizedPnl)).toBe('750');
    }
  });

  it('income is not an external flow: it shows up as return in the TWR', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'average' }, [buy(), tx('p', 'income', '2024-05-02T08:00:00Z', 'ETH', '0.1', '0')]);
    const table = priceTable({
      ETH: [
        ['2024-05-01', '2000', '2000'],
        ['2024-05-02', '2000', '2000'],
      ],
    });
    const perf = computePerformance({ events: ledger.events, prices: table, toDay: '2024-05-02', benchmarkAsset: 'ETH' });
    expect(perf.twr).toBeCloseTo(0.1, 12); // 2,200 / 2,000 with a flat price
  });
});
