import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeHoldings, valueHoldings } from '../holdings';
import { replayLedger, type LedgerPortfolio } from '../ledger';
import { dec } from '../money';
import { computePerformance } from '../performance';
import type { CostBasisMethod, LedgerTransaction, TransactionType } from '../types';
import { priceTable } from './scenario-helpers';

/**
 * Scenarios as JSON (Ghostfolio style): transactions, prices, the hand workings, and what is expected: the holdings
 * response for each cost basis method, the error a replay must stop with, and/or the TWR and IRR of a range.
 * Adding a scenario = adding a file to fixtures/. `portfolio.linkedCash` turns on the linked-cash mode (buys debit
 * and sells credit a cash balance in that currency).
 */
interface Fixture {
  description: string;
  portfolio?: { linkedCash?: string };
  transactions: Array<{ type: TransactionType; time: string; asset: string; quantity: string; price?: string; feeAmount?: string; feeCurrency?: string }>;
  prices?: Record<string, string>;
  expected?: Partial<Record<CostBasisMethod, object>>;
  /** The replay must fail with exactly this message (for every cost basis method). */
  expectedError?: string;
  performance?: {
    /** asset → rows [day, open, close]. */
    prices: Record<string, Array<[string, string, string]>>;
    fromDay?: string;
    toDay: string;
    asOf?: string;
    expected: { twr: number; irr: number | null };
  };
}

const dir = path.join(__dirname, 'fixtures');
const fixtures = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Fixture] as const);

describe.each(fixtures)('JSON scenario %s', (_file, fixture) => {
  const transactions: LedgerTransaction[] = fixture.transactions.map((t, i) => ({
    id: `t${i}`,
    portfolioId: 'p',
    type: t.type,
    time: new Date(t.time),
    asset: t.asset,
    quantity: dec(t.quantity),
    price: dec(t.price ?? '0'),
    feeAmount: t.feeAmount === undefined ? undefined : dec(t.feeAmount),
    feeCurrency: t.feeCurrency,
    sequence: i,
  }));
  const prices = new Map(Object.entries(fixture.prices ?? {}).map(([asset, price]) => [asset, dec(price)]));
  const portfolio = (method: CostBasisMethod): LedgerPortfolio => ({ id: 'p', costBasisMethod: method, linkedCash: fixture.portfolio?.linkedCash });

  if (fixture.expected) {
    it.each(Object.entries(fixture.expected))('%s cost basis gives the hand-checked holdings', (method, expected) => {
      const ledger = replayLedger(portfolio(method as CostBasisMethod), transactions);
      const { baseCurrency: _base, ...body } = serializeHoldings(valueHoldings(ledger, prices), 'USDT');
      // The fixtures hold the arithmetic; every price they give is a live one (no stored-close fallback here).
      const holdings = body.holdings.map(({ priceStale, priceAsOfDay, ...rest }) => {
        expect({ priceStale, priceAsOfDay }).toEqual({ priceStale: false, priceAsOfDay: null });
        return rest;
      });
      expect({ ...body, holdings }).toEqual(expected);
    });
  }

  if (fixture.expectedError !== undefined) {
    it.each(['average', 'fifo'] as const)('%s cost basis stops the replay with the exact amounts', (method) => {
      expect(() => replayLedger(portfolio(method), transactions)).toThrow(fixture.expectedError);
    });
  }

  const performance = fixture.performance;
  if (performance) {
    it('gives the hand-checked TWR and IRR', () => {
      const ledger = replayLedger(portfolio('fifo'), transactions);
      const result = computePerformance({
        events: ledger.events,
        prices: priceTable(performance.prices),
        fromDay: performance.fromDay,
        toDay: performance.toDay,
        asOf: performance.asOf === undefined ? undefined : new Date(performance.asOf),
        benchmarkAsset: 'BTC',
      });
      expect(result.twr).toBeCloseTo(performance.expected.twr, 8);
      if (performance.expected.irr === null) expect(result.irr).toBeNull();
      else expect(result.irr).toBeCloseTo(performance.expected.irr, 8);
    });
  }
});
