import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MARKET_IDS, MarketIds } from './market-id';

export type TrackedMarketStatus = 'backfilling' | 'tracking' | 'removed';

/** One row of the market catalogue (tracked_markets). */
export interface TrackedMarketRow {
  /** Market id (market-id.ts): `symbol` on the home exchange, `symbol@exchange` elsewhere. */
  market: string;
  exchange: string;
  /** The exchange's pair, `BTC/USDT`. */
  symbol: string;
  status: TrackedMarketStatus;
  position: number;
  addedAt: Date;
  addedBy: string | null;
  removedAt: Date | null;
  backfill: {
    fetched: number;
    expected: number;
    /** 0…1 */
    progress: number;
    startedAt: Date | null;
    finishedAt: Date | null;
    error: string | null;
  };
}

export interface BackfillProgress {
  fetched: number;
  expected: number;
  progress: number;
}

type Row = Record<string, unknown>;

/** pg returns [rows, count] for UPDATE … RETURNING through TypeORM; PGlite returns the rows. */
function updatedRows(result: unknown): Row[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as Row[];
  return result as Row[];
}

function toRow(row: Row, ids: MarketIds): TrackedMarketRow {
  const date = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string));
  return {
    market: ids.id(String(row.exchange), String(row.symbol)),
    exchange: String(row.exchange),
    symbol: String(row.symbol),
    status: row.status as TrackedMarketStatus,
    position: Number(row.position),
    addedAt: new Date(row.added_at as string),
    addedBy: (row.added_by as string | null) ?? null,
    removedAt: date(row.removed_at),
    backfill: {
      fetched: Number(row.backfill_fetched),
      expected: Number(row.backfill_expected),
      progress: Number(row.backfill_progress),
      startedAt: date(row.backfill_started_at),
      finishedAt: date(row.backfill_finished_at),
      error: (row.backfill_error as string | null) ?? null,
    },
  };
}

/** All SQL of tracked_markets (the runtime market catalogue). */
@Injectable()
export class TrackedMarketsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MARKET_IDS) private readonly ids: MarketIds,
  ) {}

  /** Every row of the configured exchanges (removed ones too): exchange by exchange in EXCHANGES order, each in catalogue order. */
  async all(): Promise<TrackedMarketRow[]> {
    const rows: Row[] = await this.db.query(
      `SELECT * FROM tracked_markets WHERE exchange = ANY($1::text[]) ORDER BY array_position($1::text[], exchange), position, symbol`,
      [[...this.ids.exchanges]],
    );
    return rows.map((row) => toRow(row, this.ids));
  }

  async find(exchange: string, symbol: string): Promise<TrackedMarketRow | undefined> {
    const rows: Row[] = await this.db.query(`SELECT * FROM tracked_markets WHERE exchange = $1 AND symbol = $2`, [exchange, symbol]);
    return rows[0] ? toRow(rows[0], this.ids) : undefined;
  }

  /** Whether `exchange` has any catalogue row (seeded once, ever). */
  async hasAny(exchange: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM tracked_markets WHERE exchange = $1 LIMIT 1`, [exchange])).length > 0;
  }

  /**
   * Seeds the catalogue of `exchange` with `symbols` (status tracking, in that order) only when it has no row at all:
   * a catalogue an admin emptied stays empty. Two processes seeding at once insert the same rows once.
   */
  async seedIfEmpty(exchange: string, symbols: string[]): Promise<number> {
    const rows: Row[] = await this.db.query(
      `INSERT INTO tracked_markets (exchange, symbol, status, position)
       SELECT $1, s.symbol, 'tracking', s.ord
       FROM unnest($2::text[]) WITH ORDINALITY AS s(symbol, ord)
       WHERE NOT EXISTS (SELECT 1 FROM tracked_markets WHERE exchange = $1)
       ON CONFLICT (exchange, symbol) DO NOTHING
       RETURNING symbol`,
      [exchange, symbols],
    );
    return rows.length;
  }

  /**
   * Adds `symbol` (or brings a removed one back) at the end of the list, status backfilling with a fresh progress.
   * Returns undefined when it is already tracked (backfilling or tracking).
   */
  async add(exchange: string, symbol: string, addedBy: string | null, expected: number): Promise<TrackedMarketRow | undefined> {
    const rows: Row[] = await this.db.query(
      `INSERT INTO tracked_markets (exchange, symbol, status, position, added_by, backfill_expected)
       VALUES ($1, $2, 'backfilling', (SELECT COALESCE(MAX(position), 0) + 1 FROM tracked_markets WHERE exchange = $1), $3, $4)
       ON CONFLICT (exchange, symbol) DO UPDATE
         SET status = 'backfilling', position = (SELECT COALESCE(MAX(position), 0) + 1 FROM tracked_markets WHERE exchange = $1),
             added_at = now(), added_by = excluded.added_by, removed_at = NULL, backfill_fetched = 0,
             backfill_expected = excluded.backfill_expected, backfill_progress = 0, backfill_started_at = NULL,
             backfill_finished_at = NULL, backfill_error = NULL
         WHERE tracked_markets.status = 'removed'
       RETURNING *`,
      [exchange, symbol, addedBy, expected],
    );
    return rows[0] ? toRow(rows[0], this.ids) : undefined;
  }

  /** Marks a tracked market removed; false when it was not tracked. */
  async remove(exchange: string, symbol: string): Promise<boolean> {
    const rows = updatedRows(
      await this.db.query(
        `UPDATE tracked_markets SET status = 'removed', removed_at = now() WHERE exchange = $1 AND symbol = $2 AND status <> 'removed' RETURNING symbol`,
        [exchange, symbol],
      ),
    );
    return rows.length > 0;
  }

  /** Records the progress of a running backfill (only while the market is still backfilling: a removal wins). */
  async recordProgress(exchange: string, symbol: string, progress: BackfillProgress): Promise<boolean> {
    const rows = updatedRows(
      await this.db.query(
        `UPDATE tracked_markets
       SET backfill_fetched = $3, backfill_expected = $4, backfill_progress = $5, backfill_started_at = COALESCE(backfill_started_at, now())
       WHERE exchange = $1 AND symbol = $2 AND status = 'backfilling' RETURNING symbol`,
        [exchange, symbol, progress.fetched, progress.expected, progress.progress],
      ),
    );
    return rows.length > 0;
  }

  /**
   * Ends a backfill: the market goes to `tracking` (the regular candle sync takes over), with the error of a backfill
   * that gave up (the sync then keeps catching up). False when the market was removed meanwhile.
   */
  async finishBackfill(exchange: string, symbol: string, error: string | null): Promise<boolean> {
    const rows = updatedRows(
      await this.db.query(
        `UPDATE tracked_markets
       SET status = 'tracking', backfill_finished_at = now(), backfill_error = $3,
           backfill_progress = CASE WHEN $3::text IS NULL THEN 1 ELSE backfill_progress END
       WHERE exchange = $1 AND symbol = $2 AND status = 'backfilling' RETURNING symbol`,
        [exchange, symbol, error],
      ),
    );
    return rows.length > 0;
  }
}
