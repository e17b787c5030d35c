import type { Candle } from '@coincast/ml';

/** Reads, per symbol, the latest `limit` closed candles opened at or before `lastOpen`, oldest first. */
export type ClosedCandleReader = (symbols: readonly string[], lastOpen: number, limit: number) => Promise<Map<string, Candle[]>>;

export interface IntradayCandleCacheOptions {
  /** Candle length in ms (5 minutes, 1 minute). */
  stepMs: number;
  /** Most markets kept (least recently used ones go first). */
  maxMarkets: number;
  /** Market time after which a market's window is read again in full (picks up gaps filled later). */
  refreshMs: number;
  /** Markets per full read (each result parsed in a short piece of work). */
  fullReadBatch: number;
}

export const DEFAULT_INTRADAY_CANDLE_CACHE: Omit<IntradayCandleCacheOptions, 'stepMs'> = {
  maxMarkets: 250,
  refreshMs: 3_600_000,
  fullReadBatch: 5,
};

interface Entry {
  /** The latest `capacity` closed candles known, oldest first. */
  candles: Candle[];
  capacity: number;
  /** Market time (a lastOpen) of the last full read, moved back by a stagger so refreshes spread over the hour. */
  fullReadAt: number;
}

/**
 * A per-process window of each market's latest closed sub-hour candles, so a 5-minute slot reads the few candles
 * closed since the previous slot (one query for the shard) instead of each market's whole lookback (2,022 five-minute
 * candles for naive, ~6,000 for the trained model). `latest()` returns what `read(symbols, lastOpen, limit)` would:
 * a cached market whose newest candle is behind `lastOpen` is topped up with the latest candles up to it (so a late
 * candle is picked up on the slot's retry); a market not cached, asked for a longer window, or asked for an older
 * `lastOpen` (a catch-up slot after a newer one) is read in full. Candles stored later BEHIND the newest cached one
 * (a gap filled by the ingestion) are picked up by the rolling full re-read: each market is read again in full once
 * per `refreshMs` of market time, staggered over the markets so a slot re-reads only a few of them.
 * Pure (no framework): the reader is given.
 */
export class IntradayCandleCache {
  private readonly entries = new Map<string, Entry>();
  private readonly options: IntradayCandleCacheOptions;

  constructor(
    private readonly read: ClosedCandleReader,
    options: Partial<IntradayCandleCacheOptions> & { stepMs: number },
  ) {
    this.options = { ...DEFAULT_INTRADAY_CANDLE_CACHE, ...options };
  }

  get size(): number {
    return this.entries.size;
  }

  async latest(symbols: readonly string[], lastOpen: number, limit: number): Promise<Map<string, Candle[]>> {
    const out = new Map<string, Candle[]>();
    if (limit <= 0) {
      for (const symbol of symbols) out.set(symbol, []);
      return out;
    }
    const { stepMs, refreshMs } = this.options;
    const full: string[] = [];
    const topUp: string[] = [];
    let topUpLimit = 0;
    for (const symbol of symbols) {
      const entry = this.entries.get(symbol);
      const newest = entry?.candles.at(-1)?.openTime;
      const usable =
        entry !== undefined &&
        newest !== undefined &&
        entry.capacity >= limit &&
        newest <= lastOpen &&
        lastOpen - newest <= limit * stepMs &&
        lastOpen - entry.fullReadAt < refreshMs;
      if (!usable) {
        full.push(symbol);
        continue;
      }
      const behind = Math.ceil((lastOpen - newest) / stepMs);
      if (behind > 0) {
        topUp.push(symbol);
        topUpLimit = Math.max(topUpLimit, behind);
      }
    }

    if (topUp.length > 0) {
      const fresh = await this.read(topUp, lastOpen, topUpLimit);
      for (const symbol of topUp) {
        const entry = this.entries.get(symbol)!;
        const newest = entry.candles.at(-1)!.openTime;
        const added = (fresh.get(symbol) ?? []).filter((c) => c.openTime > newest);
        if (added.length === 0) continue;
        const candles = entry.candles.concat(added);
        entry.candles = candles.length > entry.capacity ? candles.slice(candles.length - entry.capacity) : candles;
      }
    }

    // Markets read in full for the first time get a staggered refresh time: of the ones read together, about one in
    // (refreshMs / stepMs) comes due at each later slot instead of all at once; a re-read keeps its market's phase.
    const staggerSteps = Math.max(1, Math.floor(refreshMs / stepMs));
    let firstReads = 0;
    const direct = new Map<string, Candle[]>();
    for (let i = 0; i < full.length; i += this.options.fullReadBatch) {
      const batch = full.slice(i, i + this.options.fullReadBatch);
      const read = await this.read(batch, lastOpen, limit);
      for (const symbol of batch) {
        const candles = read.get(symbol) ?? [];
        const entry = this.entries.get(symbol);
        const newest = entry?.candles.at(-1)?.openTime;
        // An older slot's read (catch-up after a newer one) is served but does not replace a newer window.
        if (newest !== undefined && newest > lastOpen && entry!.capacity >= limit) {
          direct.set(symbol, candles);
          continue;
        }
        const stagger = entry ? 0 : firstReads++ % staggerSteps;
        this.entries.set(symbol, { candles, capacity: limit, fullReadAt: lastOpen - stagger * stepMs });
      }
    }

    for (const symbol of symbols) {
      const served = direct.get(symbol);
      if (served) {
        out.set(symbol, served);
        continue;
      }
      const entry = this.entries.get(symbol)!;
      // Least recently used last out: re-insert on use.
      this.entries.delete(symbol);
      this.entries.set(symbol, entry);
      const candles = entry.candles;
      out.set(symbol, candles.length > limit ? candles.slice(candles.length - limit) : candles.slice());
    }
    for (const symbol of this.entries.keys()) {
      if (this.entries.size <= this.options.maxMarkets) break;
      this.entries.delete(symbol);
    }
    return out;
  }
}
