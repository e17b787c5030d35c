import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InsufficientHoldingsError } from './errors';
import { replayLedger, replayLedgers } from './ledger';
import { Dec, ZERO } from './money';
import type { CostBasisMethod, LedgerTransaction } from './types';

/** Random buy/sell sequences that never sell more than held (sells are a fraction of what is held). */
const tradeSequence = fc.array(
  fc.record({
    buy: fc.boolean(),
    units: fc.integer({ min: 1, max: 10_000 }),
    price: fc.integer({ min: 1, max: 100_000 }),
    fraction: fc.integer({ min: 1, max: 100 }),
  }),
  { minLength: 1, maxLength: 40 },
);

function toTransactions(steps: Array<{ buy: boolean; units: number; price: number; fraction: number }>): LedgerTransaction[] {
  let held = ZERO;
  return steps.map((step, i) => {
    // Nothing held yet: the step becomes a buy, so every generated sequence is valid.
    const isBuy = step.buy || held.isZero();
    const quantity = isBuy ? new Dec(step.units).dividedBy(1000) : held.times(step.fraction).dividedBy(100);
    held = isBuy ? held.plus(quantity) : held.minus(quantity);
    return {
      id: `t${i}`,
      portfolioId: 'p',
      type: isBuy ? 'buy' : 'sell',
      time: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000),
      asset: 'BTC',
      quantity,
      price: new Dec(step.price).dividedBy(100),
    };
  });
}

describe('replayLedger invariants', () => {
  it('cost paid = cost of units disposed + cost still held, for both methods, and both hold the same quantity', () => {
    fc.assert(
      fc.property(tradeSequence, (steps) => {
        const transactions = toTransactions(steps);
        const quantities: string[] = [];
        for (const method of ['average', 'fifo'] as CostBasisMethod[]) {
          const ledger = replayLedger({ id: 'p', costBasisMethod: method }, transactions);
          const paid = transactions.filter((t) => t.type === 'buy').reduce((sum, t) => sum.plus(t.quantity.times(t.price)), ZERO);
          const disposed = ledger.realized.reduce((sum, r) => sum.plus(r.costBasis), ZERO);
          const held = ledger.positions.get('BTC')!;
          expect(paid.minus(disposed).minus(held.costBasis).abs().lessThan('1e-20')).toBe(true);
          expect(held.costBasis.greaterThanOrEqualTo(0)).toBe(true);
          quantities.push(held.quantity.toFixed());
        }
        expect(new Set(quantities).size).toBe(1);
      }),
    );
  });
});

describe('replayLedgers skipFailed', () => {
  const at = (day: number) => new Date(Date.UTC(2024, 0, day));
  const t = (id: string, type: 'buy' | 'sell', day: number, quantity: string): LedgerTransaction => ({
    id,
    portfolioId: 'p',
    type,
    time: at(day),
    asset: 'BTC',
    quantity: new Dec(quantity),
    price: new Dec(100),
  });

  it('leaves failing transactions out as if absent and reports each one', () => {
    const failed: string[] = [];
    const ledger = replayLedgers(
      [{ id: 'p', costBasisMethod: 'fifo' }],
      [
        t('b1', 'buy', 1, '1'),
        t('s1', 'sell', 2, '2'), // more than held: skipped
        t('s2', 'sell', 3, '0.5'),
        t('s3', 'sell', 4, '0.6'), // 0.5 left: skipped
        t('s4', 'sell', 5, '0.5'),
      ],
      {
        skipFailed: (tx, error) => {
          failed.push(`${tx.id}:${error instanceof InsufficientHoldingsError ? error.held.toFixed() : '?'}`);
          return true;
        },
      },
    ).get('p')!;
    expect(failed).toEqual(['s1:1', 's3:0.5']);
    expect(ledger.realized.map((r) => r.transactionId)).toEqual(['s2', 's4']);
    expect(ledger.positions.get('BTC')!.quantity.toFixed()).toBe('0');
  });

  it('still throws when the callback declines', () => {
    expect(() => replayLedgers([{ id: 'p', costBasisMethod: 'fifo' }], [t('s1', 'sell', 2, '2')], { skipFailed: () => false })).toThrow(
      InsufficientHoldingsError,
    );
  });
});
