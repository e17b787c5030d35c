import { dec } from './domain/money';
import type { LedgerPortfolio } from './domain/ledger';
import type { LedgerTransaction } from './domain/types';
import type { Portfolio, PortfolioTransaction } from './portfolio.entity';

/** Stored portfolio → replay settings (linked cash is held in the base currency). */
export function toLedgerPortfolio(portfolio: Pick<Portfolio, 'id' | 'costBasisMethod' | 'cashMode' | 'baseCurrency'>): LedgerPortfolio {
  return { id: portfolio.id, costBasisMethod: portfolio.costBasisMethod, linkedCash: portfolio.cashMode === 'linked' ? portfolio.baseCurrency : null };
}

/** Stored row (numeric columns as strings) → calculator input. */
export function toLedgerTransaction(row: PortfolioTransaction): LedgerTransaction {
  return {
    id: row.id,
    portfolioId: row.portfolioId,
    type: row.type,
    time: row.time,
    asset: row.asset,
    quantity: dec(row.quantity),
    price: dec(row.price),
    feeAmount: row.feeAmount === null ? undefined : dec(row.feeAmount),
    feeCurrency: row.feeCurrency ?? undefined,
    transferId: row.transferId ?? undefined,
    sequence: row.seq === undefined ? Number.MAX_SAFE_INTEGER : Number(row.seq),
  };
}
