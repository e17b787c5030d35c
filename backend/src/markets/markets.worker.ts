import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { JobName } from '../infra/jobs';
import { PeriodicTriggers } from '../infra/periodic-triggers';
import { CACHE, Cache, JOB_QUEUE, JobHandlers, JobQueue, PUBSUB, PubSub } from '../infra/ports';
import { MetricsService } from '../metrics/metrics.service';
import { Candle, INTRADAY_TIMEFRAMES, STREAMED_TIMEFRAMES, candleOpenTime } from './candle';
import { CandlesRepository } from './candles.repository';
import { toDecimalString } from './decimal-format';
import { IngestionService } from './ingestion.service';
import { LIVE_TICKERS, LiveTickerFeed } from './live-tickers';
import { MarketDataRouter } from './market-data-router';
import { MARKET_STREAM, type MarketStream } from './market-stream';
import { candleRetentionDays, intradayTimeframes } from './intraday-config';
import { BACKFILL_QUEUE, MarketCatalogueService } from './market-catalogue.service';
import { MarketsService, TICK_CACHE_TTL_SECONDS, tickFromTicker } from './markets.service';
import { PollerLease } from './poller-lease';
import { MARKET_TICKS_CHANNEL, Tick, tickerCacheKey } from './tick';

export const MARKETS_QUEUE = 'markets';
export const SYNC_CANDLES_JOB = 'sync-candles' satisfies JobName;
export const PRUNE_CANDLES_JOB = 'prune-candles' satisfies JobName;
/** How often the retention trigger asks for the hour's prune job (its id is the hour, so it runs once an hour). */
const PRUNE_TRIGGER_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const POLLER_LEASE = Symbol('POLLER_LEASE');

/**
 * Worker duties of the market-data domain (roles `worker` and `all`):
 * - polls the provider's tickers every TICKER_POLL_MS and publishes each tick on PUBSUB `market:ticks`, in the
 *   CACHE (`ticker:<symbol>`) and to socket rooms, plus the forming 1h/1d candle moved by that tick (`candle`);
 * - every CANDLE_CATCHUP_SECONDS enqueues a candle sync job with a deterministic id (the time slot), so with
 *   several workers on BullMQ each slot runs once. Only the holder of the poller lease polls tickers.
 */
