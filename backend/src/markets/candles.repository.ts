import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Candle, TIMEFRAME_MS, Timeframe } from './candle';
import { MARKET_IDS, MarketIds } from './market-id';

/** A candle as stored: decimals exactly as PostgreSQL returns them (strings). */
export interface StoredCandle {
  openTime: Date;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  /** Fetched after its close time: final. */
  closed: boolean;
}

/** Inclusive range of missing candle open times (epoch ms). */
export interface MissingRange {
  from: number;
  to: number;
}

export interface CandleSeriesKey {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
}

/** Rows per INSERT statement: big enough to amortise the round trip, small enough to stay a short transaction. */
export const UPSERT_BATCH_ROWS = 5_000;

/** PostgreSQL array literal of finite numbers, e.g. `{1.5,2,3e-7}` (numbers need no quoting). */
function arrayLiteral(values: number[]): string {
  return `{${values.join(',')}}`;
}

/**
 * One statement upserts a whole batch: the columns travel as six array parameters and `unnest` turns them back
 * into rows. That measured ~4x faster than a multi-row VALUES list (which also caps at 65,535 parameters), and
 * needs no COPY support from the driver, so it works the same on PGlite. Rows whose values did not change are
 * left untouched (no dead tuple, updated_at kept).
 */
const UPSERT_SQL = `
  INSERT INTO candles (exchange, symbol, timeframe, open_time, open, high, low, close, volume, closed)
  SELECT $1, $2, $3, 'epoch'::timestamptz + t * interval '1 millisecond', o, h, l, c, v,
    t + $11::bigint <= $10::bigint
  FROM unnest($4::bigint[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[]) AS u(t, o, h, l, c, v)
  ON CONFLICT (exchange, symbol, timeframe, open_time) DO UPDATE
    SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
        volume = excluded.volume, closed = candles.closed OR excluded.closed, updated_at = now()
    WHERE (candles.open, candles.high, candles.low, candles.close, candles.volume)
      IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume)
      OR (excluded.closed AND NOT candles.closed)`;

/** Daily open and close of one market on one UTC day (open_time epoch ms). */
export interface DailyOpenClose {
  /** Market id. */
  symbol: string;
  openTime: number;
  open: number;
  close: number;
}

/**
 * Data access for the candles table (raw SQL: the upsert and the gap scan are the hot paths), and the markets
 * domain's one candle-reading API: portfolios (daily prices) and forecasts (closed candles) read candles through
 * it, never with SQL of their own. Every query names the exchange, so it is a range scan of the primary key
 * (exchange, symbol, timeframe, open_time) — and replayed candles never mix with real ones. The reads of several
 * markets take market ids (market-id.ts) and answer keyed by them; a series key names exchange and pair apart.
 */
