import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConflictError, InvalidError, NotFoundError, UnavailableError } from '../common/domain-errors';
import type { BackfillMarketJob } from '../infra/jobs';
import { CACHE, Cache, JOB_QUEUE, JobQueue } from '../infra/ports';
import { CandlesRepository } from './candles.repository';
import { AddMarketDto, CatalogueSearchDto, TrackedMarketDto } from './catalogue.dto';
import { IngestionService } from './ingestion.service';
import { MarketDataUnavailableError, MarketInfo } from './market-data-provider';
import { MarketDataRouter } from './market-data-router';
import { exchangeDisplayName } from './exchanges-config';
import { SeriesProgress, backfillShare, expectedCandles } from './market-stage';
import { MARKET_STREAM, type MarketStream } from './market-stream';
import { marketStageOf } from './markets.service';
import { pairOf, splitSymbol } from './symbols';
import { tickerCacheKey } from './tick';
import { TrackedMarketRow, TrackedMarketsRepository } from './tracked-markets.repository';
import { TrackedMarkets } from './tracked-markets.service';

export const BACKFILL_QUEUE = 'markets-backfill';
/** Attempts of one backfill job; after the last one the market is handed to the regular candle sync anyway. */
export const BACKFILL_ATTEMPTS = 3;
const SEARCH_LIMIT = 50;
/** Progress is written and streamed at most this often (and after the last page). */
const PROGRESS_EVERY_MS = 250;

/** Thrown inside a backfill whose market was removed meanwhile: stops fetching. */
class BackfillCancelled extends Error {}

function unavailable(error: unknown): never {
  if (error instanceof MarketDataUnavailableError) throw new UnavailableError(`Market data source unavailable: ${error.message}`);
  throw error;
}

/**
 * Admin rules of the market catalogue: search the exchange's markets, add one (a backfill job fetches its history
 * through the ingestion code and streams its progress), remove one (ingestion and forecasts stop; its candles stay).
 */
@Injectable()
export class MarketCatalogueService {
  private readonly logger = new Logger(MarketCatalogueService.name);

  constructor(
    private readonly provider: MarketDataRouter,
    private readonly tracked: TrackedMarkets,
    private readonly repository: TrackedMarketsRepository,
    private readonly ingestion: IngestionService,
    private readonly candles: CandlesRepository,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(MARKET_STREAM) private readonly stream: MarketStream,
    @Inject(CACHE) private readonly cache: Cache,
  ) {}

  /** A configured exchange by id (404 naming the configured ones otherwise); undefined = the home exchange. */
  private exchange(id: string | undefined): string {
    const exchange = id ?? this.provider.ids.home;
    if (!this.provider.get(exchange)) {
      throw new NotFoundError(
        `'${exchange.slice(0, 32)}' is not one of this install's exchanges (${this.provider.ids.exchanges.join(', ')}); EXCHANGES configures them`,
      );
    }
    return exchange;
  }

  private exchangeName(exchange: string): string {
    return exchangeDisplayName(exchange, this.provider.get(exchange)?.name);
  }

