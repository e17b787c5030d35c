import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moneyWeightedReturn, solveIrr } from './irr';

const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000);

describe('solveIrr', () => {
  it('recovers a known annual rate from a single investment and payoff', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.95, max: 20, noNaN: true }), fc.integer({ min: 30, max: 3650 }), (rate, days) => {
        const payoff = 1000 * (1 + rate) ** (days / 365);
        const irr = solveIrr([
          { time: day(0), amount: -1000 },
          { time: day(days), amount: payoff },
        ]);
        expect(irr).not.toBeNull();
        expect(Math.abs(irr! - rate)).toBeLessThan(1e-7 * (1 + Math.abs(rate)));
      }),
    );
  });

  it('matches a textbook XIRR with several flows', () => {
    // −1000 at t0, −500 after half a year, +1,700 after a year: 1000(1+r) + 500(1+r)^0.5 = 1700.
    const irr = solveIrr([
      { time: day(0), amount: -1000 },
      { time: new Date(day(0).getTime() + 182.5 * 86_400_000), amount: -500 },
      { time: day(365), amount: 1700 },
    ])!;
    expect(1000 * (1 + irr) + 500 * Math.sqrt(1 + irr)).toBeCloseTo(1700, 8);
    expect(irr).toBeGreaterThan(0.15);
    expect(irr).toBeLessThan(0.17);
  });

  it('has no answer without a sign change or without elapsed time', () => {
    expect(
      solveIrr([
        { time: day(0), amount: -1 },
        { time: day(10), amount: -1 },
      ]),
    ).toBeNull();
    expect(
      solveIrr([
        { time: day(0), amount: -1 },
        { time: day(0), amount: 2 },
      ]),
    ).toBeNull();
    expect(solveIrr([])).toBeNull();
  });

  it('a total loss converges to −100%', () => {
    const irr = solveIrr([
      { time: day(0), amount: -1000 },
      { time: day(365), amount: 0.001 },
    ]);
    expect(irr!).toBeLessThan(-0.99);
  });

  it('short periods return the period rate rather than an annualised one', () => {
    const flows = [
      { time: day(0), amount: -100 },
      { time: day(7), amount: 110 },
    ];
    expect(moneyWeightedReturn(flows, 7 / 365)).toBeCloseTo(0.1, 9);
    expect(
      moneyWeightedReturn(
        [
          { time: day(0), amount: -100 },
          { time: day(730), amount: 121 },
        ],
        2,
      ),
    ).toBeCloseTo(0.1, 9);
  });
});
