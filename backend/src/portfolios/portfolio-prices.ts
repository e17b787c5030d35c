import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { CACHE, Cache } from '../infra/ports';
import { MarketsService } from '../markets/markets.service';
import { tickerCacheKey, type Tick } from '../markets/tick';
import type { DailyPriceTable, DayPrice } from './domain/performance';

/** Portfolios value assets against this quote (USDT ≈ USD for both base currencies). */
export const VALUATION_QUOTE = 'USDT';

export function marketSymbol(asset: string): string {
  return `${asset}/${VALUATION_QUOTE}`;
}

/**
 * Everything portfolios need from market data, behind one interface so services and tests do not depend on
 * how prices are stored. The default implementation reads the latest ticks from the CACHE (`ticker:<symbol>`,
 * written by the market-data worker) and daily candles from the `candles` table.
 */
export const PORTFOLIO_PRICES = Symbol('PORTFOLIO_PRICES');

export interface PortfolioPriceSource {
  /** Latest price per asset (quote currency per unit); assets without a live tick are absent. */
  latestPrices(assets: readonly string[]): Promise<Map<string, number>>;
  /** Daily open/close per asset for the UTC days [fromDay, toDay]. */
  dailyPrices(assets: readonly string[], fromDay: string, toDay: string): Promise<DailyPriceTable>;
  /** Most recent daily close per asset on or before `day` (valuation when no tick is available). */
  lastCloses(assets: readonly string[], day: string): Promise<Map<string, number>>;
  /** Whether the platform tracks the market <asset>/USDT. */
  isKnownAsset(asset: string): Promise<boolean>;
}

const UNDEFINED_TABLE = '42P01';

@Injectable()
export class MarketDataPriceSource implements PortfolioPriceSource {
  private readonly logger = new Logger(MarketDataPriceSource.name);
  /** Positive answers only: an asset, once tracked, stays tracked for the life of the process. */
  private readonly known = new Set<string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CACHE) private readonly cache: Cache,
    private readonly config: AppConfig,
    private readonly markets: MarketsService,
  ) {}

  async latestPrices(assets: readonly string[]): Promise<Map<string, number>> {
    const prices = new Map<string, number>();
    await Promise.all(
      assets.map(async (asset) => {
        const tick = await this.cache.get<Tick>(tickerCacheKey(marketSymbol(asset)));
        if (tick && Number.isFinite(tick.price) && tick.price > 0) prices.set(asset, tick.price);
      }),
    );
    return prices;
  }

  async dailyPrices(assets: readonly string[], fromDay: string, toDay: string): Promise<DailyPriceTable> {
    const table = new Map<string, Map<string, DayPrice>>();
    if (assets.length === 0) return table;
    // One row per (symbol, day) even if several exchanges stored it: the configured exchange wins.
    const rows = await this.query<{ symbol: string; day: string; open: number; close: number }>(
      `SELECT DISTINCT ON (symbol, open_time) symbol, to_char(open_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              open::float8 AS open, close::float8 AS close
         FROM candles
        WHERE timeframe = '1d' AND symbol = ANY($1) AND open_time >= $2 AND open_time < $3
        ORDER BY symbol, open_time, (exchange = $4) DESC`,
      [assets.map(marketSymbol), `${fromDay}T00:00:00Z`, nextDayIso(toDay), this.exchangeId()],
    );
    for (const row of rows) {
      const asset = row.symbol.split('/')[0]!;
      let days = table.get(asset);
      if (!days) table.set(asset, (days = new Map()));
      days.set(row.day, { open: Number(row.open), close: Number(row.close) });
    }
    return table;
  }

  async lastCloses(assets: readonly string[], day: string): Promise<Map<string, number>> {
    const closes = new Map<string, number>();
    if (assets.length === 0) return closes;
    const rows = await this.query<{ symbol: string; close: number }>(
      `SELECT DISTINCT ON (symbol) symbol, close::float8 AS close FROM candles
        WHERE timeframe = '1d' AND symbol = ANY($1) AND open_time < $2
        ORDER BY symbol, open_time DESC`,
      [assets.map(marketSymbol), nextDayIso(day)],
    );
    for (const row of rows) closes.set(row.symbol.split('/')[0]!, Number(row.close));
    return closes;
  }

  async isKnownAsset(asset: string): Promise<boolean> {
    if (this.known.has(asset)) return true;
    const symbol = marketSymbol(asset);
    let found: boolean;
    try {
      found = (await this.markets.trackedSymbols()).includes(symbol);
    } catch {
      // The exchange could not list its markets right now: accept what the platform has data for.
      found =
        (await this.cache.get<Tick>(tickerCacheKey(symbol))) !== undefined ||
        (await this.query(`SELECT 1 FROM candles WHERE symbol = $1 LIMIT 1`, [symbol])).length > 0;
    }
    if (found) this.known.add(asset);
    return found;
  }

  private exchangeId(): string {
    return this.config.env.EXCHANGE_ID;
  }

  /** Runs a candles query; before the market-data migration exists there is simply no price history. */
  private async query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    try {
      return (await this.db.query(sql, parameters)) as T[];
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) {
        this.logger.warn('candles table missing: no price history for portfolios');
        return [];
      }
      throw error;
    }
  }
}

function nextDayIso(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
}
