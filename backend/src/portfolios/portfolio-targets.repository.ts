import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Data access for portfolio_targets (target weights for rebalancing). */
@Injectable()
export class PortfolioTargetsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Largest weight first. */
  async list(portfolioId: string): Promise<Array<{ asset: string; weightPct: string }>> {
    const rows: Array<{ asset: string; weight_pct: string }> = await this.db.query(
      `SELECT asset, weight_pct::text AS weight_pct FROM portfolio_targets WHERE portfolio_id = $1 ORDER BY weight_pct DESC, asset`,
      [portfolioId],
    );
    return rows.map((row) => ({ asset: row.asset, weightPct: row.weight_pct }));
  }

  /** Replaces all of a portfolio's targets, inside the caller's transaction. */
  async replace(manager: EntityManager, portfolioId: string, targets: Array<{ asset: string; weightPct: string }>): Promise<void> {
    await manager.query(`DELETE FROM portfolio_targets WHERE portfolio_id = $1`, [portfolioId]);
    if (targets.length === 0) return;
    await manager.query(`INSERT INTO portfolio_targets (portfolio_id, asset, weight_pct) SELECT $1, a, w FROM unnest($2::text[], $3::numeric[]) AS t(a, w)`, [
      portfolioId,
      targets.map((t) => t.asset),
      targets.map((t) => t.weightPct),
    ]);
  }
}
