import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { aggregateDaily, type Candle, type CoinHistory } from '@coincast/ml';
import { DataSource } from 'typeorm';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from '../markets/market-data-provider';
import { MarketsService } from '../markets/markets.service';
import type { ForecastMarketData } from './forecast-ports';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * ForecastMarketData over the market-data domain: its tracked symbols and clock (the replay clock when replaying),
 * and the stored candles (read-only SQL on the candles table, newest first with a LIMIT, served by its primary key).
 * Only CLOSED candles are read (fetched after their close time, see CandlesRepository.upsert): a forecast never
 * starts from, and a score never uses, the still-forming candle of the current hour or day.
 */
@Injectable()
export class MarketsForecastData implements ForecastMarketData {
  constructor(
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    private readonly markets: MarketsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  now(): number {
    return this.provider.now();
  }

  trackedSymbols(): Promise<string[]> {
    return this.markets.trackedSymbols();
  }

  async history(symbol: string, until: number, lookback: { hourly: number; daily: number }): Promise<CoinHistory> {
    const hourly = await this.candles(symbol, '1h', until - HOUR_MS, lookback.hourly);
    let daily = await this.candles(symbol, '1d', until - DAY_MS, lookback.daily);
    // Daily candles lag (or are not ingested): complete them with days aggregated from the hourly ones.
    const lastDaily = daily.at(-1)?.openTime ?? -Infinity;
    // A day counts only once its last hour (23:00 UTC) is among the closed hourly candles: never a partial day.
    const hours = new Set(hourly.map((c) => c.openTime));
    const extra = aggregateDaily(hourly).filter((d) => d.openTime > lastDaily && d.openTime + DAY_MS <= until && hours.has(d.openTime + DAY_MS - HOUR_MS));
    if (extra.length > 0 && lookback.daily > 0) daily = [...daily, ...extra].slice(-lookback.daily);
    return { coin: symbol, hourly, daily };
  }

  async candlesReadyUntil(): Promise<number | undefined> {
    const symbols = await this.markets.trackedSymbols();
    const rows: Array<{ last: string | null }> = await this.db.query(
      // One index probe per symbol (newest candle) rather than a scan of every symbol's candles.
      `SELECT (extract(epoch FROM max(x.open_time)) * 1000)::bigint AS last
       FROM unnest($2::text[]) AS s(sym)
       CROSS JOIN LATERAL (SELECT open_time FROM candles WHERE exchange = $1 AND symbol = s.sym AND timeframe = '1h'
                           AND closed ORDER BY open_time DESC LIMIT 1) AS x`,
      [this.provider.exchange, `{${symbols.map((s) => `"${s}"`).join(',')}}`],
    );
    const last = rows[0]?.last;
    return last === null || last === undefined ? undefined : Number(last) + HOUR_MS;
  }

  async closesAt(symbol: string, times: number[]): Promise<Map<number, number>> {
    const closes = new Map<number, number>();
    if (times.length === 0) return closes;
    // The candle closing at t opens at t - 1h; daily targets fall back to the daily candle (hourly history is shorter).
    const rows: Array<{ t: string; close: number; timeframe: string }> = await this.db.query(
      `SELECT (extract(epoch FROM open_time) * 1000)::bigint AS t, close::float8 AS close, timeframe FROM candles
       WHERE exchange = $1 AND symbol = $2 AND closed AND (
         (timeframe = '1h' AND open_time = ANY (SELECT 'epoch'::timestamptz + (x - 3600000) * interval '1 millisecond' FROM unnest($3::bigint[]) AS x))
         OR (timeframe = '1d' AND open_time = ANY (SELECT 'epoch'::timestamptz + (x - 86400000) * interval '1 millisecond' FROM unnest($3::bigint[]) AS x)))`,
      [this.provider.exchange, symbol, `{${times.join(',')}}`],
    );
    for (const row of rows.sort((a, b) => (a.timeframe === '1h' ? 1 : 0) - (b.timeframe === '1h' ? 1 : 0))) {
      closes.set(Number(row.t) + (row.timeframe === '1h' ? HOUR_MS : DAY_MS), Number(row.close)); // hourly wins (set last)
    }
    return closes;
  }

  private async candles(symbol: string, timeframe: '1h' | '1d', lastOpen: number, limit: number): Promise<Candle[]> {
    if (limit <= 0) return [];
    const rows: Array<{ t: string; open: number; high: number; low: number; close: number; volume: number }> = await this.db.query(
      `SELECT (extract(epoch FROM open_time) * 1000)::bigint AS t, open::float8 AS open, high::float8 AS high, low::float8 AS low,
         close::float8 AS close, volume::float8 AS volume
       FROM candles WHERE exchange = $1 AND symbol = $2 AND timeframe = $3 AND open_time <= $4 AND closed
       ORDER BY open_time DESC LIMIT $5`,
      [this.provider.exchange, symbol, timeframe, new Date(lastOpen).toISOString(), limit],
    );
    return rows.reverse().map((r) => ({ openTime: Number(r.t), open: Number(r.open), high: Number(r.high), low: Number(r.low), close: Number(r.close), volume: Number(r.volume) }));
  }
}