  /** `exchange`'s spot markets matching `q` (symbol or base), exact base first, with whether each is tracked. */
  async search(q: string | undefined, exchangeId?: string): Promise<CatalogueSearchDto> {
    const exchange = this.exchange(exchangeId);
    const markets = (await this.provider.listMarketsOf(exchange).catch(unavailable)).map((market) => ({ ...market, pair: pairOf(market.symbol) }));
    const tracked = new Set(await this.tracked.symbols());
    const needle = (q ?? '').trim().toUpperCase().replace(/[-_ ]/g, '/');
    const compact = needle.replace(/\//g, '');
    const rank = (market: MarketInfo & { pair: string }): number => {
      if (!needle) return 3;
      if (market.pair === needle || market.base === needle || `${market.base}${market.quote}` === compact) return 0;
      if (market.base.startsWith(compact)) return 1;
      if (market.pair.includes(needle) || `${market.base}${market.quote}`.includes(compact)) return 2;
      return -1;
    };
    const matches = markets
      .map((market) => ({ market, rank: rank(market) }))
      .filter((entry) => entry.rank >= 0)
      .sort((a, b) => a.rank - b.rank || a.market.symbol.localeCompare(b.market.symbol));
    return {
      exchange,
      exchangeName: this.exchangeName(exchange),
      total: matches.length,
      markets: matches.slice(0, SEARCH_LIMIT).map(({ market }) => ({ ...market, tracked: tracked.has(market.symbol) })),
    };
  }

  /** Starts tracking a market: catalogue row (backfilling) and a backfill job. */
  async add(input: AddMarketDto, userId: string): Promise<TrackedMarketDto> {
    const parsed = this.provider.ids.parse(input.symbol);
    if (!parsed) throw InvalidError.of(`"${input.symbol.slice(0, 40)}" is not a market symbol such as SOL/USDT`, 'symbol');
    const named = this.provider.ids.ref(parsed);
    if (input.exchange && input.symbol.includes('@') && named.exchange !== input.exchange) {
      throw InvalidError.of(`symbol names ${named.exchange} but exchange says ${input.exchange}: give one`, 'exchange');
    }
    const exchange = this.exchange(input.exchange ?? named.exchange);
    const symbol = named.symbol;
    const market = this.provider.ids.id(exchange, symbol);
    const listed = (await this.provider.listMarketsOf(exchange).catch(unavailable)).some((entry) => entry.symbol === market);
    if (!listed) throw new NotFoundError(`${this.exchangeName(exchange)} has no spot market ${symbol}: search the catalogue for the pairs it lists`);
    const plan = this.ingestion.plan;
    const expected = [...expectedCandles(plan.timeframes, plan.backfillDays).values()].reduce((sum, n) => sum + n, 0);
    const row = await this.repository.add(exchange, symbol, userId, expected);
    if (!row) throw new ConflictError(`${symbol} on ${this.exchangeName(exchange)} is already tracked`);
    await this.tracked.changed();
    const job: BackfillMarketJob = { exchange: row.exchange, symbol, addedAt: row.addedAt.getTime() };
    await this.jobs.enqueue(BACKFILL_QUEUE, 'backfill-market', job, {
      jobId: `backfill-market:${row.exchange}:${symbol}:${job.addedAt}`,
      attempts: BACKFILL_ATTEMPTS,
      backoffMs: 5_000,
    });
    this.logger.log(`market ${market} added to the catalogue: backfill of ${expected} candles queued`);
    const dto = this.toDto(row, undefined);
    this.stream.toAll('market_backfill', dto);
    return dto;
  }

  /** Stops tracking a market: no more ticks, candles or forecasts; its stored candles and forecasts stay. */
  async remove(input: string): Promise<void> {
    const symbol = this.provider.ids.parse(input);
    const ref = symbol ? this.provider.ids.ref(symbol) : undefined;
    if (!symbol || !ref || !(await this.repository.remove(ref.exchange, ref.symbol))) {
      throw new NotFoundError(`${symbol ?? input.slice(0, 40)} is not tracked; GET /api/v1/markets lists the tracked markets`);
    }
    await this.tracked.changed();
    // Its last price must not keep looking live (the cache entry would otherwise live for minutes).
    await this.cache.del(tickerCacheKey(symbol));
    this.logger.log(`market ${symbol} removed from the catalogue (its stored history is kept)`);
  }

  /**
   * The backfill job: every ingested timeframe of the market, hourly first, through the ingestion code (idempotent
   * upserts, so a retried job resumes from what is stored). Progress (candles fetched / expected) is recorded and
   * streamed as `market_backfill`; at the end the market goes to the regular candle sync and the forecast slots.
   */
  async runBackfill(job: BackfillMarketJob, attempt: number): Promise<void> {
    const row = await this.repository.find(job.exchange, job.symbol);
    if (!row || row.status !== 'backfilling' || row.addedAt.getTime() !== job.addedAt) return; // removed or re-added since
    const market = row.market;
    const plan = this.ingestion.plan;
    const expected = expectedCandles(plan.timeframes, plan.backfillDays);
    const series = new Map<string, SeriesProgress>(
      plan.timeframes.map((timeframe) => [timeframe, { expected: expected.get(timeframe) ?? 0, fetched: 0, done: false }]),
    );
    const totalExpected = [...series.values()].reduce((sum, s) => sum + s.expected, 0);
    let fetched = 0;
    let lastReport = 0;
    const report = async (force: boolean): Promise<void> => {
      const now = Date.now();
      if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
      lastReport = now;
      const progress = { fetched, expected: totalExpected, progress: backfillShare([...series.values()]) };
      if (!(await this.repository.recordProgress(job.exchange, job.symbol, progress))) throw new BackfillCancelled();
      await this.emit(row);
    };
    try {
      await report(true);
      for (const timeframe of plan.timeframes) {
        const entry = series.get(timeframe)!;
        await this.ingestion.syncSeries(market, timeframe, async (written) => {
          entry.fetched += written;
          fetched += written;
          await report(false);
        });
        entry.done = true;
        if (timeframe !== plan.timeframes.at(-1)) await report(true); // the end is reported by finishing
      }
    } catch (error) {
      if (error instanceof BackfillCancelled) return;
      const message = error instanceof Error ? error.message : String(error);
      if (attempt < BACKFILL_ATTEMPTS) throw error; // retried with backoff; stored pages are not fetched again
      this.logger.warn(`backfill of ${market} gave up after ${attempt} attempts (${message}); the regular candle sync takes over`);
      if (await this.repository.finishBackfill(job.exchange, job.symbol, `The exchange did not answer: ${message}`)) await this.tracked.changed();
      await this.emit(row);
      return;
    }
    if (await this.repository.finishBackfill(job.exchange, job.symbol, null)) {
      await this.tracked.changed();
      this.logger.log(`backfill of ${market} done: ${fetched} candles`);
    }
    await this.emit(row);
  }

  /** Streams the market's current stage and progress to every client. */
  private async emit(market: Pick<TrackedMarketRow, 'exchange' | 'symbol'>): Promise<void> {
    const row = await this.repository.find(market.exchange, market.symbol);
    if (!row || row.status === 'removed') return;
    const first = (await this.candles.firstOpenTimes([row.market], '1h')).get(row.market);
    this.stream.toAll('market_backfill', this.toDto(row, first));
  }

  private toDto(row: TrackedMarketRow, firstHourlyOpen: number | undefined): TrackedMarketDto {
    return {
      symbol: row.market,
      pair: row.symbol,
      ...splitSymbol(row.symbol),
      exchange: row.exchange,
      exchangeName: this.exchangeName(row.exchange),
      ...marketStageOf(row, firstHourlyOpen, this.provider.nowFor(row.market)),
      addedAt: row.addedAt.toISOString(),
    };
  }
}
