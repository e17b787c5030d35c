import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replayLedgers } from './ledger';
import { Dec, ZERO } from './money';
import { computePerformance, type DayPrice } from './performance';
import type { CostBasisMethod, LedgerTransaction, TransactionType } from './types';

const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n, 12));
const dayKey = (n: number) => day(n).toISOString().slice(0, 10);

function make(id: string, portfolioId: string, type: TransactionType, n: number, quantity: Dec, price: Dec, transferId?: string): LedgerTransaction {
  return { id, portfolioId, type, time: day(n), asset: 'BTC', quantity, price, transferId, sequence: Number(id.slice(1)) };
}

describe('ledger properties', () => {
  it('transfers between own portfolios conserve cost: paid = cost still held in A and B + cost of everything disposed', () => {
    const step = fc.record({
      kind: fc.constantFrom('buy', 'transfer', 'sell'),
      units: fc.integer({ min: 1, max: 1000 }),
      price: fc.integer({ min: 1, max: 1000 }),
      share: fc.integer({ min: 1, max: 100 }),
    });
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 30 }),
        fc.constantFrom<CostBasisMethod>('average', 'fifo'),
        fc.constantFrom<CostBasisMethod>('average', 'fifo'),
        (steps, methodA, methodB) => {
          let heldA = ZERO;
          let heldB = ZERO;
          let paid = ZERO;
          const txs: LedgerTransaction[] = [];
          steps.forEach((s, i) => {
            const price = new Dec(s.price);
            if (s.kind === 'buy' || heldA.isZero()) {
              const quantity = new Dec(s.units).dividedBy(100);
              txs.push(make(`t${i}`, 'A', 'buy', i, quantity, price));
              heldA = heldA.plus(quantity);
              paid = paid.plus(quantity.times(price));
            } else if (s.kind === 'transfer') {
              const quantity = heldA.times(s.share).dividedBy(100);
              txs.push(make(`t${i}`, 'A', 'transfer_out', i, quantity, ZERO, `x${i}`), make(`u${i}`, 'B', 'transfer_in', i, quantity, ZERO, `x${i}`));
              heldA = heldA.minus(quantity);
              heldB = heldB.plus(quantity);
            } else if (heldB.greaterThan(0)) {
              const quantity = heldB.times(s.share).dividedBy(100);
              txs.push(make(`t${i}`, 'B', 'sell', i, quantity, price));
              heldB = heldB.minus(quantity);
            }
          });
          const ledgers = replayLedgers(
            [
              { id: 'A', costBasisMethod: methodA },
              { id: 'B', costBasisMethod: methodB },
            ],
            txs,
          );
          const a = ledgers.get('A')!;
          const b = ledgers.get('B')!;
          const held = (a.positions.get('BTC')?.costBasis ?? ZERO).plus(b.positions.get('BTC')?.costBasis ?? ZERO);
          const disposed = [...a.realized, ...b.realized].reduce((sum, r) => sum.plus(r.costBasis), ZERO);
          expect(paid.minus(held).minus(disposed).abs().lessThan('1e-20')).toBe(true);
          expect((a.positions.get('BTC')?.quantity ?? ZERO).minus(heldA).abs().lessThan('1e-30')).toBe(true);
          expect((b.positions.get('BTC')?.quantity ?? ZERO).minus(heldB).abs().lessThan('1e-30')).toBe(true);
        },
      ),
    );
  });
});

describe('TWR properties', () => {
  it('with prices opening at the previous close, any deposits and withdrawals leave TWR equal to the price return', () => {
    const flow = fc.record({ deposit: fc.boolean(), share: fc.integer({ min: 1, max: 90 }) });
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.8, max: 1.25, noNaN: true }), { minLength: 2, maxLength: 20 }),
        fc.array(flow, { minLength: 0, maxLength: 20 }),
        (moves, flows) => {
          // Continuous prices: each day opens where the previous one closed.
          const days = new Map<string, DayPrice>();
          let close = 100;
          moves.forEach((move, n) => {
            const open = close;
            close = open * move;
            days.set(dayKey(n), { open, close });
          });
          const txs: LedgerTransaction[] = [make('t0', 'p', 'deposit', 0, new Dec(10), new Dec(1))];
          let held = new Dec(10);
          flows.slice(0, moves.length - 1).forEach((f, i) => {
            const quantity = held.times(f.share).dividedBy(100);
            txs.push(make(`t${i + 1}`, 'p', f.deposit ? 'deposit' : 'withdraw', i + 1, quantity, new Dec(1)));
            held = f.deposit ? held.plus(quantity) : held.minus(quantity);
          });
          const ledger = replayLedgers([{ id: 'p', costBasisMethod: 'fifo' }], txs).get('p')!;
          const perf = computePerformance({ events: ledger.events, prices: new Map([['BTC', days]]), toDay: dayKey(moves.length - 1), benchmarkAsset: 'BTC' });
          const priceReturn = close / 100 - 1;
          expect(perf.twr).toBeCloseTo(priceReturn, 9);
          // A BTC-only portfolio is its own BTC benchmark.
          for (const point of perf.series) expect(point.benchmarkValue!).toBeCloseTo(point.value, 6);
        },
      ),
    );
  });
});
