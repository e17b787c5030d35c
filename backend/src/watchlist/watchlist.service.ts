import { Injectable } from '@nestjs/common';
import { LimitReachedError, NotFoundError } from '../common/domain-errors';
import { MarketsService } from '../markets/markets.service';
import { parseSymbol } from '../markets/symbols';
import { TrackedMarkets } from '../markets/tracked-markets.service';
import { WatchlistDto } from './watchlist.dto';
import { WatchlistRepository } from './watchlist.repository';

/** Most markets one user may star (the socket subscribes to all of them: MAX_SYMBOLS_PER_SOCKET is 100). */
export const MAX_WATCHLIST_SYMBOLS = 100;

/**
 * Per-user watchlists of tracked markets. A starred market an admin stops tracking stays starred but is not listed
 * (it comes back if the market is tracked again).
 */
@Injectable()
export class WatchlistService {
  constructor(
    private readonly repository: WatchlistRepository,
    private readonly markets: MarketsService,
    private readonly tracked: TrackedMarkets,
  ) {}

  async list(userId: string): Promise<WatchlistDto> {
    const [starred, tracked] = await Promise.all([this.repository.symbols(userId, this.tracked.exchange), this.markets.trackedSymbols()]);
    const live = new Set(tracked);
    return { symbols: starred.filter((symbol) => live.has(symbol)) };
  }

  /** Stars a tracked market (404 for any other). */
  async add(userId: string, input: string): Promise<WatchlistDto> {
    const symbol = await this.markets.resolveSymbol(input);
    const starred = await this.repository.symbols(userId, this.tracked.exchange);
    if (!starred.includes(symbol) && (await this.repository.count(userId)) >= MAX_WATCHLIST_SYMBOLS) {
      throw LimitReachedError.of(`A watchlist holds at most ${MAX_WATCHLIST_SYMBOLS} markets: remove one first`, 'symbol');
    }
    await this.repository.add(userId, this.tracked.exchange, symbol);
    return this.list(userId);
  }

  async remove(userId: string, input: string): Promise<void> {
    const symbol = parseSymbol(input);
    if (!symbol || !(await this.repository.remove(userId, this.tracked.exchange, symbol))) {
      throw new NotFoundError(`${symbol ?? input.slice(0, 40)} is not on your watchlist`);
    }
  }
}
