import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { LimitReachedError, NotFoundError } from '../common/domain-errors';
import { MarketsService } from '../markets/markets.service';
import { MARKET_IDS, MarketIds } from '../markets/market-id';
import { StreamPublisher } from '../stream/stream-publisher';
import { StreamWatchlist } from '../stream/stream-watchlist';
import { WatchlistDto } from './watchlist.dto';
import { WatchlistRepository } from './watchlist.repository';

/** Most markets one user may star (the socket subscribes to all of them: MAX_SYMBOLS_PER_SOCKET is 100). */
export const MAX_WATCHLIST_SYMBOLS = 100;

/**
 * Per-user watchlists of tracked markets. A starred market an admin stops tracking stays starred but is not listed
 * (it comes back if the market is tracked again). Sockets that subscribed with `{ watchlist: true }` follow the
 * stars: a new star joins them to its market's room, an unstar makes them leave it.
 */
@Injectable()
export class WatchlistService implements OnModuleInit {
  constructor(
    private readonly repository: WatchlistRepository,
    private readonly markets: MarketsService,
    @Inject(MARKET_IDS) private readonly ids: MarketIds,
    private readonly stream: StreamPublisher,
    private readonly streamWatchlist: StreamWatchlist,
  ) {}

  onModuleInit(): void {
    this.streamWatchlist.use(async (userId) => (await this.list(userId)).symbols);
  }

  /** The user's starred market ids (a market on an exchange no longer configured is not one). */
  private async starred(userId: string): Promise<string[]> {
    return (await this.repository.markets(userId)).map((row) => this.ids.id(row.exchange, row.symbol));
  }

  async list(userId: string): Promise<WatchlistDto> {
    const [starred, tracked] = await Promise.all([this.starred(userId), this.markets.trackedSymbols()]);
    const live = new Set(tracked);
    return { symbols: starred.filter((symbol) => live.has(symbol)) };
  }

  /** Stars a tracked market (404 for any other). */
  async add(userId: string, input: string): Promise<WatchlistDto> {
    const symbol = await this.markets.resolveSymbol(input);
    const starred = await this.starred(userId);
    if (!starred.includes(symbol) && (await this.repository.count(userId)) >= MAX_WATCHLIST_SYMBOLS) {
      throw LimitReachedError.of(`A watchlist holds at most ${MAX_WATCHLIST_SYMBOLS} markets: remove one first`, 'symbol');
    }
    const ref = this.ids.ref(symbol);
    await this.repository.add(userId, ref.exchange, ref.symbol);
    this.stream.watchlistAdded(userId, symbol);
    return this.list(userId);
  }

  async remove(userId: string, input: string): Promise<void> {
    const symbol = this.ids.parse(input);
    const ref = symbol ? this.ids.ref(symbol) : undefined;
    if (!symbol || !ref || !(await this.repository.remove(userId, ref.exchange, ref.symbol))) {
      throw new NotFoundError(`${symbol ?? input.slice(0, 40)} is not on your watchlist`);
    }
    this.stream.watchlistRemoved(userId, symbol);
  }
}