@Injectable()
export class MarketsWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(MarketsWorker.name);
  private polling = false;
  private lastPollError = '';
  /** The forming candle per `symbol|timeframe`, moved by every tick and re-based on each sync. */
  private readonly forming = new Map<string, Candle>();

  constructor(
    private readonly config: AppConfig,
    private readonly markets: MarketsService,
    private readonly ingestion: IngestionService,
    private readonly candles: CandlesRepository,
    @Inject(MARKET_STREAM) private readonly stream: MarketStream,
    private readonly provider: MarketDataRouter,
    @Inject(PUBSUB) private readonly pubsub: PubSub,
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(POLLER_LEASE) private readonly lease: PollerLease,
    @Inject(LIVE_TICKERS) private readonly liveTickers: LiveTickerFeed[],
    private readonly triggers: PeriodicTriggers,
    private readonly metrics: MetricsService,
    private readonly catalogue: MarketCatalogueService,
  ) {}

  /** The market-data domain's job handler table (infra/jobs.ts). */
  readonly jobHandlers: JobHandlers<typeof MARKETS_QUEUE> = {
    'sync-candles': () => this.syncCandles(),
    'prune-candles': () => this.pruneCandles().then(() => undefined),
  };

  /** Backfills of markets an admin added: their own queue, two at once (the provider's rate limiter paces them). */
  readonly backfillHandlers: JobHandlers<typeof BACKFILL_QUEUE> = {
    'backfill-market': (job) => this.catalogue.runBackfill(job.data, job.attempt),
  };

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.jobs.process(MARKETS_QUEUE, this.jobHandlers);
    this.jobs.process(BACKFILL_QUEUE, this.backfillHandlers, { concurrency: 2 });
    const catchupMs = this.config.env.CANDLE_CATCHUP_SECONDS * 1_000;
    this.triggers.every(`markets:${SYNC_CANDLES_JOB}`, catchupMs, () => this.enqueueSync(catchupMs), { runNow: true });
    this.triggers.every('markets:poll-tickers', this.config.env.TICKER_POLL_MS, () => this.pollTickers(), { runNow: true });
    // Retention only where sub-hour candles are ingested (INTRADAY_TIMEFRAMES); hourly and daily candles are kept.
    if (intradayTimeframes(this.config.env).length > 0)
      this.triggers.every(`markets:${PRUNE_CANDLES_JOB}`, PRUNE_TRIGGER_MS, () => this.enqueuePrune(), { runNow: true });
  }

  private async enqueuePrune(): Promise<void> {
    const slot = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    await this.jobs
      .enqueue(MARKETS_QUEUE, PRUNE_CANDLES_JOB, { slot }, { jobId: `${PRUNE_CANDLES_JOB}:${slot / HOUR_MS}`, attempts: 2, backoffMs: 60_000 })
      .catch((error: unknown) => this.logger.warn(`could not enqueue candle retention: ${String(error)}`));
  }

  /**
   * Retention of the sub-hour candles: every 5m / 1m candle of a tracked market opened more than
   * CANDLE_RETENTION_DAYS_5M / _1M days before market time is deleted (whether or not the timeframe is still ingested).
   */
  async pruneCandles(): Promise<number> {
    const retention = candleRetentionDays(this.config.env);
    const symbols = await this.markets.trackedSymbols();
    let deleted = 0;
    for (const timeframe of INTRADAY_TIMEFRAMES) {
      for (const symbol of symbols) {
        const before = this.provider.nowFor(symbol) - retention[timeframe] * DAY_MS;
        deleted += await this.candles.pruneBefore(this.candles.seriesKey(symbol, timeframe), before);
      }
    }
    if (deleted > 0) this.logger.log(`retention: deleted ${deleted} sub-hour candles older than ${retention['5m']} days (5m) / ${retention['1m']} days (1m)`);
    return deleted;
  }

  private async enqueueSync(catchupMs: number): Promise<void> {
    const slot = Math.floor(Date.now() / catchupMs);
    await this.jobs
      .enqueue(MARKETS_QUEUE, SYNC_CANDLES_JOB, {}, { jobId: `${SYNC_CANDLES_JOB}:${slot}`, attempts: 1 })
      .catch((error: unknown) => this.logger.warn(`could not enqueue candle sync: ${String(error)}`));
  }

  /** Backfill / catch-up of every tracked symbol (a market an admin just added joins once its own backfill is over). */
  async syncCandles(): Promise<void> {
    const symbols = await this.markets.ingestedSymbols();
    const started = Date.now();
    const results = await this.ingestion.syncAll(symbols);
    const written = results.reduce((sum, r) => sum + r.written, 0);
    if (written > 0) this.logger.log(`candles synced: ${written} written for ${symbols.length} symbols in ${Date.now() - started} ms`);
    await this.rebaseFormingCandles(symbols);
  }

  /** Takes the last stored candle of each series as the forming one (it carries the exchange's volume). */
  private async rebaseFormingCandles(symbols: string[]): Promise<void> {
    for (const symbol of symbols) {
      for (const timeframe of STREAMED_TIMEFRAMES) {
        const [last] = await this.candles.find(this.candles.seriesKey(symbol, timeframe), { limit: 1 });
        if (!last) continue;
        const key = `${symbol}|${timeframe}`;
        const current = this.forming.get(key);
        if (current && current.openTime > last.openTime.getTime()) continue; // ticks already moved on to a newer candle
        this.forming.set(key, {
          openTime: last.openTime.getTime(),
          open: Number(last.open),
          high: Number(last.high),
          low: Number(last.low),
          close: Number(last.close),
          volume: Number(last.volume),
        });
      }
    }
  }

  /** Moves the forming candles with a tick and streams them (`candle` events, same shape as the REST candles). */
  private emitFormingCandles(tick: Tick): void {
    const time = Date.parse(tick.timestamp);
    for (const timeframe of STREAMED_TIMEFRAMES) {
      const key = `${tick.symbol}|${timeframe}`;
      const openTime = candleOpenTime(time, timeframe);
      let candle = this.forming.get(key);
      if (!candle || candle.openTime < openTime) {
        // A new period began since the last sync: open at the previous close (volume unknown until the next sync).
        const open = candle?.close ?? tick.price;
        candle = { openTime, open, high: Math.max(open, tick.price), low: Math.min(open, tick.price), close: tick.price, volume: 0 };
      } else if (candle.openTime === openTime) {
        candle = { ...candle, high: Math.max(candle.high, tick.price), low: Math.min(candle.low, tick.price), close: tick.price };
      } else {
        continue; // a late tick for a candle already closed
      }
      this.forming.set(key, candle);
      this.stream.toSymbol(tick.symbol, 'candle', {
        symbol: tick.symbol,
        timeframe,
        candle: {
          openTime: new Date(candle.openTime).toISOString(),
          open: toDecimalString(candle.open),
          high: toDecimalString(candle.high),
          low: toDecimalString(candle.low),
          close: toDecimalString(candle.close),
          volume: toDecimalString(candle.volume),
        },
      });
    }
  }

  /** A candle sync right away (its own job id): after a stream outage, what the stream missed comes over REST. */
  private async enqueueSyncNow(reason: string): Promise<void> {
    await this.jobs
      .enqueue(MARKETS_QUEUE, SYNC_CANDLES_JOB, {}, { jobId: `${SYNC_CANDLES_JOB}:${reason}:${Date.now()}`, attempts: 1 })
      .catch((error: unknown) => this.logger.warn(`could not enqueue candle sync: ${String(error)}`));
  }

  /** Starts each exchange's ticker stream (a no-op while it runs; exchanges without one are only polled). */
  private startLiveTickers(): void {
    for (const feed of this.liveTickers) this.startLiveTicker(feed);
  }

  private startLiveTicker(feed: LiveTickerFeed): void {
    if (feed.status !== 'stopped') return;
    const ids = this.provider.ids;
    this.logger.log(`streaming tickers from ${feed.exchange} over its websocket; REST polling only while the stream is down`);
    feed.start({
      // The stream speaks the exchange's own pairs; ticks carry market ids.
      symbols: async () => ids.byExchange(await this.markets.trackedSymbols()).get(feed.exchange)?.symbols ?? [],
      onTickers: async (tickers) => {
        await Promise.all(tickers.map((ticker) => this.publish(tickFromTicker({ ...ticker, symbol: ids.id(feed.exchange, ticker.symbol) }, 'ccxt'))));
      },
      onReconnect: (failures) => {
        this.logger.log(`ticker stream of ${feed.exchange} is back after ${failures} failed attempt(s); refilling candles over REST`);
        void this.enqueueSyncNow('stream-reconnect');
      },
      onError: (error, failures) => {
        // Once per outage, then every 10th retry: a long outage must not flood the log.
        if (failures === 1 || failures % 10 === 0) {
          const message = error instanceof Error ? error.message.slice(0, 200) : String(error);
          this.logger.warn(`ticker stream of ${feed.exchange} failed (attempt ${failures}): ${message}; polling REST until it is back`);
        }
      },
    });
  }

  /**
   * One ticker poll → publish. Overlapping polls are skipped (a slow exchange must not pile them up), and so is
   * the poll of a worker that does not hold the poller lease. Where the exchange streams tickers the holder runs the
   * stream instead, and polls only while the stream is not delivering (connecting, reconnecting, or silent).
   */
  async pollTickers(): Promise<Tick[]> {
    if (this.polling) return [];
    this.polling = true;
    try {
      if (!(await this.lease.holds())) {
        // Another worker holds the lease (we lost it, e.g. after a pause): it streams, we must not.
        await Promise.all(this.liveTickers.filter((feed) => feed.status !== 'stopped').map((feed) => feed.stop()));
        return [];
      }
      this.startLiveTickers();
      // Exchanges whose stream delivers are not polled; the others (and any whose stream is down) are.
      const streaming = new Set(this.liveTickers.filter((feed) => feed.isLive()).map((feed) => feed.exchange));
      const symbols = (await this.markets.trackedSymbols()).filter((symbol) => !streaming.has(this.provider.ids.exchangeOf(symbol)));
      if (symbols.length === 0) return [];
      const tickers = await this.provider.fetchTickers(symbols);
      const ticks = tickers.map((ticker) => tickFromTicker(ticker, this.provider.sourceOf(ticker.symbol)));
      await Promise.all(ticks.map((tick) => this.publish(tick)));
      this.lastPollError = '';
      return ticks;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastPollError) this.logger.warn(`ticker poll failed: ${message}`); // log once per distinct error
      this.lastPollError = message;
      return [];
    } finally {
      this.polling = false;
    }
  }

  private async publish(tick: Tick): Promise<void> {
    await this.cache.set(tickerCacheKey(tick.symbol), tick, TICK_CACHE_TTL_SECONDS);
    this.stream.toSymbol(tick.symbol, 'ticker', tick);
    this.emitFormingCandles(tick);
    await this.pubsub.publish(MARKET_TICKS_CHANNEL, tick);
    this.metrics.observeTickPublished(tick);
  }
}
