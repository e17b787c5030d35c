import { Module } from '@nestjs/common';
import { MarketsModule } from '../markets/markets.module';
import { StreamModule } from '../stream/stream.module';
import { WatchlistController } from './watchlist.controller';
import { WatchlistRepository } from './watchlist.repository';
import { WatchlistService } from './watchlist.service';

/** Per-user watchlists of tracked markets (api role: HTTP, and the socket's `subscribe({ watchlist: true })`). */
@Module({
  imports: [MarketsModule, StreamModule],
  controllers: [WatchlistController],
  providers: [WatchlistRepository, WatchlistService],
  exports: [WatchlistService],
})
export class WatchlistModule {}
