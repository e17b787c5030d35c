import { describe, expect, it } from 'vitest';
import { dec, ZERO } from './money';
import { planRebalance, RebalanceError } from './rebalance';

const holdings = [
  { asset: 'BTC', quantity: dec('0.1'), price: dec('60000') }, // 6,000
  { asset: 'ETH', quantity: dec('1'), price: dec('3000') }, // 3,000
  { asset: 'USDT', quantity: dec('1000'), price: dec('1') }, // 1,000
];
const targets = new Map([
  ['BTC', dec('50')],
  ['ETH', dec('30')],
  ['USDT', dec('20')],
]);

describe('planRebalance', () => {
  it('without fees, linked cash: sells the overweight coin, buys the underweight one, and cash ends on target', () => {
    const plan = planRebalance({ holdings, targets, prices: new Map(), feeRate: ZERO, cashAsset: 'USDT', linkedCash: true });
    expect(plan.totalValue.toFixed()).toBe('10000');
    // BTC 60 % → 50 %: sell 1,000 worth; ETH 30 % on target; cash 10 % → 20 % is what the sale brings.
    expect(plan.trades.map((t) => [t.type, t.asset, t.quantity.toFixed(), t.value.toFixed()])).toEqual([['sell', 'BTC', '0.01666666', '999.9996']]);
    expect(plan.rows.map((r) => [r.asset, r.currentPct.toFixed(), r.targetPct.toFixed(), r.driftPct.toFixed()])).toEqual([
      ['BTC', '60', '50', '10'],
      ['USDT', '10', '20', '-10'],
      ['ETH', '30', '30', '0'],
    ]);
    expect(plan.maxDriftPct.toFixed()).toBe('10');
  });

  it('with a 1 % fee the targets apply to what is left after fees, and cash still lands on its target', () => {
    const plan = planRebalance({
      holdings,
      targets: new Map([
        ['BTC', dec('25')],
        ['ETH', dec('75')],
      ]),
      prices: new Map(),
      feeRate: dec('0.01'),
      cashAsset: 'USDT',
      linkedCash: true,
    });
    const sell = plan.trades.find((t) => t.asset === 'BTC')!;
    const buy = plan.trades.find((t) => t.asset === 'ETH')!;
    expect(plan.trades.map((t) => t.type)).toEqual(['sell', 'buy']);
    // Cash after: 1,000 + sale − fee − (purchase + fee) ≈ 0 (its target), within the rounding of 8-decimal quantities.
    const cashAfter = dec(1000).plus(sell.value).minus(sell.fee).minus(buy.value).minus(buy.fee);
    expect(cashAfter.abs().lessThan('0.01')).toBe(true);
    // Each coin at its weight of the value net of fees.
    const net = plan.totalValue.minus(plan.totalFees);
    expect(dec(6000).minus(sell.value).dividedBy(net).toNumber()).toBeCloseTo(0.25, 5);
    expect(dec(3000).plus(buy.value).dividedBy(net).toNumber()).toBeCloseTo(0.75, 5);
    expect(plan.totalFees.toNumber()).toBeCloseTo(sell.fee.plus(buy.fee).toNumber(), 10);
  });

  it('cash mode off: the cash gap is a deposit or a withdrawal; a coin targeted at 0 is sold in full; a new coin is bought', () => {
    const plan = planRebalance({
      holdings,
      targets: new Map([
        ['BTC', dec('60')],
        ['SOL', dec('10')],
        ['USDT', dec('30')],
      ]),
      prices: new Map([['SOL', dec('100')]]),
      feeRate: ZERO,
      cashAsset: 'USDT',
      linkedCash: false,
    });
    expect(plan.trades.map((t) => [t.type, t.asset, t.quantity.toFixed()])).toEqual([
      ['sell', 'ETH', '1'],
      ['buy', 'SOL', '10'],
      ['deposit', 'USDT', '2000'],
    ]);
  });

  it('refuses targets that do not add up to 100 %, and assets without a price', () => {
    const base = { holdings, prices: new Map(), feeRate: ZERO, cashAsset: 'USDT', linkedCash: true };
    expect(() => planRebalance({ ...base, targets: new Map([['BTC', dec('90')]]) })).toThrow('Target weights must add up to 100 %, not 90 %');
    expect(() => planRebalance({ ...base, targets: new Map([['XYZ', dec('100')]]) })).toThrow(RebalanceError);
    expect(() => planRebalance({ ...base, targets: new Map([['XYZ', dec('100')]]) })).toThrow('No price is known for XYZ: it cannot be bought until one is');
  });

  it('leaves out trades below the minimum value', () => {
    const plan = planRebalance({
      holdings,
      targets: new Map([
        ['BTC', dec('60.001')],
        ['ETH', dec('29.999')],
        ['USDT', dec('10')],
      ]),
      prices: new Map(),
      feeRate: ZERO,
      cashAsset: 'USDT',
      linkedCash: true,
    });
    expect(plan.trades).toEqual([]);
  });
});
