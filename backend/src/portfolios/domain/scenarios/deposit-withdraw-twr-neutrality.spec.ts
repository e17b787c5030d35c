import { describe, expect, it } from 'vitest';
import { replayLedger } from '../ledger';
import { computePerformance } from '../performance';
import { priceTable, tx } from './scenario-helpers';

/*
 * BTC: day 1 open 100 close 100, day 2 open 100 close 110, day 3 open 110 close 121 (+10% a day twice).
 * Portfolio "hold":  buy 1 BTC @ 100 on day 1 and do nothing else.             TWR = 121/100 − 1 = 21%
 * Portfolio "flows": the same buy, deposit 2 BTC on day 2, withdraw 1 BTC on day 3.
 *   day 1: (100 + 0) / (0 + 100)            = 1
 *   day 2: (3 × 110 + 0) / (100 + 2 × 100)  = 330 / 300 = 1.1   (deposit valued at the day's open)
 *   day 3: (2 × 121 + 121) / (330 + 0)      = 363 / 330 = 1.1   (withdrawal valued at the day's close)
 *   TWR = 1 × 1.1 × 1.1 − 1 = 21%: the deposit and the withdrawal change nothing.
 */
const prices = priceTable({
  BTC: [
    ['2024-01-01', '100', '100'],
    ['2024-01-02', '100', '110'],
    ['2024-01-03', '110', '121'],
  ],
});
const buy = () => tx('p', 'buy', '2024-01-01T09:00:00Z', 'BTC', '1', '100');

describe('scenario: deposits and withdrawals do not move the time-weighted return', () => {
  it('TWR is 21% with or without the external flows, while the value series differs', () => {
    const hold = replayLedger({ id: 'p', costBasisMethod: 'average' }, [buy()]);
    const flows = replayLedger({ id: 'p', costBasisMethod: 'average' }, [
      buy(),
      tx('p', 'deposit', '2024-01-02T12:00:00Z', 'BTC', '2', '90'),
      tx('p', 'withdraw', '2024-01-03T12:00:00Z', 'BTC', '1'),
    ]);
    const holdPerf = computePerformance({ events: hold.events, prices, toDay: '2024-01-03', benchmarkAsset: 'BTC' });
    const flowsPerf = computePerformance({ events: flows.events, prices, toDay: '2024-01-03', benchmarkAsset: 'BTC' });

    expect(holdPerf.twr).toBeCloseTo(0.21, 12);
    expect(flowsPerf.twr).toBeCloseTo(0.21, 12);
    expect(holdPerf.series.map((p) => [p.date, p.value])).toEqual([
      ['2023-12-31', 0],
      ['2024-01-01', 100],
      ['2024-01-02', 110],
      ['2024-01-03', 121],
    ]);
    expect(flowsPerf.series.map((p) => p.value)).toEqual([0, 100, 330, 242]);
  });

  it('a BTC-only portfolio matches its BTC buy-and-hold benchmark exactly', () => {
    const flows = replayLedger({ id: 'p', costBasisMethod: 'fifo' }, [
      buy(),
      tx('p', 'deposit', '2024-01-02T12:00:00Z', 'BTC', '2', '90'),
      tx('p', 'withdraw', '2024-01-03T12:00:00Z', 'BTC', '1'),
    ]);
    const perf = computePerformance({ events: flows.events, prices, toDay: '2024-01-03', benchmarkAsset: 'BTC' });
    for (const point of perf.series) expect(point.benchmarkValue).toBeCloseTo(point.value, 9);
  });

  it('IRR: holding without flows earns the period return (21% over 3 days, not annualised)', () => {
    const hold = replayLedger({ id: 'p', costBasisMethod: 'average' }, [buy()]);
    const perf = computePerformance({ events: hold.events, prices, toDay: '2024-01-03', benchmarkAsset: 'BTC' });
    expect(perf.irr).toBeCloseTo(0.21, 9);
  });

  it('a range starting later takes the base day close as its starting value', () => {
    const flows = replayLedger({ id: 'p', costBasisMethod: 'average' }, [
      buy(),
      tx('p', 'deposit', '2024-01-02T12:00:00Z', 'BTC', '2', '90'),
      tx('p', 'withdraw', '2024-01-03T12:00:00Z', 'BTC', '1'),
    ]);
    const perf = computePerformance({ events: flows.events, prices, fromDay: '2024-01-02', toDay: '2024-01-03', benchmarkAsset: 'BTC' });
    expect(perf.series.map((p) => p.date)).toEqual(['2024-01-02', '2024-01-03']);
    expect(perf.twr).toBeCloseTo(0.1, 12);
    // Money-weighted: 330 in, 121 + 242 out one day later: 10% over the day.
    expect(perf.irr).toBeCloseTo(0.1, 9);
  });
});
