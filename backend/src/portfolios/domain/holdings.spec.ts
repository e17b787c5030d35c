import { describe, expect, it } from 'vitest';
import { serializeHoldings, valueHoldings } from './holdings';
import { replayLedger } from './ledger';
import { dec } from './money';
import { s, tx } from './scenarios/scenario-helpers';

describe('valueHoldings', () => {
  it('an asset without any price has null value and stays out of the totals; allocation over priced assets', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'average' }, [
      tx('p', 'buy', '2024-01-01T00:00:00Z', 'BTC', '1', '100'),
      tx('p', 'buy', '2024-01-01T00:00:00Z', 'ETH', '3', '10'),
      tx('p', 'buy', '2024-01-01T00:00:00Z', 'XYZ', '5', '2'),
    ]);
    const summary = valueHoldings(
      ledger,
      new Map([
        ['BTC', dec('150')],
        ['ETH', dec('50')],
      ]),
    );
    expect(summary.holdings.map((h) => [h.asset, s(h.value), h.allocationPct])).toEqual([
      ['BTC', '150', 50],
      ['ETH', '150', 50],
      ['XYZ', null, 0],
    ]);
    expect(s(summary.totalValue)).toBe('300');
    expect(s(summary.totalCost)).toBe('140'); // cost counts every holding, priced or not
    expect(s(summary.unrealizedPnl)).toBe('170'); // (150 − 100) + (150 − 30)
  });

  it('closed positions stay listed while they carry realised P&L; fully flat assets disappear', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'fifo' }, [
      tx('p', 'buy', '2024-01-01T00:00:00Z', 'BTC', '1', '100'),
      tx('p', 'sell', '2024-01-02T00:00:00Z', 'BTC', '1', '90'),
      tx('p', 'deposit', '2024-01-03T00:00:00Z', 'ETH', '1', '10'),
      tx('p', 'withdraw', '2024-01-04T00:00:00Z', 'ETH', '1'),
    ]);
    const summary = valueHoldings(ledger, new Map([['BTC', dec('1')]]));
    expect(summary.holdings.map((h) => [h.asset, s(h.quantity), s(h.averageCost), s(h.realizedPnl)])).toEqual([['BTC', '0', '0', '-10']]);
    expect(s(summary.realizedPnl)).toBe('-10'); // a withdrawal is not a sale: nothing realised on ETH
  });

  it('fees: cash fee transactions and fees paid in a third asset are realised costs', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'average' }, [
      tx('p', 'buy', '2024-01-01T00:00:00Z', 'BNB', '1', '300'),
      tx('p', 'buy', '2024-01-02T00:00:00Z', 'BTC', '1', '100', { fee: '0.01', feeCurrency: 'BNB' }), // 0.01 BNB costing 3
      tx('p', 'fee', '2024-01-03T00:00:00Z', 'USDT', '5'), // e.g. a custody fee paid in cash
      tx('p', 'fee', '2024-01-04T00:00:00Z', 'BTC', '0.1'), // a fee paid in BTC units, costing 10
    ]);
    const summary = valueHoldings(
      ledger,
      new Map([
        ['BTC', dec('100')],
        ['BNB', dec('300')],
      ]),
    );
    const byAsset = Object.fromEntries(summary.holdings.map((h) => [h.asset, h]));
    expect(s(byAsset.BNB!.quantity)).toBe('0.99');
    expect(s(byAsset.BNB!.realizedPnl)).toBe('-3');
    expect(s(byAsset.BTC!.quantity)).toBe('0.9');
    expect(s(byAsset.BTC!.realizedPnl)).toBe('-10');
    expect(s(summary.realizedPnl)).toBe('-18'); // −3 − 10 − 5 cash
    // The BTC fee on the buy was paid in BNB, so BTC's cost is just its price.
    expect(s(byAsset.BTC!.costBasis)).toBe('90');
  });

  it('a quote currency held as an asset is worth 1 per unit; output is plain decimal strings', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'average' }, [
      tx('p', 'deposit', '2024-01-01T00:00:00Z', 'USDT', '250.5', '1'),
      tx('p', 'buy', '2024-01-01T00:00:00Z', 'BTC', '0.00000001', '30000'),
    ]);
    const body = serializeHoldings(valueHoldings(ledger, new Map([['BTC', dec('60000')]])), 'USD');
    expect(body.holdings.map((h) => [h.asset, h.quantity, h.value])).toEqual([
      ['USDT', '250.5', '250.5'],
      ['BTC', '0.00000001', '0.0006'],
    ]);
    expect(body.totalValue).toBe('250.5006');
  });
});
