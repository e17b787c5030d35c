import { Inject, Injectable } from '@nestjs/common';
import { CACHE, Cache } from '../infra/ports';
import { tickerCacheKey } from '../markets/tick';
import { TrackedMarkets } from '../markets/tracked-markets.service';

/**
 * Which market symbols an alert may watch: those of the market catalogue (tracked now), or any symbol the
 * market-data feed currently publishes (its latest ticker is in the CACHE) — so a rule can never wait on a
 * symbol for which no tick will ever come.
 */
@Injectable()
export class KnownSymbols {
  constructor(
    private readonly tracked: TrackedMarkets,
    @Inject(CACHE) private readonly cache: Cache,
  ) {}

  /** The markets tracked now, read fresh (after a catalogue change); throws when the catalogue cannot be read. */
  trackedNow(): Promise<string[]> {
    this.tracked.invalidate();
    return this.tracked.symbols();
  }

  /** Whether the market-data feed published a tick for `symbol` recently (its ticker is in the CACHE). */
  async hasLiveTick(symbol: string): Promise<boolean> {
    return (await this.cache.get(tickerCacheKey(symbol))) !== undefined;
  }

  async isKnown(symbol: string): Promise<boolean> {
    if ((await this.cache.get(tickerCacheKey(symbol))) !== undefined) return true;
    // The catalogue cannot be read (an empty one is seeded from the exchange, which may be down): the cache decides.
    const tracked = await this.tracked.symbols().catch(() => [] as string[]);
    return tracked.includes(symbol);
  }
}
