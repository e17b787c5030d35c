import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../common/domain-errors';
import { Portfolio } from './portfolio.entity';

/** Data access for the portfolios table. Methods that take a manager run inside the caller's transaction. */
@Injectable()
export class PortfoliosRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  listOwned(userId: string): Promise<Portfolio[]> {
    return this.db.getRepository(Portfolio).find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  countOwned(manager: EntityManager, userId: string): Promise<number> {
    return manager.count(Portfolio, { where: { userId } });
  }

  insert(manager: EntityManager, values: Pick<Portfolio, 'userId' | 'name' | 'baseCurrency' | 'costBasisMethod' | 'cashMode'>): Promise<Portfolio> {
    return manager.save(Portfolio, values);
  }

  save(portfolio: Portfolio, manager: EntityManager = this.db.manager): Promise<Portfolio> {
    return manager.save(Portfolio, portfolio);
  }

  async delete(manager: EntityManager, userId: string, portfolioId: string): Promise<void> {
    await manager.delete(Portfolio, { id: portfolioId, userId });
  }

  findOwned(userId: string, portfolioId: string, manager: EntityManager = this.db.manager): Promise<Portfolio | null> {
    return manager.findOne(Portfolio, { where: { id: portfolioId, userId } });
  }

  /** The user's portfolio; someone else's portfolio is indistinguishable from a missing one. */
  async getOwned(userId: string, portfolioId: string, manager: EntityManager = this.db.manager): Promise<Portfolio> {
    const portfolio = await this.findOwned(userId, portfolioId, manager);
    if (!portfolio) throw new NotFoundError('Portfolio not found');
    return portfolio;
  }

  /** Owner and base currency of a portfolio by id alone (live valuation), undefined when it is gone. */
  async ownerOf(portfolioId: string): Promise<{ userId: string; baseCurrency: string } | undefined> {
    const rows: Array<{ user_id: string; base_currency: string }> = await this.db.query(`SELECT user_id, base_currency FROM portfolios WHERE id = $1`, [
      portfolioId,
    ]);
    const row = rows[0];
    return row ? { userId: row.user_id, baseCurrency: row.base_currency } : undefined;
  }
}
