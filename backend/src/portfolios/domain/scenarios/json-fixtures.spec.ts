import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeHoldings, valueHoldings } from '../holdings';
import { replayLedger } from '../ledger';
import { dec } from '../money';
import type { CostBasisMethod, LedgerTransaction, TransactionType } from '../types';

/**
 * Scenarios as JSON (Ghostfolio style): transactions, prices, the hand workings, and the expected holdings
 * response for each cost basis method. Adding a scenario = adding a file to fixtures/.
 */
interface Fixture {
  description: string;
  transactions: Array<{ type: TransactionType; time: string; asset: string; quantity: string; price?: string; feeAmount?: string; feeCurrency?: string }>;
  prices: Record<string, string>;
  expected: Partial<Record<CostBasisMethod, object>>;
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
  const prices = new Map(Object.entries(fixture.prices).map(([asset, price]) => [asset, dec(price)]));

  it.each(Object.entries(fixture.expected))('%s cost basis gives the hand-checked holdings', (method, expected) => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: method as CostBasisMethod }, transactions);
    const { baseCurrency: _base, ...body } = serializeHoldings(valueHoldings(ledger, prices), 'USDT');
    expect(body).toEqual(expected);
  });
});
