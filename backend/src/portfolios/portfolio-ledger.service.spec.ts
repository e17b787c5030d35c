import { describe, expect, it } from 'vitest';
import { InvalidError, LimitReachedError, NotFoundError } from '../common/domain-errors';
import type { AppConfig } from '../config/app-config';
import type { TransactionDraft } from './import/csv-import';
import { PortfolioLedgerService } from './portfolio-ledger.service';
import type { PortfolioPriceSource } from './portfolio-prices';
import type { PortfolioTransactionsRepository } from './portfolio-transactions.repository';
import { Portfolio, PortfolioTransaction } from './portfolio.entity';

const NOW = new Date('2025-03-01T12:00:00Z');

const prices: PortfolioPriceSource = {
  latestPrices: async (assets) => new Map(assets.filter((a) => a === 'BTC').map((a) => [a, 60_000])),
  dailyPrices: async () => new Map(),
  lastCloses: async (assets) => new Map(assets.filter((a) => a === 'ETH').map((a) => [a, { price: 3_000, day: '2025-02-27' }])),
  isKnownAsset: async (asset) => asset === 'BTC' || asset === 'ETH',
};

function service(
  rows: { count?: number; scope?: { portfolios: Portfolio[]; rows: PortfolioTransaction[] }; version?: () => string; loads?: { count: number } } = {},
): PortfolioLedgerService {
  const transactions = {
    manager: {},
    count: async () => rows.count ?? 0,
    loadScope: async () => {
      if (rows.loads) rows.loads.count++;
      return rows.scope ?? { portfolios: [], rows: [] };
    },
    portfolioStamps: async () =>
      (rows.scope?.portfolios ?? []).map((p) => ({
        id: p.id,
        ledger_version: rows.version?.() ?? '0',
        cost_basis_method: p.costBasisMethod,
        cash_mode: p.cashMode,
        base_currency: p.baseCurrency,
      })),
  } as unknown as PortfolioTransactionsRepository;
  const config = { env: { TRANSACTIONS_MAX_PER_PORTFOLIO: 10 } } as unknown as AppConfig;
  return new PortfolioLedgerService(transactions, { now: () => NOW } as never, prices, config);
}

const draft = (overrides: Partial<TransactionDraft> = {}): TransactionDraft => ({
  type: 'buy',
  time: new Date('2025-01-01T00:00:00Z'),
  asset: 'BTC',
  quantity: '1.500',
  price: '50000.0',
  feeAmount: null,
  feeCurrency: null,
  note: null,
  ...overrides,
});

const portfolio = Object.assign(new Portfolio(), { id: 'p1', userId: 'u', costBasisMethod: 'average', cashMode: 'off', baseCurrency: 'USDT' });
const row = (id: string, type: PortfolioTransaction['type'], quantity: string, hour: number) =>
  Object.assign(new PortfolioTransaction(), {
    ...draft({ type, quantity, time: new Date(Date.UTC(2025, 0, 1, hour)) }),
    id,
    portfolioId: 'p1',
    userId: 'u',
    transferId: null,
    counterpartyPortfolioId: null,
  });

