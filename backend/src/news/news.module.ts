import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MarketsModule } from '../markets/markets.module';
import { FEED_FETCHER, HttpFeedFetcher } from './feed-client';
import { NewsController } from './news.controller';
import { NewsRepository } from './news.repository';
import { NewsService } from './news.service';
import { NewsWorker } from './news.worker';

/** News from RSS/Atom feeds (NEWS_FEEDS), matched to coins; see news.service.ts. */
@Module({
  imports: [MarketsModule],
  controllers: [NewsController],
  providers: [
    {
      provide: FEED_FETCHER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new HttpFeedFetcher({ timeoutMs: config.env.NEWS_FETCH_TIMEOUT_MS, maxBytes: config.env.NEWS_FEED_MAX_BYTES }),
    },
    NewsRepository,
    NewsService,
    NewsWorker,
  ],
  exports: [NewsService],
})
export class NewsModule {}
