import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { lockUserRow } from '../database/user-lock';
import type { TransactionType } from './domain/types';
import { Portfolio, PortfolioTransaction } from './portfolio.entity';

/** A portfolio's transactions and those of every portfolio linked to it by transfers, replayed together. */
export interface LedgerScope {
  portfolios: Portfolio[];
  rows: PortfolioTransaction[];
}

/** The columns a transaction edit writes. */
type EditableColumns = Pick<PortfolioTransaction, 'type' | 'time' | 'asset' | 'quantity' | 'price' | 'feeAmount' | 'feeCurrency' | 'note'>;

/**
 * Data access for portfolio_transactions: rows, the replay scope and the user lock. Methods that take a manager
 * run inside the caller's transaction (see `transaction`). Lists use raw SQL: hydrating thousands of TypeORM
 * entities costs more than replaying them.
 */
@Injectable()
export class PortfolioTransactionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The manager outside any transaction. */
  get manager(): EntityManager {
    return this.db.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Serialises writers of one user's portfolios so two concurrent sales cannot both pass the holdings check. */
  lockUser(manager: EntityManager, userId: string): Promise<void> {
    return lockUserRow(manager, userId);
  }

  /** Each of the user's portfolios with its ledger version and the settings a replay depends on (ledger cache check). */
  portfolioStamps(
    userId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<Array<{ id: string; ledger_version: string; cost_basis_method: string; cash_mode: string; base_currency: string }>> {
    return manager.query(`SELECT id, ledger_version::text AS ledger_version, cost_basis_method, cash_mode, base_currency FROM portfolios WHERE user_id = $1`, [
      userId,
    ]);
  }

  count(manager: EntityManager, portfolioId: string): Promise<number> {
    return manager.count(PortfolioTransaction, { where: { portfolioId } });
  }

  /** Newest first, one page. */
  async page(userId: string, portfolioId: string, page: { limit: number; offset: number }): Promise<PortfolioTransaction[]> {
    const raw: RawTransactionRow[] = await this.db.query(
      `SELECT ${RAW_COLUMNS} FROM portfolio_transactions WHERE user_id = $1 AND portfolio_id = $2
        ORDER BY time DESC, seq DESC LIMIT $3 OFFSET $4`,
      [userId, portfolioId, page.limit, page.offset],
    );
    return raw.map(fromRawRow);
  }

  /** One portfolio's transactions in time order. */
  async rows(userId: string, portfolioId: string, order: 'ASC' | 'DESC'): Promise<PortfolioTransaction[]> {
    const raw: RawTransactionRow[] = await this.db.query(
      `SELECT ${RAW_COLUMNS} FROM portfolio_transactions WHERE user_id = $1 AND portfolio_id = $2 ORDER BY time ${order}, seq ${order}`,
      [userId, portfolioId],
    );
    return raw.map(fromRawRow);
  }

  /**
   * The rows to replay for a portfolio: its own, or, once the user has transfers between portfolios, all of the
   * user's portfolios (a transfer carries cost from one portfolio's history into another's).
   */
  async loadScope(manager: EntityManager, userId: string, portfolioId: string, forceAll = false): Promise<LedgerScope> {
    const linked =
      forceAll || (await manager.query(`SELECT 1 FROM portfolio_transactions WHERE user_id = $1 AND transfer_id IS NOT NULL LIMIT 1`, [userId])).length > 0;
    const portfolios = linked ? await manager.find(Portfolio, { where: { userId } }) : await manager.find(Portfolio, { where: { id: portfolioId, userId } });
    const raw: RawTransactionRow[] = await manager.query(
      `SELECT ${RAW_COLUMNS} FROM portfolio_transactions
        WHERE user_id = $1 ${linked ? '' : 'AND portfolio_id = $2'}
        ORDER BY time, seq`,
      linked ? [userId] : [userId, portfolioId],
    );
    return { portfolios, rows: raw.map(fromRawRow) };
  }

  getById(id: string): Promise<PortfolioTransaction> {
    return this.db.getRepository(PortfolioTransaction).findOneByOrFail({ id });
  }

  findOwned(manager: EntityManager, userId: string, portfolioId: string, transactionId: string): Promise<PortfolioTransaction | null> {
    return manager.findOne(PortfolioTransaction, { where: { id: transactionId, portfolioId, userId } });
  }

  /** Both sides of a transfer between the user's portfolios. */
  transferSides(manager: EntityManager, userId: string, transferId: string): Promise<PortfolioTransaction[]> {
    return manager.find(PortfolioTransaction, { where: { transferId, userId } });
  }

  save(manager: EntityManager, rows: PortfolioTransaction[]): Promise<PortfolioTransaction[]> {
    return manager.save(PortfolioTransaction, rows);
  }

  async updateFields(manager: EntityManager, id: string, row: EditableColumns): Promise<void> {
    await manager.update(
      PortfolioTransaction,
      { id },
      {
        type: row.type,
        time: row.time,
        asset: row.asset,
        quantity: row.quantity,
        price: row.price,
        feeAmount: row.feeAmount,
        feeCurrency: row.feeCurrency,
        note: row.note,
      },
    );
  }

  /** Turns one side of a transfer into an external one (optionally at a new unit price). */
  async unlinkTransfer(manager: EntityManager, id: string, price?: string): Promise<void> {
    await manager.update(PortfolioTransaction, { id }, { ...(price !== undefined ? { price } : {}), transferId: null, counterpartyPortfolioId: null });
  }

  async delete(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.delete(PortfolioTransaction, ids);
  }

  /** The import hashes among `hashes` that the portfolio already holds. */
  async existingImportHashes(manager: EntityManager, portfolioId: string, hashes: string[]): Promise<Set<string>> {
    const existing = new Set<string>();
    for (let i = 0; i < hashes.length; i += 1000) {
      const found = await manager.find(PortfolioTransaction, {
        select: { importHash: true },
        where: { portfolioId, importHash: In(hashes.slice(i, i + 1000)) },
      });
      for (const row of found) existing.add(row.importHash!);
    }
    return existing;
  }

  /**
   * Inserts imported rows; ON CONFLICT DO NOTHING on the unique hash index, so a concurrent import of the same file
   * adds nothing twice. Returns how many were actually inserted.
   */
  async insertImported(manager: EntityManager, rows: PortfolioTransaction[]): Promise<number> {
    const result = await manager.createQueryBuilder().insert().into(PortfolioTransaction).values(rows).orIgnore().execute();
    // RETURNING lists only the rows actually inserted (conflicting ones are skipped).
    return Array.isArray(result.raw) ? result.raw.length : rows.length;
  }

  /** Each (portfolio, asset) that appears in a transaction, for all portfolios or only the given ones. */
  assetsByPortfolio(portfolioIds?: string[]): Promise<Array<{ portfolio_id: string; asset: string }>> {
    return portfolioIds
      ? this.db.query(`SELECT DISTINCT portfolio_id, asset FROM portfolio_transactions WHERE portfolio_id = ANY($1)`, [portfolioIds])
      : this.db.query(`SELECT DISTINCT portfolio_id, asset FROM portfolio_transactions`);
  }
}

const RAW_COLUMNS = `id, user_id, portfolio_id, seq::text AS seq, type, time, asset, quantity::text AS quantity, price::text AS price,
  fee_amount::text AS fee_amount, fee_currency, note, counterparty_portfolio_id, transfer_id, import_hash, created_at, updated_at`;

interface RawTransactionRow {
  id: string;
  user_id: string;
  portfolio_id: string;
  seq: string;
  type: TransactionType;
  time: Date | string;
  asset: string;
  quantity: string;
  price: string;
  fee_amount: string | null;
  fee_currency: string | null;
  note: string | null;
  counterparty_portfolio_id: string | null;
  transfer_id: string | null;
  import_hash: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

function fromRawRow(row: RawTransactionRow): PortfolioTransaction {
  return Object.assign(new PortfolioTransaction(), {
    id: row.id,
    userId: row.user_id,
    portfolioId: row.portfolio_id,
    seq: row.seq,
    type: row.type,
    time: new Date(row.time),
    asset: row.asset,
    quantity: row.quantity,
    price: row.price,
    feeAmount: row.fee_amount,
    feeCurrency: row.fee_currency,
    note: row.note,
    counterpartyPortfolioId: row.counterparty_portfolio_id,
    transferId: row.transfer_id,
    importHash: row.import_hash,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  });
}