describe('PortfolioLedgerService', () => {
  it('checkDraft lists every problem with its field and normalises a valid draft', async () => {
    const ledger = service();
    const bad = await ledger.checkDraft(draft({ time: new Date('2030-01-01T00:00:00Z'), quantity: '0', price: '0', asset: 'DOGE' }));
    expect(bad.problems.map((p) => p.field)).toEqual(['time', 'quantity', 'price', 'asset']);
    const good = await ledger.checkDraft(draft({ feeAmount: '0', feeCurrency: 'USDT' }));
    expect(good.problems).toEqual([]);
    expect(good.draft).toMatchObject({ quantity: '1.5', price: '50000', feeAmount: null, feeCurrency: null });
  });

  it('validateDraft throws one InvalidError whose message joins the problems', async () => {
    const error = await service()
      .validateDraft(draft({ quantity: '-1', asset: 'DOGE' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as InvalidError).message).toBe(
      'Invalid transaction: quantity must be greater than 0; asset DOGE is not a tracked market (no DOGE/USDT) nor a fiat currency or stablecoin',
    );
    expect((error as InvalidError).problems).toHaveLength(2);
  });

  it('validateReplay turns a sale of more than held into an InvalidError saying what was held', () => {
    const ledger = service();
    const error = (() => {
      try {
        ledger.validateReplay([portfolio], [row('a', 'buy', '1', 1), row('b', 'sell', '2', 2)]);
      } catch (e) {
        return e;
      }
    })() as InvalidError;
    expect(error).toBeInstanceOf(InvalidError);
    expect(error.message).toMatch(/^Cannot remove 2 BTC .* only 1 BTC held at that time\.$/);
    expect(error.problems?.map((p) => p.message)).toEqual(['held: 1 BTC', 'requested: 2 BTC']);
    expect(
      ledger
        .validateReplay([portfolio], [row('a', 'buy', '2', 1), row('b', 'sell', '2', 2)])
        .get('p1')
        ?.positions.get('BTC')
        ?.quantity.isZero(),
    ).toBe(true);
  });

  it('ledgerOf is a NotFoundError for a portfolio outside the scope; findLedger is undefined', async () => {
    const ledger = service();
    await expect(ledger.ledgerOf('u', 'p1')).rejects.toBeInstanceOf(NotFoundError);
    expect(await ledger.findLedger('u', 'p1')).toBeUndefined();
    const found = service({ scope: { portfolios: [portfolio], rows: [row('a', 'buy', '1', 1)] } });
    expect((await found.ledgerOf('u', 'p1')).positions.get('BTC')?.quantity.toFixed()).toBe('1');
  });

  it('findLedger reuses the replayed ledger until the ledger version changes', async () => {
    let version = '1';
    const loads = { count: 0 };
    const ledger = service({ scope: { portfolios: [portfolio], rows: [row('a', 'buy', '1', 1)] }, version: () => version, loads });
    const first = await ledger.findLedger('u', 'p1');
    expect(await ledger.findLedger('u', 'p1')).toBe(first);
    expect(loads.count).toBe(1);
    version = '2';
    const replayed = await ledger.findLedger('u', 'p1');
    expect(replayed).not.toBe(first);
    expect(loads.count).toBe(2);
    // Inside a caller's transaction the cache is never used.
    await ledger.findLedger('u', 'p1', {} as never);
    expect(loads.count).toBe(3);
  });

  it('a write that has committed leaves its replayed ledger for the next read, valid for the stamps it saw', async () => {
    const loads = { count: 0 };
    const ledger = service({ scope: { portfolios: [portfolio], rows: [row('a', 'buy', '1', 1)] }, version: () => '7', loads });
    const replayed = ledger.validateReplay([portfolio], [row('a', 'buy', '1', 1), row('b', 'buy', '2', 2)]);
    ledger.rememberReplayed('u', [portfolio], replayed, new Map([['p1', '7|average|off|USDT']]));
    expect(await ledger.findLedger('u', 'p1')).toBe(replayed.get('p1'));
    expect(loads.count).toBe(0);
    // Stamps from another version (e.g. a write committed after it) are a miss: replayed from the database.
    ledger.rememberReplayed('u', [portfolio], replayed, new Map([['p1', '6|average|off|USDT']]));
    expect((await ledger.findLedger('u', 'p1'))?.positions.get('BTC')?.quantity.toFixed()).toBe('1');
    expect(loads.count).toBe(1);
  });

  it('assertTransactionRoom refuses passing the per-portfolio limit with LimitReachedError', async () => {
    await expect(service({ count: 9 }).assertTransactionRoom({} as never, 'p1', 1)).resolves.toBeUndefined();
    await expect(service({ count: 9 }).assertTransactionRoom({} as never, 'p1', 2)).rejects.toBeInstanceOf(LimitReachedError);
  });

  it('currentPrices prefers the live tick, falls back to the last close, and skips quote currencies', async () => {
    const result = await service().currentPrices(['BTC', 'ETH', 'USDT']);
    expect([...result].map(([asset, price]) => [asset, price.toFixed()])).toEqual([
      ['ETH', '3000'],
      ['BTC', '60000'],
    ]);
    // The close names its day when it stands in for a live price; a past day's valuation is a close by definition.
    expect([...(await service().pricesWithAge(['BTC', 'ETH'])).closeDays]).toEqual([['ETH', '2025-02-27']]);
    expect((await service().pricesWithAge(['BTC', 'ETH'], '2025-01-15')).closeDays.size).toBe(0);
  });
});
