import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** pg returns [rows, count] for DELETE … RETURNING through TypeORM; PGlite returns the rows. */
function changedRows(result: unknown): unknown[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as unknown[];
  return result as unknown[];
}

/** All SQL of the watchlist table; every query is scoped by user. */
@Injectable()
export class WatchlistRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The user's starred markets, (exchange, pair), in the order starred. */
  async markets(userId: string): Promise<Array<{ exchange: string; symbol: string }>> {
    return this.db.query(`SELECT exchange, symbol FROM watchlist WHERE user_id = $1 ORDER BY added_at, exchange, symbol`, [userId]);
  }

  async count(userId: string): Promise<number> {
    const [row] = (await this.db.query(`SELECT count(*)::int AS n FROM watchlist WHERE user_id = $1`, [userId])) as Array<{ n: number }>;
    return Number(row?.n ?? 0);
  }

  /** Stars a market (starring it again changes nothing). */
  async add(userId: string, exchange: string, symbol: string): Promise<void> {
    await this.db.query(`INSERT INTO watchlist (user_id, exchange, symbol) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [userId, exchange, symbol]);
  }

  /** False when the market was not on the user's watchlist. */
  async remove(userId: string, exchange: string, symbol: string): Promise<boolean> {
    const rows = changedRows(
      await this.db.query(`DELETE FROM watchlist WHERE user_id = $1 AND exchange = $2 AND symbol = $3 RETURNING symbol`, [userId, exchange, symbol]),
    );
    return rows.length > 0;
  }
}
