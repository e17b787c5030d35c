import { Injectable } from '@nestjs/common';

/** A user's starred market ids, as the watchlist domain lists them (tracked markets only). */
export type WatchlistSymbols = (userId: string) => Promise<string[]>;

/**
 * Where the gateway reads a user's watchlist for `subscribe({ watchlist: true })`. The watchlist module sets the
 * source when it starts: it depends on the stream module (to move its users' sockets when a star changes), so the
 * stream module cannot import it back.
 */
@Injectable()
export class StreamWatchlist {
  private source?: WatchlistSymbols;

  use(source: WatchlistSymbols): void {
    this.source = source;
  }

  /** undefined when no watchlist domain runs in this process. */
  symbols(userId: string): Promise<string[]> | undefined {
    return this.source?.(userId);
  }
}
