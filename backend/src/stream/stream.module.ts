import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MetricsModule } from '../metrics/metrics.module';
import { StreamGateway } from './stream.gateway';
import { StreamPublisher } from './stream-publisher';
import { StreamWatchlist } from './stream-watchlist';

/**
 * Live stream to browsers. Domains that push (markets, alerts, portfolios, forecasts) import this module for
 * StreamPublisher; the gateway authenticates handshakes with the auth module.
 * The gateway only starts where there is an HTTP server (api / all roles); the publisher works everywhere.
 */
@Module({
  imports: [AuthModule, MetricsModule],
  providers: [StreamPublisher, StreamGateway, StreamWatchlist],
  exports: [StreamPublisher, StreamWatchlist],
})
export class StreamModule {}
