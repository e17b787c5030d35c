import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { UnavailableError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { PUBSUB, PubSub } from '../infra/ports';
import { MARKET_DATA_PROVIDER, MarketDataProvider, MarketDataUnavailableError } from './market-data-provider';
import { parseSymbol } from './symbols';
import { TrackedMarketRow, TrackedMarketsRepository } from './tracked-markets.repository';

/** PUBSUB channel on which a catalogue change tells every process to drop its cached list. */
export const MARKET_CATALOGUE_CHANNEL = 'markets:catalogue';
/** A process re-reads the catalogue at least this often even if it missed a change message (pub/sub is fire-and-forget). */
const CATALOGUE_CACHE_MS = 15_000;

/** TRACKED_SYMBOLS as unified symbols (a bad entry fails start-up with its name). */
export function configuredSymbols(entries: readonly string[]): string[] {
  const symbols = entries.map((entry) => {
    const symbol = parseSymbol(entry);
    if (!symbol) throw new Error(`TRACKED_SYMBOLS: "${entry}" is not a market symbol like BTC/USDT`);
    return symbol;
  });
  return [...new Set(symbols)];
}

/**
 * The one source of truth for which markets are tracked: the tracked_markets catalogue of the configured exchange.
 * On first use with an empty catalogue it is seeded from TRACKED_SYMBOLS (or the provider's default list: largest
 * USDT pairs / every replay file) — only then: afterwards admins shape it at runtime. The list is cached per process
 * and dropped on every process when it changes (PUBSUB `markets:catalogue`), and re-read every 15 s regardless.
 */
@Injectable()
export class TrackedMarkets implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TrackedMarkets.name);
  private cached?: { rows: Promise<TrackedMarketRow[]>; at: number };
  private unsubscribe?: () => Promise<void>;

  constructor(
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    private readonly repository: TrackedMarketsRepository,
    private readonly config: AppConfig,
    @Inject(PUBSUB) private readonly pubsub: PubSub,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe<{ exchange: string }>(MARKET_CATALOGUE_CHANNEL, (message) => {
      if (message.exchange === this.provider.exchange) this.invalidate();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.unsubscribe?.();
  }

  get exchange(): string {
    return this.provider.exchange;
  }

  /** Every catalogue row of the exchange (removed ones too), in catalogue order; seeds an empty catalogue first. */
  rows(): Promise<TrackedMarketRow[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > CATALOGUE_CACHE_MS) {
      const rows = this.load().catch((error: unknown) => {
        this.cached = undefined; // exchange unreachable while seeding, database down: ask again next time
        if (error instanceof MarketDataUnavailableError) throw new UnavailableError(`Market data source unavailable: ${error.message}`);
        throw error;
      });
      this.cached = { rows, at: now };
    }
    return this.cached.rows;
  }

  /** Markets tracked now (backfilling or ingested): ticker poll, stream, alerts, portfolios, news, overview. */
  async symbols(): Promise<string[]> {
    return (await this.rows()).filter((row) => row.status !== 'removed').map((row) => row.symbol);
  }

  /** Tracked markets whose backfill is over: the regular candle sync and the forecast slots take these. */
  async ingestedSymbols(): Promise<string[]> {
    return (await this.rows()).filter((row) => row.status === 'tracking').map((row) => row.symbol);
  }

  /** Tracked or removed (whose stored history stays readable). */
  async known(symbol: string): Promise<TrackedMarketRow | undefined> {
    return (await this.rows()).find((row) => row.symbol === symbol);
  }

  /** Drops this process's list and tells every other process to do the same. */
  async changed(): Promise<void> {
    this.invalidate();
    await this.pubsub.publish(MARKET_CATALOGUE_CHANNEL, { exchange: this.provider.exchange, at: Date.now() });
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async load(): Promise<TrackedMarketRow[]> {
    const rows = await this.repository.all(this.provider.exchange);
    if (rows.length > 0) return rows;
    const seed = await this.seedSymbols();
    const inserted = await this.repository.seedIfEmpty(this.provider.exchange, seed);
    if (inserted > 0) this.logger.log(`market catalogue seeded with ${inserted} symbols: ${seed.join(', ')}`);
    return this.repository.all(this.provider.exchange);
  }

  /** TRACKED_SYMBOLS when set, else the provider's default list (largest USDT pairs / every replay file). */
  private async seedSymbols(): Promise<string[]> {
    const configured = this.config.env.TRACKED_SYMBOLS;
    if (configured.length > 0) return configuredSymbols(configured);
    return this.provider.defaultSymbols(this.config.env.TRACKED_SYMBOLS_COUNT);
  }
}
