import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CACHE, Cache } from '../infra/ports';
import { parseSymbol } from '../markets/symbols';
import { tickerCacheKey } from '../markets/tick';

/**
 * Which market symbols an alert may watch: those in TRACKED_SYMBOLS, or any symbol the market-data
 * feed currently publishes (its latest ticker is in the CACHE) — so a rule can never wait on a
 * symbol for which no tick will ever come.
 */
@Injectable()
export class KnownSymbols {
  private readonly configured: Set<string>;

  constructor(
    config: AppConfig,
    @Inject(CACHE) private readonly cache: Cache,
  ) {
    this.configured = new Set(config.env.TRACKED_SYMBOLS.map((s) => parseSymbol(s)).filter((s): s is string => !!s));
  }

  async isKnown(symbol: string): Promise<boolean> {
    return this.configured.has(symbol) || (await this.cache.get(tickerCacheKey(symbol))) !== undefined;
  }
}