@Injectable()
export class CandlesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MARKET_IDS) private readonly ids: MarketIds,
  ) {}

  /** The series of a market id. */
  seriesKey(market: string, timeframe: Timeframe): CandleSeriesKey {
    return { ...this.ids.ref(market), timeframe };
  }

  /** Market ids as three parallel arrays (id, exchange, pair) for `unnest($1, $2, $3) AS s(market, exchange, symbol)`. */
  private columns(markets: readonly string[]): [string[], string[], string[]] {
    const refs = markets.map((market) => this.ids.ref(market));
    return [[...markets], refs.map((ref) => ref.exchange), refs.map((ref) => ref.symbol)];
  }

  /**
   * Idempotent batched upsert keyed by (exchange, symbol, timeframe, open_time). Each batch is one statement,
   * hence atomic: a crash leaves whole batches, and the next run's catch-up and gap scan finish the job.
   * Returns the number of candles written.
   *
   * `fetchedAt` (epoch ms, the source's clock when the request was sent) decides whether each candle is final: a
   * candle is stored `closed` only when it was fetched at or after its close time (open + timeframe). A forming
   * candle is stored with closed = false and becomes closed when a later fetch returns it after its close; a closed
   * candle never goes back to forming. Default: the wall clock now.
   */
  async upsert(key: CandleSeriesKey, candles: readonly Candle[], fetchedAt: number = Date.now(), batchRows = UPSERT_BATCH_ROWS): Promise<number> {
    for (let start = 0; start < candles.length; start += batchRows) {
      const batch = candles.slice(start, start + batchRows);
      await this.db.query(UPSERT_SQL, [
        key.exchange,
        key.symbol,
        key.timeframe,
        arrayLiteral(batch.map((c) => c.openTime)),
        arrayLiteral(batch.map((c) => c.open)),
        arrayLiteral(batch.map((c) => c.high)),
        arrayLiteral(batch.map((c) => c.low)),
        arrayLiteral(batch.map((c) => c.close)),
        arrayLiteral(batch.map((c) => c.volume)),
        Math.floor(fetchedAt),
        TIMEFRAME_MS[key.timeframe],
      ]);
    }
    return candles.length;
  }

  /** Open times (epoch ms) of the first and last stored candles, or undefined when none. */
  async bounds(key: CandleSeriesKey): Promise<{ first: number; last: number } | undefined> {
    const rows: Array<{ first: Date | null; last: Date | null }> = await this.db.query(
      `SELECT min(open_time) AS first, max(open_time) AS last FROM candles
       WHERE exchange = $1 AND symbol = $2 AND timeframe = $3`,
      [key.exchange, key.symbol, key.timeframe],
    );
    const row = rows[0];
    if (!row?.first || !row.last) return undefined;
    return { first: new Date(row.first).getTime(), last: new Date(row.last).getTime() };
  }

  /** Holes between stored candles at or after `from` (one index range scan with lag()). */
  async findGaps(key: CandleSeriesKey, from: number): Promise<MissingRange[]> {
    const step = TIMEFRAME_MS[key.timeframe];
    const rows: Array<{ prev: Date; next: Date }> = await this.db.query(
      `SELECT prev, open_time AS next FROM (
         SELECT open_time, lag(open_time) OVER (ORDER BY open_time) AS prev FROM candles
         WHERE exchange = $1 AND symbol = $2 AND timeframe = $3 AND open_time >= $4
       ) AS ordered
       WHERE open_time - prev > $5 * interval '1 millisecond'
       ORDER BY open_time`,
      [key.exchange, key.symbol, key.timeframe, new Date(from).toISOString(), step],
    );
    return rows.map((row) => ({
      from: new Date(row.prev).getTime() + step,
      to: new Date(row.next).getTime() - step,
    }));
  }

  /**
   * Candles with open_time in [from, to], at most `limit`: the oldest ones when `from` is given (paging forward),
   * else the latest ones. Returned oldest first.
   */
  async find(key: CandleSeriesKey, range: { from?: Date; to?: Date; limit: number }): Promise<StoredCandle[]> {
    const newestFirst = range.from === undefined;
    const rows: Array<{ open_time: Date; open: string; high: string; low: string; close: string; volume: string; closed: boolean }> = await this.db.query(
      `SELECT open_time, open::text, high::text, low::text, close::text, volume::text, closed FROM candles
         WHERE exchange = $1 AND symbol = $2 AND timeframe = $3
           AND ($4::timestamptz IS NULL OR open_time >= $4) AND ($5::timestamptz IS NULL OR open_time <= $5)
         ORDER BY open_time ${newestFirst ? 'DESC' : 'ASC'}
         LIMIT $6`,
      [key.exchange, key.symbol, key.timeframe, range.from?.toISOString() ?? null, range.to?.toISOString() ?? null, range.limit],
    );
    const candles = rows.map((row) => ({
      openTime: new Date(row.open_time),
      open: row.open,
      high: row.high,
      low: row.low,
      close: row.close,
      volume: row.volume,
      closed: row.closed,
    }));
    return newestFirst ? candles.reverse() : candles;
  }

  async count(key: CandleSeriesKey): Promise<number> {
    const rows: Array<{ n: string }> = await this.db.query(`SELECT count(*) AS n FROM candles WHERE exchange = $1 AND symbol = $2 AND timeframe = $3`, [
      key.exchange,
      key.symbol,
      key.timeframe,
    ]);
    return Number(rows[0]?.n ?? 0);
  }

  /** Daily open/close of `markets` for open times in [from, to). */
  async dailyOpenCloses(markets: readonly string[], from: Date, to: Date): Promise<DailyOpenClose[]> {
    const rows: Array<{ symbol: string; t: number; open: number; close: number }> = await this.db.query(
      `SELECT s.market AS symbol, extract(epoch FROM c.open_time)::float8 * 1000 AS t, c.open::float8 AS open, c.close::float8 AS close
         FROM unnest($1::text[], $2::text[], $3::text[]) AS s(market, exchange, symbol)
         JOIN candles c ON c.exchange = s.exchange AND c.symbol = s.symbol
        WHERE c.timeframe = '1d' AND c.open_time >= $4 AND c.open_time < $5`,
      [...this.columns(markets), from.toISOString(), to.toISOString()],
    );
    return rows.map((row) => ({ symbol: row.symbol, openTime: Number(row.t), open: Number(row.open), close: Number(row.close) }));
  }

  /** The last daily close before `before` per market, with the open time of its candle; markets without one are absent. */
  async lastDailyCloses(markets: readonly string[], before: Date): Promise<Map<string, { close: number; openTime: Date }>> {
    // One index probe per market (LATERAL … LIMIT 1) rather than sorting each market's whole history.
    const rows: Array<{ market: string; close: number; open_time: Date | string }> = await this.db.query(
      `SELECT s.market, c.close, c.open_time FROM unnest($1::text[], $2::text[], $3::text[]) AS s(market, exchange, symbol)
       CROSS JOIN LATERAL (
         SELECT close::float8 AS close, open_time FROM candles
          WHERE exchange = s.exchange AND symbol = s.symbol AND timeframe = '1d' AND open_time < $4
          ORDER BY open_time DESC LIMIT 1
       ) AS c`,
      [...this.columns(markets), before.toISOString()],
    );
    return new Map(rows.map((row) => [row.market, { close: Number(row.close), openTime: new Date(row.open_time) }]));
  }

  /** Whether any candle of the market is stored. */
  async hasAny(market: string): Promise<boolean> {
    const { exchange, symbol } = this.ids.ref(market);
    return (await this.db.query(`SELECT 1 FROM candles WHERE exchange = $1 AND symbol = $2 LIMIT 1`, [exchange, symbol])).length > 0;
  }

  /** The latest `limit` CLOSED candles opened at or before `lastOpen` (epoch ms), oldest first, as numbers. */
  async closedCandles(key: CandleSeriesKey, lastOpen: number, limit: number): Promise<Candle[]> {
    if (limit <= 0) return [];
    const rows: Array<{ t: string; open: number; high: number; low: number; close: number; volume: number }> = await this.db.query(
      `SELECT (extract(epoch FROM open_time) * 1000)::bigint AS t, open::float8 AS open, high::float8 AS high, low::float8 AS low,
         close::float8 AS close, volume::float8 AS volume
       FROM candles WHERE exchange = $1 AND symbol = $2 AND timeframe = $3 AND open_time <= $4 AND closed
       ORDER BY open_time DESC LIMIT $5`,
      [key.exchange, key.symbol, key.timeframe, new Date(lastOpen).toISOString(), limit],
    );
    return rows.reverse().map((r) => ({
      openTime: Number(r.t),
      open: Number(r.open),
      high: Number(r.high),
      low: Number(r.low),
      close: Number(r.close),
      volume: Number(r.volume),
    }));
  }

  /**
   * closedCandles for several markets in one query (a forecast shard): each market's latest `limit` closed candles
   * opened at or before `lastOpen`, oldest first. The LATERAL subquery walks the (exchange, symbol, timeframe,
   * open_time) index backwards per market, so it reads what the per-market queries read, in one round trip.
   */
  async closedCandlesOfMany(markets: readonly string[], timeframe: Timeframe, lastOpen: number, limit: number): Promise<Map<string, Candle[]>> {
    const out = new Map<string, Candle[]>(markets.map((market) => [market, []]));
    if (limit <= 0 || markets.length === 0) return out;
    const rows: Array<{ market: string; t: string; open: number; high: number; low: number; close: number; volume: number }> = await this.db.query(
      `SELECT s.market, c.t, c.open, c.high, c.low, c.close, c.volume
         FROM unnest($1::text[], $2::text[], $3::text[]) AS s(market, exchange, symbol)
         CROSS JOIN LATERAL (
           SELECT (extract(epoch FROM open_time) * 1000)::bigint AS t, open::float8 AS open, high::float8 AS high, low::float8 AS low,
                  close::float8 AS close, volume::float8 AS volume
             FROM candles
            WHERE exchange = s.exchange AND symbol = s.symbol AND timeframe = $4 AND open_time <= $5 AND closed
            ORDER BY open_time DESC LIMIT $6) c`,
      [...this.columns(markets), timeframe, new Date(lastOpen).toISOString(), limit],
    );
    // Rows come newest first per market: fill, then reverse each list once.
    for (const r of rows) {
      out.get(r.market)!.push({
        openTime: Number(r.t),
        open: Number(r.open),
        high: Number(r.high),
        low: Number(r.low),
        close: Number(r.close),
        volume: Number(r.volume),
      });
    }
    for (const list of out.values()) list.sort((a, b) => a.openTime - b.openTime);
    return out;
  }

  /** Open time (epoch ms) of the newest closed candle of `timeframe` over all `markets`, undefined when none. */
  async latestClosedOpenTime(markets: readonly string[], timeframe: Timeframe): Promise<number | undefined> {
    const rows: Array<{ last: string | null }> = await this.db.query(
      // One index probe per market (newest candle) rather than a scan of every market's candles.
      `SELECT (extract(epoch FROM max(x.open_time)) * 1000)::bigint AS last
       FROM unnest($1::text[], $2::text[], $3::text[]) AS s(market, exchange, symbol)
       CROSS JOIN LATERAL (SELECT open_time FROM candles WHERE exchange = s.exchange AND symbol = s.symbol AND timeframe = $4
                           AND closed ORDER BY open_time DESC LIMIT 1) AS x`,
      [...this.columns(markets), timeframe],
    );
    const last = rows[0]?.last;
    return last === null || last === undefined ? undefined : Number(last);
  }

  /** Open time (epoch ms) of the oldest stored candle of `timeframe` of each market that has one (one index probe each). */
  async firstOpenTimes(markets: readonly string[], timeframe: Timeframe): Promise<Map<string, number>> {
    if (markets.length === 0) return new Map();
    const rows: Array<{ market: string; first: string }> = await this.db.query(
      `SELECT s.market, (extract(epoch FROM x.open_time) * 1000)::bigint AS first
       FROM unnest($1::text[], $2::text[], $3::text[]) AS s(market, exchange, symbol)
       CROSS JOIN LATERAL (SELECT open_time FROM candles WHERE exchange = s.exchange AND symbol = s.symbol AND timeframe = $4
                           ORDER BY open_time LIMIT 1) AS x`,
      [...this.columns(markets), timeframe],
    );
    return new Map(rows.map((row) => [row.market, Number(row.first)]));
  }

  /**
   * Retention of a sub-hour series: deletes the candles of one series opened before `before` (a range scan of the
   * primary key), in batches of `batchRows` so no statement holds locks long. Returns the number deleted.
   */
  async pruneBefore(key: CandleSeriesKey, before: number, batchRows = 10_000): Promise<number> {
    let deleted = 0;
    for (;;) {
      // Counted by a SELECT over the deleted rows: TypeORM shapes a bare DELETE's result differently per driver.
      const [{ n: count }]: Array<{ n: number }> = await this.db.query(
        `WITH gone AS (
           DELETE FROM candles WHERE ctid = ANY (ARRAY(
             SELECT ctid FROM candles WHERE exchange = $1 AND symbol = $2 AND timeframe = $3 AND open_time < $4 LIMIT $5))
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [key.exchange, key.symbol, key.timeframe, new Date(before).toISOString(), batchRows],
      );
      deleted += count;
      if (count < batchRows) return deleted;
    }
  }

  /**
   * Closes of the CLOSED candles that close at `closeTimes` (epoch ms), hourly, daily and 5-minute: the candle
   * closing at t opens at t - its timeframe. Returned as (timeframe, close time, close).
   */
  async closedClosesAt(market: string, closeTimes: readonly number[]): Promise<Array<{ timeframe: Timeframe; closeTime: number; close: number }>> {
    if (closeTimes.length === 0) return [];
    const { exchange, symbol } = this.ids.ref(market);
    const rows: Array<{ t: string; close: number; timeframe: Timeframe }> = await this.db.query(
      `SELECT (extract(epoch FROM open_time) * 1000)::bigint AS t, close::float8 AS close, timeframe FROM candles
       WHERE exchange = $1 AND symbol = $2 AND closed AND (
         (timeframe = '1h' AND open_time = ANY (SELECT 'epoch'::timestamptz + (x - 3600000) * interval '1 millisecond' FROM unnest($3::bigint[]) AS x))
         OR (timeframe = '1d' AND open_time = ANY (SELECT 'epoch'::timestamptz + (x - 86400000) * interval '1 millisecond' FROM unnest($3::bigint[]) AS x))
         OR (timeframe = '5m' AND open_time = ANY (SELECT 'epoch'::timestamptz + (x - 300000) * interval '1 millisecond' FROM unnest($3::bigint[]) AS x)))`,
      [exchange, symbol, `{${closeTimes.join(',')}}`],
    );
    return rows.map((row) => ({ timeframe: row.timeframe, closeTime: Number(row.t) + TIMEFRAME_MS[row.timeframe], close: Number(row.close) }));
  }
}
