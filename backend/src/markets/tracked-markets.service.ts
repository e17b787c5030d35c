import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { UnavailableError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { PUBSUB, PubSub } from '../infra/ports';
import { MarketDataUnavailableError } from './market-data-provider';
import { MarketDataRouter, offlineAdvice } from './market-data-router';
import { parseSymbol } from './symbols';
import { TrackedMarketRow, TrackedMarketsRepository } from './tracked-markets.repository';

/** PUBSUB channel on which a catalogue change tells every process to drop its cached list. */
export const MARKET_CATALOGUE_CHANNEL = 'markets:catalogue';
/** A process re-reads the catalogue at least this often even if it missed a change message (pub/sub is fire-and-forget). */
const CATALOGUE_CACHE_MS = 15_000;

/** TRACKED_SYMBOLS as unified symbols, `@exchange` kept (a bad entry fails start-up with its name). */
export function configuredSymbols(entries: readonly string[]): string[] {
  const symbols = entries.map((entry) => {
    const symbol = parseSymbol(entry);
    if (!symbol) throw new Error(`TRACKED_SYMBOLS: "${entry}" is not a market symbol like BTC/USDT (or BTC/USDT@kraken on another exchange)`);
    return symbol;
  });
  return [...new Set(symbols)];
}

/**
 * The one source of truth for which markets are tracked: the tracked_markets catalogue of the configured exchanges,
 * rows carrying their market id. An exchange whose catalogue is empty is seeded on first use from TRACKED_SYMBOLS
 * (bare entries go to the home exchange, `BTC/USDT@kraken` to kraken); the home exchange without entries gets the
 * provider's default list (largest USDT pairs / every replay file) — only then: afterwards admins shape it at
 * runtime. The list is cached per process and dropped on every process when it changes (PUBSUB
 * `markets:catalogue`), and re-read every 15 s regardless.
 */
@Injectable()
export class TrackedMarkets implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TrackedMarkets.name);
  private cached?: { rows: Promise<TrackedMarketRow[]>; at: number };
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly provider: MarketDataRouter,
    private readonly repository: TrackedMarketsRepository,
    private readonly config: AppConfig,
    @Inject(PUBSUB) private readonly pubsub: PubSub,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe<{ exchange: string }>(MARKET_CATALOGUE_CHANNEL, (message) => {
      if (this.provider.ids.exchanges.includes(message.exchange)) this.invalidate();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.unsubscribe?.();
  }

  /** Every catalogue row (removed ones too), exchange by exchange in catalogue order; seeds empty catalogues first. */
  rows(): Promise<TrackedMarketRow[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > CATALOGUE_CACHE_MS) {
      const rows = this.load().catch((error: unknown) => {
        this.cached = undefined; // exchange unreachable while seeding, database down: ask again next time
        if (error instanceof MarketDataUnavailableError) {
          // The first start, offline: say how to run without network rather than only that it failed.
          const advice = offlineAdvice(this.provider.ids.home);
          this.logger.error(`could not choose the markets to track: ${error.message}. ${advice}`);
          throw new UnavailableError(`Market data source unavailable: ${error.message}. ${advice}`);
        }
        throw error;
      });
      this.cached = { rows, at: now };
    }
    return this.cached.rows;
  }

  /** Markets tracked now (backfilling or ingested): ticker poll, stream, alerts, portfolios, news, overview. */
  async symbols(): Promise<string[]> {
    return (await this.rows()).filter((row) => row.status !== 'removed').map((row) => row.market);
  }

  /** Tracked markets whose backfill is over: the regular candle sync and the forecast slots take these. */
  async ingestedSymbols(): Promise<string[]> {
    return (await this.rows()).filter((row) => row.status === 'tracking').map((row) => row.market);
  }

  /** Tracked or removed (whose stored history stays readable), by market id. */
  async known(market: string): Promise<TrackedMarketRow | undefined> {
    return (await this.rows()).find((row) => row.market === market);
  }

  /** Drops this process's list and tells every other process to do the same. */
  async changed(): Promise<void> {
    this.invalidate();
    await this.pubsub.publish(MARKET_CATALOGUE_CHANNEL, { exchange: this.provider.ids.home, at: Date.now() });
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async load(): Promise<TrackedMarketRow[]> {
    const rows = await this.repository.all();
    const seeded = new Set(rows.map((row) => row.exchange));
    const unseeded = this.provider.ids.exchanges.filter((exchange) => !seeded.has(exchange));
    if (unseeded.length === 0) return rows;
    let inserted = 0;
    for (const exchange of unseeded) {
      if (await this.repository.hasAny(exchange)) continue; // seeded by another process meanwhile
      const seed = await this.seedSymbols(exchange);
      if (seed.length === 0) continue;
      const count = await this.repository.seedIfEmpty(exchange, seed);
      if (count > 0) this.logger.log(`market catalogue of ${exchange} seeded with ${count} symbols: ${seed.join(', ')}`);
      inserted += count;
    }
    return inserted > 0 ? this.repository.all() : rows;
  }

  /**
   * The pairs an empty catalogue of `exchange` starts with: the TRACKED_SYMBOLS entries on it, else (home exchange
   * only) the provider's default list (largest USDT pairs / every replay file).
   */
  private async seedSymbols(exchange: string): Promise<string[]> {
    const ids = this.provider.ids;
    const configured = configuredSymbols(this.config.env.TRACKED_SYMBOLS).map((entry) => ids.ref(ids.parse(entry)!));
    const unknown = configured.find((ref) => !ids.exchanges.includes(ref.exchange));
    if (unknown) throw new Error(`TRACKED_SYMBOLS: ${unknown.symbol}@${unknown.exchange} names an exchange not in EXCHANGES (${ids.exchanges.join(',')})`);
    const mine = configured.filter((ref) => ref.exchange === exchange).map((ref) => ref.symbol);
    if (mine.length > 0 || configured.length > 0 || exchange !== ids.home) return mine;
    return this.provider.defaultSymbols(this.config.env.TRACKED_SYMBOLS_COUNT);
  }
}
